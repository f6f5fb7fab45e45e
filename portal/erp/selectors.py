"""Reads of the exchanges with the management system, for the staff dashboard."""

from django.db.models import Exists, OuterRef, QuerySet

from .enums import RunStatus
from .models import ImportRun

FAILED_STATUSES = [RunStatus.FAILED, RunStatus.REJECTED]


def failed_import_runs() -> QuerySet[ImportRun]:
    """Imports whose file was unreadable or rejected and that no later successful import of the
    same kind has made good, oldest first (the dashboard panel « Traitements en échec »)."""
    later_success = ImportRun.objects.filter(
        kind=OuterRef("kind"), status=RunStatus.DONE, started_at__gt=OuterRef("started_at")
    )
    return (
        ImportRun.objects.filter(status__in=FAILED_STATUSES).exclude(Exists(later_success)).order_by("started_at", "pk")
    )
