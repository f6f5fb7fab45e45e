"""What every staff screen of the Wagtail admin shares: records nobody edits by hand, age buckets,
and a History tab for read-only screens."""

from datetime import timedelta

import django_filters
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.generic import history
from wagtail.permission_policies import ModelPermissionPolicy


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    """A record of what happened (payments, mandates, runs): staff may look, nobody adds, edits or
    deletes it from the admin, superusers included. Its own services are the only writers."""

    def user_has_permission(self, user, action):
        return action not in ("add", "change", "delete") and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


# How long ago something was sent, the same buckets on every work queue (requests, tenant-file
# changes, mandates): (min days, max days), either end open.
AGE_BUCKETS = {
    "today": (None, None),
    "lt7": (None, 7),
    "7to30": (7, 30),
    "gt30": (30, None),
}
AGE_CHOICES = [
    ("today", _("Aujourd'hui")),
    ("lt7", _("Moins de 7 jours")),
    ("7to30", _("De 7 à 30 jours")),
    ("gt30", _("Plus de 30 jours")),
]


def filter_by_age(queryset: QuerySet, age: str, *, field: str = "created_at") -> QuerySet:
    """The rows of `queryset` whose `field` falls in the bucket `age` (unknown bucket: all rows)."""
    now = timezone.now()
    if age == "today":
        start = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
        return queryset.filter(**{f"{field}__gte": start})
    if age not in AGE_BUCKETS:
        return queryset
    min_days, max_days = AGE_BUCKETS[age]
    if min_days is not None:
        queryset = queryset.filter(**{f"{field}__lte": now - timedelta(days=min_days)})
    if max_days is not None:
        queryset = queryset.filter(**{f"{field}__gt": now - timedelta(days=max_days)})
    return queryset


class AgeFilter(django_filters.ChoiceFilter):
    """« Ancienneté » in a WagtailFilterSet, on the same buckets everywhere."""

    def __init__(self, *args, age_field: str = "created_at", **kwargs):
        kwargs.setdefault("label", _("Ancienneté"))
        kwargs.setdefault("choices", AGE_CHOICES)
        self.age_field = age_field
        super().__init__(*args, **kwargs)

    def filter(self, queryset, value):
        return filter_by_age(queryset, value, field=self.age_field) if value else queryset


class HistoryView(history.HistoryView):
    """The History tab of a staff screen, open to whoever may see the object (Wagtail asks for a
    right to edit it, which read-only screens such as requests and tenant-file changes never give)."""

    any_permission_required = ["view", "add", "change", "delete"]
