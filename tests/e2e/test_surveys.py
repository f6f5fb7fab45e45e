"""Enquête SLS: Claire answers on her phone with her avis d'imposition, Karim sees it sent, the
« Enquêtes » staff ask for a complément, Claire adds it, staff accept; the acknowledgement is in
« Mes documents » and the export holds the lease once."""

from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from portal.erp.services import erp_export_run
from portal.surveys.models import Response
from tests.factories import (
    PASSWORD,
    HouseholdMemberFactory,
    LeaseFactory,
    SignatoryFactory,
    StaffUserFactory,
    TenantUserFactory,
)
from tests.portal.documents.conftest import private_files_in_tmp  # noqa: F401 - PDFs of « Mes documents » in tmp
from tests.portal.dossier.factories import pdf_bytes
from tests.portal.surveys.factories import ceilings, launched

from .conftest import assert_accessible, log_in

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(autouse=True)
def folders(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ERP_EXPORT_DIR = tmp_path / "outbox"


@pytest.fixture
def martins(db):
    lease = LeaseFactory(tenant_number="100001", external_id="BAIL-100001")
    claire = TenantUserFactory(
        email="claire.martin@example.org",
        signatory=SignatoryFactory(lease=lease, last_name="MARTIN", first_name="Claire", birth_date=date(1985, 3, 14)),
    )
    karim = TenantUserFactory(
        email="karim.martin@example.org",
        signatory=SignatoryFactory(lease=lease, last_name="MARTIN", first_name="Karim", birth_date=date(1983, 11, 2)),
    )
    HouseholdMemberFactory(lease=lease, last_name="MARTIN", first_name="Inès", birth_date=date(2012, 5, 3))
    # Signing up makes a lease paperless: its documents then show in « Mes documents ».
    lease.paperless_since = timezone.now()
    lease.save(update_fields=["paperless_since"])
    return claire, karim


def assert_fits_the_phone(page):
    """No sideways scroll at 390 px."""
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), page.url


def check(page):
    assert_accessible(page)
    if page.viewport_size == PHONE:
        assert_fits_the_phone(page)


