import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD

from .conftest import NEW_PASSWORD, link_in, log_in, logged_in, page_text

RESET = reverse("accounts:password_reset")


def test_known_and_unknown_addresses_get_the_same_answer(client, tenant):
    known = client.post(RESET, {"email": tenant.email})
    unknown = client.post(RESET, {"email": "personne@example.org"})

    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url == reverse("accounts:password_reset_done")
    assert [message.to for message in mail.outbox] == [[tenant.email]]


def test_reset_link_sets_a_new_password(client, tenant):
    client.post(RESET, {"email": tenant.email.upper()})
    link = link_in(mail.outbox[0])

    form_page = client.get(link, follow=True)
    assert "Choisir un nouveau mot de passe" in page_text(form_page)
    response = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )

    assert response.url == reverse("accounts:password_reset_complete")
    log_in(client, tenant.email, PASSWORD)
    assert not logged_in(client)
    log_in(client, tenant.email, NEW_PASSWORD)
    assert logged_in(client)
    assert any("mot de passe" in message.subject for message in mail.outbox[1:])


def test_reset_link_works_once(client, tenant):
    client.post(RESET, {"email": tenant.email})
    link = link_in(mail.outbox[0])
    form_url = client.get(link).url
    client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    response = client.get(link, follow=True)

    assert "Ce lien n'est plus valable" in page_text(response)


def test_weak_new_password_is_refused_in_french(client, tenant):
    client.post(RESET, {"email": tenant.email})
    form_url = client.get(link_in(mail.outbox[0])).url
    response = client.post(form_url, {"new_password1": "court", "new_password2": "court"})
    assert "12 caractères" in page_text(response)


@pytest.mark.parametrize("step", ["password_reset", "password_reset_done", "password_reset_complete"])
def test_every_step_is_in_french(client, db, step):
    response = client.get(reverse(f"accounts:{step}"))
    assert response.status_code == 200
    assert "mot de passe" in page_text(response).lower()


def test_reset_lifts_a_lockout(client, tenant):
    for _attempt in range(5):
        log_in(client, tenant.email, "mauvais")
    client.post(RESET, {"email": tenant.email})
    form_url = client.get(link_in(mail.outbox[0])).url
    client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    log_in(client, tenant.email, NEW_PASSWORD)

    assert logged_in(client)
