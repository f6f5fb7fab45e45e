"""django-axes hooks: one identifiant per address, whatever the case typed (login and Wagtail admin)."""

from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from django.conf import settings
from django.shortcuts import render


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
