from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from .policy import second_factor_required, user_can_open_admin, user_is_enrolled


class StaffSecondFactorMiddleware:
    """No /admin/ nor /django-admin/ page for a staff session that has not shown its second factor.

    Enrolled staff are sent to « Vérification en deux étapes » (in both modes); in "required" mode
    staff with nothing enrolled are sent to enrol first. Signing in and out stay open, and the
    enrolment pages only to those with nothing enrolled yet: a password alone never adds a device
    to an account that already has one. Needs django_otp's OTPMiddleware before it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        user = request.user
        if (
            path.startswith(settings.CONTENT_SECURITY_POLICY_ADMIN_PREFIXES)
            and not path.startswith(_always_open())
            and user_can_open_admin(user)
            and not user.is_verified()
        ):
            if user_is_enrolled(user):
                if not path.startswith(reverse("secondfactor:verify")):
                    return _redirect("secondfactor:verify", request)
            elif second_factor_required() and not path.startswith(reverse("secondfactor:setup")):
                return _redirect("secondfactor:setup", request)
        return self.get_response(request)


def _always_open() -> tuple[str, ...]:
    return (
        reverse("wagtailadmin_login"),
        reverse("wagtailadmin_logout"),
        reverse("admin:login"),
        reverse("admin:logout"),
        # Assets the sign-in layout fetches (icons, translations): they must not become the set-up page.
        reverse("wagtailadmin_javascript_catalog"),
        reverse("wagtailadmin_sprite"),
    )


def _redirect(name: str, request):
    return redirect(f"{reverse(name)}?{urlencode({'next': request.get_full_path()})}")
