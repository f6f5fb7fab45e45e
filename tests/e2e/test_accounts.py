"""Journeys of a tenant's login: sign-up, lockout, password reset, access changes, unsubscribe."""

import json
import re
import zipfile
from datetime import date

import pytest
from django.core import mail
from django.test import Client
from playwright.sync_api import expect

from portal.accounts.services import device_authenticate, device_sign_in
from tests.factories import PASSWORD, LeaseFactory, SignatoryFactory, TenantUserFactory

from .conftest import assert_accessible, log_in

NEW_PASSWORD = "Encore-un-mot-de-passe-2026"


def _label(text):
    # crispy adds an asterisk to required fields' labels.
    return re.compile(rf"^\s*{re.escape(text)}\s*\*?\s*$")


def _link_sent_to(address, live_server):
    message = [message for message in mail.outbox if address in message.to][-1]
    return re.search(rf"{re.escape(live_server.url)}(/\S+)", message.body).group(1)


@pytest.fixture
def lucas(db):
    return SignatoryFactory(
        lease=LeaseFactory(tenant_number="100003"), last_name="PETIT", first_name="Lucas", birth_date=date(1979, 1, 5)
    )


def _sign_up(page, email):
    page.goto("/")
    page.get_by_role("link", name="Créer mon compte").first.click()
    expect(page.get_by_role("heading", level=1, name="Créer mon compte")).to_be_visible()
    expect(page.get_by_text("dématérialisation de vos avis d'échéance")).to_be_visible()
    assert_accessible(page)
    page.get_by_label(_label("Numéro de locataire")).fill("100003")
    page.get_by_label(_label("Nom")).fill("petit")
    page.get_by_label(_label("Prénom")).fill("Lucas ")
    page.get_by_label(_label("Date de naissance")).fill("1979-01-05")
    page.get_by_label(_label("Adresse e-mail")).fill(email)
    page.get_by_label(_label("Mot de passe")).fill(NEW_PASSWORD)
    page.get_by_label(_label("Confirmation du mot de passe")).fill(NEW_PASSWORD)
    page.get_by_role("button", name="Créer mon compte").click()
    expect(page.get_by_role("heading", name="Vérifiez votre messagerie")).to_be_visible()
    assert_accessible(page)


def _open_account_menu(page, name):
    page.get_by_role("button", name=name).click()


def test_sign_up_confirm_log_in_and_out(page, lucas, live_server):
    page.goto("/compte/inscription/")
    page.get_by_label(_label("Numéro de locataire")).fill("100003")
    page.get_by_role("button", name="Créer mon compte").click()
    expect(page.get_by_label(_label("Nom"))).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label(_label("Numéro de locataire"))).to_have_value("100003")
    assert_accessible(page)

    _sign_up(page, "lucas.petit@example.org")

    page.goto(_link_sent_to("lucas.petit@example.org", live_server))
    expect(page.get_by_text("Votre compte est activé")).to_be_visible()
    assert_accessible(page)
    log_in(page, "lucas.petit@example.org", NEW_PASSWORD)
    expect(page.get_by_role("heading", name="Bonjour Lucas")).to_be_visible()
    expect(page.get_by_text("sont dématérialisés depuis le")).to_be_visible()
    assert_accessible(page)

    _open_account_menu(page, "Lucas PETIT")
    page.get_by_role("button", name="Se déconnecter").click()
    expect(page.get_by_text("Vous êtes déconnecté(e)")).to_be_visible()
    expect(page.get_by_role("heading", name="Connectez-vous")).to_be_visible()
    assert_accessible(page)


def test_failed_logins_lead_to_the_lockout_message(page, db):
    tenant = TenantUserFactory(email="bloque@example.org")
    log_in(page, tenant.email, "pas-le-bon")
    expect(page.get_by_text("Identifiant ou mot de passe incorrect")).to_be_visible()
    assert_accessible(page)
    for _attempt in range(4):
        log_in(page, tenant.email, "pas-le-bon")

    expect(page.get_by_role("heading", name="Accès temporairement bloqué")).to_be_visible()
    expect(page.get_by_text("bloqué pendant 15 minutes")).to_be_visible()
    assert_accessible(page)

    log_in(page, tenant.email, PASSWORD)
    expect(page.get_by_role("heading", name="Accès temporairement bloqué")).to_be_visible()


