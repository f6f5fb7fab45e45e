"""« Mettre à jour le RIB »: the wizard, the mandate's life, the e-mails, and what staff may see."""

import html
import uuid
from io import BytesIO

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import Permission
from django.core import mail
from django.utils import timezone
from pypdf import PdfReader
from pytest_django.asserts import assertRedirects

from portal.mandates import services as mandates
from portal.mandates.enums import MandateEventKind, MandateStatus
from portal.mandates.models import BankMandate, MandateEvent
from tests.factories import PASSWORD, LeaseFactory, StaffUserFactory, TenantUserFactory

from .factories import NEW_IBAN, martin_household

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
DETAILS, ACCEPT, SIGN, PAYMENTS = (
    "/espace/paiements/rib/",
    "/espace/paiements/rib/mandat/",
    "/espace/paiements/rib/signature/",
    "/espace/paiements/",
)


@pytest.fixture
def household(db):
    return martin_household()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Runs what a block queues after its commit (the e-mail tasks), as in a real request."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def claire_client(client, household):
    client.force_login(household[0], backend=MODEL_BACKEND)
    return client


def fill_steps_1_and_2(client):
    response = client.post(DETAILS, {"holder_name": "Claire MARTIN", "iban": NEW_IBAN, "bic": ""})
    assert response.status_code == 302 and response.url == ACCEPT
    response = client.post(ACCEPT, {"accepted": "on"})
    assert response.status_code == 302 and response.url == SIGN
    return client.get(SIGN).context["form"].initial["submission_token"]


def submit(*, lease, signer, token=None, iban=NEW_IBAN):
    return mandates.mandate_submit(
        lease=lease,
        signer=signer,
        holder_name=signer.get_full_name(),
        iban=iban,
        bic="",
        rum=mandates.mandate_rum_new(lease=lease),
        submission_token=token or uuid.uuid4(),
        debtor_address="2 rue des Lilas, 30000 Nîmes",
        signed_place="Nîmes",
        signed_at=timezone.now(),
        ip="203.0.113.7",
    )


# The wizard


def test_claire_changes_her_rib_karim_is_told_and_the_old_account_stays_active(claire_client, household, committed):
    claire, karim = household
    page = claire_client.get(PAYMENTS).text
    assert "FR76 **** **** **** **** ***7 843" in page and "Mettre à jour le RIB" in page

    token = fill_steps_1_and_2(claire_client)
    step2 = claire_client.get(ACCEPT).text
    for fact in (
        "FR76 **** **** **** **** ***0 189",
        "AGRIFRPPXXX",
        "FR00ZZZ000000",
        "Habitat du Gard",
        "8 semaines",
        "13 mois",
        "récurrent",
        "RUM-",
    ):
        assert fact in step2
    assert "3456 7890" not in step2

    with committed():
        response = claire_client.post(
            SIGN, {"password": PASSWORD, "submission_token": token}, REMOTE_ADDR="198.51.100.4"
        )
    assert response.status_code == 302 and response.url == PAYMENTS

    new = BankMandate.objects.get(status=MandateStatus.PENDING)
    old = BankMandate.objects.get(status=MandateStatus.ACTIVE)
    assert (new.signed_by, new.holder_name, new.bic, new.signed_ip) == (
        claire,
        "Claire MARTIN",
        "AGRIFRPPXXX",
        "198.51.100.4",
    )
    assert new.iban == "FR7630006000011234567890189" and old.rum.endswith("REPRISE")
    page = claire_client.get(PAYMENTS).text
    assert "Changement de RIB en attente de validation" in page and "FR76 **** **** **** **** ***0 189" in page
    assert "FR76 **** **** **** **** ***7 843" in page  # still the account debited

    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert set(by_recipient) == {claire.email, karim.email}
    body = by_recipient[karim.email].body
    assert by_recipient[karim.email].subject == "Vos coordonnées bancaires ont été modifiées"
    assert "par Claire MARTIN" in body and "FR76 **** **** **** **** ***0 189" in body
    assert "Si vous n'êtes pas à l'origine de ce changement, appelez-nous sans attendre au 04 66 00 00 00" in body
    assert "portail-locataire@hdg30.fr" in body and "7890 189" not in body.replace("***0 189", "")
    event = MandateEvent.objects.get(kind=MandateEventKind.SUBMITTED)
    assert (event.actor, event.ip_address, event.mandate) == (claire, "198.51.100.4", new)


