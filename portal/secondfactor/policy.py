"""Who must show a second factor, and what they have enrolled: read by the middleware and the views."""

from django.conf import settings
from django_otp import user_has_device

REQUIRED = "required"


def second_factor_required() -> bool:
    return settings.STAFF_SECOND_FACTOR == REQUIRED


def user_can_open_admin(user) -> bool:
    """Anyone Wagtail (/admin/) or the Django admin (/django-admin/) would let in."""
    return (
        user.is_authenticated
        and user.is_active
        and (user.is_staff or user.is_superuser or user.has_perm("wagtailadmin.access_admin"))
    )


def user_is_enrolled(user) -> bool:
    """A confirmed TOTP app, passkey or set of recovery codes."""
    return user_has_device(user, confirmed=True)
