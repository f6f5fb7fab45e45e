"""Online payment with Stripe: the real `stripe` library against a local fake Stripe."""

import json
import threading
import time
import uuid
from decimal import Decimal

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.db import connection
from django.urls import reverse

from portal.billing.enums import EntryKind, PaymentStatus
from portal.billing.models import LedgerEntry, OnlinePayment, PaymentEvent
from portal.billing.selectors import lease_balance
from portal.billing.services import online_payments_reconcile

from .conftest import WEBHOOK_SECRET
from .fake_stripe import signature_header

WEBHOOK_URL = "/paiement/stripe/webhook/"


def start_payment(client, tenant, amount="10,00", token=None):
    return client.post(
        reverse("billing:online_payment_new"),
        {"amount": amount, "lease": tenant.signatory.lease.tenant_number, "submission_token": token or uuid.uuid4()},
    )


def send_event(client, event_type, obj, *, event_id=None, secret=WEBHOOK_SECRET, timestamp=None, tamper=None):
    payload = json.dumps(
        {
            "id": event_id or f"evt_{uuid.uuid4().hex[:12]}",
            "object": "event",
            "type": event_type,
            "created": int(time.time()),
            "data": {"object": obj},
        }
    )
    header = signature_header(payload, secret, timestamp)
    if tamper:
        payload = tamper(payload)
    return client.post(WEBHOOK_URL, data=payload, content_type="application/json", HTTP_STRIPE_SIGNATURE=header)


def completed(session_id, client, **kwargs):
    return send_event(client, "checkout.session.completed", {"id": session_id, "object": "checkout.session"}, **kwargs)


@pytest.fixture
def started(tenant_client, owing_tenant, fake_stripe):
    """A pending 10,00 € payment with its Checkout session open on the fake Stripe."""
    with_token = start_payment(tenant_client, owing_tenant)
    assert with_token.status_code == 302
    return OnlinePayment.objects.get()


def test_checkout_session_is_opened_as_stripe_expects(tenant_client, owing_tenant, fake_stripe):
    response = start_payment(tenant_client, owing_tenant, amount="10,5")

    payment = OnlinePayment.objects.get()
    assert payment.status == PaymentStatus.PENDING
    assert payment.amount == Decimal("10.50")
    assert response.url == f"https://checkout.stripe.com/c/pay/{payment.stripe_session_id}"
    [(_, _, params, headers)] = fake_stripe.session_requests()
    assert params["mode"] == "payment"
    assert params["currency"] == "eur"
    assert params["locale"] == "fr"
    assert params["customer_email"] == owing_tenant.email
    assert params["line_items[0][price_data][unit_amount]"] == "1050"
    assert params["metadata[payment_id]"] == str(payment.pk)
    assert params["metadata[lease_id]"] == str(owing_tenant.signatory.lease_id)
    assert headers["Idempotency-Key"] == f"online-payment-{payment.pk}-checkout"
    assert lease_balance(lease=owing_tenant.signatory.lease) == Decimal("412.35")


def test_a_double_click_makes_one_payment_and_one_session(tenant_client, owing_tenant, fake_stripe):
    token = uuid.uuid4()
    first = start_payment(tenant_client, owing_tenant, token=token)
    second = start_payment(tenant_client, owing_tenant, token=token)

    assert first.url == second.url
    assert OnlinePayment.objects.count() == 1
    assert len(fake_stripe.sessions) == 1


@pytest.mark.parametrize("failure", ["server_error", "unreachable"])
def test_stripe_down_at_checkout_says_so_and_records_nothing_paid(
    tenant_client, owing_tenant, fake_stripe, settings, failure
):
    if failure == "server_error":
        fake_stripe.fail_with_status = 500
    else:
        fake_stripe.stop()
        settings.STRIPE_API_BASE = "http://127.0.0.1:9"

    response = start_payment(tenant_client, owing_tenant, amount="25,00")

    assert response.status_code == 503
    assert "Le paiement en ligne est momentanément indisponible" in response.text
    assert 'value="25,00"' in response.text
    assert OnlinePayment.objects.get().status == PaymentStatus.FAILED
    assert not LedgerEntry.objects.filter(kind=EntryKind.CARD).exists()
    assert lease_balance(lease=owing_tenant.signatory.lease) == Decimal("412.35")


def test_a_verified_webhook_credits_the_ledger_and_mails_the_payer(
    client, started, fake_stripe, owing_tenant, django_capture_on_commit_callbacks
):
    fake_stripe.pay(started.stripe_session_id)

    with django_capture_on_commit_callbacks(execute=True):
        response = completed(started.stripe_session_id, client)

    assert response.status_code == 200
    started.refresh_from_db()
    assert started.status == PaymentStatus.SUCCEEDED
    assert started.stripe_payment_intent_id.startswith("pi_test_")
    assert lease_balance(lease=owing_tenant.signatory.lease) == Decimal("402.35")
    [message] = mail.outbox
    assert message.to == [owing_tenant.email]
    assert "10,00\u00a0€" in message.body
    assert started.reference in message.body
    assert "402,35\u00a0€" in message.body
    assert PaymentEvent.objects.get().online_payment == started


