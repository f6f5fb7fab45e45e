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


def martin_household():
    """One lease signed by Claire and Karim MARTIN, each with an account; paid by direct debit
    under an active mandate on an old account. Returns (claire, karim)."""
    from django.utils import timezone

    from portal.billing.enums import PaymentMethod
    from portal.billing.mandates import mandate_import
    from portal.billing.models import LeaseAccount
    from tests.factories import LeaseFactory, SignatoryFactory, TenantUserFactory

    lease = LeaseFactory()
    claire = TenantUserFactory(
        email="claire.martin@example.org",
        signatory=SignatoryFactory(lease=lease, first_name="Claire", last_name="MARTIN"),
    )
    karim = TenantUserFactory(
        email="karim.martin@example.org",
        signatory=SignatoryFactory(lease=lease, first_name="Karim", last_name="MARTIN"),
    )
    LeaseAccount.objects.create(lease=lease, payment_method=PaymentMethod.DIRECT_DEBIT)
    mandate_import(
        lease=lease,
        holder_name="Claire MARTIN",
        iban=OLD_IBAN,
        bic="BNPAFRPP",
        rum=f"RUM-{lease.tenant_number}-REPRISE",
        signed_at=timezone.now(),
        actor="tests",
    )
    return claire, karim


OLD_IBAN = "FR7630004001230001234567843"
NEW_IBAN = "FR76 3000 6000 0112 3456 7890 189"
