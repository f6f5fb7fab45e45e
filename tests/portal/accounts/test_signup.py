from datetime import timedelta

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from portal.accounts.models import User
from portal.accounts.selectors import name_normalize
from portal.accounts.throttling import SIGNUP_FAILURES_PER_LEASE_AND_ADDRESS
from tests.factories import SignatoryFactory, TenantUserFactory

from .conftest import NEW_PASSWORD, link_in, log_in, logged_in, mails_to, page_text, signup_data

SIGNUP = reverse("accounts:signup")
NO_MATCH = "Nous n'avons pas pu vérifier votre identité"


def test_signup_page_tells_about_paperless_documents(client, db):
    response = client.get(SIGNUP)
    assert "dématérialisation de vos avis d'échéance et de vos bulletins de régularisation de charges" in page_text(
        response
    )


def test_matching_details_create_an_inactive_login_and_send_a_confirmation_link(client, lucas):
    response = client.post(SIGNUP, signup_data())

    assert response.status_code == 302
    assert response.url == reverse("accounts:signup_sent")
    user = User.objects.get(signatory=lucas)
    assert user.email == "lucas.petit@example.org"
    assert not user.is_active
    [message] = mail.outbox
    assert message.to == ["lucas.petit@example.org"]
    assert "48 heures" in message.body
    assert "/compte/inscription/confirmer/" in link_in(message)
    # Not usable until confirmed.
    log_in(client, "lucas.petit@example.org", NEW_PASSWORD)
    assert not logged_in(client)


@pytest.mark.parametrize(
    ("last_name", "first_name"),
    [("petit", "lucas"), ("  Petit ", " LUCAS  "), ("PÉTIT", "Lùcas")],
)
def test_names_match_whatever_the_case_accents_and_surrounding_spaces(client, lucas, last_name, first_name):
    client.post(SIGNUP, signup_data(last_name=last_name, first_name=first_name, tenant_number=" 300003 "))
    assert User.objects.filter(signatory=lucas).exists()


def test_name_normalization_keeps_names_apart():
    assert name_normalize("Éloïse-Marie ") == name_normalize("eloise marie")
    assert name_normalize("Martin") != name_normalize("Martine")


@pytest.mark.parametrize(
    "overrides",
    [
        {"birth_date": "1979-01-06"},
        {"tenant_number": "300004"},
        {"last_name": "PETITE"},
        {"first_name": "Luc"},
    ],
    ids=["wrong birth date", "wrong tenant number", "wrong last name", "wrong first name"],
)
def test_wrong_details_give_one_message_that_names_no_field(client, lucas, overrides):
    response = client.post(SIGNUP, signup_data(**overrides))

    assert response.status_code == 200
    form = response.context["form"]
    assert form.non_field_errors()
    assert not any(form.errors.get(name) for name in signup_data() if name != "__all__")
    assert NO_MATCH in page_text(response)
    assert not User.objects.filter(signatory=lucas).exists()
    assert mail.outbox == []


def test_rejected_form_keeps_what_was_typed_but_not_the_passwords(client, lucas):
    response = client.post(SIGNUP, signup_data(birth_date="1980-01-01"))
    html = page_text(response)
    assert 'value="lucas.petit@example.org"' in html
    assert 'value="1980-01-01"' in html
    assert NEW_PASSWORD not in html


def test_short_password_is_refused_next_to_the_field_in_french(client, lucas):
    response = client.post(SIGNUP, signup_data(password1="Court-1", password2="Court-1"))
    errors = response.context["form"].errors["password1"]
    assert any("12 caractères" in error for error in errors)
    assert not User.objects.exists()


def test_different_confirmation_is_refused_next_to_it(client, lucas):
    response = client.post(SIGNUP, signup_data(password2=NEW_PASSWORD + "x"))
    assert response.context["form"].errors["password2"] == ["Les deux mots de passe ne sont pas identiques."]


def test_signatory_who_already_has_a_login_cannot_get_a_second_one(client, db):
    existing = TenantUserFactory(signatory__first_name="Lucas", signatory__last_name="PETIT")
    signatory = existing.signatory
    response = client.post(
        SIGNUP,
        signup_data(
            tenant_number=signatory.lease.tenant_number,
            birth_date=signatory.birth_date.isoformat(),
            email="autre.adresse@example.org",
        ),
    )
    assert NO_MATCH in page_text(response)
    assert not User.objects.filter(email="autre.adresse@example.org").exists()


def test_address_already_used_gets_the_same_answer_and_a_warning_instead(client, lucas):
    TenantUserFactory(email="deja.pris@example.org")

    response = client.post(SIGNUP, signup_data(email="Deja.Pris@example.org"))

    assert response.status_code == 302
    assert response.url == reverse("accounts:signup_sent")
    assert not User.objects.filter(signatory=lucas).exists()
    [warning] = mails_to("deja.pris@example.org")
    assert "sert déjà d'identifiant" in warning.body
    assert "/compte/inscription/confirmer/" not in warning.body


def test_a_second_signatory_of_the_lease_signs_up_with_their_own_address(client, lucas):
    partner = SignatoryFactory(lease=lucas.lease, last_name="PETIT", first_name="Emma")
    TenantUserFactory(signatory=lucas, email="lucas@example.org")
    client.post(
        SIGNUP, signup_data(first_name="Emma", birth_date=partner.birth_date.isoformat(), email="emma@example.org")
    )
    assert User.objects.get(signatory=partner).email == "emma@example.org"


