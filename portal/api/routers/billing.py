"""Accueil (balance), « Mes paiements », « PAYER EN LIGNE » and the payment method."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from portal.billing import selectors, services
from portal.billing.forms import OnlinePaymentForm

from ..errors import AUTHENTICATED, ApiError, errors, form_invalid, validation_error
from ..pagination import PageQuery, paginate
from ..schemas import (
    BalanceOut,
    HomeOut,
    LedgerPageOut,
    OnlinePaymentIn,
    OnlinePaymentOut,
    OnlinePaymentPageOut,
    PaymentMethodOut,
)

router = Router(tags=["Compte et paiements"])


def _entry_out(entry) -> dict:
    return {
        "id": entry.pk,
        "booked_on": entry.booked_on,
        "kind": entry.kind,
        "kind_label": entry.get_kind_display(),
        "label": entry.label,
        "amount": entry.amount,
    }


def _payment_out(request, payment) -> dict:
    url = payment.checkout_url if payment.is_pending else ""
    return {
        "reference": payment.reference,
        "amount": payment.amount,
        "status": payment.status,
        "status_label": payment.get_status_display(),
        "created_at": payment.created_at,
        "settled_at": payment.settled_at,
        "checkout_url": request.build_absolute_uri(url) if url else "",
    }


def _balance_out(balance: Decimal) -> dict:
    zero = Decimal("0.00")
    return {
        "balance": balance,
        "state": "owed" if balance > 0 else "credit" if balance < 0 else "nil",
        "amount_due": max(balance, zero),
        "credit": max(-balance, zero),
    }


@router.get(
    "/home", response={200: HomeOut, **errors(*AUTHENTICATED)}, summary="Accueil : solde et derniers mouvements"
)
def home(request):
    summary = selectors.billing_home_summary(lease=request.lease)
    return {
        **_balance_out(summary.balance),
        "last_billed": [_entry_out(e) for e in summary.last_billed],
        "last_payments": [_entry_out(e) for e in summary.last_payments],
        "pending_payments": [_payment_out(request, p) for p in summary.pending_payments],
        "history": [{"month": m.month, "balance": m.balance} for m in summary.history],
    }


@router.get("/balance", response={200: BalanceOut, **errors(*AUTHENTICATED)}, summary="Solde du compte")
def balance(request):
    return _balance_out(selectors.lease_balance(lease=request.lease))


@router.get(
    "/payments", response={200: LedgerPageOut, **errors(*AUTHENTICATED)}, summary="Historique des paiements (paginé)"
)
def payment_history(request, query: Query[PageQuery]):
    return paginate(selectors.lease_payments(lease=request.lease), query, _entry_out)


@router.get(
    "/payments/online",
    response={200: OnlinePaymentPageOut, **errors(*AUTHENTICATED)},
    summary="Paiements en ligne (paginé)",
)
def online_payment_list(request, query: Query[PageQuery]):
    return paginate(selectors.lease_online_payments(lease=request.lease), query, lambda p: _payment_out(request, p))


@router.post(
    "/payments/online",
    response={201: OnlinePaymentOut, **errors(*AUTHENTICATED, 503)},
    summary="PAYER EN LIGNE : ouvrir un paiement (renvoie l'adresse de la page de paiement)",
)
def online_payment_start(request, payload: OnlinePaymentIn):
    """Same amount rules as the web: from 1,00 € up to the amount due, in French."""
    lease = request.lease
    form = OnlinePaymentForm(
        data={"amount": payload.amount, "lease": lease.tenant_number, "submission_token": payload.submission_token},
        lease=lease,
    )
    if not form.is_valid():
        raise form_invalid(form)
    try:
        payment = services.online_payment_start(lease=lease, payer=request.user, **form.payment_fields())
    except ValidationError as error:
        raise validation_error(error, field="amount") from error
    except services.OnlinePaymentUnavailable as error:
        raise ApiError(
            503, "payment_unavailable", _("Le paiement en ligne est momentanément indisponible. Réessayez plus tard.")
        ) from error
    return Status(201, _payment_out(request, payment))


@router.get(
    "/payments/online/{reference}",
    response={200: OnlinePaymentOut, **errors(*AUTHENTICATED, 404)},
    summary="Où en est un paiement en ligne",
)
def online_payment_status(request, reference: str):
    payment = selectors.lease_online_payment(lease=request.lease, reference=reference)
    payment = services.online_payment_refresh(payment=payment, actor="application mobile")
    return _payment_out(request, payment)


def mandate_out(mandate) -> dict | None:
    if mandate is None:
        return None
    return {
        "rum": mandate.rum,
        "status": mandate.status,
        "status_label": mandate.get_status_display(),
        "holder": mandate.holder_name,
        "iban_masked": mandate.iban_masked,
        "bic": mandate.bic,
        "signed_at": mandate.signed_at,
    }


@router.get(
    "/payment-method",
    response={200: PaymentMethodOut, **errors(*AUTHENTICATED)},
    summary="Mode de paiement : RIB masqué et état du mandat SEPA",
)
def payment_method(request):
    info = selectors.lease_payment_method(lease=request.lease)
    return {
        "method": info.method.value,
        "label": info.label,
        "iban_masked": info.iban_masked,
        "active_mandate": mandate_out(info.active_mandate),
        "pending_mandate": mandate_out(info.pending_mandate),
    }
