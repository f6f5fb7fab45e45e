"""Every write to the compte locataire and to online payments.

Two functions insert ledger lines and move balances, with the same rules (idempotent on
`external_ref`, the lease's account locked): `ledger_entries_record` for one lease (payments,
demo data) and `ledger_entries_bulk_record` for many leases at once (the ERP ledger import).
`online_payment_settle` is the only code that moves a payment out of « en attente »; the Stripe
webhook (portal.billing.stripe_webhooks), the scheduled reconciliation, the return page and the
demo page all go through it.
"""

import logging
import secrets
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.core.tasks import enqueue_on_commit
from portal.leases.models import Lease

from . import stripe_gateway, tasks
from .enums import EntryKind, PaymentBackend, PaymentStatus
from .formats import euros
from .models import LeaseAccount, LedgerEntry, OnlinePayment
from .models.ledger import online_payment_expiry

logger = logging.getLogger(__name__)

MINIMUM_ONLINE_PAYMENT = Decimal("1.00")


class OnlinePaymentUnavailable(Exception):
    """The payment provider cannot be reached: the tenant is told to try again later."""


@dataclass(frozen=True)
class NewEntry:
    kind: EntryKind
    label: str
    amount: Decimal
    booked_on: date
    external_ref: str | None = None
    online_payment: OnlinePayment | None = None


def payment_backend() -> PaymentBackend | None:
    """Which backend takes online payments: Stripe with a secret key; the demo page only when
    asked for explicitly (PAYMENT_BACKEND=demo) or while developing with DEBUG on; else none."""
    choice = settings.PAYMENT_BACKEND
    if choice == PaymentBackend.STRIPE or (not choice and settings.STRIPE_SECRET_KEY):
        return PaymentBackend.STRIPE
    if choice == PaymentBackend.DEMO or (not choice and settings.DEBUG):
        return PaymentBackend.DEMO
    if choice:
        raise ImproperlyConfigured(f"PAYMENT_BACKEND must be 'stripe' or 'demo', not {choice!r}.")
    return None


def accounts_touch(*, lease_ids: Iterable[int]) -> int:
    """Count a change of these leases' accounts, in the caller's transaction: the tenant pages keyed
    on `LeaseAccount.version` (portal.core.cache) are rendered again on their next load.

    The ledger services and online payments call it; a bulk writer that bypasses them (an SQL
    import) calls it in its own transaction, or runs the same statement:
    `UPDATE billing_leaseaccount SET version = version + 1 WHERE lease_id IN (...)`.
    Returns the number of accounts touched (a lease without an account has nothing cached on it).
    """
    ids = sorted(set(lease_ids))
    touched = 0
    for start in range(0, len(ids), 1000):
        touched += LeaseAccount.objects.filter(lease_id__in=ids[start : start + 1000]).update(version=F("version") + 1)
    return touched


def _locked_account(lease_id: int) -> LeaseAccount:
    LeaseAccount.objects.get_or_create(lease_id=lease_id)
    return LeaseAccount.objects.select_for_update().get(lease_id=lease_id)


@transaction.atomic
def ledger_entries_record(*, lease: Lease, entries: list[NewEntry], created_by: str) -> list[LedgerEntry]:
    """Append lines to a lease's ledger and move its balance by their sum, in one transaction.

    Safe to call twice: a line whose `external_ref` is already in the ledger is not added again
    (the account row is locked first, so two callers cannot both miss it).
    """
    _locked_account(lease.pk)
    refs = [entry.external_ref for entry in entries if entry.external_ref]
    known = set(LedgerEntry.objects.filter(external_ref__in=refs).values_list("external_ref", flat=True))
    new = []
    for entry in entries:
        if entry.external_ref and entry.external_ref in known:
            continue
        known.add(entry.external_ref)
        new.append(
            LedgerEntry(
                lease=lease,
                kind=entry.kind,
                label=entry.label,
                amount=entry.amount,
                booked_on=entry.booked_on,
                external_ref=entry.external_ref,
                online_payment=entry.online_payment,
                created_by=created_by,
            )
        )
    if new:
        LedgerEntry.objects.bulk_create(new)
        LeaseAccount.objects.filter(lease_id=lease.pk).update(
            balance=F("balance") + sum((e.amount for e in new), Decimal("0.00")),
            updated_at=timezone.now(),
            version=F("version") + 1,
        )
    return new


