"""Drill: Stripe's API goes down while a tenant pays (they paid on Stripe's page, then Stripe fails
before the portal hears of it), then comes back. Processes as in production: gunicorn on the
production settings, the real stripe library talking to the local fake Stripe server, signed
webhooks, the reconciliation run as its schedule runs it. Required: the payment stays « en
attente », paying again meanwhile is refused, the reconciliation settles it once Stripe is back, and
the tenant is never credited or charged twice."""

import json
import re
import time
import uuid
from datetime import timedelta
from decimal import Decimal

import pytest
import requests
from django.urls import reverse

from portal.billing.enums import EntryKind, PaymentStatus
from portal.billing.models import LedgerEntry, OnlinePayment
from portal.billing.selectors import lease_balance
from tests.factories import PASSWORD, TenantUserFactory
from tests.portal.billing.factories import ledger_with_balance
from tests.portal.billing.fake_stripe import FakeStripe, signature_header

from .harness import (
    CSRF_INPUT,
    Processes,
    Report,
    drill_environment,
    logged_in_session,
    python_in_drill_env,
    start_gunicorn,
)

pytestmark = pytest.mark.fault_drill

WEB_PORT, STRIPE_PORT = 8254, 8255
WEBHOOK_SECRET = "whsec_drill"
WEBHOOK_URL = "/paiement/stripe/webhook/"
RECONCILE = "from portal.billing.services import online_payments_reconcile; print(online_payments_reconcile())"


def reconcile(env: dict) -> str:
    """What the scheduled reconciliation settles (the last line the shell printed)."""
    return python_in_drill_env(env, RECONCILE).strip().splitlines()[-1]


def pay(browser: requests.Session, base: str, tenant) -> requests.Response:
    """« Payer en ligne » as the tenant's browser does it: the form, then its submission."""
    url = base + reverse("billing:online_payment_new")
    form = browser.get(url, timeout=10).text
    return browser.post(
        url,
        {
            "csrfmiddlewaretoken": CSRF_INPUT.search(form).group(1),
            "amount": "10,00",
            "lease": tenant.signatory.lease.tenant_number,
            "submission_token": str(uuid.uuid4()),
        },
        headers={"Referer": url},
        allow_redirects=False,
        timeout=30,
    )


def webhook_completed(base: str, session_id: str, event_id: str) -> requests.Response:
    payload = json.dumps(
        {
            "id": event_id,
            "object": "event",
            "type": "checkout.session.completed",
            "created": int(time.time()),
            "data": {"object": {"id": session_id, "object": "checkout.session"}},
        }
    )
    return requests.post(
        base + WEBHOOK_URL,
        data=payload,
        headers={"Content-Type": "application/json", "Stripe-Signature": signature_header(payload, WEBHOOK_SECRET)},
        timeout=30,
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_payment_made_while_stripe_is_down_is_settled_once_when_it_is_back(tmp_path):
    report = Report("Stripe down while a tenant pays, then back")
    processes = Processes(tmp_path, report)
    tenant = TenantUserFactory()
    lease = tenant.signatory.lease
    ledger_with_balance(lease, Decimal("412.35"))
    fake_stripe = FakeStripe(port=STRIPE_PORT).start()
    base = f"http://127.0.0.1:{WEB_PORT}"
    env = drill_environment(
        tmp_path,
        PAYMENT_BACKEND="stripe",
        STRIPE_SECRET_KEY="sk_test_drill",
        STRIPE_WEBHOOK_SECRET=WEBHOOK_SECRET,
        STRIPE_API_BASE=fake_stripe.url,
        STRIPE_MAX_NETWORK_RETRIES="0",
    )
    try:
        start_gunicorn(processes, env, WEB_PORT)
        browser = logged_in_session(base, tenant.email, PASSWORD)
        started = pay(browser, base, tenant)
        assert started.status_code == 302, started.text[:500]
        session_id = re.search(r"/c/pay/([^/?#]+)", started.headers["Location"]).group(1)
        payment = OnlinePayment.objects.get(lease=lease)
        report.say(f"tenant sent to Stripe's page for 10,00 € (session {session_id}, payment {payment.reference})")

        fake_stripe.pay(session_id)
        fake_stripe.outage(503)
        report.say("the tenant paid on Stripe's page; Stripe's API now answers 503")
        webhook = webhook_completed(base, session_id, "evt_drill_outage")
        report.say(f"signed webhook checkout.session.completed -> {webhook.status_code} (Stripe will send it again)")
        assert webhook.status_code == 503
        back_page = browser.get(base + reverse("billing:online_payment_return", args=[payment.reference]), timeout=30)
        report.say(f"return page -> {back_page.status_code}")
        assert back_page.status_code == 200
        assert "Paiement en cours de confirmation" in back_page.text
        # Older than the reconciliation's delay, so that it asks Stripe about it.
        OnlinePayment.objects.filter(pk=payment.pk).update(created_at=payment.created_at - timedelta(minutes=20))
        during = reconcile(env)
        payment.refresh_from_db()
        report.say(f"reconciliation during the outage settled {during}; payment {payment.status}")
        assert during == "0"
        assert payment.status == PaymentStatus.PENDING
        again = pay(browser, base, tenant)
        report.say(f"paying again during the outage -> {again.status_code}")
        assert again.status_code == 503
        assert "momentanément indisponible" in again.text
        assert lease_balance(lease=lease) == Decimal("412.35")

        fake_stripe.recover()
        report.say("Stripe answers again")
        after = reconcile(env)
        payment.refresh_from_db()
        report.say(f"reconciliation after the outage settled {after}; payment {payment.status}")
        assert after == "1"
        assert payment.status == PaymentStatus.SUCCEEDED
        retried = webhook_completed(base, session_id, "evt_drill_outage")
        again_reconciled = reconcile(env)
        report.say(
            f"Stripe's retry of the webhook -> {retried.status_code}; next reconciliation settled {again_reconciled}"
        )
        assert retried.status_code == 200
        assert again_reconciled == "0"
        card_lines = LedgerEntry.objects.filter(lease=lease, kind=EntryKind.CARD).count()
        paid_sessions = sum(session["payment_status"] == "paid" for session in fake_stripe.sessions.values())
        balance = lease_balance(lease=lease)
        report.say(
            f"card lines on the account: {card_lines}; paid Stripe sessions: {paid_sessions}; balance {balance} €"
        )
        assert card_lines == 1
        assert paid_sessions == 1
        assert balance == Decimal("402.35")
    finally:
        processes.stop_all()
        fake_stripe.stop()
