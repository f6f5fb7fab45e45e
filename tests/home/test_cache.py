"""Anonymous visitors get public pages from the cache; publishing shows the new version at once."""

import re

import pytest
from django.test import Client

from portal.core.typography import french_spacing_text
from tests.conftest import MODEL_BACKEND
from tests.faq.factories import home_page

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.mark.django_db
def test_second_anonymous_visit_is_served_from_the_cache():
    client = Client()
    assert client.get("/")["X-Page-Cache"] == "miss"
    assert client.get("/")["X-Page-Cache"] == "hit"
    assert Client().get("/")["X-Page-Cache"] == "hit"


def _token_as_the_script_gets_it(visitor: Client) -> str:
    """What static/js/portal.js does on a public page: fetch the visitor's own token."""
    answer = visitor.get("/jeton-csrf/")
    assert answer.status_code == 200
    assert "no-store" in answer["Cache-Control"] and "private" in answer["Cache-Control"]
    return answer.json()["token"]


@pytest.mark.django_db
def test_the_home_page_is_the_same_for_every_visitor_so_that_nginx_can_keep_it():
    first = Client().get("/")
    hit = Client().get("/")

    assert (first["X-Page-Cache"], hit["X-Page-Cache"]) == ("miss", "hit")
    assert hit.content == first.content
    for response in (first, hit):
        assert not response.cookies
        # nginx keeps one copy for every browser, whatever its cookies and languages.
        assert "Vary" not in response
        assert response["X-Accel-Expires"] == "60"
        assert int(response.get("Content-Length", len(response.content))) == len(response.content)
        html = response.content.decode()
        # The login form and the passkey button carry no visitor's token.
        assert 'name="csrfmiddlewaretoken" value=""' in html
        assert 'data-csrf-token=""' in html
        assert not TOKEN.search(html)


@pytest.mark.django_db
def test_login_form_of_a_cached_home_page_works_with_the_token_the_script_fetches(tenant, password):
    Client().get("/")  # fills the cache
    visitor = Client(enforce_csrf_checks=True)
    assert visitor.get("/")["X-Page-Cache"] == "hit"

    response = visitor.post(
        "/compte/connexion/",
        {"username": tenant.email, "password": password, "csrfmiddlewaretoken": _token_as_the_script_gets_it(visitor)},
    )

    assert response.status_code == 302
    assert visitor.get("/espace/").status_code == 200


@pytest.mark.django_db
def test_without_script_the_login_comes_back_with_a_token_and_the_email_typed(tenant, password):
    Client().get("/")
    visitor = Client(enforce_csrf_checks=True)
    assert visitor.get("/")["X-Page-Cache"] == "hit"

    refused = visitor.post(
        "/compte/connexion/", {"username": tenant.email, "password": password, "csrfmiddlewaretoken": ""}
    )

    assert refused.status_code == 403
    html = refused.content.decode()
    assert "saisissez à nouveau votre mot de passe" in html
    assert f'value="{tenant.email}"' in html
    assert password not in html
    response = visitor.post(
        "/compte/connexion/",
        {"username": tenant.email, "password": password, "csrfmiddlewaretoken": TOKEN.search(html).group(1)},
    )
    assert response.status_code == 302
    assert visitor.get("/espace/").status_code == 200


@pytest.mark.django_db
def test_another_form_refused_for_its_token_is_formulaire_expire(tenant, password):
    visitor = Client(enforce_csrf_checks=True)

    response = visitor.post("/compte/inscription/", {"csrfmiddlewaretoken": ""})

    assert response.status_code == 403
    assert "Formulaire expiré" in response.content.decode()


@pytest.mark.django_db
def test_publishing_clears_the_cache():
    client = Client()
    client.get("/")
    home = home_page()
    home.title = "Bienvenue chez vous"
    home.save_revision().publish()

    response = client.get("/")

    assert response["X-Page-Cache"] == "miss"
    assert "Bienvenue chez vous" in response.content.decode()


@pytest.mark.django_db
def test_unpublishing_clears_the_cache():
    from tests.faq.factories import faq_page_create

    faq = faq_page_create()
    client = Client()
    assert client.get(faq.url).status_code == 200
    assert client.get(faq.url)["X-Page-Cache"] == "hit"

    faq.unpublish()

    assert client.get(faq.url).status_code == 404


