"""The visitor's address, read one way (django-ipware) by the sign-up throttle, django-axes and the
mandate log: behind the reverse proxy, from the header the proxy sets; never from a forged one."""

import pytest
from axes.models import AccessAttempt
from django.core.cache import cache
from django.test import RequestFactory
from django.urls import reverse

from portal.accounts.models import User
from portal.accounts.throttling import SIGNUP_FAILURES_PER_ADDRESS
from portal.core.client_ip import client_ip
from tests.factories import LeaseFactory, SignatoryFactory, TenantUserFactory
from tests.portal.accounts.conftest import signup_data

PROXY = "127.0.0.1"  # what gunicorn sees behind nginx, for every visitor


@pytest.fixture
def behind_proxy(settings):
    settings.CLIENT_IP_HEADER = "X-Real-IP"


@pytest.fixture(autouse=True)
def _clean_counters():
    cache.clear()


def test_behind_the_proxy_the_address_is_the_one_the_proxy_saw(behind_proxy):
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_REAL_IP="203.0.113.7")
    assert client_ip(request) == "203.0.113.7"


def test_without_a_trusted_proxy_headers_are_ignored():
    request = RequestFactory().get("/", REMOTE_ADDR="198.51.100.4", HTTP_X_REAL_IP="203.0.113.7")
    request.META["HTTP_X_FORWARDED_FOR"] = "192.0.2.1"
    assert client_ip(request) == "198.51.100.4"


@pytest.mark.django_db
def test_one_guesser_behind_the_proxy_does_not_block_sign_up_for_everyone(client, behind_proxy):
    signatories = [SignatoryFactory(lease=LeaseFactory()) for _ in range(SIGNUP_FAILURES_PER_ADDRESS + 1)]
    guesser = {"REMOTE_ADDR": PROXY, "HTTP_X_REAL_IP": "203.0.113.7"}
    for signatory in signatories[:SIGNUP_FAILURES_PER_ADDRESS]:
        client.post(reverse("accounts:signup"), signup_data(tenant_number=signatory.lease.tenant_number), **guesser)

    # The guesser is now held back...
    last = signatories[-1]
    details = signup_data(
        tenant_number=last.lease.tenant_number,
        last_name=last.last_name,
        first_name=last.first_name,
        birth_date=last.birth_date.isoformat(),
        email="vrai.locataire@example.org",
    )
    response = client.post(reverse("accounts:signup"), details, **guesser)
    assert "Trop de tentatives" in response.text
    assert not User.objects.filter(email="vrai.locataire@example.org").exists()
    # ...while a real tenant coming through the same proxy signs up.
    client.post(reverse("accounts:signup"), details, REMOTE_ADDR=PROXY, HTTP_X_REAL_IP="198.51.100.23")
    assert User.objects.filter(email="vrai.locataire@example.org").exists()


@pytest.mark.django_db
def test_axes_records_the_visitor_address_behind_the_proxy(client, behind_proxy):
    tenant = TenantUserFactory()
    client.post(
        reverse("accounts:login"),
        {"username": tenant.email, "password": "pas-le-bon"},
        REMOTE_ADDR=PROXY,
        HTTP_X_REAL_IP="203.0.113.9",
    )
    assert AccessAttempt.objects.get().ip_address == "203.0.113.9"
