"""Stripe down while a tenant pays, then back: the payment waits « en attente », the reconciliation
settles it once Stripe answers again, and the tenant is never charged or credited twice."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from portal.billing.enums import EntryKind, PaymentStatus
from portal.billing.models import LedgerEntry, OnlinePayment
from portal.billing.selectors import lease_balance
from portal.billing.services import online_payments_reconcile

from .test_stripe_payments import completed, start_payment


@pytest.mark.parametrize("status", [503, None], ids=["stripe-answers-503", "stripe-refuses-connections"])
def test_a_payment_made_during_a_stripe_outage_is_settled_once_when_stripe_is_back(
    client, tenant_client, owing_tenant, fake_stripe, django_capture_on_commit_callbacks, status
):
    lease = owing_tenant.signatory.lease
    start_payment(tenant_client, owing_tenant)
    payment = OnlinePayment.objects.get()
    fake_stripe.pay(payment.stripe_session_id)  # the tenant paid on Stripe's page...
    fake_stripe.outage(status)  # ...and Stripe's API goes down before the portal hears of it

    # The webhook cannot be checked with Stripe: 503, so that Stripe sends it again later.
    assert completed(payment.stripe_session_id, client, event_id="evt_during_outage").status_code == 503
    page = tenant_client.get(reverse("billing:online_payment_return", args=[payment.reference]))
    assert page.status_code == 200
    assert "Paiement en cours de confirmation" in page.text
    OnlinePayment.objects.filter(pk=payment.pk).update(created_at=payment.created_at - timedelta(minutes=20))
    assert online_payments_reconcile() == 0
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PENDING
    # Paying again meanwhile is refused (« momentanément indisponible »): no second charge.
    again = start_payment(tenant_client, owing_tenant)
    assert again.status_code == 503
    assert "Le paiement en ligne est momentanément indisponible" in again.text
    assert lease_balance(lease=lease) == Decimal("412.35")

    fake_stripe.recover()
    with django_capture_on_commit_callbacks(execute=True):
        assert online_payments_reconcile() == 1
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.SUCCEEDED
    assert lease_balance(lease=lease) == Decimal("402.35")

    # Stripe's retry of the webhook, and the next reconciliation, change nothing.
    assert completed(payment.stripe_session_id, client, event_id="evt_during_outage").status_code == 200
    assert online_payments_reconcile() == 0
    assert LedgerEntry.objects.filter(lease=lease, kind=EntryKind.CARD).count() == 1
    assert lease_balance(lease=lease) == Decimal("402.35")
    assert sum(session["payment_status"] == "paid" for session in fake_stripe.sessions.values()) == 1
    assert len(mail.outbox) == 1  # one confirmation
