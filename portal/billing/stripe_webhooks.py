"""Stripe's webhook events, once their signature is verified (see views.stripe_webhook).

Every event is stored once (PaymentEvent, with how many times Stripe sent it); the payment it
names is then synced from Stripe through `services.online_payment_sync`, and refunds recorded
through `services.online_payment_refund_settle`. Nothing here writes the ledger directly.
"""

import logging

from django.db import IntegrityError, transaction
from django.db.models import F

from . import stripe_gateway
from .enums import PaymentStatus
from .models import OnlinePayment, PaymentEvent
from .services import online_payment_refund_settle, online_payment_sync

logger = logging.getLogger(__name__)


def _payment_for(*, session_id: str | None = None, payment_id: str | None = None) -> OnlinePayment | None:
    if session_id:
        found = OnlinePayment.objects.filter(stripe_session_id=session_id).first()
        if found:
            return found
    if payment_id and payment_id.isdigit():
        return OnlinePayment.objects.filter(pk=int(payment_id)).first()
    return None


CHECKOUT_EVENTS = {
    "checkout.session.completed",
    "checkout.session.async_payment_succeeded",
    "checkout.session.async_payment_failed",
    "checkout.session.expired",
}


def stripe_event_process(*, event: dict) -> None:
    """Handle a webhook event whose signature was verified. The payload only says which object
    to look at: its state is fetched again from Stripe. Unknown events are kept and ignored."""
    data = event["data"]["object"]
    payment = None
    if event["type"] in CHECKOUT_EVENTS:
        payment = _payment_for(session_id=data.get("id"), payment_id=(data.get("metadata") or {}).get("payment_id"))
    elif event["type"] == "charge.refunded":
        refund = stripe_gateway.charge_refund_outcome(charge_id=data.get("id"))
        payment = OnlinePayment.objects.filter(stripe_payment_intent_id=refund.payment_intent_id).first()
        payment = payment or _payment_for(payment_id=refund.payment_id)
    _event_store(event=event, payment=payment)
    if payment is None:
        if event["type"] in CHECKOUT_EVENTS or event["type"] == "charge.refunded":
            logger.warning("Stripe event %s (%s) matches no online payment", event["id"], event["type"])
        return
    actor = f"webhook {event['type']}"[:60]
    # Re-read the session in every case: a refund may arrive before the payment was confirmed.
    payment = online_payment_sync(payment=payment, actor=actor)
    if event["type"] == "charge.refunded" and payment.status == PaymentStatus.SUCCEEDED:
        online_payment_refund_settle(
            payment_id=payment.pk, charge_id=refund.charge_id, amount_refunded=refund.amount_refunded, actor=actor
        )


def _event_store(*, event: dict, payment: OnlinePayment | None) -> None:
    try:
        with transaction.atomic():
            PaymentEvent.objects.create(
                stripe_event_id=event["id"], event_type=event["type"], online_payment=payment, payload=event
            )
    except IntegrityError:
        PaymentEvent.objects.filter(stripe_event_id=event["id"]).update(times_received=F("times_received") + 1)
