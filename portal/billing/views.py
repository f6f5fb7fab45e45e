import logging
import uuid

import stripe
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from portal.core.cache import tenant_page_cached
from portal.leases.decorators import tenant_required

from . import selectors, services, stripe_gateway, stripe_webhooks
from .enums import PaymentBackend, PaymentStatus
from .forms import OnlinePaymentForm

logger = logging.getLogger(__name__)


@tenant_page_cached
@tenant_required
def payments(request):
    """« Mes paiements »: balance, payment history (paged), online payments, how the tenant pays."""
    lease = request.lease
    return render(
        request,
        "billing/payments.html",
        {
            "balance": selectors.lease_balance(lease=lease),
            "history": Paginator(selectors.lease_payments(lease=lease), 20).get_page(request.GET.get("page")),
            "online_payments": Paginator(selectors.lease_online_payments(lease=lease), 10).get_page(
                request.GET.get("page_en_ligne")
            ),
            "payment_method": selectors.lease_payment_method(lease=lease),
        },
    )


@tenant_required
def online_payment_new(request):
    """« PAYER EN LIGNE »: the amount, then the secure payment page."""
    lease = request.lease
    balance = selectors.lease_balance(lease=lease)
    if balance <= 0:
        messages.info(
            request, _("Votre compte ne présente aucune somme due : aucun paiement en ligne n'est nécessaire.")
        )
        return redirect("billing:payments")
    unavailable = services.payment_backend() is None
    if request.method == "POST" and not unavailable:
        form = OnlinePaymentForm(request.POST, lease=lease)
        if form.is_valid():
            try:
                payment = services.online_payment_start(lease=lease, payer=request.user, **form.payment_fields())
            except ValidationError as error:
                form.add_error("amount", error)
            except services.OnlinePaymentUnavailable:
                unavailable = True
                # A fresh token: the next try is a new payment, the failed one stays as it is.
                form = OnlinePaymentForm({**request.POST.dict(), "submission_token": uuid.uuid4()}, lease=lease)
            else:
                if payment.is_pending and payment.checkout_url:
                    return HttpResponseRedirect(payment.checkout_url)
                return redirect("billing:online_payment_return", reference=payment.reference)
    else:
        form = OnlinePaymentForm(
            initial={
                "amount": f"{balance:.2f}".replace(".", ","),
                "lease": lease.tenant_number,
                "submission_token": uuid.uuid4(),
            },
            lease=lease,
        )
    return render(
        request,
        "billing/online_payment_new.html",
        {"form": form, "balance": balance, "unavailable": unavailable},
        status=503 if unavailable and request.method == "POST" else 200,
    )


@tenant_required
def online_payment_return(request, reference):
    """Back from the payment page: confirmed, or « en cours de confirmation » until Stripe says so."""
    payment = selectors.lease_online_payment(lease=request.lease, reference=reference)
    payment = services.online_payment_refresh(payment=payment, actor="page de retour")
    return render(
        request,
        "billing/online_payment_return.html",
        {"payment": payment, "balance": selectors.lease_balance(lease=request.lease)},
    )


@tenant_required
def online_payment_cancel(request, reference):
    payment = selectors.lease_online_payment(lease=request.lease, reference=reference)
    return render(request, "billing/online_payment_cancel.html", {"payment": payment})


@tenant_required
def demo_checkout(request, reference):
    """The demonstration payment page: same service as a Stripe webhook, never in production."""
    if services.payment_backend() != PaymentBackend.DEMO:
        raise Http404
    payment = selectors.lease_online_payment(lease=request.lease, reference=reference)
    # Like a Stripe session, the demo page cannot be paid once the payment has expired.
    payment = services.online_payment_expire(payment=payment, actor="page de démonstration")
    if not payment.is_pending:
        return redirect("billing:online_payment_return", reference=payment.reference)
    if request.method == "POST":
        if "cancel" in request.POST:
            services.online_payment_settle(
                payment_id=payment.pk, status=PaymentStatus.CANCELLED, actor="page de démonstration"
            )
            return redirect("billing:online_payment_cancel", reference=payment.reference)
        services.online_payment_settle(
            payment_id=payment.pk, status=PaymentStatus.SUCCEEDED, actor="page de démonstration"
        )
        return redirect("billing:online_payment_return", reference=payment.reference)
    return render(request, "billing/demo_checkout.html", {"payment": payment})


@csrf_exempt
@require_POST
def stripe_webhook(request):
    """Stripe's events: 400 for a bad signature, 503 when Stripe must send it again, else 200."""
    try:
        event = stripe_gateway.webhook_event_construct(
            payload=request.body, signature=request.headers.get("Stripe-Signature")
        )
    except (ValueError, stripe.SignatureVerificationError):
        return HttpResponseBadRequest("invalid signature")
    data = event.get("data")
    if not (isinstance(event.get("id"), str) and isinstance(data, dict) and isinstance(data.get("object"), dict)):
        return HttpResponseBadRequest("not an event")
    try:
        stripe_webhooks.stripe_event_process(event=event)
    except stripe.StripeError as error:
        logger.warning("Stripe event %s not processed, Stripe will retry: %s", event.get("id"), error)
        return HttpResponse("retry later", status=503)
    return HttpResponse("ok")