def ledger_entry_record(
    *,
    lease: Lease,
    kind: EntryKind,
    label: str,
    amount: Decimal,
    booked_on: date,
    created_by: str,
    external_ref: str | None = None,
    online_payment: OnlinePayment | None = None,
) -> LedgerEntry | None:
    """Append one line (see `ledger_entries_record`); None when `external_ref` was already recorded."""
    entry = NewEntry(kind, label, amount, booked_on, external_ref, online_payment)
    created = ledger_entries_record(lease=lease, entries=[entry], created_by=created_by)
    return created[0] if created else None


def online_payment_amount_check(*, lease: Lease, amount: Decimal) -> None:
    """The rule of « PAYER EN LIGNE »: from 1,00 € up to the amount due, never while in credit."""
    balance = LeaseAccount.objects.filter(lease=lease).values_list("balance", flat=True).first() or Decimal("0.00")
    if balance <= 0:
        raise ValidationError(_("Votre compte ne présente aucune somme due : aucun paiement n'est nécessaire."))
    if amount < MINIMUM_ONLINE_PAYMENT:
        raise ValidationError(_("Le montant minimum d'un paiement en ligne est de 1,00 €."), code="amount")
    if amount > balance:
        raise ValidationError(
            _("Le montant ne peut pas dépasser la somme due (%(due)s).") % {"due": euros(balance)}, code="amount"
        )


def online_payment_start(*, lease: Lease, payer, amount: Decimal, submission_token: uuid.UUID) -> OnlinePayment:
    """Record a pending payment and open its checkout page (Stripe Checkout or the demo page).

    The same form sent twice (same `submission_token`) gives back the same payment and session.
    Raises ValidationError for a refused amount, OnlinePaymentUnavailable when Stripe is down.
    """
    backend = payment_backend()
    if backend is None:
        raise OnlinePaymentUnavailable
    with transaction.atomic():
        _locked_account(lease.pk)
        existing = OnlinePayment.objects.filter(submission_token=submission_token, lease=lease).first()
        if existing is None:
            online_payment_amount_check(lease=lease, amount=amount)
            try:
                with transaction.atomic():
                    existing = OnlinePayment.objects.create(
                        reference=_new_reference(),
                        lease=lease,
                        payer=payer,
                        amount=amount,
                        backend=backend,
                        submission_token=submission_token,
                    )
            except IntegrityError:
                # The other click of a double click won the race.
                existing = OnlinePayment.objects.get(submission_token=submission_token, lease=lease)
    payment = existing
    if payment.checkout_url or not payment.is_pending:
        return payment
    if payment.backend == PaymentBackend.DEMO:
        url = reverse("payment_gateway:demo_checkout", args=[payment.reference])
        OnlinePayment.objects.filter(pk=payment.pk).update(checkout_url=url)
        payment.checkout_url = url
        return payment
    base = settings.PORTAL_BASE_URL
    try:
        session_id, url = stripe_gateway.checkout_session_create(
            payment=payment,
            customer_email=getattr(payer, "email", ""),
            success_url=base + reverse("billing:online_payment_return", args=[payment.reference]),
            cancel_url=base + reverse("billing:online_payment_cancel", args=[payment.reference]),
            expires_in=int(online_payment_expiry().total_seconds()),
        )
    except stripe_gateway.stripe.StripeError as error:
        logger.warning("Stripe Checkout unavailable for payment %s: %s", payment.reference, error)
        OnlinePayment.objects.filter(pk=payment.pk, status=PaymentStatus.PENDING).update(
            status=PaymentStatus.FAILED, settled_at=timezone.now(), status_changed_by="checkout indisponible"
        )
        accounts_touch(lease_ids=[payment.lease_id])
        raise OnlinePaymentUnavailable from error
    OnlinePayment.objects.filter(pk=payment.pk).update(stripe_session_id=session_id, checkout_url=url)
    payment.stripe_session_id, payment.checkout_url = session_id, url
    return payment


def _new_reference() -> str:
    return f"PEL-{timezone.localdate():%y%m}-{secrets.token_hex(3).upper()}"


