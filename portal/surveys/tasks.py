"""django-q2 tasks: thin wrappers taking ids and calling a service or a notification."""

from . import notifications, services
from .enums import NoticeKind
from .models import Response


def campaign_notices_send(campaign_id: int, kind: str) -> int:
    return services.campaign_notices_send(campaign_id=campaign_id, kind=NoticeKind(kind))


def response_acknowledgement_issue(event_id: int) -> int:
    return services.response_acknowledgement_issue(event_id=event_id).pk


def complement_request_send(response_id: int) -> None:
    notifications.complement_request_send(
        response=Response.objects.select_related("campaign", "lease").get(pk=response_id)
    )


def surveys_daily() -> dict:
    """Daily schedule (config/schedules.py): the reminders due, then the tax documents past their retention."""
    return {"reminders": services.survey_reminders_send(), "purged": services.tax_documents_purge()}
