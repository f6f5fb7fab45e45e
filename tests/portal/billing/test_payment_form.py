"""« PAYER EN LIGNE »: every bad input gets a French message next to the field and no payment."""

import uuid
from decimal import Decimal

import pytest
from django.urls import reverse

from portal.billing.models import OnlinePayment
from portal.billing.selectors import lease_balance

from .factories import ledger_with_balance

URL = "/espace/paiements/payer/"


def post(client, tenant, amount, **extra):
    data = {"amount": amount, "lease": tenant.signatory.lease.tenant_number, "submission_token": uuid.uuid4()}
    return client.post(URL, {**data, **extra})


@pytest.fixture
def demo_backend(settings):
    settings.PAYMENT_BACKEND = "demo"


def test_the_form_is_prefilled_with_the_amount_due(tenant_client, owing_tenant, demo_backend):
    response = tenant_client.get(URL)
    assert 'value="412,35"' in response.text


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("0", "Le montant minimum d'un paiement en ligne est de 1,00 €."),
        ("0,99", "Le montant minimum d'un paiement en ligne est de 1,00 €."),
        ("-10", "Le montant doit être positif."),
        ("412,36", "Le montant ne peut pas dépasser la somme due (412,35\u00a0€)."),
        ("10,555", "Indiquez au plus deux chiffres après la virgule (les centimes)."),
        ("dix euros", "Saisissez un montant en chiffres, par exemple 125,50."),
        ("1e3", "Saisissez un montant en chiffres, par exemple 125,50."),
        ("99999999999999999999", "Ce montant est trop élevé."),
        ("", "Indiquez le montant à régler."),
    ],
)
def test_bad_amounts_are_refused_in_french_and_kept(tenant_client, owing_tenant, demo_backend, amount, message):
    response = post(tenant_client, owing_tenant, amount)

    assert response.status_code == 200
    errors = response.context["form"].errors["amount"]
    assert errors == [message]
    assert f'value="{amount}"' in response.text or amount == ""
    assert 'aria-invalid="true"' in response.text or "is-invalid" in response.text
    assert not OnlinePayment.objects.exists()


@pytest.mark.parametrize(("typed", "expected"), [("10,00", "10.00"), ("1 234,5 €", "412.35"), ("7.5", "7.50")])
def test_french_amounts_are_understood(tenant_client, owing_tenant, demo_backend, typed, expected):
    if typed.startswith("1 234"):
        ledger_with_balance(owing_tenant.signatory.lease, Decimal("2000.00") - Decimal("412.35") + Decimal("412.35"))
        expected = "1234.50"
    response = post(tenant_client, owing_tenant, typed)
    assert response.status_code == 302
    assert OnlinePayment.objects.get().amount == Decimal(expected)


def test_a_forged_lease_number_is_refused(tenant_client, owing_tenant, other_tenant, demo_backend):
    response = post(tenant_client, owing_tenant, "10,00", lease=other_tenant.signatory.lease.tenant_number)
    assert "Ce paiement ne correspond pas à votre contrat" in response.text
    assert not OnlinePayment.objects.exists()


@pytest.mark.parametrize("balance", [Decimal("-35.00"), Decimal("0.00")])
def test_no_payment_when_nothing_is_due(tenant_client, tenant, demo_backend, balance):
    ledger_with_balance(tenant.signatory.lease, balance)

    home = tenant_client.get("/espace/")
    assert "PAYER EN LIGNE" not in home.text

    response = tenant_client.post(
        URL,
        {"amount": "10", "lease": tenant.signatory.lease.tenant_number, "submission_token": uuid.uuid4()},
        follow=True,
    )
    assert "aucun paiement en ligne n&#x27;est nécessaire" in response.text
    assert not OnlinePayment.objects.exists()
    assert lease_balance(lease=tenant.signatory.lease) == balance


def test_the_demo_page_refuses_to_run_with_debug_off_and_no_override(tenant_client, owing_tenant, settings):
    settings.PAYMENT_BACKEND = "demo"
    post(tenant_client, owing_tenant, "10,00")
    payment = OnlinePayment.objects.get()
    settings.PAYMENT_BACKEND = ""
    settings.DEBUG = False
    settings.STRIPE_SECRET_KEY = ""

    assert tenant_client.get(reverse("payment_gateway:demo_checkout", args=[payment.reference])).status_code == 404
    assert tenant_client.post(reverse("payment_gateway:demo_checkout", args=[payment.reference])).status_code == 404
    payment.refresh_from_db()
    assert payment.is_pending
    response = tenant_client.get(URL)
    assert "Le paiement en ligne est momentanément indisponible" in response.text


def test_the_demo_page_settles_through_the_same_service(
    tenant_client, owing_tenant, demo_backend, django_capture_on_commit_callbacks, mailoutbox
):
    response = post(tenant_client, owing_tenant, "10,00")
    page = tenant_client.get(response.url)
    assert "Mode démonstration" in page.text
    assert "4242 4242 4242 4242" in page.text

    with django_capture_on_commit_callbacks(execute=True):
        done = tenant_client.post(response.url, {"validate": ""}, follow=True)

    assert "Paiement confirmé" in done.text
    assert lease_balance(lease=owing_tenant.signatory.lease) == Decimal("402.35")
    assert len(mailoutbox) == 1
    # Validating again (back button) credits nothing more.
    tenant_client.post(response.url, {"validate": ""})
    assert lease_balance(lease=owing_tenant.signatory.lease) == Decimal("402.35")


def test_another_leases_demo_page_is_not_found(client, tenant_client, owing_tenant, other_tenant, demo_backend):
    response = post(tenant_client, owing_tenant, "10,00")
    client.force_login(other_tenant, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get(response.url).status_code == 404
    assert client.post(response.url, {"validate": ""}).status_code == 404
    assert OnlinePayment.objects.get().is_pending
