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


def test_a_tenant_logs_in_from_the_home_page_everyone_gets_from_the_cache(page, claire):
    # Another visitor's visit stores the page: the same bytes for everyone, with no CSRF token.
    page.context.request.get("/")
    response = page.goto("/")
    assert response.headers["x-page-cache"] == "hit"
    token = page.locator('form[action="/compte/connexion/"] input[name="csrfmiddlewaretoken"]')
    # The page's script puts the visitor's own token in before the form is sent.
    expect(token).not_to_have_value("")

    page.get_by_label("Identifiant (adresse e-mail)").fill(claire.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_label("Mot de passe").press("Enter")

    expect(page.get_by_role("heading", name="Bonjour Claire")).to_be_visible()


def _login_sent_then_asked_again(page, email, *, scan=True):
    """The home page's login sent without a token comes back: token in, e-mail kept, password to type
    again; typed, it goes through. `scan`: axe checks the form asked again (it needs script)."""
    page.get_by_label("Identifiant (adresse e-mail)").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="SE CONNECTER", exact=True).click()

    expect(page.get_by_role("alert")).to_contain_text("saisissez à nouveau votre mot de passe")
    expect(page.get_by_label("Identifiant (adresse e-mail)")).to_have_value(email)
    expect(page.get_by_label("Mot de passe")).to_have_value("")
    if scan:
        assert_accessible(page)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="SE CONNECTER", exact=True).click()

    expect(page.get_by_role("heading", name="Bonjour Claire")).to_be_visible()


def test_without_script_the_login_of_the_cached_home_page_asks_for_the_password_again(
    browser, live_server, django_db_serialized_rollback, claire
):
    context = browser.new_context(base_url=live_server.url, locale="fr-FR", java_script_enabled=False)
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        page.goto("/")
        _login_sent_then_asked_again(page, claire.email, scan=False)
    finally:
        context.close()


def test_when_the_token_cannot_be_fetched_the_login_is_asked_again_and_goes_through(page, claire):
    page.route("**/jeton-csrf/", lambda route: route.abort())
    page.goto("/")

    _login_sent_then_asked_again(page, claire.email)
