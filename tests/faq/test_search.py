from html import unescape

import pytest

from tests.faq.factories import QUESTION_COUNT, faq_page_create


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("RIB", "Mon compte bancaire a changé : comment mettre à jour mon RIB ?"),
        ("avis d'échéance", "Où trouver mes avis d'échéance et mes bulletins de régularisation de charges ?"),
        ("avis d'echeance", "Pourquoi mes anciens avis d'echeance n'apparaissent-ils pas ?"),
    ],
)
def test_search_finds_questions_and_links_to_their_anchor(client, query, expected):
    faq = faq_page_create()
    anchor = next(q["anchor"] for q in faq.questions() if q["question"] == expected)

    html = unescape(client.get(faq.url, {"q": query}).content.decode())

    assert "Résultats de la recherche" in html
    # Shown with French typography: a non-breaking space before « : » and « ? ».
    shown = expected.replace(" :", "\u00a0:").replace(" ?", "\u00a0?")
    assert f'<a href="{faq.url}#{anchor}">{shown}</a>' in html


@pytest.mark.django_db
def test_search_also_finds_words_that_are_only_in_answers(client):
    faq = faq_page_create()
    html = unescape(client.get(faq.url, {"q": "Mettre à jour le RIB"}).content.decode())
    assert "comment mettre à jour mon RIB\u00a0?" in html


@pytest.mark.django_db
def test_search_without_result_points_to_support(client):
    faq = faq_page_create()
    html = client.get(faq.url, {"q": "trottinette"}).content.decode()
    assert "Aucun résultat" in html
    assert "portail-locataire@hdg30.fr" in html


@pytest.mark.django_db
def test_each_question_has_its_own_anchor(client):
    faq = faq_page_create()
    html = client.get(faq.url).content.decode()
    anchors = [q["anchor"] for q in faq.questions()]
    assert len(set(anchors)) == len(anchors) == QUESTION_COUNT
    for anchor in anchors:
        assert f'id="{anchor}"' in html
        assert f'href="#{anchor}"' in html


@pytest.mark.django_db
@pytest.mark.parametrize("query", ['";exit', '"RIB', "NEAR(", "RIB:*", "(RIB"])
def test_search_syntax_characters_are_ignored_not_an_error(client, query):
    faq = faq_page_create()
    response = client.get(faq.url, {"q": query})
    assert response.status_code == 200
    if "RIB" in query:
        assert "comment mettre à jour mon RIB\u00a0?" in unescape(response.content.decode())
