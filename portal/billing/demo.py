"""Demo compte locataire: 12 months of rent notices and payments for every demo lease.

Deterministic (a seed per lease), and idempotent: each line carries a stable `external_ref`, so a
second run adds nothing. Lease 100001 owes exactly 412,35 € and pays by direct debit under an
active SEPA mandate (portal.mandates.demo); lease 100002 is in credit by 35,00 €.
"""

import random
from dataclasses import replace
from datetime import date
from decimal import Decimal

from django.utils import timezone

from portal.leases.models import Lease
from portal.mandates.demo import lease_active_mandate_load

from .charts import MONTHS
from .enums import EntryKind, PaymentMethod
from .models import LeaseAccount, LedgerEntry
from .selectors import _months_back, lease_balance
from .services import NewEntry, ledger_entries_record

TARGETS = {"100001": Decimal("412.35"), "100002": Decimal("-35.00")}
METHODS = {"100001": PaymentMethod.DIRECT_DEBIT, "100002": PaymentMethod.TRANSFER}
PAYMENT_KIND = {
    PaymentMethod.DIRECT_DEBIT: EntryKind.DIRECT_DEBIT,
    PaymentMethod.TRANSFER: EntryKind.TRANSFER,
    PaymentMethod.CHEQUE: EntryKind.CHEQUE,
    PaymentMethod.OTHER: EntryKind.CARD,
}
CENT = Decimal("0.01")


def _money(rng, low, high) -> Decimal:
    return Decimal(rng.randint(low * 100, high * 100)) / 100


def load(*, stdout) -> None:
    today = timezone.localdate()
    months = _months_back(today, 12)
    count = 0
    for lease in Lease.objects.order_by("tenant_number"):
        count += len(_load_lease(lease, months, today))
    stdout.write(f"Comptes locataires : {count} lignes ajoutées ({LedgerEntry.objects.count()} au total).")


def _load_lease(lease: Lease, months: list[date], today: date) -> list:
    number = lease.tenant_number
    rng = random.Random(f"billing-{number}")
    method = METHODS.get(number) or rng.choice(
        [PaymentMethod.DIRECT_DEBIT] * 3 + [PaymentMethod.TRANSFER, PaymentMethod.CHEQUE, PaymentMethod.OTHER]
    )
    LeaseAccount.objects.update_or_create(lease=lease, defaults={"payment_method": method})
    if method == PaymentMethod.DIRECT_DEBIT:
        lease_active_mandate_load(lease=lease)
    rent, charges = _money(rng, 280, 620), _money(rng, 45, 140)
    apl = _money(rng, 60, 260) if rng.random() < 0.5 else Decimal("0")
    rls = _money(rng, 25, 55) if apl else Decimal("0")
    entries = []
    for index, month in enumerate(months):
        name = f"{MONTHS[month.month - 1]} {month.year}"
        ref = f"demo:{number}:{month:%Y-%m}"
        due = rent + charges - apl - rls
        entries += [
            NewEntry(EntryKind.RENT, f"Loyer {name}", rent, month, f"{ref}:rent"),
            NewEntry(EntryKind.CHARGES, f"Provision pour charges {name}", charges, month, f"{ref}:charges"),
        ]
        if apl:
            entries.append(NewEntry(EntryKind.APL, f"APL {name}", -apl, month, f"{ref}:apl"))
            entries.append(NewEntry(EntryKind.RLS, f"RLS {name}", -rls, month, f"{ref}:rls"))
        paid_on = month.replace(day=5)
        if paid_on > today or (number in TARGETS and index == len(months) - 1):
            continue
        share = Decimal("1") if number in TARGETS else Decimal(rng.choice([1] * 14 + [0, 0.5, 0.8, 1.1]))
        amount = (due * share).quantize(CENT)
        if amount:
            kind = PAYMENT_KIND[method]
            entries.append(NewEntry(kind, f"{kind.label} du {paid_on:%d/%m/%Y}", -amount, paid_on, f"{ref}:payment"))
        if number == "100001" and index == len(months) - 3:
            # A rejected direct debit: the story behind Claire MARTIN's amount due.
            rejected_on = month.replace(day=12)
            entries.append(
                NewEntry(
                    EntryKind.DIRECT_DEBIT_REJECTED,
                    f"Rejet du prélèvement du {paid_on:%d/%m/%Y}",
                    amount,
                    rejected_on,
                    f"{ref}:rejected",
                )
            )
    if number in TARGETS:
        entries = _balanced(lease, entries, target=TARGETS[number], month=months[-1], method=method)
    return ledger_entries_record(lease=lease, entries=entries, created_by="données de démonstration")


def _balanced(lease, entries, *, target: Decimal, month: date, method) -> list:
    """Add a last payment that brings the balance to exactly `target` (unless already recorded)."""
    ref = f"demo:{lease.tenant_number}:{month:%Y-%m}:balancing"
    known = set(
        LedgerEntry.objects.filter(external_ref__in=[e.external_ref for e in entries] + [ref]).values_list(
            "external_ref", flat=True
        )
    )
    if ref in known:
        return entries
    new_total = sum((e.amount for e in entries if e.external_ref not in known), Decimal("0"))
    amount = target - (lease_balance(lease=lease) + new_total)
    kind = PAYMENT_KIND[method] if amount < 0 else EntryKind.ADJUSTMENT
    day = min(timezone.localdate(), month.replace(day=28))
    label = f"{kind.label} du {day:%d/%m/%Y}"
    return [*entries, replace(NewEntry(kind, label, amount, day, ref))]
