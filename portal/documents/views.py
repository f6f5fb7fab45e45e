"""« Mes documents »: the list, and downloads that always check the tenant's lease."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from portal.core.cache import tenant_page_cached
from portal.core.storage import private_file_response
from portal.leases.decorators import tenant_required

from . import ledger, pdfs, selectors
from .periods import period_parse


@require_GET
@tenant_page_cached
@tenant_required
def document_list(request):
    lease = request.lease
    since = ledger.paperless_first_month(lease)
    return render(
        request,
        "documents/index.html",
        {
            "years": selectors.lease_documents_by_year(lease=lease),
            "paperless_since": lease.paperless_since,
            "settlements": ledger.lease_month_settlements(lease=lease, since=since) if since else [],
            "up_to_date": ledger.lease_is_up_to_date(lease=lease),
        },
    )


@require_GET
@tenant_required
def document_download(request, document_id: int):
    return serve_document(selectors.lease_document(lease=request.lease, document_id=document_id))


def serve_document(document) -> HttpResponse:
    """Send a document's PDF after the caller checked the lease (web page or API)."""
    return private_file_response(
        document.file.file,
        content_type="application/pdf",
        filename=document.download_name,
        as_attachment=True,
    )


def _pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
@tenant_required
def receipt_download(request, period: str):
    """Quittance for a fully paid month since paperless, reçu for a partly paid one; else 404."""
    lease = request.lease
    since = ledger.paperless_first_month(lease)
    try:
        month = period_parse(period)
    except ValueError as error:
        raise Http404 from error
    settlement = ledger.lease_month_settlement(lease=lease, period=month, since=since) if since else None
    if settlement is None or settlement.status == ledger.MonthStatus.UNPAID:
        raise Http404
    if settlement.status == ledger.MonthStatus.PAID:
        return _pdf_response(
            pdfs.rent_receipt_pdf(lease=lease, settlement=settlement), f"quittance-loyer-{month:%Y-%m}.pdf"
        )
    return _pdf_response(pdfs.payment_receipt_pdf(lease=lease, settlement=settlement), f"recu-{month:%Y-%m}.pdf")


@require_GET
@tenant_required
def certificate_download(request):
    """Attestation de paiement à jour, only while nothing is owed."""
    lease = request.lease
    if not ledger.lease_is_up_to_date(lease=lease):
        raise Http404
    today = timezone.localdate()
    return _pdf_response(
        pdfs.up_to_date_certificate_pdf(lease=lease, on=today), f"attestation-paiement-a-jour-{today:%Y-%m-%d}.pdf"
    )
