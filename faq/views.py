import secrets

from django.http import Http404, HttpResponseRedirect
from django.views.decorators.http import require_POST

from .models import FaqIndexPage
from .services import helpfulness_vote_record

VISITOR_COOKIE = "faq_visiteur"
VISITOR_SALT = "faq.helpfulness"
ONE_YEAR = 60 * 60 * 24 * 365


@require_POST
def helpfulness_vote(request):
    """« Cette réponse vous a-t-elle aidé ? Oui / Non »: one vote per visitor and question."""
    page = FaqIndexPage.objects.live().public().filter(pk=request.POST.get("page")).first()
    if page is None:
        raise Http404
    question = next((q for q in page.questions() if q["id"] == request.POST.get("question")), None)
    if question is None or request.POST.get("helpful") not in ("oui", "non"):
        raise Http404
    visitor = request.get_signed_cookie(VISITOR_COOKIE, default=None, salt=VISITOR_SALT) or secrets.token_urlsafe(24)
    helpfulness_vote_record(
        page=page, question_id=question["id"], visitor=visitor, helpful=request.POST["helpful"] == "oui"
    )
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
