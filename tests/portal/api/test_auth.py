"""Signing in a device, its tokens' life, and « Modifier mes accès »."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.accounts.enums import AccountEventKind
from portal.accounts.models import AccountEvent, Device
from portal.accounts.services import token_hash
from tests.conftest import MODEL_BACKEND
from tests.factories import PASSWORD, StaffUserFactory, TenantUserFactory

from .conftest import ApiClient


def sign_in(api, email, password, device="iPhone de Claire"):
    return api.post("/auth/token", {"email": email, "password": password, "device_name": device})


def test_sign_in_gives_tokens_that_open_the_api(anonymous_api, client, tenant):
    response = sign_in(anonymous_api, tenant.email.upper(), PASSWORD)

    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "Bearer" and body["expires_in"] == 15 * 60
    assert body["access_token"].startswith("pla_") and body["refresh_token"].startswith("plr_")
    me = ApiClient(client, body["access_token"]).get("/me")
    assert me.status_code == 200 and me.json()["tenant"]["email"] == tenant.email
    device = Device.objects.get(user=tenant)
    assert device.name == "iPhone de Claire"
    # Only hashes are stored.
    assert device.access_hash == token_hash(body["access_token"])
    assert body["access_token"] not in str(Device.objects.values().get())


def test_wrong_password_is_a_401_with_the_webs_message(anonymous_api, tenant):
    response = sign_in(anonymous_api, tenant.email, "pas-le-bon")

    assert response.status_code == 401
    assert response.json()["code"] == "invalid_credentials"
    assert "Identifiant ou mot de passe incorrect" in response.json()["message"]
    assert not Device.objects.exists()


def test_missing_fields_are_named_in_french(anonymous_api, tenant):
    response = anonymous_api.post("/auth/token", {"email": "", "password": ""})

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "validation_error"
    assert body["fields"]["email"] == ["Champ requis."]
    assert body["fields"]["password"] == ["Champ requis."]


def test_five_wrong_passwords_lock_the_identifiant_on_the_api_and_the_web(anonymous_api, client, tenant):
    for _attempt in range(4):
        assert sign_in(anonymous_api, tenant.email, "mauvais").status_code == 401
    fifth = sign_in(anonymous_api, tenant.email, "mauvais")
    assert fifth.status_code == 429
    assert fifth.json()["code"] == "locked_out"
    assert "bloqué pendant 15 minutes" in fifth.json()["message"]

    # The right password does not open it either, on the API or on the web.
    assert sign_in(anonymous_api, tenant.email, PASSWORD).json()["code"] == "locked_out"
    web = client.post(reverse("accounts:login"), {"username": tenant.email, "password": PASSWORD})
    assert web.status_code == 429
    assert "_auth_user_id" not in client.session


def test_an_unconfirmed_login_is_told_to_confirm(anonymous_api, db):
    pending = TenantUserFactory(is_active=False)

    response = sign_in(anonymous_api, pending.email, PASSWORD)

    assert response.status_code == 401
    assert response.json()["code"] == "inactive_account"
    assert "pas encore activé" in response.json()["message"]


def test_staff_cannot_sign_in_an_app(anonymous_api, db):
    staff = StaffUserFactory()

    response = sign_in(anonymous_api, staff.email, PASSWORD)

    assert response.status_code == 401
    assert not Device.objects.exists()


@pytest.mark.parametrize("header", [None, "Bearer pla_inconnu", "Bearer ", "Basic abc", "Bearer plr_xxx"])
def test_calls_without_a_valid_token_are_401(client, db, header):
    headers = {"Authorization": header} if header else {}

    response = client.get("/api/v1/home", headers=headers)

    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"
    assert response["WWW-Authenticate"] == "Bearer"


def test_an_expired_access_token_is_refused(api, tokens):
    Device.objects.filter(pk=tokens.device.pk).update(access_expires_at=timezone.now() - timedelta(seconds=1))

    assert api.get("/home").status_code == 401


def test_refresh_gives_a_new_pair_and_the_old_tokens_stop(anonymous_api, client, tokens):
    refreshed = anonymous_api.post("/auth/refresh", {"refresh_token": tokens.refresh_token})

    assert refreshed.status_code == 200
    new = refreshed.json()
    assert new["refresh_token"] != tokens.refresh_token
    assert ApiClient(client, new["access_token"]).get("/home").status_code == 200
    assert ApiClient(client, tokens.access_token).get("/home").status_code == 401
    assert Device.objects.count() == 1


def test_a_refresh_token_used_twice_disconnects_the_device(anonymous_api, client, tokens, tenant):
    first = anonymous_api.post("/auth/refresh", {"refresh_token": tokens.refresh_token}).json()

    replay = anonymous_api.post("/auth/refresh", {"refresh_token": tokens.refresh_token})

    assert replay.status_code == 401
    assert replay.json()["code"] == "invalid_token"
    # Whoever held the newer pair is out too: both must sign in again.
    assert ApiClient(client, first["access_token"]).get("/home").status_code == 401
    assert anonymous_api.post("/auth/refresh", {"refresh_token": first["refresh_token"]}).status_code == 401
    assert AccountEvent.objects.filter(user=tenant, kind=AccountEventKind.DEVICE_TOKEN_REUSED).exists()


def test_an_expired_refresh_token_is_refused(anonymous_api, tokens):
    Device.objects.filter(pk=tokens.device.pk).update(refresh_expires_at=timezone.now() - timedelta(seconds=1))

    assert anonymous_api.post("/auth/refresh", {"refresh_token": tokens.refresh_token}).status_code == 401


def test_logout_revokes_this_devices_tokens_only(api, anonymous_api, client, tenant, tokens):
    from portal.accounts.services import device_sign_in

    tablet = device_sign_in(user=tenant, name="Tablette", client_ip=None)

    assert api.post("/auth/logout").status_code == 204

    assert api.get("/home").status_code == 401
    assert anonymous_api.post("/auth/refresh", {"refresh_token": tokens.refresh_token}).status_code == 401
    assert ApiClient(client, tablet.access_token).get("/home").status_code == 200


def test_devices_are_listed_and_one_or_all_disconnected(api, client, tenant, other_tenant):
    from portal.accounts.services import device_sign_in

    tablet = device_sign_in(user=tenant, name="Tablette", client_ip=None)
    foreign = device_sign_in(user=other_tenant, name="Autre", client_ip=None)

    listed = api.get("/devices").json()
    assert sorted((d["name"], d["current"]) for d in listed) == [("Pixel de test", True), ("Tablette", False)]
    assert api.delete(f"/devices/{foreign.device.pk}").status_code == 404
    assert api.delete(f"/devices/{tablet.device.pk}").status_code == 204
    assert ApiClient(client, tablet.access_token).get("/home").status_code == 401
    assert ApiClient(client, foreign.access_token).get("/home").status_code == 200

    assert api.delete("/devices").json() == {"revoked": 1}
    assert api.get("/devices").status_code == 401


def test_the_access_page_lists_devices_and_disconnects_them(client, tenant, tokens):
    client.force_login(tenant, backend=MODEL_BACKEND)
    api = ApiClient(client, tokens.access_token)

    page = client.get(reverse("accounts:access"))
    assert "Appareils connectés" in page.text and "Pixel de test" in page.text

    client.post(reverse("accounts:device_disconnect", args=[tokens.device.pk]))
    assert api.get("/home").status_code == 401
    assert "Aucune application mobile" in client.get(reverse("accounts:access")).text


def test_the_access_page_disconnects_every_device(client, tenant, tokens):
    client.force_login(tenant, backend=MODEL_BACKEND)

    response = client.post(reverse("accounts:devices_disconnect"), follow=True)

    assert "Tous vos appareils ont été déconnectés" in response.text
    assert ApiClient(client, tokens.access_token).get("/home").status_code == 401


def test_a_password_change_disconnects_every_device(client, tenant, tokens):
    client.force_login(tenant, backend=MODEL_BACKEND)
    new = "Un-autre-mot-de-passe-2027"

    client.post(
        reverse("accounts:access_password"),
        {"password-old_password": PASSWORD, "password-new_password1": new, "password-new_password2": new},
    )

    assert ApiClient(client, tokens.access_token).get("/home").status_code == 401


def test_unsubscribing_disconnects_every_device(client, tenant, tokens):
    client.force_login(tenant, backend=MODEL_BACKEND)

    client.post(reverse("accounts:unsubscribe"), {"password": PASSWORD})

    assert ApiClient(client, tokens.access_token).get("/home").status_code == 401
    assert not Device.objects.exists()


def test_calls_per_token_are_limited_with_retry_after(api, settings):
    settings.API_RATE_PER_TOKEN = "3/min"
    for _call in range(3):
        assert api.get("/balance").status_code == 200

    limited = api.get("/balance")

    assert limited.status_code == 429
    assert limited.json()["code"] == "rate_limited"
    assert 1 <= int(limited["Retry-After"]) <= 60


def test_sign_in_attempts_are_limited_per_address(anonymous_api, tenant, settings):
    settings.API_RATE_SIGN_IN_PER_ADDRESS = "2/min"
    sign_in(anonymous_api, tenant.email, "mauvais")
    sign_in(anonymous_api, "autre@example.org", "mauvais")

    limited = sign_in(anonymous_api, "troisieme@example.org", "mauvais")

    assert limited.status_code == 429
    assert int(limited["Retry-After"]) >= 1


def test_calls_per_address_are_limited_across_tokens(api, other_api, settings):
    settings.API_RATE_PER_ADDRESS = "2/min"
    assert api.get("/balance").status_code == 200
    assert other_api.get("/balance").status_code == 200

    assert api.get("/balance").status_code == 429


def test_calls_with_bad_tokens_count_toward_the_address_limit(anonymous_api, api, settings):
    settings.API_RATE_PER_ADDRESS = "2/min"
    bad = ApiClient(anonymous_api.client, "pla_devine")
    assert bad.get("/balance").status_code == 401
    assert bad.get("/balance").status_code == 401

    limited = api.get("/balance")

    assert limited.status_code == 429
    assert int(limited["Retry-After"]) >= 1


def test_spraying_from_one_address_is_a_429_on_the_api(anonymous_api, tenant, settings):
    settings.LOGIN_FAILURES_PER_ADDRESS = 3
    for number in range(3):
        assert sign_in(anonymous_api, f"voisin{number}@example.org", "Soleil2026!").status_code == 401

    refused = sign_in(anonymous_api, tenant.email, PASSWORD)

    assert refused.status_code == 429
    assert refused.json()["code"] == "login_throttled"
    assert "depuis votre connexion internet" in refused.json()["message"]
