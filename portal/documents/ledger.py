"""What the documents read from the compte locataire (portal.billing's ledger), for one lease.

Each read is a fixed number of aggregate queries, whatever the length of the ledger.
Payments settle the oldest amounts due first (imputation on the oldest debt, art. 1342-10 of the
Code civil): a month is paid when everything paid so far covers it and every month before it.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from portal.billing.enums import BILLED_KINDS, PAYMENT_KINDS, EntryKind, PaymentMethod
from portal.billing.models import LeaseAccount, LedgerEntry
from portal.billing.selectors import lease_balance
from portal.leases.models import Lease
from portal.mandates.enums import MandateStatus
from portal.mandates.models import BankMandate

from .periods import period_next

ZERO = Decimal("0.00")
LINE_ORDER = [EntryKind.RENT, EntryKind.CHARGES, EntryKind.APL, EntryKind.RLS, EntryKind.ADJUSTMENT]


@dataclass(frozen=True)
class NoticeLine:
    kind: EntryKind
    label: str
    amount: Decimal


@dataclass(frozen=True)
class SepaMandate:
    """What a pre-notification needs of the lease's SEPA mandate."""

    rum: str
    iban_masked: str


@dataclass(frozen=True)
class DirectDebitNotice:
    """Pré-notification SEPA printed on the notice: what will be debited, when, under which mandate."""

    debit_date: date
    amount: Decimal
    rum: str
    ics: str
    iban_masked: str


@dataclass
class RentNotice:
    """An avis d'échéance: the month's billed lines and what the tenant owes in total."""

    lease: Lease
    period: date
    lines: list[NoticeLine]
    previous_balance: Decimal
    due_date: date
    pays_by_direct_debit: bool = False
    direct_debit: DirectDebitNotice | None = None

    @property
    def period_end(self) -> date:
        return period_next(self.period) - timedelta(days=1)

    @property
    def month_total(self) -> Decimal:
        return sum((line.amount for line in self.lines), ZERO)

    @property
    def total_due(self) -> Decimal:
        return self.previous_balance + self.month_total


def notice_due_date(period: date) -> date:
    """Rent is paid at the end of the month it covers: due on the DOCUMENTS_DUE_DAY of the next one."""
    return period_next(period).replace(day=settings.DOCUMENTS_DUE_DAY)


def lease_sepa_mandate(*, lease: Lease) -> SepaMandate | None:
    """The lease's active SEPA mandate (RUM, masked IBAN); a RIB change awaiting validation is not
    debited yet, so the pre-notification names the mandate in force."""
    return _active_mandates([lease.pk]).get(lease.pk)


def _active_mandates(lease_ids: list[int]) -> dict[int, SepaMandate]:
    mandates = BankMandate.objects.filter(lease_id__in=lease_ids, status=MandateStatus.ACTIVE).order_by("pk")
    return {
        lease_id: SepaMandate(rum=rum, iban_masked=iban_masked)
        for lease_id, rum, iban_masked in mandates.values_list("lease_id", "rum", "iban_masked")
    }


def notice_build(*, lease: Lease, period: date, ics: str) -> RentNotice:
    """The notice of `lease` for the month `period` from its ledger (see `notices_build`)."""
    return notices_build(leases=[lease], period=period, ics=ics)[lease.pk]


