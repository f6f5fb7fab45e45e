import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD, TenantUserFactory

from .conftest import assert_accessible, log_in


@pytest.fixture
def claire(db):
    return TenantUserFactory(email="claire@example.org", signatory__first_name="Claire")


def test_home_page_is_accessible_and_offers_to_log_in(page):
    page.goto("/")
    expect(page.get_by_role("heading", name="Connectez-vous")).to_be_visible()
    expect(page.get_by_role("button", name="SE CONNECTER", exact=True)).to_be_visible()
    assert_accessible(page)


def test_tenant_reaches_every_section_of_the_space_by_keyboard(page, claire):
    log_in(page, claire.email, PASSWORD)
    expect(page.get_by_role("heading", name="Bonjour Claire")).to_be_visible()
    assert_accessible(page)

    # The skip link is the first thing a keyboard user reaches, and it jumps to the content.
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Aller au contenu")
    expect(skip).to_be_focused()

    navigation = page.get_by_role("navigation", name="Navigation principale")
    for label in ["Mes paiements", "Mes documents", "Mes demandes", "Mes contacts", "Mon dossier"]:
        navigation.get_by_role("link", name=label).focus()
        page.keyboard.press("Enter")
        expect(page.get_by_role("heading", level=1)).to_contain_text(label)
        expect(navigation.get_by_role("link", name=label)).to_have_attribute("aria-current", "page")
        assert_accessible(page)
