"""The signed SEPA mandate as a PDF (WeasyPrint), built from the mandate's own record."""

from django.template.loader import render_to_string
from weasyprint import HTML

from .models import BankMandate


def mandate_pdf_render(*, mandate: BankMandate) -> bytes:
    html = render_to_string("mandates/mandate_pdf.html", {"mandate": mandate})
    # No base URL: the document loads nothing from anywhere.
    return HTML(string=html).write_pdf()