def test_going_back_keeps_what_was_typed(claire_client):
    fill_steps_1_and_2(claire_client)
    response = claire_client.post(ACCEPT, {"back": "1", "accepted": "on"})
    assert response.url == DETAILS
    form = claire_client.get(DETAILS).context["form"]
    assert form.initial == {"holder_name": "Claire MARTIN", "iban": NEW_IBAN, "bic": "AGRIFRPPXXX"}
    assert claire_client.get(ACCEPT).context["form"].initial == {"accepted": True}


def test_bad_input_is_shown_next_to_the_field_and_kept(claire_client):
    response = claire_client.post(
        DETAILS, {"holder_name": "Claire MARTIN", "iban": "FR76 3000 6000 0112 3456 7890 188", "bic": ""}
    )
    assert response.status_code == 400
    assert 'value="FR76 3000 6000 0112 3456 7890 188"' in response.text and "clé de contrôle" in response.text
    fill_steps_1_and_2(claire_client)
    response = claire_client.post(ACCEPT, {})
    assert response.status_code == 400 and "Cochez la case pour accepter le mandat" in response.text
    assert not BankMandate.objects.filter(status=MandateStatus.PENDING).exists()


def test_a_step_opened_out_of_order_sends_to_the_right_step(claire_client):
    response = claire_client.get(SIGN, follow=True)
    assert response.redirect_chain == [(DETAILS, 302)]
    assert "Commencez par l'étape 1" in text(response)
    claire_client.post(DETAILS, {"holder_name": "Claire MARTIN", "iban": NEW_IBAN, "bic": ""})
    response = claire_client.get(SIGN, follow=True)
    assert response.redirect_chain == [(ACCEPT, 302)] and "Commencez par l'étape 2" in text(response)
    assert claire_client.post(SIGN, {"password": PASSWORD}).url == ACCEPT
    assert not BankMandate.objects.filter(status=MandateStatus.PENDING).exists()


def test_wrong_passwords_at_the_signature_count_toward_the_lockout(claire_client, household):
    claire = household[0]
    token = fill_steps_1_and_2(claire_client)
    for _attempt in range(4):
        response = claire_client.post(SIGN, {"password": "mauvais", "submission_token": token})
        assert response.status_code == 400 and "Mot de passe incorrect." in response.text
    assert AccessAttempt.objects.get(username=claire.email).failures_since_start == 4
    assert MandateEvent.objects.filter(kind=MandateEventKind.CONFIRMATION_FAILED, actor=claire).count() == 4

    response = claire_client.post(SIGN, {"password": "mauvais", "submission_token": token})
    assert response.status_code == 429
    assert claire_client.get(PAYMENTS).status_code == 302  # signed out
    assert not BankMandate.objects.filter(status=MandateStatus.PENDING).exists()


def test_a_double_submission_makes_one_mandate(claire_client, committed):
    token = fill_steps_1_and_2(claire_client)
    with committed():
        first = claire_client.post(SIGN, {"password": PASSWORD, "submission_token": token})
        second = claire_client.post(SIGN, {"password": PASSWORD, "submission_token": token})
    assert first.url == second.url == PAYMENTS
    assert BankMandate.objects.filter(status=MandateStatus.PENDING).count() == 1
    assert len(mail.outbox) == 2  # one e-mail per signatory, once


