"""Quittances for paid months, reçus for partly paid ones, nothing for unpaid ones; the attestation."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from .factories import bill_month, pay, pdf_text

pytestmark = pytest.mark.django_db


def month(offset: int) -> date:
    """The first day of the month `offset` months before the current one."""
    first = timezone.localdate().replace(day=1)
    for _ in range(offset):
        first = (first - timedelta(days=1)).replace(day=1)
    return first


@pytest.fixture
def lease(tenant):
    lease = tenant.signatory.lease
    lease.paperless_since = timezone.make_aware(timezone.datetime.combine(month(3), timezone.datetime.min.time()))
    lease.save()
    bill_month(lease, month(5))  # before paperless: paid, but no receipt on the portal
    bill_month(lease, month(3), rent="400.00", charges="100.00", apl="150.00")  # 350 € due
    bill_month(lease, month(2), rent="400.00", charges="100.00", apl="150.00")
    bill_month(lease, month(1), rent="400.00", charges="100.00", apl="150.00")
    # 508,80 € for the old month, 350 € for month(3), 200 € of month(2), nothing for month(1).
    pay(lease, "1058.80", month(2) + timedelta(days=3), "all")
    return lease


def receipt(client, period: date):
    return client.get(reverse("documents:receipt", args=[f"{period:%Y-%m}"]))


def test_a_fully_paid_month_gives_a_quittance_with_rent_and_charges_itemised(tenant_client, lease, tenant):
    response = receipt(tenant_client, month(3))

    assert response.status_code == 200
    assert f'filename="quittance-loyer-{month(3):%Y-%m}.pdf"' in response["Content-Disposition"]
    text = pdf_text(response.content)
    assert "Quittance de loyer" in text
    assert tenant.signatory.full_name in text
    assert "Loyer 400,00 €" in text
    assert "Charges (provisions) 100,00 €" in text
    assert "versées au bailleur -150,00 €" in text
    assert "Somme réglée par le locataire 350,00 €" in text


def test_a_partly_paid_month_gives_a_receipt_for_the_amount_paid(tenant_client, lease):
    response = receipt(tenant_client, month(2))

    assert response.status_code == 200
    assert f'filename="recu-{month(2):%Y-%m}.pdf"' in response["Content-Disposition"]
    text = pdf_text(response.content)
    assert "la somme de 200,00 €" in text
    assert "Reste dû pour ce mois 150,00 €" in text
    assert "Quittance de loyer" not in text


def test_no_receipt_for_an_unpaid_month_a_month_before_paperless_or_a_bad_period(tenant_client, lease):
    assert receipt(tenant_client, month(1)).status_code == 404
    assert receipt(tenant_client, month(5)).status_code == 404
    assert tenant_client.get(reverse("documents:receipt", args=["2026-13"])).status_code == 404


def test_mes_documents_lists_each_month_with_its_receipt(tenant_client, lease):
    html = tenant_client.get(reverse("documents:list")).content.decode()

    assert reverse("documents:receipt", args=[f"{month(3):%Y-%m}"]) in html
    assert reverse("documents:receipt", args=[f"{month(2):%Y-%m}"]) in html
    assert reverse("documents:receipt", args=[f"{month(1):%Y-%m}"]) not in html
    assert "Non réglé" in html
    assert reverse("documents:receipt", args=[f"{month(5):%Y-%m}"]) not in html


def test_the_attestation_is_offered_only_when_nothing_is_owed(tenant_client, lease, tenant):
    assert tenant_client.get(reverse("documents:certificate")).status_code == 404
    assert reverse("documents:certificate") not in tenant_client.get(reverse("documents:list")).content.decode()

    pay(lease, "500.00", timezone.localdate(), "rest")  # 150 + 350 due: the account is up to date

    assert reverse("documents:certificate") in tenant_client.get(reverse("documents:list")).content.decode()
    response = tenant_client.get(reverse("documents:certificate"))
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "Attestation de paiement à jour" in text
    assert f"bail n° {lease.tenant_number}" in text
    assert f"au {timezone.localdate():%d/%m/%Y} : aucune somme n'est due" in text
    assert receipt(tenant_client, month(1)).status_code == 200
