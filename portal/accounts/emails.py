"""The e-mails of a login's life, in French plain text, with absolute links to the portal."""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from portal.core.models import SiteSettings

from .models import User
from .tokens import email_change_token_make, not_me_token_make, signup_token_make, unlock_token_make


def _landlord() -> dict:
    site_settings = SiteSettings.load()
    return {"landlord_name": site_settings.landlord_name, "support_email": site_settings.support_email}


def _link(name: str, **kwargs) -> str:
    return settings.PORTAL_BASE_URL + reverse(name, kwargs=kwargs)


def _send(*, to: str, template: str, context: dict) -> None:
    context = {**_landlord(), "portal_url": settings.PORTAL_BASE_URL + "/", **context}
    subject = render_to_string(f"accounts/emails/{template}_subject.txt", context).strip()
    body = render_to_string(f"accounts/emails/{template}.txt", context)
    EmailMessage(subject=subject, body=body, to=[to]).send()


def signup_confirmation_send(*, user: User) -> None:
    token = signup_token_make(user_id=user.pk, email=user.email)
    _send(
        to=user.email,
        template="signup_confirmation",
        context={"user": user, "link": _link("accounts:signup_confirm", token=token)},
    )


def signup_address_taken_send(*, email: str) -> None:
    _send(
        to=email,
        template="signup_address_taken",
        context={"login_link": _link("accounts:login"), "reset_link": _link("accounts:password_reset")},
    )


def email_change_confirmation_send(*, user: User, new_email: str) -> None:
    token = email_change_token_make(user_id=user.pk, old_email=user.email, new_email=new_email)
    _send(
        to=new_email,
        template="email_change_confirmation",
        context={"user": user, "link": _link("accounts:email_confirm", token=token)},
    )


def email_change_address_taken_send(*, email: str) -> None:
    _send(to=email, template="email_change_address_taken", context={"reset_link": _link("accounts:password_reset")})


def email_changed_notice_send(*, old_email: str, user: User) -> None:
    _send(to=old_email, template="email_changed", context={"user": user, "new_email": user.email})


def password_reset_send(*, user: User) -> None:
    link = _link(
        "accounts:password_reset_confirm",
        uidb64=urlsafe_base64_encode(force_bytes(user.pk)),
        token=default_token_generator.make_token(user),
    )
    _send(
        to=user.email,
        template="password_reset",
        context={"user": user, "link": link, "hours": settings.PASSWORD_RESET_TIMEOUT // 3600},
    )


def password_changed_notice_send(*, user: User) -> None:
    _send(
        to=user.email,
        template="password_changed",
        context={"user": user, "reset_link": _link("accounts:password_reset")},
    )


def unsubscribed_notice_send(*, email: str) -> None:
    _send(to=email, template="unsubscribed", context={"signup_link": _link("accounts:signup")})


def login_unlock_send(*, user: User) -> None:
    token = unlock_token_make(user_id=user.pk, email=user.email)
    _send(
        to=user.email,
        template="login_unlock",
        context={
            "user": user,
            "link": _link("accounts:login_unlock", token=token),
            "hours": settings.LOGIN_UNLOCK_LINK_MAX_AGE // 3600,
            "reset_link": _link("accounts:password_reset"),
        },
    )


def new_account_notice_send(*, to: str, user: User) -> None:
    token = not_me_token_make(user_id=user.pk, email=user.email)
    _send(
        to=to,
        template="new_account_notice",
        context={
            "user": user,
            "tenant_number": user.signatory.lease.tenant_number,
            "link": _link("accounts:not_me", token=token),
            "days": settings.ACCOUNT_NOT_ME_LINK_MAX_AGE // 86400,
        },
    )


def signup_pending_kept_send(*, user: User) -> None:
    _send(
        to=user.email,
        template="signup_pending_kept",
        context={"user": user, "resend_link": _link("accounts:signup_resend")},
    )


def suspension_alert_send(*, user: User) -> None:
    """To support: a login was suspended by « ce n'était pas moi », someone must check."""
    _send(
        to=SiteSettings.load().support_email,
        template="suspension_alert",
        context={"user": user, "lease": user.signatory.lease if user.signatory_id else None},
    )
