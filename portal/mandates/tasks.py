"""Background jobs of the mandates app (django-q2): thin wrappers around the e-mails."""

from . import emails


def mandate_change_notify(mandate_id: int) -> None:
    emails.mandate_change_notify(mandate_id=mandate_id)


def mandate_decision_notify(mandate_id: int) -> None:
    emails.mandate_decision_notify(mandate_id=mandate_id)