def test_repeated_failures_on_one_lease_from_one_address_block_even_the_right_details(client, lucas):
    for day in range(SIGNUP_FAILURES_PER_LEASE_AND_ADDRESS):
        client.post(SIGNUP, signup_data(birth_date=f"1979-02-{day + 1:02d}"))

    response = client.post(SIGNUP, signup_data())

    assert "Trop de tentatives d'inscription ont échoué" in page_text(response)
    assert not User.objects.filter(signatory=lucas).exists()
    assert mail.outbox == []


def test_throttle_of_one_lease_leaves_other_leases_alone(client, lucas):
    other = SignatoryFactory(first_name="Nina", last_name="ROUX")
    for day in range(SIGNUP_FAILURES_PER_LEASE_AND_ADDRESS):
        client.post(SIGNUP, signup_data(birth_date=f"1979-02-{day + 1:02d}"))
    client.post(
        SIGNUP,
        signup_data(
            tenant_number=other.lease.tenant_number,
            last_name="Roux",
            first_name="Nina",
            birth_date=other.birth_date.isoformat(),
            email="nina@example.org",
        ),
    )
    assert User.objects.filter(signatory=other).exists()


# Confirmation link


def _sign_up(client):
    client.post(SIGNUP, signup_data())
    return link_in(mail.outbox[-1])


def test_confirmation_link_activates_the_login_and_makes_the_lease_paperless(client, lucas):
    link = _sign_up(client)

    response = client.get(link)

    assert response.status_code == 302
    assert response.url == reverse("accounts:login")
    user = User.objects.get(signatory=lucas)
    assert user.is_active and user.email_confirmed_at is not None
    lucas.lease.refresh_from_db()
    assert lucas.lease.is_paperless
    log_in(client, "lucas.petit@example.org", NEW_PASSWORD)
    assert logged_in(client)


def test_following_the_link_twice_changes_nothing(client, lucas):
    link = _sign_up(client)
    client.get(link)
    lucas.lease.refresh_from_db()
    since = lucas.lease.paperless_since

    response = client.get(link, follow=True)

    assert "déjà activé" in page_text(response)
    lucas.lease.refresh_from_db()
    assert lucas.lease.paperless_since == since


def test_expired_link_offers_a_new_one(client, lucas):
    link = _sign_up(client)
    with override_settings(ACCOUNT_CONFIRMATION_MAX_AGE=-1):
        response = client.get(link)

    assert response.status_code == 400
    assert "Ce lien d'activation a expiré" in page_text(response)
    assert "Recevoir un nouveau lien" in page_text(response)
    assert not User.objects.get(signatory=lucas).is_active

    client.post(reverse("accounts:signup_resend"), {"email": "lucas.petit@example.org"})
    client.get(link_in(mail.outbox[-1]))
    assert User.objects.get(signatory=lucas).is_active


def test_tampered_link_is_refused(client, lucas):
    link = _sign_up(client)
    token = link.rstrip("/").rsplit("/", 1)[1]
    tampered = link.replace(token, token[:-2] + ("AA" if not token.endswith("AA") else "BB"))

    response = client.get(tampered)

    assert response.status_code == 400
    assert "n'est pas valable" in page_text(response)
    assert not User.objects.get(signatory=lucas).is_active


def test_resend_answers_the_same_for_an_unknown_address(client, lucas):
    response = client.post(reverse("accounts:signup_resend"), {"email": "inconnu@example.org"})
    assert response.url == reverse("accounts:signup_sent")
    assert mail.outbox == []


def test_a_new_signup_replaces_a_login_whose_link_expired(client, lucas):
    old_link = _sign_up(client)
    User.objects.filter(signatory=lucas).update(date_joined=timezone.now() - timedelta(days=3))
    client.post(SIGNUP, signup_data(email="lucas.bon@example.org"))

    assert client.get(old_link).status_code == 400
    client.get(link_in(mail.outbox[-1]))
    assert User.objects.get(signatory=lucas).email == "lucas.bon@example.org"
    assert User.objects.get(signatory=lucas).is_active


def test_paperless_since_is_set_once_by_the_first_login_only(client, lucas):
    client.get(_sign_up(client))
    lucas.lease.refresh_from_db()
    first = lucas.lease.paperless_since
    partner = SignatoryFactory(lease=lucas.lease, last_name="PETIT", first_name="Emma")

    client.post(
        SIGNUP, signup_data(first_name="Emma", birth_date=partner.birth_date.isoformat(), email="emma@example.org")
    )
    client.get(link_in(mails_to("emma@example.org")[-1]))

    assert User.objects.get(signatory=partner).is_active
    lucas.lease.refresh_from_db()
    assert lucas.lease.paperless_since == first


def test_signing_up_again_after_paper_period_starts_a_new_paperless_period(client, lucas):
    lease = lucas.lease
    lease.paperless_since = timezone.now() - timedelta(days=400)
    lease.paperless_until = timezone.now() - timedelta(days=30)
    lease.save()

    client.get(_sign_up(client))

    lease.refresh_from_db()
    assert lease.paperless_until is None
    assert lease.paperless_since > timezone.now() - timedelta(minutes=1)
