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
