"""Everything that talks to Stripe: Checkout sessions, charges, webhook signatures.

The rest of the app never reads a Stripe object: it gets a `CheckoutOutcome` or a
`RefundOutcome` built from an object fetched from Stripe itself (never from a webhook payload).
"""

import time
from dataclasses import dataclass
from decimal import Decimal

import stripe
from django.conf import settings

from .enums import PaymentStatus

# Connection problems, Stripe outages and rate limits: worth retrying later.
RETRYABLE_ERRORS = (stripe.APIConnectionError, stripe.APIError, stripe.RateLimitError)


@dataclass(frozen=True)
class CheckoutOutcome:
    """What Stripe says about a Checkout session."""

    session_id: str
    status: PaymentStatus
    payment_intent_id: str | None = None
    amount: Decimal | None = None
    payment_id: str | None = None


@dataclass(frozen=True)
class RefundOutcome:
    charge_id: str
    payment_intent_id: str
    amount_refunded: Decimal
    payment_id: str | None = None


def _configure() -> None:
    # Settings are read at each call so that a test can point the library at its fake server.
    stripe.api_key = settings.STRIPE_SECRET_KEY
    stripe.api_base = settings.STRIPE_API_BASE or stripe.DEFAULT_API_BASE
    stripe.max_network_retries = settings.STRIPE_MAX_NETWORK_RETRIES
    stripe.enable_telemetry = False


def _cents(amount: Decimal) -> int:
    return int((amount * 100).to_integral_value())


def _euros(cents) -> Decimal | None:
    return None if cents is None else (Decimal(cents) / 100).quantize(Decimal("0.01"))


# Stripe accepts a session expiry from 30 minutes to 24 hours after its creation.
SESSION_EXPIRY_MIN, SESSION_EXPIRY_MAX = 31 * 60, 24 * 3600


def checkout_session_create(
    *, payment, customer_email: str, success_url: str, cancel_url: str, expires_in: int
) -> tuple[str, str]:
    """Open a Checkout session for `payment` that Stripe expires after `expires_in` seconds
    (kept within what Stripe accepts); returns (session id, URL). A second call for the same
    payment returns the same session (idempotency key), so a double click opens one session."""
    _configure()
    metadata = {"payment_id": str(payment.pk), "lease_id": str(payment.lease_id), "reference": payment.reference}
    session = stripe.checkout.Session.create(
        mode="payment",
        locale="fr",
        currency="eur",
        customer_email=customer_email or None,
        client_reference_id=payment.reference,
        line_items=[
            {
                "quantity": 1,
                "price_data": {
                    "currency": "eur",
                    "unit_amount": _cents(payment.amount),
                    "product_data": {"name": f"Loyer – contrat n° {payment.lease.tenant_number}"},
                },
            }
        ],
        metadata=metadata,
        payment_intent_data={"metadata": metadata},
        success_url=success_url,
        cancel_url=cancel_url,
        expires_at=int(time.time()) + min(max(expires_in, SESSION_EXPIRY_MIN), SESSION_EXPIRY_MAX),
        idempotency_key=f"online-payment-{payment.pk}-checkout",
    )
    return session.id, session.url


def checkout_session_outcome(*, session_id: str) -> CheckoutOutcome:
    """Fetch the session from Stripe and say where the payment stands."""
    _configure()
    session = stripe.checkout.Session.retrieve(session_id, expand=["payment_intent"]).to_dict()
    intent = session.get("payment_intent")
    intent_id = intent if isinstance(intent, str) or intent is None else intent.get("id")
    intent_status = None if isinstance(intent, str) or intent is None else intent.get("status")
    if session.get("payment_status") == "paid":
        status = PaymentStatus.SUCCEEDED
    elif session.get("status") == "expired":
        status = PaymentStatus.CANCELLED
    elif session.get("status") == "complete" and intent_status in ("canceled", "requires_payment_method"):
        # A delayed payment method (e.g. a bank debit) that failed after the session completed.
        status = PaymentStatus.FAILED
    else:
        status = PaymentStatus.PENDING
    return CheckoutOutcome(
        session_id=session["id"],
        status=status,
        payment_intent_id=intent_id,
        amount=_euros(session.get("amount_total")),
        payment_id=(session.get("metadata") or {}).get("payment_id"),
    )


def checkout_session_expire(*, session_id: str) -> None:
    """Expire an open session at Stripe, so that it can no longer be paid. Stripe refuses
    (InvalidRequestError) a session already completed or expired."""
    _configure()
    stripe.checkout.Session.expire(session_id)


def charge_refund_outcome(*, charge_id: str) -> RefundOutcome:
    """Fetch the charge from Stripe: how much of it has been refunded so far."""
    _configure()
    charge = stripe.Charge.retrieve(charge_id).to_dict()
    return RefundOutcome(
        charge_id=charge["id"],
        payment_intent_id=charge.get("payment_intent"),
        amount_refunded=_euros(charge.get("amount_refunded") or 0),
        payment_id=(charge.get("metadata") or {}).get("payment_id"),
    )


def webhook_event_construct(*, payload: bytes, signature: str | None) -> dict:
    """Verify the Stripe-Signature header (HMAC and timestamp tolerance); raises on a bad one."""
    _configure()
    event = stripe.Webhook.construct_event(payload, signature, settings.STRIPE_WEBHOOK_SECRET)
    return event.to_dict(for_json=True)
