"""« Mettre à jour le RIB » from an app: the web's three steps and checks, over the API."""

import pytest
from django.core import mail

from portal.accounts.services import device_sign_in
from portal.mandates.enums import MandateEventKind, MandateStatus
from portal.mandates.models import BankMandate, MandateEvent
from tests.factories import PASSWORD
from tests.portal.mandates.factories import NEW_IBAN, martin_household

from .conftest import ApiClient


@pytest.fixture
def household(db):
    return martin_household()


@pytest.fixture
def claire_api(client, household):
    return ApiClient(client, device_sign_in(user=household[0], name="Téléphone", client_ip=None).access_token)


def steps_1_and_2(api):
    details = api.post("/payment-method/rib/details", {"holder_name": "Claire MARTIN", "iban": NEW_IBAN, "bic": ""})
    assert details.status_code == 200
    accepted = api.post("/payment-method/rib/accept", {"draft": details.json()["draft"], "accepted": True})
    assert accepted.status_code == 200
    return accepted.json()


def test_three_steps_record_a_pending_mandate_and_email_every_signatory(
    claire_api, household, django_capture_on_commit_callbacks
):
    claire, karim = household
    details = claire_api.post(
        "/payment-method/rib/details", {"holder_name": " Claire  MARTIN ", "iban": NEW_IBAN.lower(), "bic": ""}
    ).json()
    assert details["step"] == 1
    mandate = details["mandate"]
    assert (mandate["holder_name"], mandate["bic"]) == ("Claire MARTIN", "AGRIFRPPXXX")
    assert mandate["iban_masked"] == "FR76 **** **** **** **** ***0 189"
    for fact in ("Mandat de prélèvement SEPA", "8 semaines", "13 mois", "FR00ZZZ000000", mandate["rum"]):
        assert fact in mandate["text_html"]
    assert "34567890" not in str(details) and "3456 7890" not in str(details)

    accepted = claire_api.post("/payment-method/rib/accept", {"draft": details["draft"], "accepted": True}).json()
    with django_capture_on_commit_callbacks(execute=True):
        signed = claire_api.post("/payment-method/rib/sign", {"draft": accepted["draft"], "password": PASSWORD})

    assert signed.status_code == 201
    body = signed.json()
    assert body["status"] == "pending" and body["rum"] == mandate["rum"]
    assert "reste prélevé" in body["message"]
    new = BankMandate.objects.get(status=MandateStatus.PENDING)
    assert new.iban == "FR7630006000011234567890189" and new.signed_by == claire
    assert BankMandate.objects.filter(status=MandateStatus.ACTIVE).exists()  # the old one until staff validate
    assert {address for message in mail.outbox for address in message.to} >= {claire.email, karim.email}
    method = claire_api.get("/payment-method").json()
    assert method["pending_mandate"]["rum"] == new.rum
    pdf = claire_api.get(f"/payment-method/mandates/{new.rum}/pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_bad_bank_details_get_the_webs_messages(claire_api):
    response = claire_api.post("/payment-method/rib/details", {"holder_name": "", "iban": "FR76 1234", "bic": ""})

    assert response.status_code == 400
    fields = response.json()["fields"]
    assert fields["holder_name"] == ["Indiquez le nom du titulaire du compte, tel qu'il figure sur le RIB."]
    assert fields["iban"]


def test_the_mandate_must_be_accepted_before_signing(claire_api):
    details = claire_api.post(
        "/payment-method/rib/details", {"holder_name": "Claire MARTIN", "iban": NEW_IBAN, "bic": ""}
    ).json()

    refused = claire_api.post("/payment-method/rib/accept", {"draft": details["draft"], "accepted": False})
    early = claire_api.post("/payment-method/rib/sign", {"draft": details["draft"], "password": PASSWORD})

    assert refused.json()["fields"]["accepted"] == [
        "Cochez la case pour accepter le mandat de prélèvement, ou revenez à l'étape précédente."
    ]
    assert early.status_code == 409
    assert not BankMandate.objects.filter(status=MandateStatus.PENDING).exists()


def test_a_forged_or_foreign_draft_is_refused(claire_api, client, household):
    draft = steps_1_and_2(claire_api)["draft"]
    karim_api = ApiClient(client, device_sign_in(user=household[1], name="Autre", client_ip=None).access_token)

    assert claire_api.post("/payment-method/rib/sign", {"draft": draft + "x", "password": PASSWORD}).status_code == 400
    # A draft is tied to the login that made it.
    assert karim_api.post("/payment-method/rib/sign", {"draft": draft, "password": PASSWORD}).status_code == 400
    assert not BankMandate.objects.filter(status=MandateStatus.PENDING).exists()


def test_the_same_signature_twice_makes_one_mandate(claire_api):
    draft = steps_1_and_2(claire_api)["draft"]

    first = claire_api.post("/payment-method/rib/sign", {"draft": draft, "password": PASSWORD})
    second = claire_api.post("/payment-method/rib/sign", {"draft": draft, "password": PASSWORD})

    assert first.json()["rum"] == second.json()["rum"]
    assert BankMandate.objects.filter(status=MandateStatus.PENDING).count() == 1


def test_wrong_passwords_count_toward_the_lockout_and_disconnect_the_app(claire_api, household):
    draft = steps_1_and_2(claire_api)["draft"]
    for _attempt in range(4):
        wrong = claire_api.post("/payment-method/rib/sign", {"draft": draft, "password": "mauvais"})
        assert wrong.json()["fields"]["password"] == ["Mot de passe incorrect."]

    fifth = claire_api.post("/payment-method/rib/sign", {"draft": draft, "password": "mauvais"})

    assert fifth.status_code == 429 and fifth.json()["code"] == "locked_out"
    assert claire_api.get("/home").status_code == 401
    assert MandateEvent.objects.filter(kind=MandateEventKind.CONFIRMATION_FAILED).count() == 5
    assert not BankMandate.objects.filter(status=MandateStatus.PENDING).exists()


def test_another_leases_mandate_pdf_is_a_404(api, household):
    foreign = BankMandate.objects.get(status=MandateStatus.ACTIVE)

    assert api.get(f"/payment-method/mandates/{foreign.rum}/pdf").status_code == 404
