"""Reads of the compte locataire, always for the signed-in tenant's lease (`request.lease`).

Each read costs a fixed number of queries whatever the length of the ledger: the balance comes
from the maintained LeaseAccount row, the 12-month history from one SQL aggregate by month.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.shortcuts import get_object_or_404
from django.utils import timezone

from portal.leases.models import Lease
from portal.mandates import selectors as mandate_selectors
from portal.mandates.models import BankMandate

from .charts import balance_chart
from .enums import BILLED_KINDS, PAYMENT_KINDS, PaymentMethod
from .models import LeaseAccount, LedgerEntry, OnlinePayment

HOME_ITEMS = 5


@dataclass(frozen=True)
class MonthBalance:
    month: date
    balance: Decimal


@dataclass(frozen=True)
class PaymentMethodInfo:
    method: PaymentMethod
    label: str
    active_mandate: BankMandate | None = None
    pending_mandate: BankMandate | None = None

    @property
    def iban_masked(self) -> str:
        if self.method != PaymentMethod.DIRECT_DEBIT or self.active_mandate is None:
            return ""
        return self.active_mandate.iban_masked


@dataclass
class HomeSummary:
    balance: Decimal
    last_billed: list[LedgerEntry]
    last_payments: list[LedgerEntry]
    pending_payments: list[OnlinePayment]
    history: list[MonthBalance] = field(default_factory=list)

    @property
    def amount_due(self) -> Decimal:
        return max(self.balance, Decimal("0.00"))

    @property
    def credit(self) -> Decimal:
        return max(-self.balance, Decimal("0.00"))

    @property
    def chart(self):
        return balance_chart(self.history)


def lease_balance(*, lease: Lease) -> Decimal:
    """Positive: amount due; negative: credit. One indexed row, never the ledger."""
    return LeaseAccount.objects.filter(lease=lease).values_list("balance", flat=True).first() or Decimal("0.00")


def _months_back(today: date, count: int) -> list[date]:
    first = today.replace(day=1)
    months = []
    year, month = first.year, first.month
    for _ in range(count):
        months.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return list(reversed(months))


def lease_balance_history(
    *, lease: Lease, balance: Decimal | None = None, months: int = 12, today: date | None = None
) -> list[MonthBalance]:
    """Balance at the end of each of the last `months` months (the current one included).

    One query: the month totals since the window opened, summed by the database; the balance
    before the window is the current balance minus those totals.
    """
    today = today or timezone.localdate()
    window = _months_back(today, months)
    current = lease_balance(lease=lease) if balance is None else balance
    # SQLite sums decimals as floats: round back to cents.
    totals = {
        row["month"]: Decimal(row["total"]).quantize(Decimal("0.01"))
        for row in LedgerEntry.objects.filter(lease=lease, booked_on__gte=window[0])
        .annotate(month=TruncMonth("booked_on"))
        .values("month")
        .annotate(total=Sum("amount"))
        .order_by()
    }
    running = current - sum(totals.values(), Decimal("0.00"))
    history = []
    for month in window:
        running += totals.get(month, Decimal("0.00"))
        history.append(MonthBalance(month=month, balance=running))
    return history


def billing_home_summary(*, lease: Lease) -> HomeSummary:
    """What « Accueil » shows of the account: balance, last billed items and payments, 12 months."""
    balance = lease_balance(lease=lease)
    entries = LedgerEntry.objects.filter(lease=lease).order_by("-booked_on", "-id")
    return HomeSummary(
        balance=balance,
        last_billed=list(entries.filter(kind__in=BILLED_KINDS)[:HOME_ITEMS]),
        last_payments=list(entries.filter(kind__in=PAYMENT_KINDS)[:HOME_ITEMS]),
        pending_payments=list(lease_online_payments(lease=lease).awaiting_confirmation()[:3]),
        history=lease_balance_history(lease=lease, balance=balance),
    )


def lease_payments(*, lease: Lease) -> QuerySet[LedgerEntry]:
    """Every payment (and refund or rejected debit) of the lease, newest first."""
    return (
        LedgerEntry.objects.filter(lease=lease, kind__in=PAYMENT_KINDS)
        .select_related("online_payment")
        .order_by("-booked_on", "-id")
    )


def lease_online_payments(*, lease: Lease) -> QuerySet[OnlinePayment]:
    return OnlinePayment.objects.filter(lease=lease).order_by("-created_at")


def lease_online_payment(*, lease: Lease, reference: str) -> OnlinePayment:
    """One of the lease's online payments; another lease's reference is a 404."""
    return get_object_or_404(OnlinePayment, lease=lease, reference=reference)


def lease_payment_method(*, lease: Lease) -> PaymentMethodInfo:
    """How the lease pays, the account debited (active mandate) and a RIB change awaiting validation."""
    account = LeaseAccount.objects.filter(lease=lease).only("payment_method").first()
    method = PaymentMethod(account.payment_method) if account else PaymentMethod.OTHER
    mandates = mandate_selectors.lease_current_mandates(lease=lease)
    return PaymentMethodInfo(
        method=method, label=str(method.label), active_mandate=mandates.active, pending_mandate=mandates.pending
    )
