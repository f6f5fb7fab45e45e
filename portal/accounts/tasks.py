"""django-q2 tasks: thin wrappers that load by id and send. A login deleted meanwhile sends nothing."""

from . import emails, selectors, services
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


def send_new_account_notices(user_id: int) -> None:
    """A login was created on a lease: the signatory's address on file and the lease's other logins are told."""
    user = User.objects.select_related("signatory").filter(pk=user_id, suspended_at__isnull=True).first()
    if user is not None:
        for email in selectors.new_account_notice_recipients(user=user):
            emails.new_account_notice_send(to=email, user=user)


def send_signup_pending_kept(user_id: int) -> None:
    user = User.objects.filter(pk=user_id, is_active=False).first()
    if user is not None:
        emails.signup_pending_kept_send(user=user)


def send_suspension_alert(user_id: int) -> None:
    user = User.objects.select_related("signatory__lease").filter(pk=user_id).first()
    if user is not None:
        emails.suspension_alert_send(user=user)


def account_records_purge() -> dict:
    return services.account_records_purge()