def test_the_service_is_safe_to_call_twice_and_a_newer_rib_replaces_a_pending_one(household):
    claire, karim = household
    lease = claire.signatory.lease
    token = uuid.uuid4()
    first = submit(lease=lease, signer=claire, token=token)
    assert submit(lease=lease, signer=claire, token=token) == first
    second = submit(lease=lease, signer=karim, iban="DE89 3704 0044 0532 0130 00")
    first.refresh_from_db()
    assert first.status == MandateStatus.REPLACED and second.status == MandateStatus.PENDING
    assert second.iban_masked == "DE89 **** **** **** **30 00" and second.bic == "COBADEFFXXX"


# The signed mandate as a PDF


def test_the_signed_mandate_downloads_as_a_pdf_and_another_lease_gets_404(client, household):
    claire, _karim = household
    mandate = submit(lease=claire.signatory.lease, signer=claire)
    client.force_login(claire, backend=MODEL_BACKEND)
    response = client.get(f"/espace/paiements/rib/mandats/{mandate.rum}.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    # Words only: the PDF wraps lines inside its two columns.
    pdf_text = " ".join(" ".join(page.extract_text() for page in PdfReader(BytesIO(response.content)).pages).split())
    for fact in (
        mandate.rum,
        "FR76 **** **** **** **** ***0 189",
        "Claire MARTIN",
        "FR00ZZZ000000",
        "8 semaines",
        "13 mois",
    ):
        assert fact in pdf_text
    stranger = TenantUserFactory()
    client.force_login(stranger, backend=MODEL_BACKEND)
    assert client.get(f"/espace/paiements/rib/mandats/{mandate.rum}.pdf").status_code == 404


# Staff


@pytest.fixture
def pending(household):
    claire = household[0]
    return submit(lease=claire.signatory.lease, signer=claire)


def review_url(mandate):
    return f"/admin/mandats-sepa/inspect/{mandate.pk}/"


def test_validation_activates_the_new_mandate_and_revokes_the_old_one_once(
    support_client, support_user, pending, committed
):
    listing = support_client.get("/admin/mandats-sepa/", {"status": "pending"}).text
    assert pending.rum in listing and "REPRISE" not in listing
    page = support_client.get(review_url(pending)).text
    assert "FR76 **** **** **** **** ***0 189" in page and "3456 7890" not in page
    assert "Afficher l'IBAN complet" not in page
    mail.outbox.clear()

    with committed():
        response = support_client.post(review_url(pending), {"action": "validate"}, REMOTE_ADDR="192.0.2.10")
        assert response.status_code == 302
        again = mandates.mandate_validate(mandate_id=pending.pk, staff=support_user, ip=None)
    assert again.status == MandateStatus.ACTIVE
    statuses = dict(BankMandate.objects.values_list("rum", "status"))
    assert statuses == {
        pending.rum: MandateStatus.ACTIVE,
        pending.lease.mandates.exclude(pk=pending.pk).get().rum: MandateStatus.REVOKED,
    }
    assert MandateEvent.objects.filter(kind=MandateEventKind.VALIDATED).count() == 1
    assert MandateEvent.objects.get(kind=MandateEventKind.VALIDATED).ip_address == "192.0.2.10"
    [message] = mail.outbox
    assert message.to == ["claire.martin@example.org"] and "***0 189" in message.body

    assert support_client.get(PAYMENTS).status_code == 403  # staff have no tenant space


def test_the_mandate_list_filters_by_age_and_residence(support_client, pending):
    listing = "/admin/mandats-sepa/"
    assert pending.rum in support_client.get(listing, {"age": "today"}).text
    assert pending.rum not in support_client.get(listing, {"age": "gt30"}).text
    assert pending.rum in support_client.get(listing, {"residence": pending.lease.residence_id}).text
    other = LeaseFactory()
    assert pending.rum not in support_client.get(listing, {"residence": other.residence_id}).text


def test_staff_decisions_appear_in_the_mandate_history_in_the_admin(support_client, support_user, pending):
    history = f"/admin/mandats-sepa/history/{pending.pk}/"
    assert f'href="{history}"' in support_client.get(review_url(pending)).text
    assert "Mandat validé" not in support_client.get(history).text

    support_client.post(review_url(pending), {"action": "validate"})

    page = support_client.get(history)
    assert page.status_code == 200
    assert "Mandat validé" in page.text and support_user.get_full_name() in page.text


def test_refusal_is_e_mailed_with_its_reason_and_is_safe_twice(support_client, support_user, pending, committed):
    mail.outbox.clear()
    response = support_client.post(review_url(pending), {"action": "refuse", "reason": ""})
    assert response.status_code == 400
    with committed():
        support_client.post(
            review_url(pending), {"action": "refuse", "reason": "Le titulaire n'est pas signataire du bail."}
        )
        mandates.mandate_refuse(mandate_id=pending.pk, staff=support_user, reason="encore", ip=None)
    pending.refresh_from_db()
    assert (
        pending.status == MandateStatus.REFUSED
        and pending.refusal_reason == "Le titulaire n'est pas signataire du bail."
    )
    [message] = mail.outbox
    assert message.to == ["claire.martin@example.org"]
    assert "Le titulaire n'est pas signataire du bail." in message.body
    assert BankMandate.objects.get(lease=pending.lease, status=MandateStatus.ACTIVE).rum.endswith("REPRISE")
    with pytest.raises(Exception, match="plus en attente"):
        mandates.mandate_validate(mandate_id=pending.pk, staff=support_user, ip=None)


def test_only_staff_with_the_permission_see_a_full_iban_and_each_view_is_logged(support_client, support_user, pending):
    # Wagtail answers a refused admin action with a redirect to the dashboard and a message.
    assertRedirects(
        support_client.post(review_url(pending), {"action": "reveal"}), "/admin/", fetch_redirect_response=False
    )
    assert not MandateEvent.objects.filter(kind=MandateEventKind.FULL_IBAN_VIEWED).exists()

    support_user.user_permissions.add(Permission.objects.get(codename="view_full_iban"))
    page = support_client.get(review_url(pending)).text
    assert "Afficher l'IBAN complet" in page and "3456 7890" not in page
    response = support_client.post(review_url(pending), {"action": "reveal"}, REMOTE_ADDR="192.0.2.20")
    assert "FR76 3000 6000 0112 3456 7890 189" in response.text
    event = MandateEvent.objects.get(kind=MandateEventKind.FULL_IBAN_VIEWED)
    assert (event.actor, event.mandate, event.ip_address) == (support_user, pending, "192.0.2.20")
    assert "IBAN complet consulté" in support_client.get(review_url(pending)).text


def test_audit_takes_the_address_the_reverse_proxy_saw(claire_client, settings):
    settings.CLIENT_IP_HEADER = "X-Real-IP"
    token = fill_steps_1_and_2(claire_client)
    claire_client.post(
        SIGN,
        {"password": PASSWORD, "submission_token": token},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="1.2.3.4",  # typed by the visitor: never trusted
        HTTP_X_REAL_IP="198.51.100.9",
    )
    assert BankMandate.objects.get(status=MandateStatus.PENDING).signed_ip == "198.51.100.9"


def test_audit_ignores_proxy_headers_without_a_trusted_proxy(claire_client):
    token = fill_steps_1_and_2(claire_client)
    claire_client.post(
        SIGN,
        {"password": PASSWORD, "submission_token": token},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="1.2.3.4",
        HTTP_X_REAL_IP="198.51.100.9",
    )
    assert BankMandate.objects.get(status=MandateStatus.PENDING).signed_ip == "10.0.0.1"


def test_technical_staff_see_no_mandate(client, pending):
    client.force_login(StaffUserFactory(group="Gestion technique"), backend=MODEL_BACKEND)
    for url in ("/admin/mandats-sepa/", review_url(pending), f"/admin/mandats-sepa/pdf/{pending.pk}/"):
        assertRedirects(client.get(url), "/admin/", fetch_redirect_response=False)
