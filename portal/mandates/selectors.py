"""Reads of SEPA mandates: the tenant's own (scoped to the lease), and what staff compare."""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from portal.leases.models import Lease

from .enums import MandateStatus
from .models import BankMandate


@dataclass(frozen=True)
class CurrentMandates:
    """The mandate debited today, and a RIB change awaiting validation (either may be None)."""

    active: BankMandate | None
    pending: BankMandate | None


def lease_current_mandates(*, lease: Lease) -> CurrentMandates:
    """The lease's active mandate and the one awaiting validation, in one query, IBANs left encrypted."""
    mandates = {
        mandate.status: mandate
        for mandate in BankMandate.objects.filter(
            lease=lease, status__in=[MandateStatus.ACTIVE, MandateStatus.PENDING]
        ).defer("iban_encrypted")
    }
    return CurrentMandates(active=mandates.get(MandateStatus.ACTIVE), pending=mandates.get(MandateStatus.PENDING))


def lease_mandate(*, lease: Lease, rum: str) -> BankMandate:
    """One of the lease's mandates; another lease's reference is a 404."""
    return get_object_or_404(BankMandate, lease=lease, rum=rum)


def mandates_sharing_iban(*, mandate: BankMandate) -> QuerySet[BankMandate]:
    """Other leases' mandates on the same IBAN (by fingerprint): for staff, a sign worth a look."""
    return (
        BankMandate.objects.filter(iban_fingerprint=mandate.iban_fingerprint)
        .exclude(lease=mandate.lease)
        .select_related("lease")
    )


@dataclass(frozen=True)
class MandateDesk:
    """The dashboard panel « Mandats à valider » of whoever validates SEPA mandates."""

    pending_count: int
    oldest_pending: list[BankMandate]


def staff_mandate_desk(*, size: int = 5) -> MandateDesk:
    pending = (
        BankMandate.objects.filter(status=MandateStatus.PENDING)
        .defer("iban_encrypted")
        .select_related("lease")
        .order_by("created_at", "pk")
    )
    return MandateDesk(pending_count=pending.count(), oldest_pending=list(pending[:size]))
