"""Reads for the public pages and the tenant space: which news and alerts to show."""

from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone

from portal.leases.models import Lease

from .models import Announcement


def _current(*, today: date | None) -> QuerySet[Announcement]:
    today = today or timezone.localdate()
    return (
        Announcement.objects.filter(live=True, show_from__lte=today)
        .filter(Q(show_until__isnull=True) | Q(show_until__gte=today))
        .order_by("kind", "-show_from", "title")  # alerts before news
    )


def announcements_public(*, today: date | None = None) -> QuerySet[Announcement]:
    """News and alerts for everyone: published, current, and not targeted to any residence."""
    return _current(today=today).filter(residences__isnull=True)


def announcements_for_lease(*, lease: Lease, today: date | None = None) -> QuerySet[Announcement]:
    """What a tenant sees in their space: the alerts of their residence and the news for everyone."""
    return _current(today=today).filter(Q(residences=lease.residence_id) | Q(residences__isnull=True)).distinct()
