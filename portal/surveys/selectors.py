"""Reads of the surveys: the tenant's own response (scoped to their lease), staff follow-up, ceilings."""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from portal.leases.enums import Relationship
from portal.leases.models import Lease

from .enums import EDITABLE_STATUSES, CampaignKind, OccupantLink, ResponseStatus, Situation
from .models import Campaign, Occupant, ResourceCeiling, Response

# The lease's household on file, as survey links.
LINKS_FROM_RELATIONSHIPS = {
    Relationship.SPOUSE: OccupantLink.SPOUSE,
    Relationship.CHILD: OccupantLink.CHILD,
    Relationship.PARENT: OccupantLink.PARENT,
    Relationship.OTHER_RELATIVE: OccupantLink.RELATIVE,
    Relationship.OTHER: OccupantLink.OTHER,
}


def lease_responses(*, lease: Lease) -> QuerySet[Response]:
    """The lease's responses to launched campaigns, newest campaign first."""
    return (
        Response.objects.filter(lease=lease, campaign__launched_at__isnull=False)
        .select_related("campaign")
        .order_by("-campaign__opens_on", "-pk")
    )


def lease_response(*, lease: Lease, response_id: int) -> Response:
    """One response of the tenant's own lease; another lease's id is a 404."""
    return get_object_or_404(lease_responses(lease=lease), pk=response_id)


def lease_current_response(*, lease: Lease, today: date) -> Response | None:
    """The response of the latest campaign opened for the lease, whatever its status."""
    return lease_responses(lease=lease).filter(campaign__opens_on__lte=today).first()


def lease_pending_response(*, lease: Lease, today: date) -> Response | None:
    """The open campaign the lease has not answered yet (for the banner), if any."""
    return (
        lease_responses(lease=lease)
        .filter(campaign__opens_on__lte=today, status__in=EDITABLE_STATUSES)
        .order_by("campaign__closes_on")
        .first()
    )


def response_missing(*, response: Response) -> list[str]:
    """What the tenant still has to give before sending, in the words of the form."""
    missing = []
    if not response.household_confirmed or not response.occupants.exists():
        missing.append(_("les personnes vivant dans le logement"))
    if not response.resources_confirmed or not response.tax_notices.exists():
        missing.append(_("le revenu fiscal de référence de chaque avis d'imposition"))
    if not response.tax_documents.exists():
        missing.append(_("le fichier de chaque avis d'imposition"))
    return missing


def household_prefill(*, response: Response) -> list[dict]:
    """The household to show in the form: as declared, or else as on file (signatories, then occupants)."""
    declared = list(response.occupants.all())
    if declared:
        return [
            {
                "last_name": o.last_name,
                "first_name": o.first_name,
                "birth_date": o.birth_date,
                "link": o.link,
                "situation": o.situation,
                "mobility_card": o.mobility_card,
                "signatory_id": o.signatory_id,
                "household_member_id": o.household_member_id,
            }
            for o in declared
        ]
    lease = response.lease
    people = [
        {
            "last_name": s.last_name,
            "first_name": s.first_name,
            "birth_date": s.birth_date,
            "link": OccupantLink.SIGNATORY,
            "situation": "",
            "mobility_card": False,
            "signatory_id": s.pk,
            "household_member_id": None,
        }
        for s in lease.signatories.order_by("birth_date", "pk")
    ]
    people += [
        {
            "last_name": m.last_name,
            "first_name": m.first_name,
            "birth_date": m.birth_date,
            "link": LINKS_FROM_RELATIONSHIPS.get(m.relationship, OccupantLink.OTHER),
            "situation": Situation.PUPIL if m.relationship == Relationship.CHILD else "",
            "mobility_card": False,
            "signatory_id": None,
            "household_member_id": m.pk,
        }
        for m in lease.household_members.order_by("birth_date", "pk")
    ]
    return people


def tax_notices_prefill(*, response: Response) -> list[dict]:
    return [{"declarants": n.declarants, "reference_income": n.reference_income} for n in response.tax_notices.all()]


# ---- ceilings -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CeilingComparison:
    """A household's resources against its ceiling: what staff see on an accepted SLS response."""

    resources: int
    persons: int
    category: int
    extra_persons: int
    ceiling: int | None
    percentage: Decimal | None


def household_category(*, occupants: list[Occupant]) -> tuple[int, int]:
    """The ceiling category (1 to 6) and the persons beyond six.

    Each holder of the carte mobilité inclusion counts as one more person, as a person with a
    disability does in the ceilings decree.
    """
    persons = len(occupants) + sum(1 for o in occupants if o.mobility_card)
    return min(max(persons, 1), 6), max(persons - 6, 0)


def response_ceiling_comparison(*, response: Response) -> CeilingComparison:
    occupants = list(response.occupants.all())
    resources = response.tax_notices.aggregate(total=Sum("reference_income"))["total"] or 0
    category, extra = household_category(occupants=occupants)
    ceilings = ResourceCeiling.objects.filter(year=response.campaign.year, zone=response.campaign.zone).first()
    ceiling = ceilings.for_category(category, extra) if ceilings else None
    percentage = (
        (Decimal(resources) * 100 / Decimal(ceiling)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        if ceiling
        else None
    )
    return CeilingComparison(
        resources=resources,
        persons=len(occupants),
        category=category,
        extra_persons=extra,
        ceiling=ceiling,
        percentage=percentage,
    )


def response_shows_ceiling(*, response: Response) -> bool:
    return response.campaign.kind == CampaignKind.SLS and response.status == ResponseStatus.ACCEPTED


# ---- staff follow-up ------------------------------------------------------------------------------


@dataclass
class FollowUpRow:
    label: str
    counts: dict[str, int]
    total: int


def _counts_by(campaign: Campaign, field: str, label_field: str) -> list[FollowUpRow]:
    aggregates = {status: Count("pk", filter=Q(status=status)) for status in ResponseStatus.values}
    rows = (
        campaign.responses.values(field, label_field)
        .annotate(total=Count("pk"), **aggregates)
        .order_by(label_field, field)
    )
    return [
        FollowUpRow(
            label=row[label_field],
            counts={status: row[status] for status in ResponseStatus.values},
            total=row["total"],
        )
        for row in rows
    ]


def campaign_follow_up(*, campaign: Campaign) -> dict:
    """Counts by status for the whole campaign, per agency and per residence."""
    totals = dict(campaign.responses.values_list("status").annotate(n=Count("pk")).order_by())
    return {
        "statuses": ResponseStatus.choices,
        "totals": {status: totals.get(status, 0) for status in ResponseStatus.values},
        "total": sum(totals.values()),
        "by_agency": _counts_by(campaign, "lease__residence__agency", "lease__residence__agency__name"),
        "by_residence": _counts_by(campaign, "lease__residence", "lease__residence__name"),
    }


def campaign_unanswered(*, campaign: Campaign) -> QuerySet[Response]:
    """The leases whose answer has not been sent (not started, in progress, or a complément still awaited)."""
    return (
        campaign.responses.unanswered()
        .select_related("lease__residence__agency")
        .prefetch_related("lease__signatories")
        .order_by("lease__tenant_number")
    )
