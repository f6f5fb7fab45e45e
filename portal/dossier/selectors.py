"""Reads of the tenant file, always scoped to the signed-in tenant's lease."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from portal.leases.models import HouseholdMember, Lease

from .enums import ChangeKind, ChangeStatus, InsuranceStatus
from .fields import CONTACT_FIELDS, INSURANCE_FIELDS, MEMBER_FIELDS, change_rows, value_to_json
from .models import ChangeRequest, Insurance


def lease_insurance(*, lease: Lease) -> Insurance | None:
    return Insurance.objects.filter(lease=lease).first()


def insurance_status(*, lease: Lease, today: date | None = None) -> InsuranceStatus:
    """« en attente de vérification » while a new certificate awaits staff, then from the verified record."""
    today = today or timezone.localdate()
    if ChangeRequest.objects.pending().filter(lease=lease, kind=ChangeKind.INSURANCE).exists():
        return InsuranceStatus.PENDING_VERIFICATION
    insurance = lease_insurance(lease=lease)
    if insurance is None:
        return InsuranceStatus.MISSING
    if insurance.valid_until < today:
        return InsuranceStatus.EXPIRED
    return InsuranceStatus.UP_TO_DATE


def dossier_current_values(*, lease: Lease, user, kind: str, member: HouseholdMember | None) -> dict:
    """The values on file now for a zone of « MON DOSSIER », as payload JSON (what a change starts from)."""
    if kind == ChangeKind.CONTACT:
        source, names = user.signatory, CONTACT_FIELDS
    elif kind == ChangeKind.INSURANCE:
        source, names = lease_insurance(lease=lease), INSURANCE_FIELDS
    else:
        source, names = member, MEMBER_FIELDS
    if source is None:
        return {}
    return {name: value_to_json(name, getattr(source, name)) for name in names}


def lease_household_members(*, lease: Lease) -> QuerySet[HouseholdMember]:
    return lease.household_members.order_by("birth_date", "pk")


def lease_household_member(*, lease: Lease, pk: int) -> HouseholdMember:
    """An occupant of the tenant's own lease; any other id is a 404."""
    return get_object_or_404(HouseholdMember, lease=lease, pk=pk)


def lease_change_requests(*, lease: Lease, status: str | None = None) -> QuerySet[ChangeRequest]:
    queryset = ChangeRequest.objects.filter(lease=lease).select_related("household_member", "signatory", "author")
    if status:
        queryset = queryset.filter(status=status)
    return queryset.order_by("-created_at", "-pk")


def lease_change_request(*, lease: Lease, pk: int) -> ChangeRequest:
    """A change request of the tenant's own lease; another lease's id is a 404."""
    return get_object_or_404(ChangeRequest, lease=lease, pk=pk)


def change_request_rows(*, change_request: ChangeRequest) -> list[dict]:
    return change_rows(change_request.kind, change_request.before, change_request.after)


def dossier_overview(*, lease: Lease, user, today: date | None = None) -> dict:
    """Everything « MON DOSSIER » shows, read in a handful of queries."""
    pending = list(lease_change_requests(lease=lease, status=ChangeStatus.PENDING))
    for change_request in pending:
        change_request.rows = change_request_rows(change_request=change_request)
    return {
        "signatory": user.signatory,
        "signatories": lease.signatories.order_by("last_name", "first_name"),
        "household_members": lease_household_members(lease=lease),
        "insurance": lease_insurance(lease=lease),
        "insurance_status": insurance_status(lease=lease, today=today),
        "pending_by_kind": {
            # « Informations personnelles » are the signed-in signatory's own: a co-signatory's
            # pending phone change belongs on their page, not this one.
            "contact": [cr for cr in pending if cr.kind == ChangeKind.CONTACT and cr.signatory_id == user.signatory_id],
            "household": [cr for cr in pending if cr.kind.startswith("household")],
            "insurance": [cr for cr in pending if cr.kind == ChangeKind.INSURANCE],
        },
        "recently_handled": lease_change_requests(lease=lease).exclude(status=ChangeStatus.PENDING)[:5],
    }


def leases_without_valid_insurance(*, today: date | None = None) -> QuerySet[Lease]:
    """Current leases whose verified insurance is expired or missing, with a flag for a certificate awaiting staff."""
    today = today or timezone.localdate()
    return (
        Lease.objects.filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .filter(Q(insurance__isnull=True) | Q(insurance__valid_until__lt=today))
        .annotate(
            certificate_pending=Exists(
                ChangeRequest.objects.pending().filter(lease=OuterRef("pk"), kind=ChangeKind.INSURANCE)
            )
        )
        .select_related("residence", "residence__agency", "insurance")
        .order_by("residence__agency__name", "tenant_number")
    )


@dataclass(frozen=True)
class DossierDesk:
    """The dashboard panel « Dossiers à valider » of Service client."""

    pending_count: int
    oldest_pending: list[ChangeRequest]
    insurance_to_chase: int


def staff_dossier_desk(*, size: int = 5, today: date | None = None) -> DossierDesk:
    pending = ChangeRequest.objects.pending().select_related("lease").order_by("created_at", "pk")
    return DossierDesk(
        pending_count=pending.count(),
        oldest_pending=list(pending[:size]),
        insurance_to_chase=leases_without_valid_insurance(today=today).count(),
    )
