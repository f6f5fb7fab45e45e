"""Accueil, « Mes paiements », « PAYER EN LIGNE », mode de paiement and « Mes documents » over the API."""

import uuid
from decimal import Decimal

from portal.accounts.services import device_sign_in
from portal.billing.enums import PaymentStatus
from portal.billing.models import OnlinePayment
from portal.billing.services import online_payment_start
from tests.portal.billing.factories import ledger_with_balance
from tests.portal.documents.factories import make_paperless, stored_document
from tests.portal.mandates.factories import martin_household

from .conftest import ApiClient


def test_home_gives_the_balance_the_last_items_and_twelve_months(api, tenant):
    ledger_with_balance(tenant.signatory.lease, Decimal("412.35"))

    body = api.get("/home").json()

    assert body["balance"] == "412.35" and body["state"] == "owed"
    assert body["amount_due"] == "412.35" and body["credit"] == "0.00"
    assert [e["label"] for e in body["last_billed"]] == ["Loyer"]
    assert [e["amount"] for e in body["last_payments"]] == ["-87.65"]
    assert len(body["history"]) == 12
    assert body["history"][-1]["balance"] == "412.35"


def test_a_credit_is_shown_as_such(api, tenant):
    ledger_with_balance(tenant.signatory.lease, Decimal("-20.00"))

    assert api.get("/balance").json() == {
        "balance": "-20.00",
        "state": "credit",
        "amount_due": "0.00",
        "credit": "20.00",
    }


def test_payment_history_is_paged(api, tenant):
    lease = tenant.signatory.lease
    for _month in range(3):
        ledger_with_balance(lease, Decimal("100.00"))

    first = api.get("/payments", {"page_size": 2}).json()
    second = api.get("/payments", {"page_size": 2, "page": 2}).json()

    assert (first["count"], first["pages"], len(first["items"])) == (3, 2, 2)
    assert (second["page"], len(second["items"])) == (2, 1)
    assert api.get("/payments", {"page_size": 500}).json()["fields"]["page_size"] == ["Valeur invalide."]


def test_only_the_leases_payments_are_listed(api, tenant, other_tenant):
    ledger_with_balance(other_tenant.signatory.lease, Decimal("100.00"))

    assert api.get("/payments").json()["count"] == 0


def test_online_payment_refuses_amounts_like_the_web(api, tenant, settings):
    settings.PAYMENT_BACKEND = "demo"
    ledger_with_balance(tenant.signatory.lease, Decimal("412.35"))

    def pay(amount):
        return api.post("/payments/online", {"amount": amount, "submission_token": str(uuid.uuid4())})

    too_much = pay("500")
    assert too_much.status_code == 400
    assert too_much.json()["fields"]["amount"] == ["Le montant ne peut pas dépasser la somme due (412,35\xa0€)."]
    assert pay("0,50").json()["fields"]["amount"] == ["Le montant minimum d'un paiement en ligne est de 1,00 €."]
    assert pay("douze").json()["fields"]["amount"] == ["Saisissez un montant en chiffres, par exemple 125,50."]
    assert pay("").json()["fields"]["amount"] == ["Indiquez le montant à régler."]
    assert not OnlinePayment.objects.exists()


def test_online_payment_starts_once_per_submission_token(api, tenant, settings):
    settings.PAYMENT_BACKEND = "demo"
    ledger_with_balance(tenant.signatory.lease, Decimal("412.35"))
    token = str(uuid.uuid4())

    first = api.post("/payments/online", {"amount": "100,00", "submission_token": token})
    again = api.post("/payments/online", {"amount": "100,00", "submission_token": token})

    assert first.status_code == 201
    body = first.json()
    assert body["status"] == "pending" and body["amount"] == "100.00"
    assert body["checkout_url"].startswith("http://testserver/paiement/")
    assert again.json()["reference"] == body["reference"]
    assert OnlinePayment.objects.count() == 1
    status = api.get(f"/payments/online/{body['reference']}").json()
    assert status["status_label"] == "En attente de confirmation"
    assert api.get("/payments/online").json()["items"][0]["reference"] == body["reference"]


def test_online_payment_unavailable_is_a_503(api, tenant, settings):
    settings.PAYMENT_BACKEND = ""
    settings.STRIPE_SECRET_KEY = ""
    settings.DEBUG = False
    ledger_with_balance(tenant.signatory.lease, Decimal("412.35"))

    response = api.post("/payments/online", {"amount": "10", "submission_token": str(uuid.uuid4())})

    assert response.status_code == 503
    assert response.json()["code"] == "payment_unavailable"


def test_another_leases_payment_is_a_404(api, other_tenant, settings):
    settings.PAYMENT_BACKEND = "demo"
    ledger_with_balance(other_tenant.signatory.lease, Decimal("50.00"))
    foreign = online_payment_start(
        lease=other_tenant.signatory.lease, payer=other_tenant, amount=Decimal("10.00"), submission_token=uuid.uuid4()
    )

    response = api.get(f"/payments/online/{foreign.reference}")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert OnlinePayment.objects.get().status == PaymentStatus.PENDING


def test_payment_method_shows_the_masked_rib_and_the_mandate(client, db):
    claire, _karim = martin_household()
    tokens = device_sign_in(user=claire, name="Téléphone", client_ip=None)

    body = ApiClient(client, tokens.access_token).get("/payment-method").json()

    assert body["method"] == "direct_debit"
    assert body["label"] == "Prélèvement automatique"
    assert "****" in body["iban_masked"]
    assert body["active_mandate"]["status"] == "active"
    assert body["active_mandate"]["iban_masked"] == body["iban_masked"]
    assert body["pending_mandate"] is None


def test_documents_are_listed_since_paperless_and_downloaded(api, tenant):
    lease = make_paperless(tenant.signatory.lease)
    document = stored_document(lease)

    listed = api.get("/documents").json()

    assert listed["count"] == 1
    item = listed["items"][0]
    assert item["download_name"] == "avis-echeance-2026-11.pdf"
    pdf = api.client.get(item["download_url"], headers={"Authorization": f"Bearer {api.token}"})
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    assert api.get(f"/documents/{document.pk}/file", headers={"Authorization": "Bearer pla_faux"}).status_code == 401


def test_another_leases_document_is_a_404(api, other_tenant):
    foreign = stored_document(make_paperless(other_tenant.signatory.lease))

    assert api.get(f"/documents/{foreign.pk}/file").status_code == 404
    assert api.get("/documents").json()["count"] == 0
