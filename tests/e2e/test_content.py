"""Journeys of the public content: a visitor finds an answer; an editor gets an answer reviewed and published."""

import re

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from faq.models import HelpfulnessVote
from home.groups import editor_access_sync
from tests.factories import PASSWORD, StaffUserFactory
from tests.faq.factories import faq_page_create, faq_question_page

from .conftest import assert_accessible

RIB_QUESTION = "Mon compte bancaire a changé : comment mettre à jour mon RIB ?"


@pytest.fixture
def faq(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    page = faq_page_create()
    editor_access_sync()
    return page


def _watch_csp(page):
    """Chromium logs every Content-Security-Policy violation to the console."""
    reports = []
    page.on(
        "console", lambda message: reports.append(message.text) if "Content Security Policy" in message.text else None
    )
    return reports


def _admin_message_shown(page):
    """Wagtail fades its messages in: scan for contrast once the fade has ended."""
    expect(page.locator(".messages > ul")).to_have_css("opacity", "1")


def test_visitor_searches_the_faq_and_rates_the_answer(page, faq):
    csp_reports = _watch_csp(page)
    page.goto("/")
    assert_accessible(page)

    page.get_by_role("main").get_by_role("link", name="Questions fréquentes").click()
    expect(page.get_by_role("heading", level=1, name="Questions fréquentes")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("searchbox", name="Rechercher dans la FAQ").fill("RIB")
    page.get_by_role("button", name="Rechercher").click()
    expect(page.get_by_role("heading", level=1, name="Résultats de la recherche")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name=RIB_QUESTION).click()
    expect(page).to_have_url(re.compile(r"/faq/#mon-compte-bancaire-a-change"))
    answer = page.get_by_role("article", name=RIB_QUESTION)
    expect(answer).to_contain_text("Mettre à jour le RIB")
    assert_accessible(page)

    answer.get_by_role("button", name="Oui").click()
    expect(page.get_by_role("article", name=RIB_QUESTION).get_by_text("Merci pour votre avis !")).to_be_visible()
    assert_accessible(page)
    assert HelpfulnessVote.objects.get().helpful is True
    # The FAQPage JSON-LD is a data block: the strict CSP must not report it (nor anything else).
    assert csp_reports == []


def test_editor_gets_a_faq_answer_approved_and_visitors_see_it(page, faq, browser, live_server):
    StaffUserFactory(email="communication@example.org", group="Communication")
    visitor = browser.new_context(base_url=live_server.url, locale="fr-FR").new_page()
    visitor.goto(faq.url)  # an anonymous visit puts the page in the cache
    new_text = " Prévoyez-le un mois avant le prochain prélèvement."

    page.goto("/admin/login/")
    assert_accessible(page)
    page.get_by_label("Adresse e-mail").fill("communication@example.org")
    page.get_by_label(re.compile("Mot de passe|Password")).fill(PASSWORD)
    page.get_by_role("button", name="S'identifier").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)

    question = faq_question_page(faq, RIB_QUESTION)
    page.goto(f"/admin/pages/{question.pk}/edit/")
    # One question per page: one rich-text editor, under French labels.
    expect(page.get_by_role("textbox", name="Question*")).to_have_value(RIB_QUESTION)
    expect(page.locator(".Draftail-Editor")).to_have_count(1)
    editor = page.locator(".Draftail-Editor", has_text="Transmettez-nous votre nouveau RIB")
    expect(editor).to_be_visible()
    assert_accessible(page)
    editor.get_by_text("sans interruption.").click()
    page.keyboard.press("End")
    page.keyboard.type(new_text)
    # Draftail stores what is typed in the form field a moment later: wait for it before submitting.
    expect(page.locator("input[type=hidden][value*='Prévoyez-le un mois']")).to_have_count(1)

    page.get_by_role("button", name="Plus d'actions").click()
    page.get_by_role("button", name="Soumettre à Validation FAQ et livret").click()
    _admin_message_shown(page)
    assert_accessible(page)
    question.refresh_from_db()
    assert new_text.strip() in question.latest_revision.as_object().answer
    visitor.reload()
    expect(visitor.get_by_role("article", name=RIB_QUESTION)).not_to_contain_text(new_text.strip())

    page.goto(f"/admin/pages/{question.pk}/edit/")
    page.get_by_role("button", name="Plus d'actions").click()
    page.get_by_role("button", name="Approuver et Publier").click()
    _admin_message_shown(page)
    assert_accessible(page)

    visitor.reload()
    expect(visitor.get_by_role("article", name=RIB_QUESTION)).to_contain_text(new_text.strip())
    assert_accessible(visitor)
    visitor.context.close()


def test_when_the_token_cannot_be_fetched_a_faq_vote_is_confirmed_with_one_button(page, faq):
    page.set_viewport_size({"width": 390, "height": 844})
    page.route("**/jeton-csrf/", lambda route: route.abort())
    page.goto(faq.url)

    page.get_by_role("article", name=RIB_QUESTION).get_by_role("button", name="Non").click()

    # Sent without a token, the vote is not counted: the visitor confirms it on a page of its own.
    expect(page.get_by_role("heading", level=1, name="Votre avis")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("Vous avez répondu « Non »")
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert not HelpfulnessVote.objects.exists()
    page.get_by_role("button", name="Confirmer mon avis").focus()
    page.keyboard.press("Enter")

    expect(page.get_by_role("article", name=RIB_QUESTION).get_by_text("Merci pour votre avis !")).to_be_visible()
    assert HelpfulnessVote.objects.get().helpful is False
