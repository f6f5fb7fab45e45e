"""django-q2 tasks: thin wrappers taking ids and calling a service or a notification."""

from datetime import date

from . import services
from .models import ChangeRequest, InsuranceReminder
from .notifications import change_request_refused_send, insurance_reminder_send


def change_request_refusal_email_send(change_request_id: int) -> None:
    change_request_refused_send(change_request=ChangeRequest.objects.select_related("author").get(pk=change_request_id))


def insurance_reminder_email_send(reminder_id: int, today: str | None = None) -> None:
    insurance_reminder_send(
        reminder=InsuranceReminder.objects.select_related("insurance__lease").get(pk=reminder_id),
        today=date.fromisoformat(today) if today else None,
    )


def insurance_reminders_daily() -> int:
    """Daily schedule (config/schedules.py)."""
    return services.insurance_reminders_send()
