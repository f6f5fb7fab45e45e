"""Background jobs of the billing app (django-q2): thin wrappers around services and e-mails."""

from . import emails, services


def online_payment_confirmation_send(payment_id: int) -> None:
    emails.online_payment_confirmation_send(payment_id=payment_id)


def online_payments_reconcile() -> int:
    return services.online_payments_reconcile()
