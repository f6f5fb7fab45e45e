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


def bill_month(lease, period: date, *, rent="412.30", charges="96.50", apl="0", rls="0"):
    """The month's quittancement lines in the ledger, as the management system would book them."""
    from decimal import Decimal

    from portal.billing.enums import EntryKind
    from portal.billing.services import NewEntry, ledger_entries_record

    stamp = f"{lease.tenant_number}-{period:%Y-%m}"
    entries = [
        NewEntry(EntryKind.RENT, "Loyer principal", Decimal(rent), period, f"test-rent-{stamp}"),
        NewEntry(EntryKind.CHARGES, "Provisions sur charges", Decimal(charges), period, f"test-charges-{stamp}"),
    ]
    if Decimal(apl):
        entries.append(NewEntry(EntryKind.APL, "APL versée par la CAF", -Decimal(apl), period, f"test-apl-{stamp}"))
    if Decimal(rls):
        entries.append(
            NewEntry(EntryKind.RLS, "Réduction de loyer de solidarité", -Decimal(rls), period, f"test-rls-{stamp}")
        )
    ledger_entries_record(lease=lease, entries=entries, created_by="test")


def pay(lease, amount: str, on: date, ref: str):
    from decimal import Decimal

    from portal.billing.enums import EntryKind
    from portal.billing.services import ledger_entry_record

    ledger_entry_record(
        lease=lease,
        kind=EntryKind.TRANSFER,
        label="Virement reçu",
        amount=-Decimal(amount),
        booked_on=on,
        created_by="test",
        external_ref=f"test-pay-{ref}",
    )


def pdf_text(content: bytes) -> str:
    """The PDF's text as pypdf reads it back, spaces normalised."""
    from pypdf import PdfReader

    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())