def test_the_webhook_trusts_stripe_not_the_payload(client, started, fake_stripe, owing_tenant):
    # A correctly signed "completed" event for a session Stripe still shows as unpaid.
    response = completed(started.stripe_session_id, client)

    assert response.status_code == 200
    started.refresh_from_db()
    assert started.status == PaymentStatus.PENDING
    assert lease_balance(lease=owing_tenant.signatory.lease) == Decimal("412.35")


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("tampered", {"tamper": lambda p: p.replace("checkout.session.completed", "checkout.session.expired")}),
        ("wrong secret", {"secret": "whsec_someone_else"}),
        ("stale", {"timestamp": int(time.time()) - 3600}),
    ],
)
def test_a_bad_signature_is_refused_and_changes_nothing(client, started, fake_stripe, owing_tenant, name, kwargs):
    fake_stripe.pay(started.stripe_session_id)

    response = completed(started.stripe_session_id, client, **kwargs)

    assert response.status_code == 400
    started.refresh_from_db()
    assert started.status == PaymentStatus.PENDING
    assert not PaymentEvent.objects.exists()


def test_a_missing_signature_is_refused_and_stores_and_changes_nothing(client, started, fake_stripe, owing_tenant):
    fake_stripe.pay(started.stripe_session_id)  # Stripe would say « paid »: only the signature is missing.
    entries, balance = LedgerEntry.objects.count(), lease_balance(lease=started.lease)
    payload = json.dumps(
        {
            "id": "evt_unsigned",
            "object": "event",
            "type": "checkout.session.completed",
            "created": int(time.time()),
            "data": {"object": {"id": started.stripe_session_id, "object": "checkout.session"}},
        }
    )

    response = client.post(WEBHOOK_URL, data=payload, content_type="application/json")

    assert response.status_code == 400
    assert not PaymentEvent.objects.exists()
    started.refresh_from_db()
    assert (started.status, started.settled_at, started.status_changed_by) == (PaymentStatus.PENDING, None, "")
    assert LedgerEntry.objects.count() == entries and lease_balance(lease=started.lease) == balance


def test_an_event_replayed_ten_times_credits_once(
    client, started, fake_stripe, owing_tenant, django_capture_on_commit_callbacks
):
    fake_stripe.pay(started.stripe_session_id)

    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(10):
            assert completed(started.stripe_session_id, client, event_id="evt_replayed").status_code == 200

    assert LedgerEntry.objects.filter(online_payment=started).count() == 1
    assert lease_balance(lease=owing_tenant.signatory.lease) == Decimal("402.35")
    assert len(mail.outbox) == 1
    assert PaymentEvent.objects.get().times_received == 10


def test_events_out_of_order_end_in_the_true_state(client, started, fake_stripe, owing_tenant):
    charge = fake_stripe.pay(started.stripe_session_id)
    fake_stripe.refund(charge["id"], 400)
    session = {"id": started.stripe_session_id, "object": "checkout.session"}

    # The refund is announced first, then the session events in reverse order.
    assert send_event(client, "charge.refunded", {"id": charge["id"], "object": "charge"}).status_code == 200
    assert send_event(client, "checkout.session.expired", session).status_code == 200
    assert send_event(client, "checkout.session.async_payment_succeeded", session).status_code == 200
    assert completed(started.stripe_session_id, client).status_code == 200
    assert send_event(client, "charge.refunded", {"id": charge["id"], "object": "charge"}).status_code == 200

    started.refresh_from_db()
    assert started.status == PaymentStatus.SUCCEEDED
    assert started.refunded_amount == Decimal("4.00")
    kinds = sorted(LedgerEntry.objects.filter(online_payment=started).values_list("kind", flat=True))
    assert kinds == [EntryKind.CARD, EntryKind.REFUND]
    assert lease_balance(lease=owing_tenant.signatory.lease) == Decimal("406.35")


def test_a_second_refund_adds_its_own_entry(client, started, fake_stripe, owing_tenant):
    charge = fake_stripe.pay(started.stripe_session_id)
    completed(started.stripe_session_id, client)
    for cents in (300, 200):
        fake_stripe.refund(charge["id"], cents)
        send_event(client, "charge.refunded", {"id": charge["id"], "object": "charge"})
        send_event(client, "charge.refunded", {"id": charge["id"], "object": "charge"})

    assert LedgerEntry.objects.filter(kind=EntryKind.REFUND).count() == 2
    assert lease_balance(lease=owing_tenant.signatory.lease) == Decimal("407.35")


