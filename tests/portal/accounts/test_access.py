import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from pytest_django.asserts import assertContains

from portal.accounts.models import AccountEvent, User
from portal.leases.models import Lease, Signatory
from tests.factories import PASSWORD, SignatoryFactory, TenantUserFactory

from .conftest import NEW_PASSWORD, link_in, log_in, logged_in, mails_to, page_text, signup_data

ACCESS = reverse("accounts:access")
CHANGE_EMAIL = reverse("accounts:access_email")
CHANGE_PASSWORD = reverse("accounts:access_password")
UNSUBSCRIBE = reverse("accounts:unsubscribe")


def test_access_page_needs_a_tenant(client, db):
    assert client.get(ACCESS).url.startswith(reverse("accounts:login"))


def test_access_page_offers_the_three_changes(tenant_client):
    text = page_text(tenant_client.get(ACCESS))
    for words in ["Changer d'adresse e-mail", "Changer de mot de passe", "Me désinscrire"]:
        assert words in text


# E-mail


def test_new_address_is_confirmed_by_a_link_and_the_old_one_told(client, tenant):
    old = tenant.email
    log_in(client, old, PASSWORD)

    response = client.post(CHANGE_EMAIL, {"email-new_email": "Nouvelle@Example.org", "email-password": PASSWORD})

    assert response.url == ACCESS
    tenant.refresh_from_db()
    assert tenant.email == old  # nothing changes before the link is followed
    [confirmation] = mails_to("nouvelle@example.org")
    client.get(link_in(confirmation))

    tenant.refresh_from_db()
    assert tenant.email == "nouvelle@example.org"
    [notice] = mails_to(old)
    assert "nouvelle@example.org" in notice.body
    client.post(reverse("accounts:logout"))
    log_in(client, "nouvelle@example.org", PASSWORD)
    assert logged_in(client)


def test_email_change_asks_the_password(tenant_client, tenant):
    response = tenant_client.post(CHANGE_EMAIL, {"email-new_email": "autre@example.org", "email-password": "mauvais"})
    assert response.status_code == 400
    assert response.context["email_form"].errors["password"] == ["Mot de passe incorrect."]
    assert 'value="autre@example.org"' in page_text(response)
    assert mail.outbox == []


def test_address_of_another_login_gets_the_same_answer(tenant_client, tenant, other_tenant):
    response = tenant_client.post(CHANGE_EMAIL, {"email-new_email": other_tenant.email, "email-password": PASSWORD})
    assert response.url == ACCESS
    [warning] = mails_to(other_tenant.email)
    assert "/acces/adresse/confirmer/" not in warning.body
    tenant.refresh_from_db()
    assert tenant.email != other_tenant.email


def test_expired_email_link_changes_nothing(tenant_client, tenant):
    old = tenant.email
    tenant_client.post(CHANGE_EMAIL, {"email-new_email": "tard@example.org", "email-password": PASSWORD})
    with override_settings(ACCOUNT_CONFIRMATION_MAX_AGE=-1):
        response = tenant_client.get(link_in(mail.outbox[0]))
    assert response.status_code == 400
    assert "a expiré" in page_text(response)
    tenant.refresh_from_db()
    assert tenant.email == old


# Password


def test_password_change_asks_the_current_one_and_keeps_the_session(client, tenant):
    log_in(client, tenant.email, PASSWORD)

    response = client.post(
        CHANGE_PASSWORD,
        {
            "password-old_password": PASSWORD,
            "password-new_password1": NEW_PASSWORD,
            "password-new_password2": NEW_PASSWORD,
        },
    )

    assert response.url == ACCESS
    assert client.get(reverse("space:home")).status_code == 200  # still logged in
    tenant.refresh_from_db()
    assert tenant.check_password(NEW_PASSWORD)
    assert mails_to(tenant.email)


