"""« Mes contacts » and « MON DOSSIER »: a tenant sends changes, Service client accepts them, the tenant sees them."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from portal.leases.enums import StaffRole
from tests.factories import (
    PASSWORD,
    HouseholdMemberFactory,
    LeaseFactory,
    SignatoryFactory,
    StaffContactFactory,
    StaffUserFactory,
    TenantUserFactory,
)
from tests.portal.dossier.factories import InsuranceFactory, pdf_bytes

from .conftest import assert_accessible, log_in


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def claire(db):
    lease = LeaseFactory(tenant_number="100001")
    signatory = SignatoryFactory(
        lease=lease,
        last_name="MARTIN",
        first_name="Claire",
        birth_date=date(1985, 3, 14),
        mobile_phone="06 12 34 01 01",
    )
    SignatoryFactory(lease=lease, last_name="MARTIN", first_name="Karim", birth_date=date(1983, 11, 2))
    HouseholdMemberFactory(lease=lease, last_name="MARTIN", first_name="Inès", birth_date=date(2012, 5, 3))
    HouseholdMemberFactory(lease=lease, last_name="MARTIN", first_name="Yanis", birth_date=date(2015, 9, 27))
    agency = lease.residence.agency
    agency.opening_hours = "Du lundi au vendredi, de 8 h 30 à 12 h."
    agency.save()
    for role, last_name in [
        (StaffRole.MANAGER, "Roux"),
        (StaffRole.CARETAKER, "Brun"),
        (StaffRole.CUSTOMER_OFFICER, "Vidal"),
    ]:
        StaffContactFactory(role=role, agency=agency, last_name=last_name).residences.set([lease.residence])
    InsuranceFactory(lease=lease, insurer="MAIF", valid_until=timezone.localdate() + timedelta(days=18))
    return TenantUserFactory(signatory=signatory, email="claire.martin@example.org")


@pytest.fixture
def support(db):
    return StaffUserFactory(email="support@example.org", first_name="Samia", group="Service client")


def test_claire_updates_her_file_and_service_client_accepts_it(page, claire, support, tmp_path):
    log_in(page, claire.email, PASSWORD)
    expect(page.get_by_role("heading", name="Bonjour Claire")).to_be_visible()

    page.get_by_role("navigation", name="Navigation principale").get_by_role("link", name="Mes contacts").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes contacts")
    manager = page.get_by_role("region", name="Gérant / gestionnaire technique de proximité : Paul ROUX")
    expect(manager.get_by_role("link", name="06 00 00 00 00")).to_have_attribute("href", "tel:+33600000000")
    expect(page.get_by_role("region", name="Gardien : Paul BRUN")).to_be_visible()
    expect(page.get_by_text("Du lundi au vendredi, de 8 h 30 à 12 h.")).to_be_visible()
    expect(page.get_by_role("link", name="portail-locataire@hdg30.fr").first).to_be_visible()
    assert_accessible(page)

    # Her phone: Modifier -> form -> review -> back to the form with what she typed -> Valider.
    page.get_by_role("navigation", name="Navigation principale").get_by_role("link", name="Mon dossier").click()
    assert_accessible(page)
    personal = page.get_by_role("region", name="Informations personnelles")
    personal.get_by_role("link", name="Modifier").click()
    page.get_by_label("Téléphone mobile").fill("07 81 22 33 44")
    page.get_by_role("button", name="Vérifier mes informations").click()
    expect(page.get_by_role("heading", name="Vérifiez vos informations")).to_be_visible()
    expect(page.get_by_role("cell", name="07 81 22 33 44")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Modifier").click()
    expect(page.get_by_label("Téléphone mobile")).to_have_value("+33781223344")
    assert_accessible(page)
    page.get_by_role("button", name="Vérifier mes informations").click()
    page.get_by_role("button", name="Valider").click()
    expect(page.get_by_text("Votre modification a été transmise à nos services")).to_be_visible()
    expect(personal.get_by_text("en attente de validation par nos services")).to_be_visible()
    assert_accessible(page)

    # Her new insurance, with « Joindre un fichier ».
    proof = tmp_path / "attestation-2027.pdf"
    proof.write_bytes(pdf_bytes())
    page.get_by_role("region", name="Assurance habitation").get_by_role("link", name="Modifier").click()
    page.get_by_label("Assureur").fill("MACIF")
    page.get_by_label("Numéro de contrat").fill("MAC-2027-001")
    page.get_by_label("Valable du").fill(timezone.localdate().isoformat())
    page.get_by_label("Valable jusqu'au").fill((timezone.localdate() + timedelta(days=365)).isoformat())
    page.get_by_label("Joindre un fichier").set_input_files(str(proof))
    assert_accessible(page)
    page.get_by_role("button", name="Vérifier mes informations").click()
    expect(page.get_by_role("cell", name="attestation-2027.pdf")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Valider").click()
    insurance = page.get_by_role("region", name="Assurance habitation")
    expect(insurance.get_by_text("En attente de vérification")).to_be_visible()
    assert_accessible(page)

    # Service client accepts both in the Wagtail admin.
    page.context.clear_cookies()
    log_in(page, support.email, PASSWORD)
    page.goto("/admin/dossier/modifications/?status=pending")
    expect(page.get_by_role("link", name="Assurance habitation – bail 100001")).to_be_visible()
    assert_accessible(page)
    for title in ["Coordonnées – bail 100001", "Assurance habitation – bail 100001"]:
        page.goto("/admin/dossier/modifications/?status=pending")
        page.get_by_role("link", name=title).click()
        expect(page.get_by_role("button", name="Accepter la modification")).to_be_visible()
        assert_accessible(page)
        page.get_by_role("button", name="Accepter la modification").click()
        expect(page.get_by_text("Modification acceptée")).to_be_visible()
    page.goto("/admin/dossier/assurances/")
    expect(page.get_by_role("heading", name="Assurances à régulariser")).to_be_visible()
    assert_accessible(page)

    # Claire sees both applied.
    page.context.clear_cookies()
    log_in(page, claire.email, PASSWORD)
    page.goto("/espace/dossier/")
    personal = page.get_by_role("region", name="Informations personnelles")
    expect(personal.get_by_text("07 81 22 33 44")).to_be_visible()
    insurance = page.get_by_role("region", name="Assurance habitation")
    expect(insurance.get_by_text("À jour")).to_be_visible()
    expect(insurance.get_by_text("MAC-2027-001")).to_be_visible()
    expect(insurance.get_by_text("en attente de validation")).to_have_count(0)
    assert_accessible(page)
