"""django-q2 tasks: thin wrappers that load by id and send. A login deleted meanwhile sends nothing."""

from . import emails
from .models import User


def send_signup_confirmation(user_id: int) -> None:
    user = User.objects.filter(pk=user_id, is_active=False).first()
    if user is not None:
        emails.signup_confirmation_send(user=user)


def send_signup_address_taken(email: str) -> None:
    emails.signup_address_taken_send(email=email)


def send_email_change_confirmation(user_id: int, new_email: str) -> None:
    user = User.objects.filter(pk=user_id).first()
    if user is not None:
        emails.email_change_confirmation_send(user=user, new_email=new_email)


def send_email_change_address_taken(email: str) -> None:
    emails.email_change_address_taken_send(email=email)


def send_email_changed_notice(old_email: str, user_id: int) -> None:
    user = User.objects.filter(pk=user_id).first()
    if user is not None:
        emails.email_changed_notice_send(old_email=old_email, user=user)


def send_password_reset(user_id: int) -> None:
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is not None:
        emails.password_reset_send(user=user)


def send_password_changed_notice(user_id: int) -> None:
    user = User.objects.filter(pk=user_id).first()
    if user is not None:
        emails.password_changed_notice_send(user=user)


def send_unsubscribed_notice(email: str) -> None:
    emails.unsubscribed_notice_send(email=email)


def send_login_unlock_link(identifiant: str) -> None:
    """The identifiant is slowed down by failed logins: its owner (if any) gets the unlock link."""
    user = User.objects.filter(email__iexact=identifiant, is_active=True).first()
    if user is not None:
        emails.login_unlock_send(user=user)