def notices_build(*, leases: list[Lease], period: date, ics: str) -> dict[int, RentNotice]:
    """The notices of many leases for the month `period`, by lease id, in five queries whatever
    their number: lines booked that month, balance before the month, due date, and the
    pre-notification for a direct-debit payer.

    The balance before the month is the account's maintained balance minus what was booked since
    the month began (a range of the (lease, booked_on) index), never a sum of the whole history.
    """
    lease_ids = [lease.pk for lease in leases]
    end = period_next(period)
    month_lines: dict[int, list[tuple]] = {pk: [] for pk in lease_ids}
    for lease_id, kind, label, amount in (
        LedgerEntry.objects.filter(lease_id__in=lease_ids, kind__in=BILLED_KINDS, booked_on__gte=period)
        .filter(booked_on__lt=end)
        .order_by("lease_id", "booked_on", "id")
        .values_list("lease_id", "kind", "label", "amount")
    ):
        month_lines[lease_id].append((kind, label, amount))
    booked_since = dict(
        LedgerEntry.objects.filter(lease_id__in=lease_ids, booked_on__gte=period)
        .values("lease_id")
        .annotate(total=Sum("amount"))
        .values_list("lease_id", "total")
    )
    accounts = {
        lease_id: (balance, method)
        for lease_id, balance, method in LeaseAccount.objects.filter(lease_id__in=lease_ids).values_list(
            "lease_id", "balance", "payment_method"
        )
    }
    debtors = [pk for pk in lease_ids if accounts.get(pk, (ZERO, None))[1] == PaymentMethod.DIRECT_DEBIT]
    mandates = _active_mandates(debtors) if debtors else {}
    notices = {}
    for lease in leases:
        lines = sorted(month_lines[lease.pk], key=lambda row: LINE_ORDER.index(row[0]) if row[0] in LINE_ORDER else 99)
        balance, method = accounts.get(lease.pk, (ZERO, None))
        notice = RentNotice(
            lease=lease,
            period=period,
            lines=[NoticeLine(kind=EntryKind(kind), label=label, amount=amount) for kind, label, amount in lines],
            previous_balance=balance - (booked_since.get(lease.pk) or ZERO),
            due_date=notice_due_date(period),
            pays_by_direct_debit=method == PaymentMethod.DIRECT_DEBIT,
        )
        mandate = mandates.get(lease.pk)
        if mandate and notice.total_due > 0:
            notice.direct_debit = DirectDebitNotice(
                debit_date=notice.due_date,
                amount=notice.total_due,
                rum=mandate.rum,
                ics=ics,
                iban_masked=mandate.iban_masked,
            )
        notices[lease.pk] = notice
    return notices


class MonthStatus:
    PAID = "paid"
    PARTLY_PAID = "partly_paid"
    UNPAID = "unpaid"


@dataclass
class MonthSettlement:
    """How much of one month's billing the tenant has paid, and its billed amounts by kind."""

    period: date
    amounts: dict[str, Decimal] = field(default_factory=dict)
    paid: Decimal = ZERO

    @property
    def billed(self) -> Decimal:
        return sum(self.amounts.values(), ZERO)

    def amount(self, kind: EntryKind) -> Decimal:
        return self.amounts.get(kind, ZERO)

    @property
    def remaining(self) -> Decimal:
        return max(self.billed - self.paid, ZERO)

    @property
    def aids(self) -> Decimal:
        """APL and RLS, paid to the landlord on the tenant's behalf (negative)."""
        return self.amount(EntryKind.APL) + self.amount(EntryKind.RLS)

    @property
    def status(self) -> str:
        if self.paid >= self.billed:
            return MonthStatus.PAID
        return MonthStatus.PARTLY_PAID if self.paid > 0 else MonthStatus.UNPAID


def lease_month_settlements(*, lease: Lease, since: date, until: date | None = None) -> list[MonthSettlement]:
    """Each month from `since` to `until` (the current month by default) that has something billed,
    newest first, with the part of it the payments so far have settled."""
    until = until or timezone.localdate().replace(day=1)
    rows = (
        LedgerEntry.objects.filter(lease=lease, kind__in=BILLED_KINDS, booked_on__lt=period_next(until))
        .annotate(month=TruncMonth("booked_on"))
        .values("month", "kind")
        .annotate(total=Sum("amount"))
        .order_by("month")
    )
    months: dict[date, MonthSettlement] = {}
    for row in rows:
        month = row["month"].date() if hasattr(row["month"], "date") else row["month"]
        months.setdefault(month, MonthSettlement(period=month)).amounts[row["kind"]] = row["total"]
    paid_so_far = -(
        LedgerEntry.objects.filter(lease=lease, kind__in=PAYMENT_KINDS).aggregate(total=Sum("amount"))["total"] or ZERO
    )
    settled = []
    for month in sorted(months):
        settlement = months[month]
        settlement.paid = max(min(paid_so_far, settlement.billed), ZERO)
        paid_so_far -= settlement.billed
        if month >= since and settlement.billed > 0:
            settled.append(settlement)
    return list(reversed(settled))


def lease_month_settlement(*, lease: Lease, period: date, since: date) -> MonthSettlement | None:
    settlements = lease_month_settlements(lease=lease, since=since, until=period)
    return next((settlement for settlement in settlements if settlement.period == period), None)


def lease_is_up_to_date(*, lease: Lease) -> bool:
    """Nothing is owed: the balance is zero or in the tenant's favour."""
    return lease_balance(lease=lease) <= 0


def paperless_first_month(lease: Lease) -> date | None:
    if lease.paperless_since is None:
        return None
    return timezone.localtime(lease.paperless_since).date().replace(day=1)