def online_payment_settle(
    *, payment_id: int, status: PaymentStatus, actor: str, payment_intent_id: str | None = None
) -> OnlinePayment:
    """Apply a verified outcome to a payment. Safe any number of times, in any order, concurrently.

    A paid outcome credits the ledger exactly once (row lock on the payment, unique ledger
    reference, unique PaymentIntent id) and queues the confirmation e-mail. Money received is
    credited even after the payment was given up; other outcomes only move a pending payment.
    """
    with transaction.atomic():
        payment = OnlinePayment.objects.select_for_update().select_related("lease").get(pk=payment_id)
        if payment.status == PaymentStatus.SUCCEEDED or status == PaymentStatus.PENDING:
            return payment
        if status != PaymentStatus.SUCCEEDED and not payment.is_pending:
            return payment
        payment.status = status
        payment.settled_at = timezone.now()
        payment.status_changed_by = actor
        if payment_intent_id:
            payment.stripe_payment_intent_id = payment_intent_id
        payment.save(update_fields=["status", "settled_at", "status_changed_by", "stripe_payment_intent_id"])
        if status == PaymentStatus.SUCCEEDED:
            ledger_entry_record(
                lease=payment.lease,
                kind=EntryKind.CARD,
                label=_("Paiement en ligne par carte, réf. %(reference)s") % {"reference": payment.reference},
                amount=-payment.amount,
                booked_on=timezone.localdate(),
                external_ref=f"online-payment:{payment.pk}",
                online_payment=payment,
                created_by=actor,
            )
            enqueue_on_commit(tasks.online_payment_confirmation_send, payment.pk)
        logger.info("Online payment %s is now %s (%s)", payment.reference, status, actor)
    return payment


def online_payment_refund_settle(*, payment_id: int, charge_id: str, amount_refunded: Decimal, actor: str) -> None:
    """Record what Stripe has refunded so far on a payment's charge: one ledger line per refund.

    `amount_refunded` is Stripe's running total, so a replayed or late event adds nothing.
    """
    with transaction.atomic():
        payment = OnlinePayment.objects.select_for_update().select_related("lease").get(pk=payment_id)
        delta = amount_refunded - payment.refunded_amount
        if delta <= 0:
            return
        payment.refunded_amount = amount_refunded
        payment.save(update_fields=["refunded_amount"])
        ledger_entry_record(
            lease=payment.lease,
            kind=EntryKind.REFUND,
            label=_("Remboursement du paiement en ligne réf. %(reference)s") % {"reference": payment.reference},
            amount=delta,
            booked_on=timezone.localdate(),
            external_ref=f"stripe-refund:{charge_id}:{amount_refunded}",
            online_payment=payment,
            created_by=actor,
        )


def online_payment_sync(*, payment: OnlinePayment, actor: str) -> OnlinePayment:
    """Ask Stripe where a payment's Checkout session stands and apply it. Raises Stripe errors."""
    if payment.backend != PaymentBackend.STRIPE or not payment.stripe_session_id:
        return payment
    outcome = stripe_gateway.checkout_session_outcome(session_id=payment.stripe_session_id)
    if outcome.status == PaymentStatus.SUCCEEDED and outcome.amount != payment.amount:
        logger.error(
            "Stripe session %s paid %s, expected %s: left for staff", outcome.session_id, outcome.amount, payment.amount
        )
        return payment
    return online_payment_settle(
        payment_id=payment.pk, status=outcome.status, payment_intent_id=outcome.payment_intent_id, actor=actor
    )


def online_payment_expire(*, payment: OnlinePayment, actor: str) -> OnlinePayment:
    """Close a payment left unfinished past its expiry as « Abandonné », so that the tenant is no
    longer told it is being confirmed. A Stripe session is first expired at Stripe, so that it can
    no longer be paid; if it was paid meanwhile, the payment is credited instead. Safe to repeat.
    Raises Stripe's errors when Stripe cannot be asked.
    """
    if not payment.is_pending or not payment.is_expired:
        return payment
    if payment.backend == PaymentBackend.STRIPE and payment.stripe_session_id:
        payment = online_payment_sync(payment=payment, actor=actor)
        if not payment.is_pending:
            return payment
        try:
            stripe_gateway.checkout_session_expire(session_id=payment.stripe_session_id)
        except stripe_gateway.stripe.InvalidRequestError as error:
            # Completed or expired at Stripe in the meantime: the session says which.
            logger.info("Stripe session %s not expired: %s", payment.stripe_session_id, error)
        return online_payment_sync(payment=payment, actor=actor)
    return online_payment_settle(payment_id=payment.pk, status=PaymentStatus.CANCELLED, actor=actor)


def online_payment_refresh(*, payment: OnlinePayment, actor: str) -> OnlinePayment:
    """A tenant looks at a pending Stripe payment (return page, app): ask Stripe at once rather than
    wait for the webhook; when Stripe cannot be reached the payment is shown as it is."""
    if not payment.is_pending or payment.backend != PaymentBackend.STRIPE:
        return payment
    try:
        return online_payment_sync(payment=payment, actor=actor)
    except stripe_gateway.stripe.StripeError as error:
        logger.info("Could not reach Stripe for %s: %s", payment.reference, error)
        return payment


