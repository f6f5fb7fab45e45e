"""The compte locataire: one writer, a maintained balance, and « Accueil » / « Mes paiements »."""

import re
from datetime import date, timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from portal.billing import demo
from portal.billing.enums import EntryKind, PaymentMethod
from portal.billing.models import LeaseAccount, LedgerEntry
from portal.billing.selectors import lease_balance, lease_balance_history
from portal.billing.services import NewEntry, ledger_entries_record, ledger_entry_record
from portal.mandates.enums import MandateStatus
from portal.mandates.models import BankMandate
from portal.mandates.services import mandate_import
from tests.factories import LeaseFactory, SignatoryFactory, TenantUserFactory

from .factories import ledger_with_balance


def test_the_balance_follows_every_entry_and_a_known_reference_is_recorded_once(db):
    lease = LeaseFactory()
    today = timezone.localdate()
    ledger_entry_record(
        lease=lease, kind=EntryKind.RENT, label="Loyer", amount=Decimal("500.00"), booked_on=today, created_by="tests"
    )
    for _ in range(2):
        ledger_entry_record(
            lease=lease,
            kind=EntryKind.APL,
            label="APL",
            amount=Decimal("-120.50"),
            booked_on=today,
            created_by="tests",
            external_ref="caf:1",
        )
    assert lease_balance(lease=lease) == Decimal("379.50")
    assert LedgerEntry.objects.filter(lease=lease).count() == 2


def test_the_12_month_history_is_the_balance_at_each_month_end(db):
    lease = LeaseFactory()
    today = date(2026, 11, 20)
    entries = [NewEntry(EntryKind.RENT, "Loyer ancien", Decimal("100.00"), date(2024, 1, 1))]
    entries += [NewEntry(EntryKind.RENT, "Loyer", Decimal("400.00"), date(2026, m, 1)) for m in range(1, 12)]
    entries += [NewEntry(EntryKind.TRANSFER, "Virement", Decimal("-400.00"), date(2026, m, 5)) for m in range(1, 11)]
    ledger_entries_record(lease=lease, entries=entries, created_by="tests")

    history = lease_balance_history(lease=lease, today=today)

    assert history[0].month == date(2025, 12, 1)
    assert [h.balance for h in history] == [Decimal("100.00")] * 11 + [Decimal("500.00")]


@pytest.mark.parametrize(
    ("balance", "expected", "absent"),
    [
        (Decimal("412.35"), ["Somme due", "412,35\u00a0€", "PAYER EN LIGNE"], "Votre compte est à jour"),
        (
            Decimal("-35.00"),
            ["créditeur", "35,00\u00a0€", "sera déduit automatiquement de vos prochaines factures"],
            "PAYER EN LIGNE",
        ),
        (Decimal("0.00"), ["Votre compte est à jour"], "PAYER EN LIGNE"),
    ],
)
def test_home_shows_the_balance_in_the_tenants_words(tenant_client, tenant, balance, expected, absent):
    ledger_with_balance(tenant.signatory.lease, balance)
    response = tenant_client.get("/espace/")
    for text in expected:
        assert text in response.text
    assert absent not in response.text


def test_home_shows_last_items_and_an_accessible_chart_without_inline_style(tenant_client, tenant):
    ledger_with_balance(tenant.signatory.lease, Decimal("412.35"))
    html = tenant_client.get("/espace/").text
    assert "Derniers éléments quittancés" in html and "Derniers paiements" in html
    svg = re.search(r"<svg.*?</svg>", html, re.S).group(0)
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
    assert "style=" not in html
    assert "Voir les montants du graphique" in html


def test_home_costs_the_same_queries_for_10_and_5000_entries(client, db):
    def queries_for(count):
        user = TenantUserFactory()
        start = timezone.localdate() - timedelta(days=count // 10)
        entries = [
            NewEntry(
                EntryKind.RENT if i % 2 else EntryKind.CHEQUE,
                "Ligne",
                Decimal("10.00") * (1 if i % 2 else -1),
                start + timedelta(days=i // 10),
            )
            for i in range(count)
        ]
        ledger_entries_record(lease=user.signatory.lease, entries=entries, created_by="tests")
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        client.get("/espace/")  # warm caches (site settings, content types)
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/espace/").status_code == 200
        return len(captured)

    assert queries_for(10) == queries_for(5000)


def test_every_signatory_sees_the_same_balance_and_another_lease_none_of_it(client, tenant, other_tenant):
    ledger_with_balance(tenant.signatory.lease, Decimal("412.35"))
    cosigner = TenantUserFactory(signatory=SignatoryFactory(lease=tenant.signatory.lease))
    for user, visible in ((cosigner, True), (other_tenant, False)):
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        assert ("412,35" in client.get("/espace/").text) is visible
        assert ("412,35" in client.get("/espace/paiements/").text) is visible


def test_payments_page_pages_the_history_and_shows_the_masked_iban(tenant_client, tenant):
    lease = tenant.signatory.lease
    LeaseAccount.objects.create(lease=lease, payment_method=PaymentMethod.DIRECT_DEBIT)
    mandate_import(
        lease=lease,
        holder_name="Claire MARTIN",
        iban="FR7630006000011234567890189",
        bic="AGRIFRPPXXX",
        rum="RUM-TEST-1",
        signed_at=timezone.now(),
        actor="tests",
    )
    day = date(2025, 1, 1)
    ledger_entries_record(
        lease=lease,
        entries=[
            NewEntry(EntryKind.DIRECT_DEBIT, f"Prélèvement {i}", Decimal("-1.00"), day + timedelta(days=i))
            for i in range(25)
        ],
        created_by="tests",
    )
    first = tenant_client.get("/espace/paiements/").text
    assert "Prélèvement automatique" in first and "FR76 **** **** **** **** ***0 189" in first
    assert "Page 1 sur 2" in first and "Prélèvement 24" in first and "Prélèvement 0<" not in first
    assert "Prélèvement 0<" in tenant_client.get("/espace/paiements/?page=2").text


def test_demo_data_hits_the_documented_balances_and_is_idempotent(db):
    for number in ("100001", "100002", "100003", "100004"):
        LeaseFactory(tenant_number=number)
    demo.load(stdout=StringIO())
    count, mandates = LedgerEntry.objects.count(), BankMandate.objects.count()
    demo.load(stdout=StringIO())

    assert LedgerEntry.objects.count() == count > 4 * 12 * 2
    balances = dict(LeaseAccount.objects.values_list("lease__tenant_number", "balance"))
    assert balances["100001"] == Decimal("412.35")
    assert balances["100002"] == Decimal("-35.00")
    mandate = BankMandate.objects.get(lease__tenant_number="100001", status=MandateStatus.ACTIVE)
    assert mandate.iban_masked.startswith("FR76 ****") and BankMandate.objects.count() == mandates