@pytest.mark.django_db
def test_signed_in_users_and_searches_are_not_cached(client, tenant):
    Client().get("/")
    client.force_login(tenant, backend=MODEL_BACKEND)
    response = client.get("/")
    assert "X-Page-Cache" not in response
    assert "Bonjour" in response.content.decode()


@pytest.mark.django_db
def test_a_page_without_form_is_served_before_routing_with_no_cookie_so_that_nginx_can_keep_it(
    django_assert_num_queries,
):
    from tests.faq.factories import livret_page_create

    livret = livret_page_create()
    first = Client().get(livret.url)
    assert first["X-Page-Cache"] == "miss"

    # No session, no CSRF cookie, no database: straight from the cache.
    with django_assert_num_queries(0):
        hit = Client().get(livret.url)

    assert hit["X-Page-Cache"] == "hit"
    assert hit.content == first.content
    for response in (first, hit):
        assert not response.cookies
        assert "Cookie" not in response.get("Vary", "")
        assert response["X-Accel-Expires"] == "60"
    # The headers the other middleware set are sent with every hit.
    assert hit["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert hit["X-Frame-Options"] == "DENY"
    # French typography was applied once, before the page was stored.
    assert "portail\u00a0?" in hit.content.decode()


def _vote_fields(html: str) -> dict:
    return {
        "page": re.search(r'name="page" value="(\d+)"', html).group(1),
        "question": re.search(r'name="question" value="([^"]+)"', html).group(1),
    }


@pytest.mark.django_db
def test_faq_votes_of_a_page_nginx_keeps_work_with_the_token_the_script_fetches():
    from faq.models import HelpfulnessVote
    from tests.faq.factories import faq_page_create

    faq = faq_page_create()
    Client().get(faq.url)
    visitor = Client(enforce_csrf_checks=True)
    response = visitor.get(faq.url)
    assert response["X-Page-Cache"] == "hit"
    assert not response.cookies
    assert response["X-Accel-Expires"] == "60"
    html = response.content.decode()
    assert not TOKEN.search(html)

    vote = visitor.post(
        "/aide/avis/",
        {"csrfmiddlewaretoken": _token_as_the_script_gets_it(visitor), "helpful": "oui"} | _vote_fields(html),
    )

    assert vote.status_code == 302
    assert HelpfulnessVote.objects.get().helpful is True


@pytest.mark.django_db
def test_without_script_a_faq_vote_is_confirmed_with_one_button():
    from faq.models import HelpfulnessVote
    from tests.faq.factories import faq_page_create

    faq = faq_page_create()
    visitor = Client(enforce_csrf_checks=True)
    fields = _vote_fields(visitor.get(faq.url).content.decode())

    refused = visitor.post("/aide/avis/", {"csrfmiddlewaretoken": "", "helpful": "non"} | fields)

    assert refused.status_code == 403
    assert not HelpfulnessVote.objects.exists()
    html = refused.content.decode()
    assert "Vous avez répondu «\u00a0Non\u00a0»" in html
    assert "Confirmer mon avis" in html
    question = faq.questions()[0]
    assert french_spacing_text(question["question"]) in html
    assert f'href="{faq.url}#{question["anchor"]}"' in html
    confirmed = visitor.post(
        "/aide/avis/",
        {
            "csrfmiddlewaretoken": TOKEN.search(html).group(1),
            "helpful": re.search(r'name="helpful" value="(\w+)"', html).group(1),
        }
        | _vote_fields(html),
    )
    assert confirmed.status_code == 302
    assert HelpfulnessVote.objects.get().helpful is False


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["page", "question", "helpful"])
def test_without_script_a_vote_about_nothing_live_is_formulaire_expire(field):
    from faq.models import HelpfulnessVote
    from tests.faq.factories import faq_page_create

    faq = faq_page_create()
    visitor = Client(enforce_csrf_checks=True)
    vote = {"helpful": "oui"} | _vote_fields(visitor.get(faq.url).content.decode()) | {field: "999999"}

    refused = visitor.post("/aide/avis/", {"csrfmiddlewaretoken": ""} | vote)

    assert refused.status_code == 403
    assert "Formulaire expiré" in refused.content.decode()
    assert "Confirmer mon avis" not in refused.content.decode()
    assert not HelpfulnessVote.objects.exists()


@pytest.mark.django_db
def test_a_visitor_with_a_session_still_gets_the_stored_page_after_routing():
    Client().get("/")
    visitor = Client()
    visitor.cookies["sessionid"] = "nothing-valid"
    response = visitor.get("/")
    assert response["X-Page-Cache"] == "hit"
