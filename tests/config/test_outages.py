"""A part down is not an error page: Redis down is a cache miss, PostgreSQL down is a French 503.

The fault drills (tests/drills/) do the same against real processes; these run in every suite.
"""

import pytest
from django.conf import settings as django_settings
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.urls import reverse

from portal.accounts import throttling
from tests.factories import PASSWORD

# Nothing listens there (a port of the fault drills' range, never used by them).
DEAD_REDIS = "redis://127.0.0.1:8259/0"


@pytest.fixture
def redis_down(settings):
    settings.DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
    settings.DJANGO_REDIS_LOGGER = "portal.cache"
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": DEAD_REDIS,
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.2, "SOCKET_TIMEOUT": 0.2},
        }
    }


def test_the_settings_never_let_a_redis_error_through():
    if "django_redis" in django_settings.CACHES["default"]["BACKEND"]:
        assert django_settings.CACHES["default"]["OPTIONS"]["IGNORE_EXCEPTIONS"] is True
    assert django_settings.SESSION_ENGINE == "django.contrib.sessions.backends.cached_db"


def test_with_redis_down_tenants_stay_logged_in_and_can_log_in(client, tenant, redis_down, caplog):
    assert client.get(reverse("accounts:login")).status_code == 200
    response = client.post(reverse("accounts:login"), {"username": tenant.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("space:home")

    home = client.get(reverse("space:home"))
    assert home.status_code == 200
    assert tenant.first_name in home.text
    assert client.get("/").status_code == 200  # the cached public home page renders without its cache
    assert "Exception ignored" in caplog.text  # each miss is logged (portal.cache)


def test_with_redis_down_failure_counters_restart_from_zero(redis_down):
    throttling.signup_failure_record(tenant_number="000042", client_ip="203.0.113.9")
    assert throttling.signup_blocked(tenant_number="000042", client_ip="203.0.113.9") is False


def test_database_down_is_a_french_503_with_retry_after(client, db, monkeypatch):
    def refused(self, *args, **kwargs):
        raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')

    client.raise_request_exception = False
    with monkeypatch.context() as patched:
        patched.setattr(BaseDatabaseWrapper, "ensure_connection", refused)
        response = client.get(reverse("accounts:login"))

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "Service momentanément indisponible" in response.text
    assert 'lang="fr"' in response.text
    assert "Erreur 503" in response.text


def test_any_other_fault_is_still_the_french_500(client, db, monkeypatch):
    def broken(*args, **kwargs):
        raise ZeroDivisionError

    client.raise_request_exception = False
    monkeypatch.setattr("portal.accounts.views.LoginView.get", broken)
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 500
    assert "Erreur 500" in response.text
