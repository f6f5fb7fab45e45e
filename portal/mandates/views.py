"""« Mettre à jour le RIB »: a three-step wizard, then the signed mandate as a PDF.

What the tenant typed is kept in the session between steps (signed, tied to the account, the IBAN
encrypted), so going back loses nothing; a step opened out of order sends to the right one.
Nothing is recorded before the password step succeeds.
"""

import uuid

from django.contrib import messages
from django.contrib.auth import logout
from django.core import signing
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from portal.core.client_ip import client_ip
from portal.leases.decorators import tenant_required

from . import crypto, selectors, services
from . import iban as iban_rules
from .forms import BankDetailsForm, MandateAcceptForm, MandateSignForm
from .pdfs import mandate_pdf_response

# The keys and the salt keep the app's former name, so that a wizard in progress survives the move.
SESSION_KEY = "billing.mandate_wizard"
DONE_KEY = "billing.mandate_done"
WIZARD_MAX_AGE = 30 * 60
STEP_URLS = {1: "mandates:mandate_details", 2: "mandates:mandate_accept", 3: "mandates:mandate_sign"}


def _salt(request) -> str:
    return f"billing.mandate-wizard:{request.user.pk}"


def _state(request) -> dict:
    token = request.session.get(SESSION_KEY)
    if not token:
        return {}
    try:
        return signing.loads(token, salt=_salt(request), max_age=WIZARD_MAX_AGE)
    except signing.BadSignature:
        request.session.pop(SESSION_KEY, None)
        return {}


def _state_save(request, state: dict) -> None:
    request.session[SESSION_KEY] = signing.dumps(state, salt=_salt(request), compress=True)


def _out_of_order(request, state: dict, step: int):
    """None when `step` may be shown, else a redirect to the step the tenant has reached."""
    reached = state.get("reached", 0) + 1
    if step <= reached:
        return None
    messages.warning(
        request,
        _("Commencez par l'étape %(step)s : les étapes du changement de RIB se suivent dans l'ordre.")
        % {"step": reached},
    )
    return redirect(STEP_URLS[reached])


def _wizard_context(state: dict, step: int, **extra) -> dict:
    return {"step": step, "steps": [_("Coordonnées bancaires"), _("Mandat SEPA"), _("Signature")], **extra}


def _mandate_preview(request, state: dict) -> dict:
    return services.mandate_draft_preview(lease=request.lease, signer=request.user, draft=state)


@tenant_required
def mandate_details(request):
    """Step 1: holder and IBAN; the BIC is found from the IBAN and may be corrected."""
    state = _state(request)
    if request.method == "POST":
        form = BankDetailsForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            changed = state.get("holder_name") != data["holder_name"] or (
                state.get("iban") and crypto.decrypt(state["iban"]) != data["iban"]
            )
            state.update(
                holder_name=data["holder_name"],
                iban=crypto.encrypt(data["iban"]),
                bic=data["bic"],
                rum=state.get("rum") or services.mandate_rum_new(lease=request.lease),
                token=state.get("token") or str(uuid.uuid4()),
                reached=max(state.get("reached", 0), 1) if not changed else 1,
            )
            if changed:
                state["accepted"] = False
            _state_save(request, state)
            return redirect("mandates:mandate_accept")
    else:
        initial = {}
        if state:
            initial = {
                "holder_name": state["holder_name"],
                "iban": iban_rules.grouped(crypto.decrypt(state["iban"])),
                "bic": state["bic"],
            }
        else:
            initial = {"holder_name": request.user.get_full_name()}
        form = BankDetailsForm(initial=initial)
    return render(
        request,
        "mandates/mandate_details.html",
        _wizard_context(state, 1, form=form),
        status=400 if form.is_bound else 200,
    )


@tenant_required
def mandate_accept(request):
    """Step 2: the SEPA mandate to read and accept."""
    state = _state(request)
    if response := _out_of_order(request, state, 2):
        return response
    if request.method == "POST":
        form = MandateAcceptForm(request.POST)
        if "back" in request.POST:
            state["accepted"] = bool(request.POST.get("accepted"))
            _state_save(request, state)
            return redirect("mandates:mandate_details")
        if form.is_valid():
            state.update(accepted=True, reached=2)
            _state_save(request, state)
            return redirect("mandates:mandate_sign")
    else:
        form = MandateAcceptForm(initial={"accepted": state.get("accepted", False)})
    return render(
        request,
        "mandates/mandate_accept.html",
        _wizard_context(state, 2, form=form, mandate=_mandate_preview(request, state)),
        status=400 if form.is_bound else 200,
    )


@tenant_required
def mandate_sign(request):
    """Step 3: the account password again, then the mandate is recorded (awaiting validation)."""
    state = _state(request)
    if request.method == "POST" and not state:
        # The second click of a double submission, after the first one finished.
        done = request.session.get(DONE_KEY)
        if done and request.POST.get("submission_token") == done:
            return redirect("billing:payments")
    if response := _out_of_order(request, state, 3):
        return response
    if request.method == "POST":
        form = MandateSignForm(request.POST, request=request)
        if form.is_valid() and form.cleaned_data["submission_token"] != uuid.UUID(state["token"]):
            messages.warning(
                request, _("Cette page de signature n'était plus à jour : vérifiez le mandat et signez-le.")
            )
            return redirect("mandates:mandate_accept")
        if form.is_valid():
            try:
                mandate = services.mandate_draft_submit(
                    lease=request.lease, signer=request.user, draft=state, ip=client_ip(request)
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
                return redirect("mandates:mandate_details")
            request.session.pop(SESSION_KEY, None)
            request.session[DONE_KEY] = state["token"]
            messages.success(
                request,
                _(
                    "Votre nouveau RIB est enregistré (mandat %(rum)s). Il sera utilisé après vérification par notre "
                    "service client ; d'ici là, le compte actuel reste prélevé."
                )
                % {"rum": mandate.rum},
            )
            return redirect("billing:payments")
        if "password" in form.errors:
            services.mandate_confirmation_failure_record(lease=request.lease, user=request.user, ip=client_ip(request))
        if getattr(request, "axes_locked_out", False):
            logout(request)
            return redirect("accounts:login")
    else:
        form = MandateSignForm(initial={"submission_token": state["token"]}, request=request)
    return render(
        request,
        "mandates/mandate_sign.html",
        _wizard_context(state, 3, form=form, mandate=_mandate_preview(request, state)),
        status=400 if form.is_bound else 200,
    )


@tenant_required
def mandate_pdf(request, rum):
    """The signed mandate of the tenant's own lease as a PDF; another lease's reference is a 404."""
    mandate = selectors.lease_mandate(lease=request.lease, rum=rum)
    return mandate_pdf_response(mandate=mandate)
