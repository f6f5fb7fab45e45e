from decimal import Decimal

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.factories import PASSWORD, SignatoryFactory, TenantUserFactory
from tests.portal.billing.factories import ledger_with_balance

from .conftest import assert_accessible, log_in


@pytest.fixture
def claire(db, settings):
    # The browser suite runs with DEBUG off: the demo payment page is switched on explicitly.
    settings.PAYMENT_BACKEND = "demo"
    user = TenantUserFactory(
        email="claire.martin@example.org",
        signatory=SignatoryFactory(first_name="Claire", last_name="MARTIN"),
    )
    ledger_with_balance(user.signatory.lease, Decimal("412.35"))
    return user


def test_claire_pays_10_euros_online_and_gets_a_confirmation(page, claire):
    log_in(page, claire.email, PASSWORD)
    expect(page.get_by_text("412,35 €").first).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="PAYER EN LIGNE").click()
    amount = page.get_by_label("Montant à régler (en euros)")
    expect(amount).to_have_value("412,35")
    assert_accessible(page)
    amount.fill("10,00")
    page.get_by_role("button", name="Continuer vers le paiement sécurisé").click()

    expect(page.get_by_text("Mode démonstration", exact=True)).to_be_visible()
    expect(page.get_by_label("Numéro de carte")).to_have_value("4242 4242 4242 4242")
    assert_accessible(page)
    page.get_by_role("button", name="VALIDER").click()

    expect(page.get_by_role("heading", name="Paiement confirmé")).to_be_visible()
    expect(page.get_by_text("402,35 €")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Retour à l'accueil").click()
    expect(page.get_by_text("Somme due : 402,35 €")).to_be_visible()
    assert_accessible(page)

    [message] = mail.outbox
    assert message.to == ["claire.martin@example.org"]
    assert "10,00\u00a0€" in message.body and "402,35\u00a0€" in message.body
