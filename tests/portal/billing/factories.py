"""Billing test data, always written through the real services (the ledger has one writer)."""

from datetime import date
from decimal import Decimal

from portal.billing.enums import EntryKind
from portal.billing.services import NewEntry, ledger_entries_record


def ledger_with_balance(lease, balance: Decimal, *, booked_on: date | None = None) -> None:
    """A rent line and, when needed, a payment, so that the lease's balance is `balance`."""
    booked_on = booked_on or date.today().replace(day=1)
    entries = [NewEntry(EntryKind.RENT, "Loyer", Decimal("500.00"), booked_on)]
    if balance != Decimal("500.00"):
        entries.append(NewEntry(EntryKind.TRANSFER, "Virement", balance - Decimal("500.00"), booked_on))
    ledger_entries_record(lease=lease, entries=entries, created_by="tests")