def test_expired_and_failed_sessions_close_the_payment_without_credit(client, tenant_client, started, fake_stripe):
    fake_stripe.expire(started.stripe_session_id)
    send_event(client, "checkout.session.expired", {"id": started.stripe_session_id, "object": "checkout.session"})
    started.refresh_from_db()
    assert started.status == PaymentStatus.CANCELLED

    start_payment(tenant_client, started.payer)
    other = OnlinePayment.objects.latest("pk")
    fake_stripe.fail_async(other.stripe_session_id)
    send_event(
        client, "checkout.session.async_payment_failed", {"id": other.stripe_session_id, "object": "checkout.session"}
    )
    other.refresh_from_db()
    assert other.status == PaymentStatus.FAILED
    assert not LedgerEntry.objects.filter(kind=EntryKind.CARD).exists()


def test_unknown_events_get_200_and_are_kept(client, db, fake_stripe):
    response = send_event(client, "customer.created", {"id": "cus_1", "object": "customer"})
    assert response.status_code == 200
    assert PaymentEvent.objects.get().event_type == "customer.created"


@pytest.mark.parametrize("body", [{}, {"data": None}, {"data": {}}, {"data": "x"}, {"data": {"object": []}}])
def test_a_signed_event_without_data_is_a_bad_request(client, db, fake_stripe, body):
    payload = json.dumps({"id": "evt_nodata", "object": "event", "type": "checkout.session.completed", **body})
    response = client.post(
        WEBHOOK_URL,
        data=payload,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=signature_header(payload, WEBHOOK_SECRET, None),
    )
    assert response.status_code == 400
    assert not PaymentEvent.objects.exists()


def test_stripe_unreachable_during_a_webhook_asks_for_a_retry(client, started, fake_stripe):
    fake_stripe.fail_with_status = 500
    response = completed(started.stripe_session_id, client)
    assert response.status_code == 503
    started.refresh_from_db()
    assert started.status == PaymentStatus.PENDING


def test_reconciliation_settles_payments_whose_webhook_was_lost(
    tenant_client, owing_tenant, fake_stripe, django_capture_on_commit_callbacks
):
    for _ in range(3):
        start_payment(tenant_client, owing_tenant)
    paid, expired, recent = OnlinePayment.objects.order_by("pk")
    fake_stripe.pay(paid.stripe_session_id)
    fake_stripe.expire(expired.stripe_session_id)
    fake_stripe.pay(recent.stripe_session_id)
    OnlinePayment.objects.filter(pk__in=[paid.pk, expired.pk]).update(created_at=paid.created_at.replace(year=2020))

    with django_capture_on_commit_callbacks(execute=True):
        assert online_payments_reconcile() == 2

    statuses = dict(OnlinePayment.objects.values_list("pk", "status"))
    assert statuses == {paid.pk: "succeeded", expired.pk: "cancelled", recent.pk: "pending"}
    assert lease_balance(lease=owing_tenant.signatory.lease) == Decimal("402.35")
    assert len(mail.outbox) == 1


def test_the_return_page_says_pending_then_confirmed(tenant_client, started, fake_stripe):
    url = reverse("billing:online_payment_return", args=[started.reference])
    response = tenant_client.get(url)
    assert "Paiement en cours de confirmation" in response.text
    assert 'href="/espace/paiements/en-ligne/' in response.text  # « Actualiser » works without JavaScript

    fake_stripe.pay(started.stripe_session_id)
    response = tenant_client.get(url)
    assert "Paiement confirmé" in response.text
    assert "402,35" in response.text


def test_another_lease_cannot_see_a_payment(client, started, other_tenant):
    client.force_login(other_tenant, backend="django.contrib.auth.backends.ModelBackend")
    for name in ("billing:online_payment_return", "billing:online_payment_cancel"):
        assert client.get(reverse(name, args=[started.reference])).status_code == 404


@pytest.mark.skipif(
    "postgresql" not in django_settings.DATABASES["default"]["ENGINE"],
    reason="Row locking under real concurrency needs PostgreSQL (SQLite serialises every write).",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_webhooks_credit_exactly_once(tenant_client, owing_tenant, fake_stripe, settings):
    start_payment(tenant_client, owing_tenant)
    payment = OnlinePayment.objects.get()
    fake_stripe.pay(payment.stripe_session_id)
    barrier = threading.Barrier(8)
    statuses = []

    def deliver(index):
        from django.test import Client

        barrier.wait()
        try:
            statuses.append(
                completed(payment.stripe_session_id, Client(), event_id=f"evt_concurrent_{index % 3}").status_code
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=deliver, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert statuses == [200] * 8
    assert LedgerEntry.objects.filter(online_payment=payment).count() == 1
    assert lease_balance(lease=owing_tenant.signatory.lease) == Decimal("402.35")
    assert len(mail.outbox) == 1
