"""Sign-up on someone else's lease: throttles that cannot block the real tenant, the signatories
told of a new account (« ce n'était pas moi »), a pending sign-up never silently replaced."""

from django.core import mail
from django.test import Client
from django.urls import reverse

from portal.accounts.enums import AccountEventKind
from portal.accounts.models import AccountEvent, User
from portal.accounts.throttling import SIGNUP_FAILURES_PER_ADDRESS, SIGNUP_FAILURES_PER_LEASE_AND_ADDRESS
from portal.core.models import SiteSettings
from tests.factories import PASSWORD, TenantUserFactory

from .conftest import NEW_PASSWORD, link_in, log_in, logged_in, mails_to, page_text, signup_data

SIGNUP = reverse("accounts:signup")
THROTTLED = "Trop de tentatives d'inscription ont échoué"


def test_bad_tries_from_elsewhere_do_not_block_the_real_signup(client, lucas):
    for day in range(SIGNUP_FAILURES_PER_LEASE_AND_ADDRESS * 3):
        Client().post(SIGNUP, signup_data(birth_date=f"1979-02-{day + 1:02d}"), REMOTE_ADDR=f"203.0.113.{day + 1}")

    response = client.post(SIGNUP, signup_data(), REMOTE_ADDR="198.51.100.20")

    assert response.url == reverse("accounts:signup_sent")
    assert User.objects.filter(signatory=lucas).exists()


def test_one_address_trying_many_leases_is_stopped(client, lucas, settings):
    settings.CLIENT_IP_HEADER = "X-Real-IP"
    for number in range(SIGNUP_FAILURES_PER_ADDRESS):
        client.post(
            SIGNUP, signup_data(tenant_number=f"9{number:05d}"), REMOTE_ADDR="10.0.0.2", HTTP_X_REAL_IP="203.0.113.7"
        )

    blocked = client.post(SIGNUP, signup_data(), REMOTE_ADDR="10.0.0.2", HTTP_X_REAL_IP="203.0.113.7")
    assert THROTTLED in page_text(blocked)
    # The tenant behind the same proxy, from their own address, signs up.
    accepted = Client().post(SIGNUP, signup_data(), REMOTE_ADDR="10.0.0.2", HTTP_X_REAL_IP="198.51.100.20")
    assert accepted.url == reverse("accounts:signup_sent")


def _partner_with_login(lucas):
    return TenantUserFactory(signatory__lease=lucas.lease, email="emma.petit@example.org")


def test_a_new_account_is_told_to_the_address_on_file_and_the_other_logins(client, lucas):
    lucas.email = "lucas.connu@example.net"
    lucas.save()
    partner = _partner_with_login(lucas)

    client.post(SIGNUP, signup_data(email="intrus@example.org"))

    for address in ("lucas.connu@example.net", partner.email):
        [notice] = mails_to(address)
        assert "intrus@example.org" in notice.body
        assert "Ce n'était pas vous" in notice.body
    assert len(mails_to("intrus@example.org")) == 1  # its confirmation link only


def test_not_me_suspends_the_new_account_and_alerts_support(client, lucas):
    partner = _partner_with_login(lucas)
    client.post(SIGNUP, signup_data(email="intrus@example.org"))
    client.get(link_in(mails_to("intrus@example.org")[0]))  # the intruder confirms
    not_me = link_in(mails_to(partner.email)[0])

    assert "Suspendre ce compte" in page_text(Client().get(not_me))
    done = Client().post(not_me)

    assert "Le compte est suspendu" in page_text(done)
    intruder = User.objects.get(signatory=lucas)
    assert intruder.suspended_at is not None
    refused = log_in(client, "intrus@example.org", NEW_PASSWORD)
    assert not logged_in(client)
    assert "Ce compte est suspendu" in page_text(refused)
    [alert] = mails_to(SiteSettings.load().support_email)
    assert "intrus@example.org" in alert.body
    assert AccountEvent.objects.filter(kind=AccountEventKind.SUSPENDED_NOT_ME, user=intruder).exists()


def test_a_suspended_login_blocks_the_signatory_until_support_acts(client, lucas):
    partner = _partner_with_login(lucas)
    client.post(SIGNUP, signup_data(email="intrus@example.org"))
    Client().post(link_in(mails_to(partner.email)[0]))

    response = client.post(SIGNUP, signup_data(email="lucas.vrai@example.org"))

    assert "Le compte de ce signataire du bail est suspendu" in page_text(response)
    assert log_in(Client(), partner.email, PASSWORD).status_code == 302  # the others are untouched


def test_a_pending_signup_is_kept_and_its_author_told(client, lucas):
    client.post(SIGNUP, signup_data(email="lucas.petit@example.org"))
    first_link = link_in(mails_to("lucas.petit@example.org")[0])

    response = Client().post(SIGNUP, signup_data(email="autre@example.org"))

    assert "Une inscription est déjà en attente de confirmation" in page_text(response)
    assert User.objects.get(signatory=lucas).email == "lucas.petit@example.org"
    assert mails_to("autre@example.org") == []
    assert "Quelqu'un vient d'essayer de s'inscrire" in mails_to("lucas.petit@example.org")[-1].body
    client.get(first_link)
    assert User.objects.get(signatory=lucas).is_active


def test_the_same_address_again_gets_a_fresh_link(client, lucas):
    client.post(SIGNUP, signup_data())
    response = client.post(SIGNUP, signup_data())

    assert response.url == reverse("accounts:signup_sent")
    assert len(mails_to("lucas.petit@example.org")) == 2
    assert len(mail.outbox) == 2
