"""Reads of lease data, always scoped to the signed-in tenant's lease (or, for staff, to their agency)."""

from django.db.models import Prefetch, Q, QuerySet

from .enums import StaffRole
from .models import Lease, Signatory, StaffContact


def lease_for_user(*, user) -> Lease | None:
    """The lease of a tenant's account, or None for staff and anonymous users."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "signatory_id", None):
        return None
    return Lease.objects.select_related("residence", "residence__agency").get(signatories__user=user)


# « Voir les demandes de toutes les agences »: the one permission that lifts the agency scope.
VIEW_ALL_AGENCIES_PERMISSION = "tenant_requests.view_all_requests"


def staff_agency_filter(*, user, agency_path: str) -> Q:
    """What a staff member may see of tenants' records: their agency's (StaffProfile), every agency
    with « voir toutes les agences » (or as a superuser), nothing without an agency."""
    if user.is_superuser or user.has_perm(VIEW_ALL_AGENCIES_PERMISSION):
        return Q()
    agency_id = getattr(getattr(user, "staff_profile", None), "agency_id", None)
    if agency_id is None:
        return Q(pk__in=[])
    return Q(**{agency_path: agency_id})


def lease_signatories(*, lease: Lease) -> QuerySet[Signatory]:
    return lease.signatories.select_related("user").order_by("last_name", "first_name")


def lease_staff_contacts(*, lease: Lease) -> QuerySet[StaffContact]:
    return (
        StaffContact.objects.filter(residences=lease.residence_id)
        .select_related("agency")
        .prefetch_related(Prefetch("residences"))
        .order_by("role", "last_name")
    )


def lease_contact_directory(*, lease: Lease) -> dict:
    """« Mes contacts »: the interlocutors of the lease's residence, by role, and its agence de proximité."""
    by_role: dict[str, list[StaffContact]] = {role: [] for role in StaffRole.values}
    for contact in lease_staff_contacts(lease=lease):
        by_role[contact.role].append(contact)
    return {
        "managers": by_role[StaffRole.MANAGER],
        "caretakers": by_role[StaffRole.CARETAKER],
        "customer_officers": by_role[StaffRole.CUSTOMER_OFFICER],
        "agency": lease.residence.agency,
    }
