"""Staff second factor: what a staff member meets between the password and the admin."""

import html

import pytest
from django.urls import reverse
from django_otp import devices_for_user
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import ModelLogEntry

from portal.secondfactor import services
from tests.factories import PASSWORD, StaffUserFactory

ADMIN_PAGES = ["/admin/", "/admin/pages/", "/admin/users/", "/django-admin/", "/django-admin/accounts/user/"]


def wagtail_login(client, user):
    response = client.post(reverse("wagtailadmin_login"), {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.content[:500]
    return response


def text(response) -> str:
    return html.unescape(response.content.decode())


def current_code(device: TOTPDevice) -> str:
    return str(totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)).zfill(device.digits)


def throttle_delay_passes(user):
    """django-otp refuses any code for a second after a wrong one: a person takes longer to retype."""
    for device in devices_for_user(user, confirmed=None):
        device.throttle_reset()


def enrolled_totp(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Application", confirmed=True)


@pytest.fixture
def required(settings):
    settings.STAFF_SECOND_FACTOR = "required"


@pytest.fixture
def superuser(db):
    user = StaffUserFactory(email="chef@example.org", is_superuser=True)
    return user


@pytest.mark.django_db
@pytest.mark.usefixtures("required")
@pytest.mark.parametrize("page", ADMIN_PAGES)
def test_required_mode_keeps_staff_without_device_out_of_every_admin_page(client, page):
    staff = StaffUserFactory(is_superuser=True)
    wagtail_login(client, staff)

    response = client.get(page)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("secondfactor:setup"))
    assert "next=" in response["Location"]


@pytest.mark.django_db
@pytest.mark.usefixtures("required")
def test_sign_in_layout_assets_stay_reachable_before_enrolment(client):
    """Wagtail's sign-in layout loads its icons from /admin/sprite/: redirected, the set-up page
    itself was injected as the icons."""
    wagtail_login(client, StaffUserFactory())

    assert client.get(reverse("wagtailadmin_sprite")).status_code == 200
    assert client.get(reverse("wagtailadmin_javascript_catalog")).status_code == 200


@pytest.mark.django_db
@pytest.mark.usefixtures("required")
def test_setup_page_offers_app_and_passkey_in_french(client):
    staff = StaffUserFactory()
    wagtail_login(client, staff)

    response = client.get(reverse("secondfactor:setup"), {"next": "/admin/pages/"})

    assert response.status_code == 200
    assert "Utiliser une application" in response.content.decode()
    assert "Enregistrer une clé d'accès" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.usefixtures("required")
def test_totp_enrolment_with_a_real_code_then_next_login_asks_for_it(client):
    staff = StaffUserFactory(group="Communication", is_superuser=True)
    wagtail_login(client, staff)

    page = client.get(reverse("secondfactor:setup_totp"))
    assert b"<svg" in page.content
    device = TOTPDevice.objects.get(user=staff, confirmed=False)

    wrong = client.post(
        reverse("secondfactor:setup_totp"), {"code": "000000" if current_code(device) != "000000" else "111111"}
    )
    assert "Ce code ne correspond pas" in text(wrong)
    throttle_delay_passes(staff)

    confirmed = client.post(reverse("secondfactor:setup_totp"), {"code": current_code(device), "next": "/admin/pages/"})
    assert confirmed.status_code == 302
    assert confirmed["Location"].startswith(reverse("secondfactor:recovery_codes"))
    codes_page = client.get(confirmed["Location"]).content.decode()
    assert codes_page.count("<li><code>") == services.RECOVERY_CODE_COUNT
    assert client.get("/admin/pages/").status_code == 200

    client.post(reverse("wagtailadmin_logout"))
    wagtail_login(client, staff)
    asked = client.get("/admin/pages/")
    assert asked["Location"].startswith(reverse("secondfactor:verify"))
    refused = client.post(reverse("secondfactor:verify"), {"code": "12345", "next": "/admin/pages/"})
    assert "Ce code n'est pas valide" in text(refused)
    assert client.get("/admin/pages/").status_code == 302

    throttle_delay_passes(staff)
    device.refresh_from_db()
    device.last_t = -1  # the code of this 30-second step was spent at enrolment
    device.save()
    ok = client.post(reverse("secondfactor:verify"), {"code": current_code(device), "next": "/admin/pages/"})
    assert ok["Location"] == "/admin/pages/"
    assert client.get("/admin/pages/").status_code == 200
    assert client.get("/django-admin/").status_code == 200


@pytest.mark.django_db
def test_a_recovery_code_opens_the_admin_once_only(client):
    staff = StaffUserFactory()
    enrolled_totp(staff)
    code = services.recovery_codes_generate(user=staff)[0]

    wagtail_login(client, staff)
    first = client.post(reverse("secondfactor:verify"), {"code": code.upper(), "next": "/admin/"})
    assert first["Location"] == "/admin/"
    assert "il vous en reste 9" in text(client.get("/admin/"))
    assert not StaticToken.objects.filter(token=code).exists()

    client.post(reverse("wagtailadmin_logout"))
    wagtail_login(client, staff)
    again = client.post(reverse("secondfactor:verify"), {"code": code, "next": "/admin/"})
    assert again.status_code == 200
    assert "Ce code n'est pas valide ou a déjà servi" in text(again)
    assert client.get("/admin/")["Location"].startswith(reverse("secondfactor:verify"))


@pytest.mark.django_db
def test_offered_mode_lets_staff_without_device_in(client, settings):
    assert settings.STAFF_SECOND_FACTOR == "offered"
    staff = StaffUserFactory(is_superuser=True)
    wagtail_login(client, staff)

    assert client.get("/admin/").status_code == 200
    assert client.get("/django-admin/").status_code == 200
    account = text(client.get(reverse("wagtailadmin_account")))
    assert reverse("secondfactor:manage") in account
    assert "Second facteur" in account
    manage = text(client.get(reverse("secondfactor:manage")))
    assert "Ajouter une application" in manage
    assert "Ajouter une clé d'accès" in manage


@pytest.mark.django_db
def test_offered_mode_still_asks_enrolled_staff_for_their_code(client):
    staff = StaffUserFactory()
    enrolled_totp(staff)
    wagtail_login(client, staff)

    assert client.get("/admin/")["Location"].startswith(reverse("secondfactor:verify"))


@pytest.mark.django_db
def test_a_password_alone_cannot_add_a_device_to_an_enrolled_account(client, required):
    staff = StaffUserFactory()
    enrolled_totp(staff)
    wagtail_login(client, staff)

    assert client.get(reverse("secondfactor:setup_totp"))["Location"].startswith(reverse("secondfactor:verify"))
    begin = client.post(reverse("accounts:passkey_register_begin"), content_type="application/json")
    assert begin.status_code == 403
    assert begin.json()["detail"].startswith("Confirmez d'abord votre identité avec votre second facteur")


@pytest.mark.django_db
def test_non_superuser_cannot_reset_a_second_factor(client):
    colleague = StaffUserFactory()
    enrolled_totp(colleague)
    staff = StaffUserFactory(is_superuser=False)
    client.force_login(staff)

    assert "Réinitialiser le second facteur" not in text(client.get(reverse("wagtailusers_users:index")))
    refused = client.post(reverse("secondfactor:reset", args=[colleague.pk]))

    assert refused["Location"] == "/admin/"  # Wagtail's « permission refusée »
    assert TOTPDevice.objects.filter(user=colleague).exists()
    assert not ModelLogEntry.objects.filter(action="secondfactor.reset").exists()


@pytest.mark.django_db
@pytest.mark.usefixtures("required")
def test_superuser_resets_a_second_factor_and_it_is_logged(client, superuser):
    colleague = StaffUserFactory(first_name="Inès", last_name="Roux")
    enrolled_totp(colleague)
    services.recovery_codes_generate(user=colleague)
    own = enrolled_totp(superuser)
    wagtail_login(client, superuser)
    client.post(reverse("secondfactor:verify"), {"code": current_code(own)})

    listing = text(client.get(reverse("wagtailusers_users:index")))
    assert "Réinitialiser le second facteur" in listing
    assert "Inès ROUX" in text(client.get(reverse("secondfactor:reset", args=[colleague.pk])))
    done = client.post(reverse("secondfactor:reset", args=[colleague.pk]), follow=True)

    assert "Second facteur de Inès ROUX réinitialisé" in text(done)
    assert not TOTPDevice.objects.filter(user=colleague).exists()
    entry = ModelLogEntry.objects.get(action="secondfactor.reset", object_id=str(colleague.pk))
    assert entry.user == superuser
    assert "Second facteur réinitialisé" in text(client.get(reverse("wagtailadmin_reports:site_history")))

    # Inès signs in again: she has to enrol anew.
    client.post(reverse("wagtailadmin_logout"))
    wagtail_login(client, colleague)
    assert client.get("/admin/")["Location"].startswith(reverse("secondfactor:setup"))


@pytest.mark.django_db
def test_django_admin_never_shows_a_totp_secret(client, superuser):
    colleague_device = enrolled_totp(StaffUserFactory())
    client.force_login(superuser)

    page = client.get(reverse("admin:otp_totp_totpdevice_change", args=[colleague_device.pk]))

    assert page.status_code == 200
    assert colleague_device.key not in page.content.decode()
