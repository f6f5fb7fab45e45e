"""Documents for tests: real PDFs stored through the real service."""

import io
from datetime import date, timedelta

from django.utils import timezone
from pypdf import PdfWriter

from portal.documents.enums import DocumentKind, DocumentSource
from portal.documents.services import document_store


def pdf_bytes() -> bytes:
    """A genuine one-page PDF."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def make_paperless(lease, *, days: int = 400):
    lease.paperless_since = timezone.now() - timedelta(days=days)
    lease.save(update_fields=["paperless_since"])
    return lease


def stored_document(lease, *, kind=DocumentKind.RENT_NOTICE, period=date(2026, 11, 1), notify=False, **kwargs):
    document, _created = document_store(
        lease=lease,
        kind=kind,
        period=period,
        content=pdf_bytes(),
        source=DocumentSource.IMPORTED,
        created_by="test",
        notify=notify,
        **kwargs,
    )
    return document
