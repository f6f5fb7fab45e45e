"""Claire MARTIN changes her RIB; Karim is told by e-mail; Service client validates it in the Wagtail admin."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.factories import PASSWORD, StaffUserFactory
from tests.portal.mandates.factories import NEW_IBAN, martin_household

from .conftest import assert_accessible, log_in


@pytest.fixture
def household(db):
    return martin_household()


def test_claire_changes_her_rib_and_support_validates_it(page, browser, live_server, household):
    claire, karim = household
    support = StaffUserFactory(email="support@example.org", group="Service client")

    log_in(page, claire.email, PASSWORD)
    page.goto("/espace/paiements/")
    mode = page.get_by_role("region", name="Mode de paiement")
    expect(mode).to_contain_text("FR76 **** **** **** **** ***7 843")
    assert_accessible(page)

    mode.get_by_role("link", name="Mettre à jour le RIB").click()
    expect(page.get_by_role("heading", name="Mettre à jour le RIB")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("IBAN").fill("FR76 3000 6000 0112 3456 7890 188")
    page.get_by_role("button", name="Continuer").click()
    expect(page.get_by_text("la clé de contrôle ne correspond pas")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("IBAN").fill(NEW_IBAN)
    page.get_by_role("button", name="Continuer").click()

    expect(page.get_by_text("Référence unique du mandat (RUM)")).to_be_visible()
    expect(page.get_by_text("FR76 **** **** **** **** ***0 189")).to_be_visible()
    expect(page.get_by_text("AGRIFRPPXXX")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Continuer").click()
    expect(page.get_by_text("Cochez la case pour accepter le mandat")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("J'ai lu et j'accepte ce mandat de prélèvement SEPA").check()
    page.get_by_role("button", name="Continuer").click()

    expect(page.get_by_role("heading", name="Signer le mandat")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Mot de passe de votre compte").fill(PASSWORD)
    page.get_by_role("button", name="Signer le mandat").click()

    expect(page.get_by_text("Votre nouveau RIB est enregistré")).to_be_visible()
    expect(page.get_by_text("Changement de RIB en attente de validation")).to_be_visible()
    assert_accessible(page)
    [to_karim] = [message for message in mail.outbox if message.to == [karim.email]]
    assert to_karim.subject == "Vos coordonnées bancaires ont été modifiées"
    assert "par Claire MARTIN" in to_karim.body

    staff_context = browser.new_context(base_url=live_server.url, locale="fr-FR", timezone_id="Europe/Paris")
    staff = staff_context.new_page()
    staff.goto("/admin/login/")
    staff.get_by_label("Adresse e-mail").fill(support.email)
    # Wagtail 8 ships this label untranslated.
    staff.get_by_label("Mot de passe").fill(PASSWORD)
    staff.get_by_role("button", name="S'identifier").click()
    staff.goto("/admin/mandats-sepa/?status=pending")
    assert_accessible(staff)
    staff.get_by_role("link", name=claire.signatory.lease.mandates.get(status="pending").rum).click()
    expect(staff.get_by_text("FR76 **** **** **** **** ***0 189", exact=True)).to_be_visible()
    expect(staff.get_by_text("Claire MARTIN (claire.martin@example.org)")).to_be_visible()
    assert_accessible(staff)
    staff.get_by_role("button", name="Valider le mandat").click()
    expect(staff.get_by_text("Mandat validé")).to_be_visible()
    # Wagtail fades its messages in: check the contrast once the fade is over.
    expect(staff.locator(".messages > ul")).to_have_css("opacity", "1")
    assert_accessible(staff)
    staff_context.close()

    page.goto("/espace/paiements/")
    mode = page.get_by_role("region", name="Mode de paiement")
    expect(mode).to_contain_text("Compte prélevé : FR76 **** **** **** **** ***0 189")
    expect(mode).not_to_contain_text("en attente de validation")
    assert_accessible(page)
