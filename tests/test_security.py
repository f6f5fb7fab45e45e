"""What a security review checks first: headers, CSP, private files, production settings."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.django_db
def test_public_pages_send_a_strict_csp_and_security_headers(client):
    response = client.get("/")
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_no_page_template_contains_an_inline_script(client):
    offenders = []
    for template in (ROOT / "templates").rglob("*.html"):
        text = template.read_text()
        for chunk in text.split("<script")[1:]:
            head = chunk.split(">", 1)[0]
            if "src=" not in head and "application/ld+json" not in head and "application/json" not in head:
                offenders.append(str(template.relative_to(ROOT)))
        if " onclick=" in text or ' style="' in text:
            offenders.append(str(template.relative_to(ROOT)))
    assert offenders == []


def test_nothing_is_fetched_from_outside():
    assert settings.WAGTAIL_ENABLE_UPDATE_CHECK is False
    assert settings.WAGTAIL_GRAVATAR_PROVIDER_URL is None
    assert settings.WAGTAILEMBEDS_FINDERS == []
    for template in (ROOT / "templates").rglob("*.html"):
        text = template.read_text()
        assert "//cdn" not in text and "googleapis" not in text and "gravatar" not in text, template


def test_tenant_space_requires_login(client, db):
    response = client.get("/espace/")
    assert response.status_code == 302
    assert response["Location"].startswith("/compte/connexion/")


def test_staff_without_lease_get_no_tenant_space(support_client):
    assert support_client.get("/espace/").status_code == 403


def test_manifest_lets_the_portal_be_installed(client, db):
    response = client.get("/manifest.webmanifest")
    data = response.json()
    assert data["lang"] == "fr"
    assert data["display"] == "standalone"
    assert {icon["sizes"] for icon in data["icons"]} >= {"192x192", "512x512"}


def _production_env(**overrides):
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "SECRET_KEY", "DEBUG"))}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        ALLOWED_HOSTS="moncompte.example.org",
        EMAIL_HOST="smtp.example.org",
    )
    env.update(overrides)
    return env


def test_production_refuses_to_start_without_a_secret_key():
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=_production_env(FIELD_ENCRYPTION_KEY="x"),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_settings_pass_the_deployment_checklist():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=_production_env(SECRET_KEY="k" * 20 + "-production-like-secret-0123456789", FIELD_ENCRYPTION_KEY="x"),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _port_in_range() -> int:
    for port in range(8600, 8700):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port in 8600-8699")


def test_gunicorn_does_not_name_itself_in_a_server_header(tmp_path):
    port = _port_in_range()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", "DATABASE_URL": f"sqlite:///{tmp_path}/db"}
    command = [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "config.wsgi:application"]
    server = subprocess.Popen([*command, "--bind", f"127.0.0.1:{port}", "--workers", "1"], cwd=ROOT, env=env)  # noqa: S603
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                response = urllib.request.urlopen(f"http://127.0.0.1:{port}/static/js/portal.js", timeout=5)
                break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.2)
        assert response.status == 200
        assert response.headers["Server"] is None
        assert response.headers["Date"]
    finally:
        server.terminate()
        server.wait(timeout=10)