def test_claire_answers_karim_sees_it_staff_ask_a_complement_and_accept(page, martins, tmp_path):
    claire, karim = martins
    staff = StaffUserFactory(email="enquetes@example.org", first_name="Élise", group="Enquêtes")
    campaign = launched(claire.signatory.lease)
    ceilings()
    avis = tmp_path / "avis-imposition-2026.pdf"
    avis.write_bytes(pdf_bytes())
    page2 = tmp_path / "avis-page-2.pdf"
    page2.write_bytes(pdf_bytes())

    # Claire, on her phone: the banner on every page, then the three steps.
    page.set_viewport_size(PHONE)
    log_in(page, claire.email, PASSWORD)
    banner = page.get_by_role("complementary", name="Enquête SLS 2027")
    expect(banner).to_contain_text(f"Enquête SLS 2027 : répondez avant le {campaign.closes_on:%d/%m/%Y}")
    check(page)
    banner.get_by_role("link", name="Répondre à l'enquête").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Enquête SLS 2027")
    check(page)
    page.get_by_role("main").get_by_role("link", name="Répondre à l'enquête").last.click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Votre foyer")
    expect(page.get_by_role("group", name="Inès MARTIN").get_by_label("Prénom")).to_have_value("Inès")
    check(page)
    page.get_by_role("button", name="Enregistrer et continuer").click()
    # The signatories' situation is not on file: a French message next to each, nothing lost.
    karim_box = page.get_by_role("group", name="Karim MARTIN")
    expect(karim_box.get_by_text("Ce champ est obligatoire.")).to_be_visible()
    check(page)
    karim_box.get_by_label("Situation").select_option(label="Salarié(e)")
    page.get_by_role("group", name="Claire MARTIN").get_by_label("Situation").select_option(label="Demandeur d'emploi")
    page.get_by_role("button", name="Enregistrer et continuer").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Vos ressources")
    check(page)
    notice = page.get_by_role("group", name="Avis d'imposition n° 1 (facultatif)")
    notice.get_by_label("Déclarant(s)").fill("Claire et Karim MARTIN")
    notice.get_by_label("Revenu fiscal de référence (en euros)").fill("24350")
    page.get_by_label("Joindre vos avis d'imposition").set_input_files(str(avis))
    page.get_by_role("button", name="Enregistrer et continuer").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Vérifier et envoyer")
    expect(page.get_by_text("Claire et Karim MARTIN : revenu fiscal de référence 24 350 €")).to_be_visible()
    expect(page.get_by_text("Fichiers joints : avis-imposition-2026.pdf.")).to_be_visible()
    check(page)
    page.get_by_role("button", name="Envoyer ma réponse").click()
    expect(page.get_by_text("Cochez la déclaration sur l'honneur pour envoyer votre réponse.")).to_be_visible()
    check(page)
    page.get_by_label("Je certifie sur l'honneur").check()
    page.get_by_role("button", name="Envoyer ma réponse").click()
    expect(page.get_by_text("Votre réponse est envoyée.")).to_be_visible()
    expect(page.get_by_role("heading", name="Votre réponse : envoyée")).to_be_visible()
    expect(page.get_by_role("complementary", name="Enquête SLS 2027")).to_have_count(0)
    check(page)

    # Karim sees it sent, on his own account.
    page.context.clear_cookies()
    log_in(page, karim.email, PASSWORD)
    expect(page.get_by_role("heading", name="Bonjour Karim")).to_be_visible()
    expect(page.get_by_role("complementary", name="Enquête SLS 2027")).to_have_count(0)
    page.get_by_role("link", name="Voir ma réponse à l'enquête").click()
    expect(page.get_by_role("heading", name="Votre réponse : envoyée")).to_be_visible()
    expect(page.get_by_text("Réponse envoyée par Claire MARTIN")).to_be_visible()
    check(page)

    # The « Enquêtes » staff: the follow-up, the response with its avis, a complément.
    response = Response.objects.get(campaign=campaign, lease=claire.signatory.lease)
    page.set_viewport_size(DESKTOP)
    page.context.clear_cookies()
    log_in(page, staff.email, PASSWORD)
    page.goto(f"/admin/enquetes/campagnes/inspect/{campaign.pk}/")
    expect(page.get_by_text("Réponses par statut (1 baux)")).to_be_visible()
    check(page)
    page.goto(f"/admin/enquetes/reponses/inspect/{response.pk}/")
    expect(page.get_by_role("link", name="avis-imposition-2026.pdf")).to_be_visible()
    check(page)
    page.get_by_label("Ce qui manque").fill("Joignez aussi la page 2 de votre avis d'imposition.")
    page.get_by_role("button", name="Demander un complément").click()
    expect(page.get_by_text("Complément demandé : les locataires sont prévenus par e-mail.")).to_be_visible()

    # Claire adds it.
    page.set_viewport_size(PHONE)
    page.context.clear_cookies()
    log_in(page, claire.email, PASSWORD)
    banner = page.get_by_role("complementary", name="Enquête SLS 2027")
    expect(banner).to_contain_text("Un complément vous est demandé.")
    banner.get_by_role("link", name="Reprendre l'enquête").click()
    expect(page.get_by_text("Joignez aussi la page 2 de votre avis d'imposition.")).to_be_visible()
    check(page)
    page.get_by_role("link", name="Compléter ma réponse").click()
    page.get_by_role("button", name="Enregistrer et continuer").click()
    expect(page.get_by_role("checkbox", name="Retirer avis-imposition-2026.pdf")).to_be_visible()
    page.get_by_label("Joindre vos avis d'imposition").set_input_files(str(page2))
    check(page)
    page.get_by_role("button", name="Enregistrer et continuer").click()
    expect(page.get_by_text("Fichiers joints : avis-imposition-2026.pdf, avis-page-2.pdf.")).to_be_visible()
    page.get_by_label("Votre réponse à notre demande de complément").fill("Voici la page 2.")
    page.get_by_label("Je certifie sur l'honneur").check()
    check(page)
    page.get_by_role("button", name="Envoyer ma réponse").click()
    expect(page.get_by_role("heading", name="Votre réponse : envoyée")).to_be_visible()

    # Staff accept.
    page.set_viewport_size(DESKTOP)
    page.context.clear_cookies()
    log_in(page, staff.email, PASSWORD)
    page.goto(f"/admin/enquetes/reponses/inspect/{response.pk}/")
    expect(page.get_by_text("Voici la page 2.", exact=True)).to_be_visible()
    page.get_by_role("button", name="Accepter la réponse").click()
    expect(page.get_by_text("Réponse acceptée.")).to_be_visible()
    # Scanned once Wagtail's message has faded in: mid-animation its colours fail the contrast rule.
    page.reload()
    expect(page.get_by_text("Ressources : 62,4 % du plafond")).to_be_visible()
    check(page)

    # The acknowledgement is in Claire's « Mes documents ».
    page.set_viewport_size(PHONE)
    page.context.clear_cookies()
    log_in(page, claire.email, PASSWORD)
    page.get_by_role("button", name="Ouvrir le menu").click()
    page.get_by_role("navigation", name="Navigation principale").get_by_role("link", name="Mes documents").click()
    expect(page.get_by_text("Accusé de réception – Enquête SLS 2027").first).to_be_visible()
    page.goto("/espace/enquete/")
    expect(page.get_by_role("heading", name="Votre réponse : acceptée")).to_be_visible()
    check(page)

    # The export holds the lease once, however often it runs.
    first, second = erp_export_run(source="test"), erp_export_run(source="test")
    folder = Path(settings.ERP_EXPORT_DIR)
    for run, expected in ((first, 1), (second, 0)):
        name = next(f["name"] for f in run.files if f["name"].startswith("enquetes_baux"))
        rows = (folder / run.folder_name / name).read_text(encoding="utf-8").splitlines()[1:]
        assert [row.split(";")[3] for row in rows] == ["100001"] * expected