def test_wrong_current_password_is_refused(tenant_client, tenant):
    response = tenant_client.post(
        CHANGE_PASSWORD,
        {
            "password-old_password": "mauvais",
            "password-new_password1": NEW_PASSWORD,
            "password-new_password2": NEW_PASSWORD,
        },
    )
    assert response.context["password_form"].errors["old_password"] == ["Mot de passe incorrect."]
    tenant.refresh_from_db()
    assert tenant.check_password(PASSWORD)


def test_wrong_passwords_on_access_forms_count_toward_the_lockout(client, tenant):
    log_in(client, tenant.email, PASSWORD)
    for _attempt in range(4):
        client.post(CHANGE_EMAIL, {"email-new_email": "x@example.org", "email-password": "mauvais"})

    response = client.post(UNSUBSCRIBE, {"password": "mauvais"})

    assert response.status_code == 429
    assert "Accès temporairement bloqué" in page_text(response)
    assert not logged_in(client)
    log_in(client, tenant.email, PASSWORD)
    assert not logged_in(client)
    assert User.objects.filter(pk=tenant.pk).exists()


# Unsubscribe


def test_unsubscribe_page_says_what_is_lost_and_that_one_can_come_back(tenant_client):
    text = page_text(tenant_client.get(UNSUBSCRIBE))
    assert "ne seront plus accessibles" in text
    assert "réinscrire à tout moment" in text


def test_unsubscribe_asks_the_password(tenant_client, tenant):
    response = tenant_client.post(UNSUBSCRIBE, {"password": "mauvais"})
    assert response.status_code == 400
    assert User.objects.filter(pk=tenant.pk).exists()


def test_unsubscribe_deletes_the_login_but_not_the_lease_data(client, tenant):
    lease = tenant.signatory.lease
    lease.paperless_since = lease.paperless_since or tenant.date_joined
    lease.save()
    log_in(client, tenant.email, PASSWORD)

    response = client.post(UNSUBSCRIBE, {"password": PASSWORD}, follow=True)

    assert "Votre compte a été supprimé" in page_text(response)
    assert not logged_in(client)
    assert not User.objects.filter(pk=tenant.pk).exists()
    assert Signatory.objects.filter(pk=tenant.signatory_id).exists()
    lease.refresh_from_db()
    assert lease.paperless_until is not None
    assert AccountEvent.objects.filter(email=tenant.email, kind="unsubscribed", lease=lease).exists()


def test_paperless_continues_while_another_signatory_keeps_a_login(client, tenant):
    lease = tenant.signatory.lease
    lease.paperless_since = tenant.date_joined
    lease.save()
    TenantUserFactory(signatory=SignatoryFactory(lease=lease, first_name="Karim"))
    log_in(client, tenant.email, PASSWORD)

    client.post(UNSUBSCRIBE, {"password": PASSWORD})

    lease.refresh_from_db()
    assert lease.paperless_until is None


def test_signing_up_again_after_unsubscribing_works(client, lucas):
    client.post(reverse("accounts:signup"), signup_data())
    client.get(link_in(mail.outbox[-1]))
    log_in(client, "lucas.petit@example.org", NEW_PASSWORD)
    client.post(UNSUBSCRIBE, {"password": NEW_PASSWORD})
    assert Lease.objects.get(pk=lucas.lease_id).paperless_until is not None

    client.post(reverse("accounts:signup"), signup_data(email="lucas.nouveau@example.org"))
    client.get(link_in(mail.outbox[-1]))

    assert User.objects.get(signatory=lucas).email == "lucas.nouveau@example.org"
    assert Lease.objects.get(pk=lucas.lease_id).is_paperless


@pytest.mark.parametrize(
    ("name", "section"), [("accounts:access_password", "mot-de-passe"), ("accounts:access_email", "adresse")]
)
def test_the_forms_addresses_opened_directly_show_the_access_page(tenant_client, name, section):
    response = tenant_client.get(reverse(name), follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("accounts:access") + f"#titre-{section}"
    assertContains(response, "Changer de mot de passe")
