"""The tenant space on a 390 px phone: every page fits the screen, lists become cards, the first
screen shows what the tenant comes for."""

import os
from datetime import date, timedelta
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from portal.billing.enums import EntryKind
from portal.billing.services import NewEntry, ledger_entries_record
from portal.leases.enums import Relationship
from portal.requests.enums import RequestStatus
from tests.factories import (
    PASSWORD,
    HouseholdMemberFactory,
    LeaseFactory,
    ResidenceFactory,
    SignatoryFactory,
    TenantUserFactory,
    UnitFactory,
)
from tests.portal.dossier.factories import InsuranceFactory
from tests.portal.requests.factories import RequestCategoryFactory, RequestFactory

from .conftest import assert_accessible, log_in

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}

TENANT_PAGES = [
    "/espace/",
    "/espace/paiements/",
    "/espace/paiements/payer/",
    "/espace/paiements/rib/",
    "/espace/documents/",
    "/espace/demandes/",
    "/espace/demandes/nouvelle/",
    "/espace/dossier/",
    "/espace/dossier/coordonnees/modifier/",
    "/espace/dossier/foyer/ajouter/",
    "/espace/dossier/assurance/modifier/",
    "/espace/contacts/",
    "/compte/acces/",
]


@pytest.fixture
def phone(browser, live_server, django_db_serialized_rollback, settings):
    settings.PORTAL_BASE_URL = live_server.url
    settings.PAYMENT_BACKEND = "demo"
    context = browser.new_context(
        base_url=live_server.url, locale="fr-FR", timezone_id="Europe/Paris", viewport=PHONE, has_touch=True
    )
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


@pytest.fixture
def claire(db):
    """A lease with what makes screens wide: long names, a household, a ledger with a rejected
    direct debit, requests of one category, an insurance."""
    residence = ResidenceFactory(name="Les Jardins de la Fontaine de Nîmes")
    unit = UnitFactory(residence=residence, reference="Bât. C, logement 01")
    lease = LeaseFactory(tenant_number="100001", residence=residence, units=[unit])
    user = TenantUserFactory(
        email="claire.martin@example.org",
        signatory=SignatoryFactory(lease=lease, first_name="Claire", last_name="MARTIN-DELACROIX"),
    )
    SignatoryFactory(lease=lease, first_name="Karim", last_name="MARTIN-DELACROIX")
    HouseholdMemberFactory(
        lease=lease, first_name="Inès", last_name="MARTIN-DELACROIX", relationship=Relationship.CHILD
    )
    InsuranceFactory(lease=lease, insurer="Mutuelle d'assurance des instituteurs de France")
    today = date.today()
    entries = []
    for months in range(12, 0, -1):
        booked_on = (today.replace(day=1) - timedelta(days=30 * months)).replace(day=5)
        entries += [
            NewEntry(EntryKind.RENT, "Loyer principal", Decimal("412.30"), booked_on),
            NewEntry(EntryKind.CHARGES, "Provisions sur charges", Decimal("96.50"), booked_on),
            NewEntry(EntryKind.DIRECT_DEBIT, f"Prélèvement du {booked_on:%d/%m/%Y}", Decimal("-508.80"), booked_on),
        ]
    entries.append(NewEntry(EntryKind.DIRECT_DEBIT_REJECTED, "Rejet du prélèvement", Decimal("508.80"), today))
    ledger_entries_record(lease=lease, entries=entries, created_by="tests")
    housing = RequestCategoryFactory(name="Logement")
    plumbing = RequestCategoryFactory(name="Plomberie", parent=housing)
    RequestFactory(lease=lease, unit=unit, category=plumbing, description="Le robinet de la cuisine goutte sans arrêt.")
    RequestFactory(
        lease=lease,
        unit=unit,
        category=plumbing,
        status=RequestStatus.IN_PROGRESS,
        description="La chasse d'eau des toilettes coule en continu depuis lundi.",
    )
    return user


