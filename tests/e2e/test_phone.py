"""The tenant space on a 390 px phone: every page fits the screen, lists become cards, the first
screen shows what the tenant comes for."""

import os
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from home.models import Announcement, HomePage
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
from tests.portal.requests.factories import RequestCategoryFactory, TenantRequestFactory

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
    TenantRequestFactory(
        lease=lease, unit=unit, category=plumbing, description="Le robinet de la cuisine goutte sans arrêt."
    )
    TenantRequestFactory(
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


def in_first_screen(locator) -> bool:
    box = locator.bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"]


@pytest.fixture
def home_with_features(db):
    home = HomePage.objects.live().get(depth=2)
    home.features = [
        ("feature", {"title": title, "text": "Réglez votre loyer, retrouvez vos avis, suivez vos demandes en ligne."})
        for title in ["Payer en ligne", "Mes documents", "Mes demandes", "Mon dossier"]
    ]
    home.save()
    return home


def test_on_a_phone_the_public_home_starts_with_the_login_block(phone, home_with_features):
    phone.goto("/")
    login = phone.get_by_role("region", name="Connectez-vous")
    expect(login).to_be_visible()
    assert in_first_screen(phone.get_by_role("button", name="SE CONNECTER", exact=True))
    assert in_first_screen(login.get_by_role("link", name="Créer mon compte"))
    services = phone.get_by_role("heading", name="Ce que vous pouvez faire en ligne")
    assert login.bounding_box()["y"] < services.bounding_box()["y"]
    assert_fits(phone)
    assert_accessible(phone)


def test_on_a_phone_accueil_starts_with_the_amount_due_and_the_pay_button(phone, claire):
    lease = claire.signatory.lease
    for title in ["Coupure d'eau programmée le 3 décembre de 8 h à 12 h", "Nettoyage des caves"]:
        alert = Announcement(
            title=title,
            kind=Announcement.Kind.ALERT,
            text="<p>Des travaux sur le réseau imposent une coupure d'eau froide. Pensez à faire des réserves.</p>",
            show_from=date.today(),
        )
        alert.save()
        alert.residences.set([lease.residence])
    log_in(phone, claire.email, PASSWORD)
    expect(phone.get_by_role("heading", name="Bonjour Claire")).to_be_visible()
    owed = phone.get_by_text("Somme due : 508,80 €")
    pay = phone.get_by_role("link", name="PAYER EN LIGNE")
    assert in_first_screen(owed) and in_first_screen(pay)
    news = phone.get_by_role("heading", name="Actualités et alertes de votre résidence")
    assert pay.bounding_box()["y"] < news.bounding_box()["y"]
    assert_accessible(phone)


def test_accueil_shows_a_rejected_direct_debit_as_owed_again(phone, claire):
    log_in(phone, claire.email, PASSWORD)
    payments = phone.get_by_role("region", name="Derniers paiements")
    rejection = payments.get_by_role("row").filter(has_text="Rejet de prélèvement")
    expect(rejection).to_contain_text("+ 508,80 €")
    expect(rejection).to_contain_text("ce montant est de nouveau dû")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390px", "1366px"])
def test_the_balance_chart_is_compact_readable_and_names_months_as_the_table(
    browser, live_server, django_db_serialized_rollback, claire, viewport
):
    context = browser.new_context(base_url=live_server.url, locale="fr-FR", viewport=viewport)
    page = context.new_page()
    log_in(page, claire.email, PASSWORD)
    chart = page.get_by_role("img", name="Solde du compte en fin de mois, sur les 12 derniers mois")
    expect(chart).to_be_visible()
    assert chart.bounding_box()["height"] <= 260
    label_sizes = page.eval_on_selector_all(
        "svg.balance-chart text", "els => els.map(e => e.getBoundingClientRect().height)"
    )
    assert min(label_sizes) >= 11, "labels too small to read"
    assert max(label_sizes) <= 20, "labels larger than the page's text"
    labels = page.eval_on_selector_all(
        "svg.balance-chart text[text-anchor=middle]", "els => els.map(e => e.textContent)"
    )
    page.get_by_text("Voir les montants du graphique").click()
    table_months = [
        text.rsplit(" ", 1)[0]
        for text in page.get_by_role("table", name="Solde en fin de mois").get_by_role("rowheader").all_inner_texts()
    ]
    assert labels == table_months
    assert any(label.endswith(".") for label in labels)  # « sept. », « oct. »: the tables' abbreviations
    context.close()


def swipe(page, *, dx: int, dy: int = 0):
    """A one-finger swipe on the page's heading, as a phone's touch screen sends it."""
    page.evaluate(
        """([dx, dy]) => {
            const target = document.querySelector("h1");
            const box = target.getBoundingClientRect();
            const x = box.left + box.width / 2, y = box.top + box.height / 2;
            const touch = (cx, cy) => new Touch({identifier: 1, target, clientX: cx, clientY: cy});
            const send = (type, touches, changed) =>
                target.dispatchEvent(new TouchEvent(type, {bubbles: true, touches, changedTouches: changed}));
            send("touchstart", [touch(x, y)], [touch(x, y)]);
            send("touchend", [], [touch(x + dx, y + dy)]);
        }""",
        [dx, dy],
    )


def test_on_a_phone_a_swipe_goes_to_the_next_or_previous_request_and_links_do_the_same(phone, claire):
    lease = claire.signatory.lease
    oldest, middle = lease.requests.order_by("created_at", "pk")
    newest = TenantRequestFactory(
        lease=lease, category=oldest.category, description="La porte du garage ne ferme plus à clé."
    )
    log_in(phone, claire.email, PASSWORD)
    phone.goto(f"/espace/demandes/{middle.pk}/")
    heading = phone.get_by_role("heading", level=1)
    expect(heading).to_have_text(f"Détail de ma demande {middle.reference}")
    pager = phone.get_by_role("navigation", name="Autres demandes")
    expect(pager.get_by_role("link", name=f"Demande précédente : {newest.reference}")).to_be_visible()
    expect(pager.get_by_role("link", name=f"Demande suivante : {oldest.reference}")).to_be_visible()
    assert_fits(phone)
    assert_accessible(phone)

    swipe(phone, dx=-200, dy=40)  # scrolling the page, mostly sideways: a swipe to the left
    expect(heading).to_have_text(f"Détail de ma demande {oldest.reference}")
    swipe(phone, dx=0, dy=-300)  # scrolling up and down never changes request
    swipe(phone, dx=200)
    expect(heading).to_have_text(f"Détail de ma demande {middle.reference}")
    swipe(phone, dx=200)
    expect(heading).to_have_text(f"Détail de ma demande {newest.reference}")
    # The newest has no previous request: a swipe to the right stays here, and no dead link shows.
    expect(phone.get_by_role("link", name=re.compile("Demande précédente"))).to_have_count(0)

    # Without a swipe: the link, by keyboard.
    phone.get_by_role("link", name=f"Demande suivante : {middle.reference}").focus()
    phone.keyboard.press("Enter")
    expect(heading).to_have_text(f"Détail de ma demande {middle.reference}")
