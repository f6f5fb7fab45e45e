"""Journeys in a real browser: Playwright for Python driving Debian's chromium against a live server.

Every page a journey visits is scanned with axe-core (`assert_accessible`): any violation fails
the test. Every page a journey loads, and every state `assert_accessible` scans, is also read for
the common words of an English admin (tests/english.py): users and staff read French only.
With CI=true a missing browser is an error, never a skip.
"""

import os
import shutil

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect, sync_playwright

from tests.english import english_words_in_text

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make to set up
# data are plain synchronous calls and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
DEMO_PASSWORD = "Portail-Demo-2026!"

expect.set_options(timeout=15_000)


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        if os.environ.get("CI") == "true":
            pytest.fail(f"Chromium is missing at {CHROMIUM}: install Debian's chromium (apt-get install chromium).")
        pytest.skip(f"Chromium is missing at {CHROMIUM}: run `make test` as root, or apt-get install chromium.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, django_db_serialized_rollback, settings):
    """A fresh browser tab on the live server; the database keeps its migrated content (home page, groups)."""
    settings.PORTAL_BASE_URL = live_server.url
    context = browser.new_context(base_url=live_server.url, locale="fr-FR", timezone_id="Europe/Paris")
    context.set_default_timeout(15_000)
    page = context.new_page()
    english: dict[str, list[str]] = {}
    page.on("load", lambda loaded: _english_record(loaded, english))
    yield page
    context.close()
    assert english == {}, f"English words on the pages this journey loaded: {english}"


# What a person reads or hears: the text shown (screen-reader-only text included) and the labels,
# placeholders, titles and alternative texts of the page.
READ_TEXT = """() => [document.body ? document.body.innerText : "",
  ...Array.from(document.querySelectorAll("[aria-label], [placeholder], [title], img[alt], input[type=submit]"),
    (element) => [element.getAttribute("aria-label"), element.getAttribute("placeholder"),
                  element.getAttribute("title"), element.getAttribute("alt"),
                  element.matches("input[type=submit]") ? element.value : null].filter(Boolean).join("\\n"))
].join("\\n")"""


def _english_record(page, found: dict) -> None:
    try:
        words = english_words_in_text(page.evaluate(READ_TEXT))
    except Exception:  # the page navigated away before it could be read: the next load is read
        return
    if words:
        found[page.url] = words


_axe = Axe()


def assert_accessible(page):
    """Fail on any axe-core violation of the page as it is now."""
    results = _axe.run(page)
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"
    assert_in_french(page)


def assert_in_french(page):
    """Fail on any common English admin word the page shows or reads out as it is now."""
    words = english_words_in_text(page.evaluate(READ_TEXT))
    assert words == [], f"{page.url}: English words {words}"


def log_in(page, email, password=DEMO_PASSWORD):
    page.goto("/compte/connexion/")
    page.get_by_label("Identifiant (adresse e-mail)").fill(email)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="SE CONNECTER", exact=True).click()