def test_password_reset_by_email(page, db, live_server):
    tenant = TenantUserFactory(email="oubli@example.org", signatory__first_name="Inès")
    page.goto("/compte/connexion/")
    assert_accessible(page)
    page.get_by_role("link", name="Mot de passe oublié ?").click()
    expect(page.get_by_role("heading", name="Mot de passe oublié ?")).to_be_visible()
    assert_accessible(page)
    page.get_by_label(_label("Adresse e-mail")).fill(tenant.email)
    page.get_by_role("button", name="Recevoir un lien").click()
    expect(page.get_by_role("heading", name="Vérifiez votre messagerie")).to_be_visible()
    assert_accessible(page)

    page.goto(_link_sent_to(tenant.email, live_server))
    expect(page.get_by_role("heading", name="Choisir un nouveau mot de passe")).to_be_visible()
    assert_accessible(page)
    page.get_by_label(_label("Nouveau mot de passe")).fill(NEW_PASSWORD)
    page.get_by_label(_label("Confirmation du nouveau mot de passe")).fill(NEW_PASSWORD)
    page.get_by_role("button", name="Valider").click()
    expect(page.get_by_role("heading", name="Votre mot de passe est modifié")).to_be_visible()
    assert_accessible(page)

    log_in(page, tenant.email, NEW_PASSWORD)
    expect(page.get_by_role("heading", name="Bonjour Inès")).to_be_visible()


def test_change_of_email_and_password(page, db, live_server):
    tenant = TenantUserFactory(email="avant@example.org", signatory__first_name="Karim", signatory__last_name="Martin")
    log_in(page, tenant.email, PASSWORD)
    _open_account_menu(page, "Karim MARTIN")
    page.get_by_role("link", name="Modifier mes accès").click()
    expect(page.get_by_role("heading", level=1, name="Modifier mes accès")).to_be_visible()
    assert_accessible(page)

    email_card = page.get_by_role("region", name="Changer d'adresse e-mail")
    email_card.get_by_label(_label("Nouvelle adresse e-mail")).fill("apres@example.org")
    email_card.get_by_label(_label("Mot de passe actuel")).fill("pas-le-bon")
    email_card.get_by_role("button", name="Changer mon adresse").click()
    expect(page.get_by_text("Mot de passe incorrect.")).to_be_visible()
    expect(email_card.get_by_label(_label("Nouvelle adresse e-mail"))).to_have_value("apres@example.org")
    assert_accessible(page)
    email_card.get_by_label(_label("Mot de passe actuel")).fill(PASSWORD)
    email_card.get_by_role("button", name="Changer mon adresse").click()
    expect(page.get_by_text("Nous avons envoyé un lien de confirmation à apres@example.org")).to_be_visible()
    assert_accessible(page)

    page.goto(_link_sent_to("apres@example.org", live_server))
    expect(page.get_by_text("Votre nouvelle adresse e-mail est confirmée")).to_be_visible()
    expect(page.get_by_text("apres@example.org")).to_be_visible()
    assert_accessible(page)

    password_card = page.get_by_role("region", name="Changer de mot de passe")
    password_card.get_by_label(_label("Mot de passe actuel")).fill(PASSWORD)
    password_card.get_by_label(_label("Nouveau mot de passe")).fill(NEW_PASSWORD)
    password_card.get_by_label(_label("Confirmation du nouveau mot de passe")).fill(NEW_PASSWORD)
    password_card.get_by_role("button", name="Changer mon mot de passe").click()
    expect(page.get_by_text("Votre mot de passe a été modifié.")).to_be_visible()
    assert_accessible(page)

    _open_account_menu(page, "Karim MARTIN")
    page.get_by_role("button", name="Se déconnecter").click()
    log_in(page, "apres@example.org", NEW_PASSWORD)
    expect(page.get_by_role("heading", name="Bonjour Karim")).to_be_visible()


