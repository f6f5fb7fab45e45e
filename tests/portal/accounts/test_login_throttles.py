"""Failed logins: per client address, per identifiant + address (django-axes), and the slow-down of
an identifiant tried from everywhere, which its owner lifts with the link e-mailed to them."""

from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD, StaffUserFactory

from .conftest import link_in, logged_in, mails_to, page_text

LOGIN = reverse("accounts:login")
SPRAYING = "Trop d'essais de connexion ont échoué depuis votre connexion internet"
SLOWED_DOWN = "un seul essai est possible par minute"
LOCKED = "Accès temporairement bloqué"


def attempt(client, identifiant, password, address):
    return client.post(LOGIN, {"username": identifiant, "password": password}, REMOTE_ADDR=address)


def test_password_spraying_from_one_address_is_stopped(client, tenant, settings):
    answers = [attempt(client, f"voisin{number}@example.org", "Soleil2026!", "203.0.113.7") for number in range(40)]

    refused = [answer for answer in answers if SPRAYING in page_text(answer)]
    assert len(refused) == 40 - settings.LOGIN_FAILURES_PER_ADDRESS
    # Even the right password is not checked from that address any more...
    attempt(client, tenant.email, PASSWORD, "203.0.113.7")
    assert not logged_in(client)
    # ...while the tenant, at home, logs in.
    attempt(client, tenant.email, PASSWORD, "198.51.100.20")
    assert logged_in(client)


def test_behind_the_proxy_two_visitors_are_counted_apart(tenant, settings):
    settings.CLIENT_IP_HEADER = "X-Real-IP"
    sprayer, neighbour = Client(), Client()
    for number in range(settings.LOGIN_FAILURES_PER_ADDRESS):
        sprayer.post(
            LOGIN,
            {"username": f"voisin{number}@example.org", "password": "Soleil2026!"},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_REAL_IP="203.0.113.7",
        )
    blocked = sprayer.post(
        LOGIN, {"username": "x@example.org", "password": "y"}, REMOTE_ADDR="10.0.0.2", HTTP_X_REAL_IP="203.0.113.7"
    )
    assert SPRAYING in page_text(blocked)

    neighbour.post(
        LOGIN,
        {"username": tenant.email, "password": PASSWORD},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_REAL_IP="198.51.100.20",
    )

    assert logged_in(neighbour)


def test_wrong_passwords_from_elsewhere_do_not_lock_the_tenant_out(client, tenant):
    attacker = Client()
    for _attempt in range(6):
        attempt(attacker, tenant.email.upper(), "mauvais", "203.0.113.7")
    assert LOCKED in page_text(attempt(attacker, tenant.email, PASSWORD, "203.0.113.7"))

    attempt(client, tenant.email, PASSWORD, "198.51.100.20")

    assert logged_in(client)


def _failures_from_everywhere(identifiant, count):
    for number in range(count):
        attempt(Client(), identifiant, "mauvais", f"203.0.113.{number + 1}")


def test_an_identifiant_tried_from_everywhere_is_slowed_down_and_its_owner_told(client, tenant, settings):
    _failures_from_everywhere(tenant.email, settings.LOGIN_FAILURES_PER_IDENTIFIANT)
    [message] = mails_to(tenant.email)
    assert "ralenties" in message.body
    attempt(Client(), tenant.email, "encore-mauvais", "203.0.113.99")

    response = attempt(client, tenant.email, PASSWORD, "198.51.100.20")

    assert SLOWED_DOWN in page_text(response)
    assert not logged_in(client)
    assert len(mails_to(tenant.email)) == 1  # one e-mail per hour, however many tries


def test_the_unlock_link_lifts_the_slow_down_once(client, tenant, settings):
    _failures_from_everywhere(tenant.email, settings.LOGIN_FAILURES_PER_IDENTIFIANT + 1)
    link = link_in(mails_to(tenant.email)[0])

    page = client.get(link)
    assert "Débloquer mon accès" in page_text(page)
    unlocked = client.post(link, follow=True)
    assert "Votre accès est débloqué dans ce navigateur" in page_text(unlocked)
    attempt(Client(), tenant.email, "encore-mauvais", "203.0.113.99")
    attempt(client, tenant.email, PASSWORD, "198.51.100.20")
    assert logged_in(client)

    again = Client().post(link)
    assert again.status_code == 400
    assert "Ce lien n'est plus valable" in page_text(again)


def test_an_unknown_identifiant_gets_the_same_answer_and_no_mail(client, settings, db):
    _failures_from_everywhere("personne@example.org", settings.LOGIN_FAILURES_PER_IDENTIFIANT + 1)

    response = attempt(client, "personne@example.org", "mauvais", "198.51.100.20")

    assert SLOWED_DOWN in page_text(response)
    assert mails_to("personne@example.org") == []


def test_a_password_reset_ends_the_slow_down(client, tenant, settings):
    _failures_from_everywhere(tenant.email, settings.LOGIN_FAILURES_PER_IDENTIFIANT + 1)
    client.post(reverse("accounts:password_reset"), {"email": tenant.email})
    path = link_in(mails_to(tenant.email)[-1])
    form_page = client.get(path, follow=True)
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Un-nouveau-mot-2026", "new_password2": "Un-nouveau-mot-2026"},
    )
    attempt(Client(), tenant.email, "encore-mauvais", "203.0.113.99")

    attempt(client, tenant.email, "Un-nouveau-mot-2026", "198.51.100.20")

    assert logged_in(client)


def test_the_staff_admin_login_is_counted_per_address_too(client, settings, db):
    staff = StaffUserFactory()
    for number in range(settings.LOGIN_FAILURES_PER_ADDRESS):
        client.post(
            "/admin/login/", {"username": f"agent{number}@example.org", "password": "x"}, REMOTE_ADDR="203.0.113.7"
        )

    client.post("/admin/login/", {"username": staff.email, "password": PASSWORD}, REMOTE_ADDR="203.0.113.7")

    assert not logged_in(client)
