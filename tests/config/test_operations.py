"""What an operator relies on: health URLs, French error pages, JSON logs with a request id."""

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.test import RequestFactory
from django.views.defaults import server_error
from django_q.tasks import async_task

from config.logs import JsonFormatter, RequestIdMiddleware, mask_secrets, request_id_var
from config.sentry import scrub_event

ROOT = Path(__file__).resolve().parent.parent.parent


def test_liveness_answers_json_without_touching_anything(client, django_db_blocker):
    with django_db_blocker.block():
        response = client.get("/sante/vivant/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_readiness_reports_each_dependency_and_the_task_queue(client):
    async_task("math.floor", 1.5, sync=False)

    body = client.get("/sante/pret/").json()

    assert body["status"] == "ok"
    assert {name for name, check in body["checks"].items() if check["ok"]} == {"database", "cache", "storage", "tasks"}
    assert body["checks"]["tasks"]["queued"] >= 1
    assert body["checks"]["tasks"]["oldest_queued_age_s"] >= 0
    assert "password" not in json.dumps(body).lower()


@pytest.mark.django_db
def test_readiness_fails_when_the_cache_is_down(client, monkeypatch):
    monkeypatch.setattr("config.health.cache.get", lambda key: None)
    response = client.get("/sante/pret/")
    assert response.status_code == 503
    cache_check = response.json()["checks"]["cache"]
    assert (cache_check["ok"], cache_check["error"]) == (False, "RuntimeError")


@pytest.mark.django_db
def test_unknown_page_is_a_french_404_in_the_portal_look(client):
    response = client.get("/cette-page-n-existe-pas/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page introuvable" in html
    assert "Retour à l'accueil" in html
    assert 'lang="fr"' in html


def test_500_page_renders_without_the_database(django_db_blocker):
    with django_db_blocker.block():
        response = server_error(RequestFactory().get("/espace/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert "Service momentanément indisponible" in html
    assert "css/bootstrap.portal.css" in html


def test_log_lines_are_json_in_utc_with_the_request_id_and_no_iban():
    args = ("FR7630006000011234567890189", "s3cret")
    record = logging.LogRecord("portal", logging.INFO, __file__, 1, "IBAN %s password=%s", args, None)
    token = request_id_var.set("abc123def456")
    try:
        line = json.loads(JsonFormatter().format(record))
    finally:
        request_id_var.reset(token)
    assert line["request_id"] == "abc123def456"
    assert line["time"].endswith("Z")
    assert "FR7630006000011234567890189" not in line["message"]
    assert "s3cret" not in line["message"]
    assert line["message"].startswith("IBAN FR76 ****189")


def test_a_spaced_iban_is_masked_too():
    assert mask_secrets("FR76 3000 6000 0112 3456 7890 189") == "FR76 **** 189"


def test_request_id_comes_from_the_proxy_and_is_answered_back():
    seen = []
    middleware = RequestIdMiddleware(lambda request: seen.append(request_id_var.get()) or _Response())
    response = middleware(RequestFactory().get("/", HTTP_X_REQUEST_ID="0123456789abcdef0123"))
    assert seen == ["0123456789abcdef0123"]
    assert response["X-Request-ID"] == "0123456789abcdef0123"
    forged = middleware(RequestFactory().get("/", HTTP_X_REQUEST_ID="<script>"))
    assert forged["X-Request-ID"] != "<script>"
    assert len(forged["X-Request-ID"]) == 32


class _Response(dict):
    pass


@pytest.mark.django_db
def test_a_task_logs_with_the_id_of_the_request_that_queued_it():
    token = request_id_var.set("req0000000042")
    try:
        async_task("tests.config.test_operations.current_request_id", sync=True, save=True)
    finally:
        request_id_var.reset(token)
    assert _TASK_SAW == ["req0000000042"]


_TASK_SAW: list[str] = []


def current_request_id():
    _TASK_SAW.append(request_id_var.get())


def test_sentry_events_lose_personal_data():
    event = {
        "request": {"url": "https://x/espace/", "method": "POST", "data": {"iban": "FR"}, "cookies": {"id": "s"}},
        "user": {"id": 7, "email": "claire.martin@example.org", "ip_address": "10.0.0.1"},
        "exception": {
            "values": [{"value": "IBAN FR7630006000011234567890189", "stacktrace": {"frames": [{"vars": {"pw": "x"}}]}}]
        },
        "breadcrumbs": {"values": [{"message": "SELECT ..."}]},
    }
    scrubbed = scrub_event(event, {})
    assert scrubbed["request"] == {"url": "https://x/espace/", "method": "POST"}
    assert scrubbed["user"] == {"id": 7}
    assert "breadcrumbs" not in scrubbed
    assert "vars" not in scrubbed["exception"]["values"][0]["stacktrace"]["frames"][0]
    assert "30006000011234567890" not in scrubbed["exception"]["values"][0]["value"]


def test_only_the_bootstrap_files_pages_load_are_static_files():
    assert finders.find("css/bootstrap.portal.css")
    assert finders.find("vendor/bootstrap/css/bootstrap.min.css") is None
    assert finders.find("vendor/bootstrap/js/bootstrap.bundle.min.js")
    assert finders.find("vendor/bootstrap/css/bootstrap-grid.css") is None


def _production(**overrides):
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DEBUG", "EMAIL_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="k" * 20 + "-production-like-secret-0123456789",
        FIELD_ENCRYPTION_KEY="x",
        ALLOWED_HOSTS="moncompte.example.org",
    )
    env.update(overrides)
    return subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )


def test_production_refuses_to_start_without_smtp_unless_told_so():
    refused = _production()
    assert refused.returncode != 0
    assert "EMAIL_HOST" in refused.stderr
    assert _production(EMAIL_DISABLED="1").returncode == 0
