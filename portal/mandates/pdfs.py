"""The signed SEPA mandate as a PDF (WeasyPrint), built from the mandate's own record."""

from django.http import HttpResponse
from django.template.loader import render_to_string
from weasyprint import HTML

from .models import BankMandate


def mandate_pdf_render(*, mandate: BankMandate) -> bytes:
    html = render_to_string("mandates/mandate_pdf.html", {"mandate": mandate})
    # No base URL: the document loads nothing from anywhere.
    return HTML(string=html).write_pdf()


def mandate_pdf_response(*, mandate: BankMandate) -> HttpResponse:
    """The mandate's PDF as a download, never kept by a cache (tenant and staff views alike)."""
    response = HttpResponse(mandate_pdf_render(mandate=mandate), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="mandat-sepa-{mandate.rum}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
