"""Passkeys in a real browser: Chromium's virtual authenticator (DevTools protocol) runs the real
WebAuthn ceremonies against the live server, for tenants (« Modifier mes accès », the login page)
and for staff (second factor of the admin)."""

import re

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.factories import PASSWORD, StaffUserFactory, TenantUserFactory

from .conftest import assert_accessible, log_in

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


def add_virtual_authenticator(page):
    """A platform authenticator that stores passkeys and always verifies its user (fingerprint…)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    options = {
        "protocol": "ctap2",
        "transport": "internal",
        "hasResidentKey": True,
        "hasUserVerification": True,
        "isUserVerified": True,
        "automaticPresenceSimulation": True,
    }
    authenticator = cdp.send("WebAuthn.addVirtualAuthenticator", {"options": options})["authenticatorId"]
    return cdp, authenticator


def press_with_keyboard(page, name):
    """Reach the button with Tab alone, then press Enter: what a keyboard user does."""
    target = page.get_by_role("button", name=name)
    for _ in range(80):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            page.keyboard.press("Enter")
            return
    pytest.fail(f"« {name} » cannot be reached with the Tab key")


def admin_log_in(page, staff):
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.locator("input[name=username]").fill(staff.email)
    page.get_by_role("button", name="S'identifier").click()


def no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), f"{page.url} scrolls sideways"


def log_out(page, full_name):
    """From the account menu; on a wide screen, where the menu needs no collapsing animation first
    (the phone's menu is tested in test_phone.py), then back to the size the test had."""
    size = page.viewport_size
    page.set_viewport_size(DESKTOP)
    page.get_by_role("button", name=full_name).click()
    page.get_by_role("button", name="Se déconnecter").click()
    expect(page.get_by_text("Vous êtes déconnecté(e)")).to_be_visible()
    page.set_viewport_size(size)


@pytest.fixture
def sophie(db):
    return TenantUserFactory(signatory__first_name="Sophie", signatory__last_name="Bernard")


def test_tenant_adds_a_passkey_logs_in_with_it_and_keeps_the_password(page, sophie):
    cdp, authenticator = add_virtual_authenticator(page)
    page.set_viewport_size(PHONE)
    log_in(page, sophie.email, PASSWORD)
    page.goto("/compte/acces/")

    passkeys = page.get_by_role("region", name="Clés d'accès")
    expect(passkeys.get_by_text("Vous n'avez pas encore de clé d'accès.")).to_be_visible()
    no_sideways_scroll(page)
    assert_accessible(page)

    press_with_keyboard(page, "Ajouter une clé d'accès")
    expect(passkeys.get_by_role("listitem")).to_have_count(1)
    expect(passkeys.get_by_role("strong").filter(has_text="Clé d'accès n° 1")).to_be_visible()
    expect(passkeys.get_by_text("pas encore utilisée")).to_be_visible()
    assert len(cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator})["credentials"]) == 1
    no_sideways_scroll(page)
    assert_accessible(page)

    log_out(page, "Sophie BERNARD")
    page.goto("/compte/connexion/")
    expect(page.get_by_role("button", name="Se connecter avec une clé d'accès")).to_be_visible()
    no_sideways_scroll(page)
    assert_accessible(page)
    press_with_keyboard(page, "Se connecter avec une clé d'accès")
    expect(page.get_by_role("heading", name=re.compile("Bonjour Sophie"))).to_be_visible()

    page.goto("/compte/acces/")
    expect(passkeys.get_by_text("dernière utilisation le")).to_be_visible()
    log_out(page, "Sophie BERNARD")
    log_in(page, sophie.email, PASSWORD)
    expect(page.get_by_role("heading", name=re.compile("Bonjour Sophie"))).to_be_visible()

    # Removed from « Modifier mes accès », the passkey opens nothing any more.
    page.goto("/compte/acces/")
    passkeys.get_by_role("button", name="Supprimer la clé d'accès n° 1").click()
    expect(page.get_by_text("Votre clé d'accès est supprimée")).to_be_visible()
    expect(passkeys.get_by_text("Vous n'avez pas encore de clé d'accès.")).to_be_visible()
    log_out(page, "Sophie BERNARD")
    page.goto("/compte/connexion/")
    page.get_by_role("button", name="Se connecter avec une clé d'accès").click()
    expect(page.get_by_text("La clé d'accès n'a pas pu être vérifiée.")).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("Bonjour"))).to_have_count(0)


def test_a_suspended_account_cannot_log_in_with_its_passkey(page, sophie):
    add_virtual_authenticator(page)
    log_in(page, sophie.email, PASSWORD)
    page.goto("/compte/acces/")
    page.get_by_role("button", name="Ajouter une clé d'accès").click()
    expect(page.get_by_role("strong").filter(has_text="Clé d'accès n° 1")).to_be_visible()
    log_out(page, "Sophie BERNARD")

    sophie.is_active = False
    sophie.save(update_fields=["is_active"])
    page.goto("/compte/connexion/")
    page.get_by_role("button", name="Se connecter avec une clé d'accès").click()

    expect(page.get_by_text("Ce compte ne peut pas se connecter avec une clé d'accès.")).to_be_visible()
    page.goto("/espace/")
    expect(page).to_have_url(re.compile("/compte/connexion/"))


def test_staff_enrols_an_app_when_required_then_is_asked_for_its_code(page, settings):
    settings.STAFF_SECOND_FACTOR = "required"
    staff = StaffUserFactory(first_name="Inès", last_name="Roux")
    page.goto("/admin/login/")
    admin_log_in(page, staff)

    expect(page.get_by_role("heading", name="Configurer la vérification en deux étapes")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Utiliser une application").click()
    expect(page.get_by_role("img", name=re.compile("QR code"))).to_be_visible()
    assert_accessible(page)
    device = TOTPDevice.objects.get(user=staff, confirmed=False)
    page.get_by_label("Code à 6 chiffres").fill(f"{totp(device.bin_key):06d}")
    page.get_by_role("button", name="Valider").click()

    expect(page.get_by_role("heading", name="Codes de secours")).to_be_visible()
    expect(page.get_by_role("list", name="Vos codes de secours").get_by_role("listitem")).to_have_count(10)
    assert_accessible(page)
    page.get_by_role("link", name="Continuer").click()
    expect(page).to_have_url(re.compile("/admin/$"))

    page.context.clear_cookies()
    page.goto("/admin/")
    admin_log_in(page, staff)
    expect(page.get_by_role("heading", name="Vérification en deux étapes")).to_be_visible()
    page.get_by_label("Code de vérification").fill("000000" if totp(device.bin_key) else "111111")
    page.get_by_role("button", name="Vérifier").click()
    expect(page.get_by_text("n'est pas valide")).to_be_visible()
    assert_accessible(page)
    expect(page).to_have_url(re.compile("/admin/second-facteur/verifier/"))


def test_staff_passkey_as_second_factor(page, settings):
    settings.STAFF_SECOND_FACTOR = "required"
    add_virtual_authenticator(page)
    staff = StaffUserFactory()
    page.goto("/admin/login/")
    admin_log_in(page, staff)
    page.get_by_role("button", name="Enregistrer une clé d'accès").click()
    expect(page.get_by_role("heading", name="Codes de secours")).to_be_visible()

    page.context.clear_cookies()
    page.goto("/admin/")
    admin_log_in(page, staff)
    page.get_by_role("button", name="Utiliser ma clé d'accès").click()
    expect(page).to_have_url(re.compile("/admin/$"))
