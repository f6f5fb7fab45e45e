"""« Mettre à jour le RIB » from an app: the web's three steps, forms and checks.

1. `POST /rib/details`: holder, IBAN (checked by schwifty), BIC found from the IBAN;
2. `POST /rib/accept`: the SEPA mandate text, accepted;
3. `POST /rib/sign`: the account password again (through django-axes), then the mandate is
   recorded, awaiting Service client, and every signatory with an account is e-mailed.

Between steps the app holds a `draft`: what the web keeps in its session, signed and tied to the
login, the IBAN encrypted, valid 30 minutes. Nothing is recorded before step 3 succeeds.
"""

import uuid

from django.core import signing
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from pydantic import Field

from portal.accounts import services as account_services
from portal.core.client_ip import client_ip
from portal.mandates import crypto, selectors, services
from portal.mandates.forms import BankDetailsForm, MandateAcceptForm, MandateSignForm
from portal.mandates.pdfs import mandate_pdf_response

from ..errors import AUTHENTICATED, ApiError, errors, form_invalid
from ..schemas import MandateOut
from .billing import mandate_out

router = Router(tags=["Compte et paiements"])

DRAFT_MAX_AGE = 30 * 60


class BankDetailsIn(Schema):
    holder_name: str = Field("", max_length=140)
    iban: str = Field("", max_length=50, description="Avec ou sans espaces.")
    bic: str = Field("", max_length=20, description="Vide : retrouvé à partir de l'IBAN.")


class DraftIn(Schema):
    draft: str = Field(max_length=4000, description="Le brouillon rendu par l'étape précédente.")


class AcceptIn(DraftIn):
    accepted: bool = False


class SignIn(DraftIn):
    password: str = Field("", max_length=4096)


class MandatePreviewOut(Schema):
    rum: str
    holder_name: str
    iban_masked: str
    bic: str
    creditor_name: str
    creditor_id: str
    text_html: str = Field(description="Le texte du mandat SEPA, tel que le site le montre.")


class DraftOut(Schema):
    draft: str = Field(description="À renvoyer à l'étape suivante ; valable 30 minutes.")
    step: int = Field(description="Dernière étape franchie (1 : coordonnées, 2 : mandat accepté).")
    mandate: MandatePreviewOut


class SignedMandateOut(MandateOut):
    message: str


def _salt(request) -> str:
    return f"api.mandate-draft:{request.user.pk}"


def _draft_read(request, token: str) -> dict:
    try:
        return signing.loads(token, salt=_salt(request), max_age=DRAFT_MAX_AGE)
    except signing.BadSignature as error:
        raise ApiError(
            400,
            "validation_error",
            _("Ce brouillon a expiré ou n'est pas valable : recommencez à l'étape 1."),
            {"draft": [_("Recommencez à l'étape 1.")]},
        ) from error


def _draft_out(request, state: dict) -> dict:
    preview = services.mandate_draft_preview(lease=request.lease, signer=request.user, draft=state)
    return {
        "draft": signing.dumps(state, salt=_salt(request), compress=True),
        "step": state["reached"],
        "mandate": {
            **{name: preview[name] for name in ("rum", "holder_name", "iban_masked", "bic", "creditor_name")},
            "creditor_id": preview["creditor_id"],
            "text_html": render_to_string("mandates/includes/mandate_text.html", {"mandate": preview}),
        },
    }


@router.post(
    "/payment-method/rib/details",
    response={200: DraftOut, **errors(*AUTHENTICATED)},
    summary="Nouveau RIB, étape 1 : titulaire, IBAN et BIC",
)
def rib_details(request, payload: BankDetailsIn):
    form = BankDetailsForm(data=payload.dict())
    if not form.is_valid():
        raise form_invalid(form)
    state = {
        "holder_name": form.cleaned_data["holder_name"],
        "iban": crypto.encrypt(form.cleaned_data["iban"]),
        "bic": form.cleaned_data["bic"],
        "rum": services.mandate_rum_new(lease=request.lease),
        "token": str(uuid.uuid4()),
        "reached": 1,
    }
    return _draft_out(request, state)


@router.post(
    "/payment-method/rib/accept",
    response={200: DraftOut, **errors(*AUTHENTICATED)},
    summary="Nouveau RIB, étape 2 : accepter le mandat de prélèvement SEPA",
)
def rib_accept(request, payload: AcceptIn):
    state = _draft_read(request, payload.draft)
    form = MandateAcceptForm(data={"accepted": payload.accepted})
    if not form.is_valid():
        raise form_invalid(form)
    return _draft_out(request, {**state, "reached": 2})


@router.post(
    "/payment-method/rib/sign",
    response={201: SignedMandateOut, **errors(*AUTHENTICATED, 409)},
    summary="Nouveau RIB, étape 3 : signer avec le mot de passe du compte",
)
def rib_sign(request, payload: SignIn):
    state = _draft_read(request, payload.draft)
    if state.get("reached", 0) < 2:
        raise ApiError(409, "not_allowed", _("Commencez par l'étape 2 : acceptez le mandat de prélèvement SEPA."))
    form = MandateSignForm(data={"password": payload.password, "submission_token": state["token"]}, request=request)
    if not form.is_valid():
        if "password" in form.errors:
            services.mandate_confirmation_failure_record(lease=request.lease, user=request.user, ip=client_ip(request))
        if getattr(request, "axes_locked_out", False):
            # The web ends the session; the app's device is disconnected the same way.
            account_services.device_revoke(user=request.user, device_id=request.auth.pk)
            raise ApiError(
                429,
                "locked_out",
                _("Trop d'essais infructueux : l'accès à ce compte est bloqué pendant 15 minutes."),
            )
        raise form_invalid(form)
    try:
        mandate = services.mandate_draft_submit(
            lease=request.lease, signer=request.user, draft=state, ip=client_ip(request)
        )
    except ValidationError as error:
        raise ApiError(400, "validation_error", " ".join(error.messages)) from error
    message = _(
        "Votre nouveau RIB est enregistré (mandat %(rum)s). Il sera utilisé après vérification par notre "
        "service client ; d'ici là, le compte actuel reste prélevé."
    ) % {"rum": mandate.rum}
    out = mandate_out(mandate)
    return Status(
        201, {**out, "signed_at": out["signed_at"].isoformat() if out["signed_at"] else None, "message": message}
    )


@router.get(
    "/payment-method/mandates/{rum}/pdf",
    response={200: bytes, **errors(*AUTHENTICATED, 404)},
    summary="Le mandat SEPA signé, en PDF",
    openapi_extra={"responses": {200: {"description": "Le PDF", "content": {"application/pdf": {}}}}},
)
def mandate_pdf(request, rum: str):
    return mandate_pdf_response(mandate=selectors.lease_mandate(lease=request.lease, rum=rum))
