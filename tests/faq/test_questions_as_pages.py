"""The FAQ's themes and questions are pages under the FAQ: an editor opens one question at a time,
visitors still read them all on the FAQ page, at the same anchors, with their votes."""

import importlib
import json
import uuid

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.urls import reverse

from faq.blocks import question_anchor
from faq.models import FaqIndexPage, HelpfulnessVote
from tests.conftest import MODEL_BACKEND
from tests.factories import StaffUserFactory
from tests.faq.factories import FAQ_THEMES, content_page_create, faq_page_create, faq_question_page, publish_child

RIB_QUESTION = "Mon compte bancaire a changé : comment mettre à jour mon RIB ?"


@pytest.mark.django_db
def test_a_question_or_a_theme_address_leads_to_its_place_on_the_faq_page():
    faq = faq_page_create()
    question = faq_question_page(faq, RIB_QUESTION)
    response = Client().get(question.url)
    assert response.status_code == 302
    assert response["Location"] == f"{faq.url}#mon-compte-bancaire-a-change-comment-mettre-a-jour-mon-rib"
    theme = question.get_parent()
    assert Client().get(theme.url)["Location"] == f"{faq.url}#paiements"


@pytest.mark.django_db
def test_the_faq_editor_holds_no_question_and_a_question_editor_holds_one_answer_under_french_labels(client):
    faq = faq_page_create()
    client.force_login(StaffUserFactory(group="Communication"), backend=MODEL_BACKEND)
    faq_editor = client.get(reverse("wagtailadmin_pages:edit", args=[faq.pk])).content.decode()
    assert "Transmettez-nous votre nouveau RIB" not in faq_editor
    assert faq_editor.count("data-draftail-input") == 1  # the introduction only
    assert "Thèmes et questions" in faq_editor

    question = faq_question_page(faq, RIB_QUESTION)
    editor = client.get(reverse("wagtailadmin_pages:edit", args=[question.pk])).content.decode()
    assert editor.count("data-draftail-input") == 1
    assert '<label for="id_title" id="id_title-label"><span data-panel-heading-text>Question</span>' in editor
    assert '<label for="id_answer" id="id_answer-label"><span data-panel-heading-text>Réponse</span>' in editor
    assert "Transmettez-nous votre nouveau RIB" in editor


@pytest.mark.django_db
def test_the_sitemap_page_lists_the_faq_once_not_each_question():
    faq = faq_page_create()
    sitemap = content_page_create(title="Plan du site", slug="plan-du-site", show_in_footer=True)
    sitemap.body = [("sitemap", None)]
    sitemap.save_revision().publish()
    page = Client().get(sitemap.url).content.decode()
    assert f'href="{faq.url}"' in page
    assert RIB_QUESTION.split(" :")[0] not in page
    assert "Paiements" not in page


@pytest.mark.django_db
def test_a_draft_question_stays_off_the_faq_page():
    faq = faq_page_create()
    question = faq_question_page(faq, RIB_QUESTION)
    question.answer = "<p>Brouillon jamais publié.</p>"
    question.save_revision()
    new = question.get_parent().specific
    publish_child(type(question)(title="Question publiée plus tard ?", slug="plus-tard", answer="<p>x</p>"), new)
    type(question).objects.filter(slug="plus-tard").first().unpublish()
    page = Client().get(faq.url).content.decode()
    assert "Brouillon jamais publié." not in page
    assert "Question publiée plus tard" not in page


