"""`ledger_entries_bulk_record`, the import path of the ledger: many leases at once, each balance
equal to the sum of its lines, and nothing added twice."""

from datetime import date
from decimal import Decimal

import pytest
from django.db.models import Sum

from portal.billing.enums import EntryKind
from portal.billing.models import LeaseAccount, LedgerEntry
from portal.billing.services import LeaseEntry, NewEntry, ledger_entries_bulk_record, ledger_entry_record
from tests.factories import LeaseFactory

pytestmark = pytest.mark.django_db


def line(lease, ref, amount, kind=EntryKind.RENT):
    return LeaseEntry(lease.pk, NewEntry(kind, f"Ligne {ref}", Decimal(amount), date(2026, 11, 1), ref))


def assert_balances_are_the_sums(*leases):
    for lease in leases:
        total = LedgerEntry.objects.filter(lease=lease).aggregate(total=Sum("amount"))["total"]
        assert LeaseAccount.objects.get(lease=lease).balance == total


def test_each_balance_moves_by_the_sum_of_its_new_lines_on_top_of_what_was_there():
    first, second = LeaseFactory(), LeaseFactory()
    ledger_entry_record(
        lease=first, kind=EntryKind.RENT, label="Loyer", amount=Decimal("500.00"), booked_on=date(2026, 10, 1),
        created_by="tests", external_ref="x:old",
    )  # fmt: skip

    added = ledger_entries_bulk_record(
        entries=[
            line(first, "x:1", "412.30"),
            line(second, "x:2", "86.15", EntryKind.CHARGES),
            line(first, "x:3", "-215.00", EntryKind.APL),
            line(second, "x:4", "-86.15", EntryKind.TRANSFER),
            line(second, "x:5", "20.00"),
        ],
        created_by="tests",
    )

    assert added == 5
    assert LeaseAccount.objects.get(lease=first).balance == Decimal("697.30")
    assert LeaseAccount.objects.get(lease=second).balance == Decimal("20.00")
    assert_balances_are_the_sums(first, second)
    assert set(LedgerEntry.objects.filter(lease=second).values_list("created_by", flat=True)) == {"tests"}


def test_a_replay_adds_nothing_and_a_line_twice_in_one_call_is_added_once():
    first, second = LeaseFactory(), LeaseFactory()
    ledger_entry_record(
        lease=first, kind=EntryKind.RENT, label="Loyer", amount=Decimal("500.00"), booked_on=date(2026, 10, 1),
        created_by="tests", external_ref="y:known",
    )  # fmt: skip
    entries = [
        line(first, "y:known", "500.00"),
        line(first, "y:1", "10.00"),
        line(first, "y:1", "10.00"),
        line(second, "y:2", "30.00"),
    ]

    assert ledger_entries_bulk_record(entries=entries, created_by="tests") == 2
    assert ledger_entries_bulk_record(entries=entries, created_by="tests") == 0

    assert LedgerEntry.objects.filter(external_ref="y:1").count() == 1
    assert LeaseAccount.objects.get(lease=first).balance == Decimal("510.00")
    assert LeaseAccount.objects.get(lease=second).balance == Decimal("30.00")
    assert_balances_are_the_sums(first, second)
    assert ledger_entries_bulk_record(entries=[], created_by="tests") == 0
