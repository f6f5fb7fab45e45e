"""« Clés d'accès » of « Modifier mes accès » (the ceremonies themselves run in tests/e2e/test_passkeys.py)."""

import hashlib
import html

import pytest
from django.urls import reverse
from django_otp_webauthn.models import WebAuthnCredential

from tests.factories import TenantUserFactory


def passkey_of(user, raw_id: bytes) -> WebAuthnCredential:
    return WebAuthnCredential.objects.create(
        user=user,
        name="clé",
        credential_id=raw_id,
        credential_id_sha256=hashlib.sha256(raw_id).hexdigest(),
        public_key=b"key",
        sign_count=0,
        confirmed=True,
    )


@pytest.mark.django_db
def test_access_page_lists_the_tenants_own_passkeys_only(tenant_client, tenant):
    passkey_of(tenant, b"mine")
    passkey_of(TenantUserFactory(), b"theirs")

    page = html.unescape(tenant_client.get(reverse("accounts:access")).content.decode())

    assert "Clé d'accès n° 1" in page
    assert "Clé d'accès n° 2" not in page
    assert "Ajouter une clé d'accès" in page


@pytest.mark.django_db
def test_a_tenant_cannot_remove_someone_elses_passkey(tenant_client):
    theirs = passkey_of(TenantUserFactory(), b"theirs")

    tenant_client.post(reverse("accounts:passkey_delete", args=[theirs.pk]))

    assert WebAuthnCredential.objects.filter(pk=theirs.pk).exists()


@pytest.mark.django_db
def test_the_login_page_offers_a_passkey_next_to_the_password(client):
    page = html.unescape(client.get(reverse("accounts:login")).content.decode())

    assert "Se connecter avec une clé d'accès" in page
    assert 'src="/static/js/passkeys.js"' in page
    assert "<script>" not in page


@pytest.mark.django_db
def test_failed_passkey_logins_count_against_the_address_like_passwords(client, settings):
    settings.LOGIN_FAILURES_PER_ADDRESS = 3
    complete = reverse("accounts:passkey_login_complete")
    begin = reverse("accounts:passkey_login_begin")
    for _ in range(3):
        failed = client.post(complete, data="{}", content_type="application/json", REMOTE_ADDR="203.0.113.7")
        assert failed.status_code == 400 or failed.status_code == 403

    refused = client.post(begin, data="{}", content_type="application/json", REMOTE_ADDR="203.0.113.7")
    elsewhere = client.post(begin, data="{}", content_type="application/json", REMOTE_ADDR="198.51.100.9")

    assert refused.status_code == 429
    assert "Trop de tentatives de connexion" in refused.json()["detail"]
    assert elsewhere.status_code == 200
