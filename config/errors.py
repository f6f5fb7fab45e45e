"""The answer when Django itself fails: a database that does not answer (restart, failover) is a
503 « Service momentanément indisponible » with Retry-After, any other fault the French 500 page.
Both pages are rendered without the request: no context processor, no session, no database.

And the answer to a form refused for its CSRF token (`csrf_failure`).
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.views import csrf

from faq.views import HelpfulnessVoteForm, vote_target
from portal.accounts.forms import LoginForm

DATABASE_RETRY_AFTER_SECONDS = 30


def database_unavailable(exception: BaseException | None) -> bool:
    """A connection that cannot be opened or was cut, wherever it surfaced (psycopg or Django's wrapper)."""
    while exception is not None:
        if isinstance(exception, OperationalError | InterfaceError):
            return True
        exception = exception.__cause__ or exception.__context__
    return False


def server_error(request, template_name: str = "500.html"):
    if database_unavailable(sys.exc_info()[1]):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = str(DATABASE_RETRY_AFTER_SECONDS)
        return response
    return HttpResponseServerError(loader.get_template(template_name).render())


def csrf_failure(request, reason: str = ""):
    """A form refused for its CSRF token (settings.CSRF_FAILURE_VIEW).

    The public pages are kept by nginx without any token: their script fetches the visitor's own
    before sending a form. A browser without script sends none, so the two forms of those pages come
    back with a token and what was typed: « Connectez-vous » with the e-mail address (the password
    is never sent back), a FAQ vote about a live question as one button to confirm it. Any other form gets « Formulaire
    expiré ». All are 403: nothing was done.
    """
    if request.method == "POST" and request.path == reverse("accounts:login"):
        form = LoginForm(request, initial={"username": request.POST.get("username", "")[:254]})
        context = {"form": form, "next": request.POST.get("next", ""), "login_expired": True}
        return render(request, "accounts/login.html", context, status=403)
    if request.method == "POST" and request.path == reverse("faq:helpfulness_vote"):
        vote = HelpfulnessVoteForm(request.POST)
        target = vote_target(vote.cleaned_data) if vote.is_valid() else None
        if target is not None:
            page, question = target
            context = {"vote": vote.cleaned_data, "faq": page, "question": question}
            return render(request, "faq/vote_confirm.html", context, status=403)
    return csrf.csrf_failure(request, reason)