MIGRATED_FROM = [("faq", "0003_faq_questions_as_pages")]
MIGRATED_TO = [("faq", "0005_remove_faqindexpage_body")]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_moves_the_faq_into_pages_with_the_same_anchors_and_votes():
    executor = MigrationExecutor(connection)
    executor.migrate(MIGRATED_FROM)
    old_apps = executor.loader.project_state(MIGRATED_FROM).apps
    migration = importlib.import_module("faq.migrations.0004_faq_questions_to_pages")
    tree = migration.Tree(old_apps)
    old_faq_model = old_apps.get_model("faq", "FaqIndexPage")
    content_type = old_apps.get_model("contenttypes", "ContentType").objects.get_or_create(
        app_label="faq", model="faqindexpage"
    )[0]
    home = old_apps.get_model("wagtailcore", "Site").objects.get(is_default_site=True).root_page
    rib_block_id = str(uuid.uuid4())
    body = [
        {
            "type": "theme",
            "id": str(uuid.uuid4()),
            "value": {
                "title": title,
                "questions": [
                    {
                        "type": "item",
                        "id": rib_block_id if question == RIB_QUESTION else str(uuid.uuid4()),
                        "value": {"question": question, "answer": answer},
                    }
                    for question, answer in questions
                ],
            },
        }
        for title, questions in FAQ_THEMES
    ]
    old_faq = tree.add_child(
        home, old_faq_model, content_type, title="Questions fréquentes", slug="faq", intro="", body=json.dumps(body)
    )
    old_apps.get_model("faq", "HelpfulnessVote").objects.create(
        page_id=old_faq.pk, question_id=rib_block_id, visitor="v1", helpful=True
    )

    executor = MigrationExecutor(connection)
    executor.migrate(MIGRATED_TO)

    faq = FaqIndexPage.objects.get(pk=old_faq.pk)
    taken: set[str] = set()
    expected = []
    for title, questions in FAQ_THEMES:
        anchors = [question_anchor(question, taken) for question, _answer in questions]
        texts = [question for question, _answer in questions]
        expected.append((question_anchor(title, taken), title, list(zip(anchors, texts, strict=True))))
    found = [(t["anchor"], t["title"], [(q["anchor"], q["question"]) for q in t["questions"]]) for t in faq.themes()]
    assert found == expected
    assert "Transmettez-nous votre nouveau RIB" in str(faq.questions()[5]["answer"])
    assert {row["question"]: row["yes"] for row in faq.helpfulness_summary()}[RIB_QUESTION] == 1
    assert HelpfulnessVote.objects.get().question_id == faq.questions()[5]["id"]
    page = Client().get(faq.url).content.decode()
    assert 'id="mon-compte-bancaire-a-change-comment-mettre-a-jour-mon-rib"' in page


@pytest.mark.django_db
def test_the_mobile_apps_still_get_the_whole_faq_in_one_answer_of_wagtails_api():
    faq = faq_page_create()
    response = Client().get(f"/api/cms/pages/{faq.pk}/")
    assert response.status_code == 200
    themes = response.json()["faq_themes"]
    assert [theme["title"] for theme in themes] == [title for title, _questions in FAQ_THEMES]
    rib = themes[2]["questions"][1]
    assert rib["question"] == RIB_QUESTION
    assert rib["anchor"] == "mon-compte-bancaire-a-change-comment-mettre-a-jour-mon-rib"
    assert "Transmettez-nous votre nouveau RIB" in rib["answer"]


@pytest.mark.django_db
def test_the_editor_previews_a_question_alone_with_its_draft_answer(client):
    faq = faq_page_create()
    question = faq_question_page(faq, RIB_QUESTION)
    client.force_login(StaffUserFactory(group="Communication"), backend=MODEL_BACKEND)
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[question.pk])
    answer = {
        "blocks": [{"key": "a1b2c", "text": "Nouvelle réponse en relecture.", "type": "unstyled", "depth": 0}],
        "entityMap": {},
    }
    posted = client.post(url, {"title": question.title, "slug": question.slug, "answer": json.dumps(answer)})
    assert posted.json()["is_valid"] is True
    preview = client.get(url)
    assert preview.status_code == 200
    html = preview.content.decode()
    assert '<h1 class="h3">Mon compte bancaire a changé' in html
    assert "Nouvelle réponse en relecture." in html
