"""The PDFs the portal writes itself: avis d'échéance, quittance, reçu, attestation de paiement à jour."""

from datetime import date

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from portal.accounts.signup_codes import signup_codes_for_notice
from portal.core.addresses import address_without_name
from portal.core.models import SiteSettings
from portal.core.pdf import pdf_render
from portal.leases.models import Lease

from .ledger import MonthSettlement, RentNotice
from .periods import period_label


def _prefetched(lease: Lease, relation: str) -> list | None:
    """The relation when the caller prefetched it in order (a chunk of notices), else None."""
    cache = getattr(lease, "_prefetched_objects_cache", {})
    return list(cache[relation]) if relation in cache else None


def _common(lease: Lease, landlord=None) -> dict:
    landlord = landlord or SiteSettings.load()
    return {
        "landlord": landlord,
        "landlord_address": address_without_name(landlord.postal_address, landlord.landlord_name),
        "lease": lease,
        "signatories": _prefetched(lease, "signatories") or list(lease.signatories.order_by("last_name", "first_name")),
        "units": _prefetched(lease, "units")
        or list(lease.units.select_related("residence").order_by("kind", "reference")),
        "today": timezone.localdate(),
        "portal_url": settings.PORTAL_BASE_URL,
        "pay_url": settings.PORTAL_BASE_URL + reverse("billing:payments"),
    }


def notice_pdf(
    *, notice: RentNotice, landlord=None, issued_on: date | None = None, signup_codes: dict[int, str] | None = None
) -> bytes:
    """The avis d'échéance PDF. `signup_codes` (signatory id -> code) is passed by the monthly
    generation, which reads those of a whole chunk of leases at once; else they are read here."""
    common = _common(notice.lease, landlord)
    codes = signup_codes_for_notice(lease_id=notice.lease.pk) if signup_codes is None else signup_codes
    context = common | {
        "notice": notice,
        # Mode renforcé: each signatory without a login gets their personal sign-up code.
        "signup_codes": [(person, codes[person.pk]) for person in common["signatories"] if person.pk in codes],
        "period_label": period_label(notice.period),
        "issued_on": issued_on or timezone.localdate(),
    }
    return pdf_render(template_name="documents/pdf/rent_notice.html", context=context)


def rent_receipt_pdf(*, lease: Lease, settlement: MonthSettlement) -> bytes:
    """Quittance de loyer of a fully paid month: rent and charges itemised, aids deducted."""
    context = _common(lease) | {"settlement": settlement, "period_label": period_label(settlement.period)}
    return pdf_render(template_name="documents/pdf/rent_receipt.html", context=context)


def payment_receipt_pdf(*, lease: Lease, settlement: MonthSettlement) -> bytes:
    """Reçu of a partly paid month: the amount paid, and what remains due for that month."""
    context = _common(lease) | {"settlement": settlement, "period_label": period_label(settlement.period)}
    return pdf_render(template_name="documents/pdf/payment_receipt.html", context=context)


def up_to_date_certificate_pdf(*, lease: Lease, on: date) -> bytes:
    """Attestation de paiement à jour: nothing is owed on the lease on `on`."""
    return pdf_render(template_name="documents/pdf/up_to_date_certificate.html", context=_common(lease) | {"on": on})