def test_unsubscribe_then_sign_up_again(page, lucas, live_server):
    TenantUserFactory(signatory=lucas, email="lucas.petit@example.org")
    log_in(page, "lucas.petit@example.org", PASSWORD)
    _open_account_menu(page, "Lucas PETIT")
    page.get_by_role("link", name="Modifier mes accès").click()
    page.get_by_role("link", name="Me désinscrire").click()
    expect(page.get_by_role("heading", level=1, name="Me désinscrire")).to_be_visible()
    expect(page.get_by_text("ne seront plus accessibles en ligne")).to_be_visible()
    expect(page.get_by_text("réinscrire à tout moment")).to_be_visible()
    assert_accessible(page)
    page.get_by_label(_label("Mot de passe")).fill(PASSWORD)
    page.get_by_role("button", name="Me désinscrire").click()
    expect(page.get_by_text("Votre compte a été supprimé")).to_be_visible()
    assert_accessible(page)

    _sign_up(page, "lucas.nouveau@example.org")
    page.goto(_link_sent_to("lucas.nouveau@example.org", live_server))
    log_in(page, "lucas.nouveau@example.org", NEW_PASSWORD)
    expect(page.get_by_role("heading", name="Bonjour Lucas")).to_be_visible()


def test_connected_apps_are_listed_and_disconnected(page, db):
    tenant = TenantUserFactory(signatory__first_name="Karim", signatory__last_name="Martin")
    phone = device_sign_in(user=tenant, name="iPhone de Karim", client_ip="203.0.113.9")
    device_sign_in(user=tenant, name="Tablette du salon", client_ip=None)
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, tenant.email, PASSWORD)
    page.goto("/compte/acces/")

    devices = page.get_by_role("region", name="Appareils connectés")
    expect(devices.get_by_role("listitem")).to_have_count(2)
    expect(devices.get_by_role("strong").filter(has_text="iPhone de Karim")).to_be_visible()
    expect(devices.get_by_role("strong").filter(has_text="Tablette du salon")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_accessible(page)

    devices.get_by_role("button", name="Déconnecter iPhone de Karim").click()
    expect(page.get_by_text("L'appareil a été déconnecté.")).to_be_visible()
    expect(devices.get_by_role("listitem")).to_have_count(1)
    expect(devices.get_by_role("strong").filter(has_text="iPhone de Karim")).to_have_count(0)
    assert device_authenticate(access_token=phone.access_token, client_ip=None) is None

    devices.get_by_role("button", name="Déconnecter tous les appareils").click()
    expect(page.get_by_text("Aucune application mobile n'est connectée à votre compte.")).to_be_visible()
    assert_accessible(page)


def test_unlock_link_lifts_the_slow_down_then_the_data_download(page, db, live_server, settings, tmp_path):
    tenant = TenantUserFactory()
    # Wrong passwords on the tenant's identifiant from many addresses: it is slowed down, and the
    # owner receives the unlock link.
    for number in range(settings.LOGIN_FAILURES_PER_IDENTIFIANT + 1):
        Client().post(
            "/compte/connexion/",
            {"username": tenant.email, "password": "mauvais"},
            REMOTE_ADDR=f"203.0.113.{number + 1}",
        )

    log_in(page, tenant.email, PASSWORD)
    expect(page.get_by_text("un seul essai est possible par minute")).to_be_visible()
    assert_accessible(page)

    page.goto(_link_sent_to(tenant.email, live_server))
    expect(page.get_by_role("heading", level=1, name="Débloquer mon accès")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Débloquer mon accès").click()
    expect(page.get_by_text("Votre accès est débloqué dans ce navigateur")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Identifiant (adresse e-mail)").fill(tenant.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="SE CONNECTER", exact=True).click()
    expect(page.get_by_role("heading", level=1, name=re.compile("Bonjour"))).to_be_visible()

    page.goto("/compte/acces/")
    expect(page.get_by_role("heading", name="Mes données")).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Télécharger mes données").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".zip")
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    with zipfile.ZipFile(target) as archive:
        data = json.loads(archive.read("donnees.json"))
    assert data["compte"]["email"] == tenant.email