def assert_fits(page):
    """Nothing is wider than the screen, and nothing hides behind a sideways scroll."""
    width = page.evaluate("window.innerWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{page.url} scrolls sideways"
    hidden = page.evaluate(
        """() => [...document.querySelectorAll('*')]
          .filter(e => ['auto', 'scroll'].includes(getComputedStyle(e).overflowX) && e.scrollWidth > e.clientWidth + 1)
          .map(e => e.className)"""
    )
    assert hidden == [], f"{page.url}: content to swipe in {hidden}"


def test_every_tenant_page_fits_a_390_px_phone(phone, claire):
    log_in(phone, claire.email, PASSWORD)
    expect(phone.get_by_role("heading", name="Bonjour Claire")).to_be_visible()
    request_pages = [f"/espace/demandes/{pk}/" for pk in claire.signatory.lease.requests.values_list("pk", flat=True)]
    for path in TENANT_PAGES + request_pages:
        phone.goto(path)
        expect(phone.get_by_role("heading", level=1)).to_be_visible()
        assert_fits(phone)
        assert_accessible(phone)


def test_on_a_phone_each_request_is_a_card_opened_by_a_tap_anywhere(phone, claire):
    log_in(phone, claire.email, PASSWORD)
    phone.goto("/espace/demandes/")
    expect(phone.get_by_role("heading", name="Détail de mes demandes")).to_be_visible()
    card = phone.get_by_role("row").filter(has_text="La chasse d'eau des toilettes coule")
    # Each line of the card is named by its column (read from the CSS label, as a screen reader does).
    expect(card.get_by_role("cell", name=f"Envoyée le : {date.today():%d/%m/%Y}")).to_be_visible()
    expect(
        card.get_by_role("cell", name="Lieu : Logement Bât. C, logement 01 – Les Jardins de la Fontaine de Nîmes")
    ).to_be_visible()
    # Two plumbing requests are told apart by the start of their description.
    expect(phone.get_by_role("row").filter(has_text="Le robinet de la cuisine goutte")).to_be_visible()
    # A tap in the middle of the card, away from the reference, opens the request.
    card.tap()
    flush = claire.signatory.lease.requests.get(description__startswith="La chasse d'eau")
    expect(phone.get_by_role("heading", level=1)).to_have_text(f"Détail de ma demande {flush.reference}")


def test_household_buttons_and_payment_amounts_are_on_the_phone_screen(phone, claire):
    log_in(phone, claire.email, PASSWORD)
    phone.goto("/espace/dossier/")
    for name in ["Modifier Inès MARTIN-DELACROIX", "Retirer du foyer Inès MARTIN-DELACROIX"]:
        box = phone.get_by_role("link", name=name).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], name

    phone.goto("/espace/paiements/")
    rejection = phone.get_by_role("row").filter(has_text="Rejet du prélèvement")
    amount = rejection.get_by_text("508,80 €")
    expect(amount).to_be_visible()
    box = amount.bounding_box()
    assert box["x"] + box["width"] <= PHONE["width"]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390px", "1366px"])
def test_every_tenant_page_fits_at_both_widths_with_screenshots_to_look_at(
    browser, live_server, django_db_serialized_rollback, claire, viewport
):
    """Set SCREENSHOTS_DIR to keep a full-page screenshot of every tenant page at this width."""
    out = os.environ.get("SCREENSHOTS_DIR")
    context = browser.new_context(base_url=live_server.url, locale="fr-FR", viewport=viewport)
    page = context.new_page()
    log_in(page, claire.email, PASSWORD)
    expect(page.get_by_role("heading", name="Bonjour Claire")).to_be_visible()
    for path in TENANT_PAGES:
        page.goto(path)
        assert_fits(page)
        if out:
            name = path.strip("/").replace("/", "_")
            page.screenshot(path=f"{out}/{viewport['width']}_{name}.png", full_page=True)
    context.close()
