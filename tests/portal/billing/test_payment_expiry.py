"""Online payments left unfinished expire: « Abandonné » in the history, gone from « Accueil »."""

import time
import uuid
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.billing.enums import PaymentBackend, PaymentStatus
from portal.billing.models import OnlinePayment
from portal.billing.selectors import lease_balance
from portal.billing.services import online_payments_reconcile

PENDING_NOTICE = "est en cours de confirmation"


def start_payment(client, tenant, amount="100,50"):
    return client.post(
        reverse("billing:online_payment_new"),
        {"amount": amount, "lease": tenant.signatory.lease.tenant_number, "submission_token": uuid.uuid4()},
    )


def age(payments, minutes: int):
    """Move the payments' start `minutes` into the past, as if the tenant had left the checkout then."""
    for payment in payments:
        OnlinePayment.objects.filter(pk=payment.pk).update(created_at=timezone.now() - timedelta(minutes=minutes))


def accueil(client) -> str:
    return client.get(reverse("space:home")).text


def test_a_stripe_checkout_is_opened_to_expire_after_the_stated_delay(
    tenant_client, owing_tenant, fake_stripe, settings
):
    settings.ONLINE_PAYMENT_EXPIRY_MINUTES = 45
    start_payment(tenant_client, owing_tenant)
    [(_, _, params, _)] = fake_stripe.session_requests()
    assert int(params["expires_at"]) - time.time() == pytest.approx(45 * 60, abs=30)


def test_three_abandoned_stripe_checkouts_leave_accueil_and_read_abandonne(tenant_client, owing_tenant, fake_stripe):
    for _ in range(3):
        start_payment(tenant_client, owing_tenant)
    payments = list(OnlinePayment.objects.order_by("pk"))
    assert accueil(tenant_client).count(PENDING_NOTICE) == 3

    age(payments, minutes=31)
    # Gone from Accueil as soon as they expire, before the reconciliation has run.
    assert PENDING_NOTICE not in accueil(tenant_client)

    assert online_payments_reconcile() == 3
    # Each session was expired at Stripe, so that it can no longer be paid.
    expired_at_stripe = [r[1] for r in fake_stripe.requests if r[0] == "POST" and r[1].endswith("/expire")]
    assert sorted(expired_at_stripe) == sorted(f"/v1/checkout/sessions/{p.stripe_session_id}/expire" for p in payments)
    assert set(OnlinePayment.objects.values_list("status", flat=True)) == {PaymentStatus.CANCELLED}
    assert online_payments_reconcile() == 0

    history = tenant_client.get(reverse("billing:payments")).text
    assert history.count("Abandonné") == 3
    assert lease_balance(lease=owing_tenant.signatory.lease) == Decimal("412.35")


def test_a_checkout_paid_just_before_expiry_whose_webhook_was_lost_is_credited(
    tenant_client, owing_tenant, fake_stripe, django_capture_on_commit_callbacks
):
    start_payment(tenant_client, owing_tenant)
    payment = OnlinePayment.objects.get()
    fake_stripe.pay(payment.stripe_session_id)
    age([payment], minutes=31)
    with django_capture_on_commit_callbacks(execute=True):
        assert online_payments_reconcile() == 1
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.SUCCEEDED
    assert lease_balance(lease=owing_tenant.signatory.lease) == Decimal("311.85")


def test_a_checkout_still_within_its_delay_stays_pending(tenant_client, owing_tenant, fake_stripe):
    start_payment(tenant_client, owing_tenant)
    age(OnlinePayment.objects.all(), minutes=20)
    assert online_payments_reconcile() == 0
    assert OnlinePayment.objects.get().status == PaymentStatus.PENDING
    assert PENDING_NOTICE in accueil(tenant_client)


@pytest.fixture
def demo(settings):
    settings.PAYMENT_BACKEND = PaymentBackend.DEMO


def test_the_demo_page_states_its_delay_and_refuses_to_pay_after_it(tenant_client, owing_tenant, demo):
    start_payment(tenant_client, owing_tenant)
    payment = OnlinePayment.objects.get()
    page = reverse("payment_gateway:demo_checkout", args=[payment.reference])
    expires = timezone.localtime(payment.created_at + timedelta(minutes=30))
    assert f"Cette page de paiement expire à {expires:%H:%M}" in tenant_client.get(page).text

    age([payment], minutes=31)
    response = tenant_client.post(page, {"validate": "1"}, follow=True)
    assert "Paiement non abouti" in response.text
    assert "abandonné" in response.text
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.CANCELLED
    assert lease_balance(lease=owing_tenant.signatory.lease) == Decimal("412.35")


def test_the_reconciliation_abandons_demo_payments_after_the_delay(tenant_client, owing_tenant, demo):
    start_payment(tenant_client, owing_tenant)
    start_payment(tenant_client, owing_tenant)
    old, recent = OnlinePayment.objects.order_by("pk")
    age([old], minutes=31)
    age([recent], minutes=20)
    assert online_payments_reconcile() == 1
    assert dict(OnlinePayment.objects.values_list("pk", "status")) == {
        old.pk: PaymentStatus.CANCELLED,
        recent.pk: PaymentStatus.PENDING,
    }
    assert accueil(tenant_client).count(PENDING_NOTICE) == 1