def online_payments_reconcile(*, older_than: timedelta = timedelta(minutes=15)) -> int:
    """Settle payments left pending (a webhook may be lost): ask Stripe, and expire those left
    unfinished past ONLINE_PAYMENT_EXPIRY_MINUTES (Stripe or demo) as « Abandonné ».

    Returns how many payments changed status.
    """
    changed = 0
    cutoff = timezone.now() - min(older_than, online_payment_expiry())
    actor = "rapprochement programmé"
    for payment in OnlinePayment.objects.filter(status=PaymentStatus.PENDING, created_at__lt=cutoff).order_by("pk"):
        try:
            if payment.is_expired:
                settled = online_payment_expire(payment=payment, actor=actor)
            else:
                settled = online_payment_sync(payment=payment, actor=actor)
        except stripe_gateway.RETRYABLE_ERRORS as error:
            logger.warning("Reconciliation stopped, Stripe unavailable: %s", error)
            break
        except stripe_gateway.stripe.StripeError as error:
            logger.error("Reconciliation of %s refused by Stripe: %s", payment.reference, error)
            continue
        changed += settled.status != PaymentStatus.PENDING
    return changed


@dataclass(frozen=True)
class LeaseEntry:
    """A line for `ledger_entries_bulk_record`: which lease (by id) and what."""

    lease_id: int
    entry: NewEntry


_BULK_COLUMNS = ("lease_id", "kind", "label", "amount", "booked_on", "external_ref", "online_payment_id")


def _ledger_rows_insert(rows: list[tuple], *, created_by: str) -> None:
    """Insert ledger rows (values in _BULK_COLUMNS order): PostgreSQL's COPY, tens of times faster
    than INSERT for an import's hundreds of thousands of lines; bulk_create elsewhere."""
    now = timezone.now()
    if connection.vendor != "postgresql":
        LedgerEntry.objects.bulk_create(
            [LedgerEntry(**dict(zip(_BULK_COLUMNS, row, strict=True)), created_by=created_by) for row in rows],
            batch_size=1000,
        )
        return
    meta = LedgerEntry._meta
    columns = [meta.get_field(name.removesuffix("_id")).column for name in _BULK_COLUMNS]
    sql = "COPY {} ({}, {}, {}) FROM STDIN".format(
        connection.ops.quote_name(meta.db_table),
        ", ".join(connection.ops.quote_name(column) for column in columns),
        connection.ops.quote_name(meta.get_field("created_at").column),
        connection.ops.quote_name(meta.get_field("created_by").column),
    )
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row((*row, now, created_by))


@transaction.atomic
def ledger_entries_bulk_record(*, entries: list[LeaseEntry], created_by: str) -> int:
    """Append many lines to many leases' ledgers at once (imports): the rules of
    `ledger_entries_record` in a constant number of queries per call. Returns how many lines were added.

    Every account concerned is locked (in lease order, so two callers cannot deadlock) before
    the known `external_ref`s are read: a line already in the ledger, or twice in `entries`, is
    added once. Each balance is then set once to its locked value plus the sum of its new lines.
    """
    if not entries:
        return 0
    lease_ids = sorted({item.lease_id for item in entries})
    LeaseAccount.objects.bulk_create([LeaseAccount(lease_id=pk) for pk in lease_ids], ignore_conflicts=True)
    accounts = {
        account.lease_id: account
        for account in LeaseAccount.objects.select_for_update().filter(lease_id__in=lease_ids).order_by("lease_id")
    }
    refs = {item.entry.external_ref for item in entries if item.entry.external_ref}
    known = set(LedgerEntry.objects.filter(external_ref__in=refs).values_list("external_ref", flat=True))
    rows, deltas = [], {}
    for item in entries:
        entry = item.entry
        if entry.external_ref:
            if entry.external_ref in known:
                continue
            known.add(entry.external_ref)
        payment_id = entry.online_payment.pk if entry.online_payment else None
        rows.append(
            (item.lease_id, entry.kind, entry.label, entry.amount, entry.booked_on, entry.external_ref, payment_id)
        )
        deltas[item.lease_id] = deltas.get(item.lease_id, Decimal("0.00")) + entry.amount
    if rows:
        _ledger_rows_insert(rows, created_by=created_by)
        now = timezone.now()
        for lease_id, delta in deltas.items():
            accounts[lease_id].balance += delta
            accounts[lease_id].updated_at = now
        moved = [accounts[lease_id] for lease_id in deltas]
        LeaseAccount.objects.bulk_update(moved, ["balance", "updated_at"], batch_size=1000)
        accounts_touch(lease_ids=deltas)
    return len(rows)
