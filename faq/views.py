import secrets

from django import forms
from django.http import Http404, HttpResponseBadRequest, HttpResponseRedirect
from django.views.decorators.http import require_POST

from .models import FaqIndexPage
from .services import helpfulness_vote_record

VISITOR_COOKIE = "faq_visiteur"
VISITOR_SALT = "faq.helpfulness"
ONE_YEAR = 60 * 60 * 24 * 365


class HelpfulnessVoteForm(forms.Form):
    """A malformed vote (no page number, a number no database holds) is a bad request, not an error."""

    page = forms.IntegerField(min_value=1, max_value=2**31 - 1)
    question = forms.CharField(max_length=64)
    helpful = forms.CharField(max_length=8)


def vote_target(vote: dict) -> tuple[FaqIndexPage, dict] | None:
    """The live FAQ page and the question a well-formed vote is about, or None if there is none
    (or the answer is neither « oui » nor « non »)."""
    page = FaqIndexPage.objects.live().public().filter(pk=vote["page"]).first()
    if page is None or vote["helpful"] not in ("oui", "non"):
        return None
    question = next((q for q in page.questions() if q["id"] == vote["question"]), None)
    return None if question is None else (page, question)


@require_POST
def helpfulness_vote(request):
    """« Cette réponse vous a-t-elle aidé ? Oui / Non »: one vote per visitor and question."""
    form = HelpfulnessVoteForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest("vote invalide")
    vote = form.cleaned_data
    target = vote_target(vote)
    if target is None:
        raise Http404
    page, question = target
    visitor = request.get_signed_cookie(VISITOR_COOKIE, default=None, salt=VISITOR_SALT) or secrets.token_urlsafe(24)
    helpfulness_vote_record(page=page, question_id=question["id"], visitor=visitor, helpful=vote["helpful"] == "oui")
    response = HttpResponseRedirect(f"{page.url}?merci={question['anchor']}#{question['anchor']}")
    response.set_signed_cookie(
        VISITOR_COOKIE,
        visitor,
        salt=VISITOR_SALT,
        max_age=ONE_YEAR,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )
    return response
