"""« Cette réponse vous a-t-elle aidé ? Oui / Non »: one vote per visitor and question, counted for editors."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from faq.models import HelpfulnessVote
from tests.conftest import MODEL_BACKEND
from tests.factories import StaffUserFactory
from tests.faq.factories import faq_page_create

VOTE_URL = reverse("faq:helpfulness_vote")


def _vote(client, faq, question, answer="oui"):
    return client.post(VOTE_URL, {"page": faq.pk, "question": question["id"], "helpful": answer})


@pytest.mark.django_db
def test_a_visitor_votes_once_per_question():
    faq = faq_page_create()
    payment, rib = faq.questions()[4], faq.questions()[5]
    visitor = Client()

    response = _vote(visitor, faq, payment)
    assert response.status_code == 302
    assert response["Location"] == f"{faq.url}?merci={payment['anchor']}#{payment['anchor']}"
    _vote(visitor, faq, payment, "non")  # changes nothing: already voted
    _vote(visitor, faq, rib, "non")
    _vote(Client(), faq, payment, "non")

    counts = {row["question"]: (row["yes"], row["no"]) for row in faq.helpfulness_summary()}
    assert counts[payment["question"]] == (1, 1)
    assert counts[rib["question"]] == (0, 1)
    assert HelpfulnessVote.objects.count() == 3


@pytest.mark.django_db
def test_the_page_thanks_the_visitor_next_to_the_question(client):
    faq = faq_page_create()
    question = faq.questions()[0]
    response = client.get(_vote(client, faq, question)["Location"])
    html = response.content.decode()
    article = html[html.index(f'id="{question["anchor"]}"') :]
    assert article.index("Merci pour votre avis\u00a0!") < article.index("</article>")


@pytest.mark.django_db
def test_vote_needs_the_visitors_csrf_token():
    faq = faq_page_create()
    visitor = Client(enforce_csrf_checks=True)
    question = faq.questions()[0]
    assert _vote(visitor, faq, question).status_code == 403
    assert not HelpfulnessVote.objects.exists()

    # The page is the same for everyone (nginx keeps it): its script fetches the visitor's token.
    html = visitor.get(faq.url).content.decode()
    assert 'name="csrfmiddlewaretoken" value=""' in html
    token = visitor.get("/jeton-csrf/").json()["token"]
    response = visitor.post(
        VOTE_URL, {"page": faq.pk, "question": question["id"], "helpful": "oui", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    assert HelpfulnessVote.objects.filter(helpful=True).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["page", "question", "helpful"])
def test_unknown_page_question_or_answer_is_refused(client, field):
    faq = faq_page_create()
    data = {"page": faq.pk, "question": faq.questions()[0]["id"], "helpful": "oui", field: "999999"}
    assert client.post(VOTE_URL, data).status_code == 404
    assert client.get(VOTE_URL).status_code == 405
    assert not HelpfulnessVote.objects.exists()


@pytest.mark.django_db
def test_editors_see_the_counts_in_the_faq_editor(client):
    faq = faq_page_create()
    question = faq.questions()[0]
    _vote(Client(), faq, question, "oui")
    _vote(Client(), faq, question, "oui")
    _vote(Client(), faq, question, "non")
    editor = StaffUserFactory(group="Communication")
    client.force_login(editor, backend=MODEL_BACKEND)

    html = client.get(reverse("wagtailadmin_pages:edit", args=[faq.pk])).content.decode()

    assert "Avis des lecteurs" in html
    row = re.search(rf"<tr><th scope=\"row\">{re.escape(question['question'])}.*?</tr>", html).group(0)
    assert "<td>2</td><td>1</td>" in row


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["abc", "", "9" * 40, "-3"])
def test_a_malformed_page_number_is_a_bad_request(client, page):
    faq = faq_page_create()
    response = client.post(VOTE_URL, {"page": page, "question": faq.questions()[0]["id"], "helpful": "oui"})
    assert response.status_code == 400
    assert not HelpfulnessVote.objects.exists()
