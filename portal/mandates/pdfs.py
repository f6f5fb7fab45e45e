"""The signed SEPA mandate as a PDF (WeasyPrint), built from the mandate's own record."""

from django.http import HttpResponse

from portal.core.pdf import pdf_render

from .models import BankMandate


def mandate_pdf_render(*, mandate: BankMandate) -> bytes:
    return pdf_render(template_name="mandates/mandate_pdf.html", context={"mandate": mandate})


def mandate_pdf_response(*, mandate: BankMandate) -> HttpResponse:
    """The mandate's PDF as a download, never kept by a cache (tenant and staff views alike)."""
    response = HttpResponse(mandate_pdf_render(mandate=mandate), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="mandat-sepa-{mandate.rum}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
