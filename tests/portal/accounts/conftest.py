import html
import re
from datetime import date

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from tests.factories import LeaseFactory, SignatoryFactory

NEW_PASSWORD = "Encore-un-mot-de-passe-2026"


@pytest.fixture(autouse=True)
def _commit_callbacks_run_at_once(request):
    # Account e-mails are queued after the account's transaction has committed.
    if "db" in request.fixturenames or request.node.get_closest_marker("django_db"):
        request.getfixturevalue("commit_callbacks_run_at_once")


@pytest.fixture(autouse=True)
def _empty_cache():
    # The sign-up throttle lives in the cache: each test starts with clean counters.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def lucas(db):
    """A signatory without a login, like Lucas PETIT of the demo data."""
    return SignatoryFactory(
        lease=LeaseFactory(tenant_number="300003"), last_name="PETIT", first_name="Lucas", birth_date=date(1979, 1, 5)
    )


def signup_data(**overrides):
    data = {
        "tenant_number": "300003",
        "last_name": "PETIT",
        "first_name": "Lucas",
        "birth_date": "1979-01-05",
        "email": "lucas.petit@example.org",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
    }
    data.update(overrides)
    return data


def link_in(message) -> str:
    """The portal path of the link an e-mail carries."""
    return re.search(r"http://testserver(/\S+)", message.body).group(1)


def mails_to(address):
    return [message for message in mail.outbox if address in message.to]


def page_text(response) -> str:
    """The page as a reader sees it: entities such as &#x27; turned back into characters."""
    return html.unescape(response.content.decode())


def log_in(client, email, password):
    """Log in through the « Connectez-vous » form (axes needs a real request); the response."""
    return client.post(reverse("accounts:login"), {"username": email, "password": password})


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session
