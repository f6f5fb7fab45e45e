"""Failed logins: django-axes hooks and the portal's own throttles (login form, Wagtail admin, API).

- django-axes locks one identifiant tried from one client address (AXES_LOCKOUT_PARAMETERS);
- LoginThrottleBackend, first of AUTHENTICATION_BACKENDS, refuses an attempt from an address that
  failed too often (whatever the identifiants), or on an identifiant slowed down by failures from
  anywhere, unless its owner lifted the slow-down in this browser with the link we e-mailed them.
"""

from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from portal.core.client_ip import client_ip
from portal.core.tasks import enqueue_on_commit

from . import tasks, throttling

UNLOCKED_SESSION_KEY = "login_slow_down_lifted"


def axes_username(request, credentials=None) -> str | None:
    value = credentials.get("username") if credentials else getattr(request, "POST", {}).get("username")
    return value.strip().lower() if value else None


def lockout_response(request, original_response=None, credentials=None):
    """A locked identifiant: the French lockout page, or for the apps' API the JSON answer it built."""
    if request.path_info.startswith("/api/") and original_response is not None:
        return original_response
    context = {
        "failure_limit": get_failure_limit(request, credentials),
        "username": get_client_username(request, credentials) or "",
        "cooloff_timedelta": get_cool_off(request),
    }
    return render(request, settings.AXES_LOCKOUT_TEMPLATE, context, status=settings.AXES_HTTP_RESPONSE_CODE)


def slow_down_lifted(request, identifiant: str) -> bool:
    """The owner opened the unlock link in this browser, or is already logged in with this identifiant."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.email.lower() == identifiant:
        return True
    session = getattr(request, "session", None)
    return session is not None and identifiant in session.get(UNLOCKED_SESSION_KEY, [])


def slow_down_lift(request, identifiant: str) -> None:
    request.session[UNLOCKED_SESSION_KEY] = [*request.session.get(UNLOCKED_SESSION_KEY, []), identifiant]


class LoginThrottleBackend(ModelBackend):
    """Authenticates nobody: refuses (PermissionDenied) the attempts the throttles stop, and tells
    the login form why through `request.login_throttled`. Being first of the backends, it is the
    one `Client.force_login` records: it reads sessions as ModelBackend does."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None or not username:
            return None
        identifiant = username.strip().lower()
        reason = throttling.login_throttle(
            identifiant=identifiant,
            client_ip=client_ip(request),
            slow_down_lifted=slow_down_lifted(request, identifiant),
        )
        if reason is not None:
            request.login_throttled = reason
            raise PermissionDenied
        return None


def login_failed(sender, credentials, request=None, **kwargs):
    """user_login_failed receiver: count the failure; at the slow-down, e-mail the owner an unlock link."""
    identifiant = axes_username(request, credentials)
    if request is None or not identifiant:
        return
    if throttling.login_failure_record(identifiant=identifiant, client_ip=client_ip(request)):
        enqueue_on_commit(tasks.send_login_unlock_link, identifiant)
