"""Reads of requests: the tenant's are always scoped to their lease; staff's to their agency."""

from dataclasses import dataclass

from django.contrib.auth.models import Permission
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from portal.accounts.models import User
from portal.leases.models import Lease

from .enums import OPEN_STATUSES, TENANT_VISIBLE_EVENT_KINDS, RequestStatus
from .models import Attachment, RequestCategory, RequestEvent, TenantRequest


def lease_requests(*, lease: Lease) -> QuerySet[TenantRequest]:
    """« Mes demandes »: newest first."""
    return (
        TenantRequest.objects.for_lease(lease)
        .select_related("category", "category__parent", "unit__residence")
        .order_by("-created_at", "-pk")
    )


def lease_request_get(*, lease: Lease, request_id: int) -> TenantRequest:
    """One request of the lease; another lease's id is a 404."""
    try:
        return TenantRequest.objects.select_related("category", "category__parent", "unit", "lease").get(
            pk=request_id, lease=lease
        )
    except TenantRequest.DoesNotExist as error:
        raise Http404 from error


def lease_request_neighbours(
    *, lease: Lease, tenant_request: TenantRequest
) -> tuple[TenantRequest | None, TenantRequest | None]:
    """The requests just before and just after `tenant_request` in « Mes demandes » (newest
    first): what « Demande précédente » / « Demande suivante » and a swipe on a phone open."""
    requests = TenantRequest.objects.for_lease(lease).only("pk", "reference")
    newer = Q(created_at__gt=tenant_request.created_at) | Q(
        created_at=tenant_request.created_at, pk__gt=tenant_request.pk
    )
    previous = requests.filter(newer).order_by("created_at", "pk").first()
    following = requests.exclude(newer).exclude(pk=tenant_request.pk).order_by("-created_at", "-pk").first()
    return previous, following


def lease_request_by_form_token(*, lease: Lease, form_token) -> TenantRequest | None:
    """The request a form already created (double click, reload, an app sending again)."""
    return TenantRequest.objects.filter(form_token=form_token, lease=lease).first()


def request_tenant_events(*, tenant_request: TenantRequest) -> QuerySet[RequestEvent]:
    """The timeline a tenant sees: never the internal notes or assignments."""
    return (
        tenant_request.events.filter(kind__in=TENANT_VISIBLE_EVENT_KINDS)
        .select_related("author")
        .prefetch_related("attachments")
        .order_by("created_at", "pk")
    )


def request_staff_events(*, tenant_request: TenantRequest) -> QuerySet[RequestEvent]:
    return tenant_request.events.select_related("author").prefetch_related("attachments").order_by("created_at", "pk")


def lease_attachment_get(*, lease: Lease, attachment_id: int) -> Attachment:
    """An attachment the tenant may see: of their lease, and never one joined to an internal note."""
    visible = Q(event__isnull=True) | Q(event__kind__in=TENANT_VISIBLE_EVENT_KINDS)
    try:
        return Attachment.objects.select_related("request").filter(visible).get(pk=attachment_id, request__lease=lease)
    except Attachment.DoesNotExist as error:
        raise Http404 from error


def active_categories() -> QuerySet[RequestCategory]:
    return RequestCategory.objects.filter(is_active=True).select_related("parent").order_by("position", "name")


def staff_requests(*, user) -> QuerySet[TenantRequest]:
    """The work queue of a staff member: their agency's requests, or all with « voir toutes »."""
    queryset = TenantRequest.objects.select_related(
        "lease", "lease__residence", "lease__residence__agency", "category", "category__parent", "assigned_to"
    )
    if user.is_superuser or user.has_perm("tenant_requests.view_all_requests"):
        return queryset
    profile = getattr(user, "staff_profile", None)
    if profile is None or profile.agency_id is None:
        return queryset.none()
    return queryset.filter(lease__residence__agency=profile.agency_id)


def staff_request_get(*, user, request_id) -> TenantRequest:
    try:
        return staff_requests(user=user).get(pk=request_id)
    except (TenantRequest.DoesNotExist, ValueError) as error:
        raise Http404 from error


def staff_attachment_get(*, user, attachment_id: int) -> Attachment:
    try:
        return Attachment.objects.select_related("request").get(pk=attachment_id, request__in=staff_requests(user=user))
    except Attachment.DoesNotExist as error:
        raise Http404 from error


def status_counts(*, queryset: QuerySet[TenantRequest]) -> list[tuple[str, str, int]]:
    counts = dict(queryset.order_by().values_list("status").annotate(n=Count("pk")))
    return [(status.value, status.label, counts.get(status.value, 0)) for status in RequestStatus]


def request_handlers() -> QuerySet[User]:
    """Staff who can be given a request: active, with « Traiter les demandes » through a group or
    their own permissions (not every staff member, and not a superuser as such), by name."""
    permission = Permission.objects.filter(content_type__app_label="tenant_requests", codename="process_request")
    return (
        User.objects.filter(is_staff=True, is_active=True)
        .filter(Q(groups__permissions__in=permission) | Q(user_permissions__in=permission))
        .distinct()
        .order_by("last_name", "first_name", "email")
    )


@dataclass(frozen=True)
class WorkQueue:
    """The dashboard panel « Demandes à traiter » of one staff member."""

    counts: list[tuple[str, str, int]]
    assigned_to_me: list[TenantRequest]
    oldest: list[TenantRequest]


def staff_work_queue(*, user, size: int = 5) -> WorkQueue:
    """Open requests of the staff member's agencies: how many per status, theirs and the oldest
    waiting first."""
    open_requests = staff_requests(user=user).filter(status__in=OPEN_STATUSES).order_by("created_at", "pk")
    return WorkQueue(
        counts=[row for row in status_counts(queryset=open_requests) if row[0] in OPEN_STATUSES],
        assigned_to_me=list(open_requests.filter(assigned_to=user)[:size]),
        oldest=list(open_requests[:size]),
    )
