"""Anonymous visitors get public pages from the cache; publishing shows the new version at once."""

import re

import pytest
from django.test import Client

from tests.conftest import MODEL_BACKEND
from tests.faq.factories import home_page

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.mark.django_db
def test_second_anonymous_visit_is_served_from_the_cache():
    client = Client()
    assert client.get("/")["X-Page-Cache"] == "miss"
    assert client.get("/")["X-Page-Cache"] == "hit"
    assert Client().get("/")["X-Page-Cache"] == "hit"


@pytest.mark.django_db
def test_login_form_of_a_cached_home_page_works(tenant, password):
    Client().get("/")  # fills the cache
    visitor = Client(enforce_csrf_checks=True)
    response = visitor.get("/")
    assert response["X-Page-Cache"] == "hit"
    token = TOKEN.search(response.content.decode()).group(1)

    response = visitor.post(
        "/compte/connexion/", {"username": tenant.email, "password": password, "csrfmiddlewaretoken": token}
    )

    assert response.status_code == 302
    assert visitor.get("/espace/").status_code == 200


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


@pytest.mark.django_db
def test_faq_votes_of_a_cached_page_work_and_nginx_never_keeps_a_page_with_a_form():
    from tests.faq.factories import faq_page_create

    faq = faq_page_create()
    Client().get(faq.url)
    visitor = Client(enforce_csrf_checks=True)
    response = visitor.get(faq.url)
    assert response["X-Page-Cache"] == "hit"
    assert "csrftoken" in response.cookies
    assert "X-Accel-Expires" not in response
    assert "private" in response["Cache-Control"]
    html = response.content.decode()
    token = TOKEN.search(html).group(1)
    page_id = re.search(r'name="page" value="(\d+)"', html).group(1)
    question = re.search(r'name="question" value="([^"]+)"', html).group(1)

    vote = visitor.post(
        "/aide/avis/", {"csrfmiddlewaretoken": token, "page": page_id, "question": question, "helpful": "oui"}
    )

    assert vote.status_code == 302


@pytest.mark.django_db
def test_a_visitor_with_a_session_still_gets_the_stored_page_after_routing():
    Client().get("/")
    visitor = Client()
    visitor.cookies["sessionid"] = "nothing-valid"
    response = visitor.get("/")
    assert response["X-Page-Cache"] == "hit"
