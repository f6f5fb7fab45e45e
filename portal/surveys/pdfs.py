"""The accusé de réception of a survey answer: a real PDF, filed in « Mes documents »."""

from django.utils import timezone

from portal.core.models import SiteSettings
from portal.core.pdf import pdf_render

from .models import Response, ResponseEvent


def acknowledgement_pdf(*, response: Response, event: ResponseEvent) -> bytes:
    """Dated proof that the lease answered: who sent it, when, and what it holds (never the amounts)."""
    landlord = SiteSettings.load()
    lease = response.lease
    context = {
        "landlord": landlord,
        "landlord_address": "\n".join(
            line for line in landlord.postal_address.splitlines() if line.strip() != landlord.landlord_name
        ),
        "lease": lease,
        "signatories": list(lease.signatories.order_by("last_name", "first_name")),
        "units": list(lease.units.select_related("residence").order_by("kind", "reference")),
        "campaign": response.campaign,
        "response": response,
        "received_at": timezone.localtime(event.created_at),
        "sender": event.author,
        "occupant_count": response.occupants.count(),
        "notice_count": response.tax_notices.count(),
        "document_count": response.tax_documents.count(),
        "complement": event.text,
    }
    return pdf_render(template_name="surveys/pdf/acknowledgement.html", context=context)
