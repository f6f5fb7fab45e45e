"""Reads of lease data, always scoped to the signed-in tenant's lease."""

from django.db.models import Prefetch, QuerySet

from .models import Lease, Signatory, StaffContact


def lease_for_user(*, user) -> Lease | None:
    """The lease of a tenant's account, or None for staff and anonymous users."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "signatory_id", None):
        return None
    return Lease.objects.select_related("residence", "residence__agency").get(signatories__user=user)


def lease_signatories(*, lease: Lease) -> QuerySet[Signatory]:
    return lease.signatories.select_related("user").order_by("last_name", "first_name")


def lease_staff_contacts(*, lease: Lease) -> QuerySet[StaffContact]:
    return (
        StaffContact.objects.filter(residences=lease.residence_id)
        .select_related("agency")
        .prefetch_related(Prefetch("residences"))
        .order_by("role", "last_name")
    )
