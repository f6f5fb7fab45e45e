"""« MON DOSSIER »: read it, and send change requests that Service client accepts or refuses."""

import uuid

from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import Field

from portal.core import uploads
from portal.dossier import selectors, services
from portal.dossier.enums import ChangeKind, InsuranceStatus
from portal.dossier.fields import FIELDS_BY_KIND
from portal.dossier.forms import ContactForm, HouseholdMemberForm, InsuranceForm

from ..errors import AUTHENTICATED, ApiError, errors, form_invalid
from ..schemas import ChangeRequestOut, DossierOut

router = Router(tags=["Mon dossier"])


class ContactIn(Schema):
    phone: str = Field("", max_length=30, description="Téléphone fixe.")
    mobile_phone: str = Field("", max_length=30)
    email: str = Field("", max_length=254, description="E-mail pour les avis et courriers (pas l'identifiant).")


class MemberIn(Schema):
    last_name: str = Field("", max_length=100)
    first_name: str = Field("", max_length=100)
    birth_date: str = Field("", description="Date ISO, par exemple 2012-05-03.", max_length=10)
    relationship: str = Field("", description="spouse, child, parent, family ou other.", max_length=20)


class InsuranceIn(Schema):
    insurer: str = Field("", max_length=120)
    policy_number: str = Field("", max_length=60)
    valid_from: str = Field("", description="Date ISO.", max_length=10)
    valid_until: str = Field("", description="Date ISO.", max_length=10)


def _change_out(change_request) -> dict:
    return {
        "id": change_request.pk,
        "kind": change_request.kind,
        "kind_label": change_request.get_kind_display(),
        "status": change_request.status,
        "status_label": change_request.get_status_display(),
        "created_at": change_request.created_at,
        "refusal_reason": change_request.reason,
    }


def _submit(request, *, kind, form_class, data, files=None, member=None, **form_kwargs):
    """The web's form checks the values against those on file, then one change request is recorded."""
    current = selectors.dossier_current_values(lease=request.lease, user=request.user, kind=kind, member=member)
    form = form_class(data, files, current=current, **form_kwargs)
    if not form.is_valid():
        raise form_invalid(form)
    pending_upload = None
    if kind == ChangeKind.INSURANCE:
        pending_upload = uploads.pending_upload_create(
            user=request.user, form_token=uuid.uuid4(), clean=form.cleaned_data["certificate"]
        )
    try:
        change_request = services.change_request_submit(
            lease=request.lease,
            author=request.user,
            kind=kind,
            after={name: form.cleaned_data[name] for name in FIELDS_BY_KIND[kind]},
            household_member=member,
            pending_upload=pending_upload,
        )
    except services.ChangeRequestError as error:
        raise ApiError(409, "not_allowed", str(error)) from error
    return Status(201, _change_out(change_request))


@router.get("/dossier", response={200: DossierOut, **errors(*AUTHENTICATED)}, summary="MON DOSSIER")
def dossier(request):
    overview = selectors.dossier_overview(lease=request.lease, user=request.user)
    signatory, insurance = overview["signatory"], overview["insurance"]
    status = InsuranceStatus(overview["insurance_status"])
    pending = [cr for group in overview["pending_by_kind"].values() for cr in group]
    return {
        "contact": {"phone": signatory.phone, "mobile_phone": signatory.mobile_phone, "email": signatory.email},
        "household": [
            {
                "id": m.pk,
                "first_name": m.first_name,
                "last_name": m.last_name,
                "birth_date": m.birth_date,
                "relationship": m.relationship,
                "relationship_label": m.get_relationship_display(),
            }
            for m in overview["household_members"]
        ],
        "insurance": {
            "insurer": insurance.insurer if insurance else "",
            "policy_number": insurance.policy_number if insurance else "",
            "valid_from": insurance.valid_from if insurance else None,
            "valid_until": insurance.valid_until if insurance else None,
            "status": status.value,
            "status_label": str(status.label),
        },
        "pending_changes": [_change_out(cr) for cr in pending],
    }


@router.post(
    "/dossier/contact",
    response={201: ChangeRequestOut, **errors(*AUTHENTICATED, 409)},
    summary="Changer mes coordonnées (téléphones, e-mail des courriers)",
)
def contact_change(request, payload: ContactIn):
    return _submit(request, kind=ChangeKind.CONTACT, form_class=ContactForm, data=payload.dict())


@router.post(
    "/dossier/household",
    response={201: ChangeRequestOut, **errors(*AUTHENTICATED, 409)},
    summary="Ajouter un occupant",
)
def member_add(request, payload: MemberIn):
    return _submit(request, kind=ChangeKind.HOUSEHOLD_ADD, form_class=HouseholdMemberForm, data=payload.dict())


@router.post(
    "/dossier/household/{member_id}",
    response={201: ChangeRequestOut, **errors(*AUTHENTICATED, 404, 409)},
    summary="Modifier un occupant",
)
def member_change(request, member_id: int, payload: MemberIn):
    member = selectors.lease_household_member(lease=request.lease, pk=member_id)
    return _submit(
        request, kind=ChangeKind.HOUSEHOLD_CHANGE, form_class=HouseholdMemberForm, data=payload.dict(), member=member
    )


@router.post(
    "/dossier/household/{member_id}/departure",
    response={201: ChangeRequestOut, **errors(*AUTHENTICATED, 404, 409)},
    summary="Déclarer le départ d'un occupant",
)
def member_departure(request, member_id: int):
    member = selectors.lease_household_member(lease=request.lease, pk=member_id)
    try:
        change_request = services.change_request_submit(
            lease=request.lease,
            author=request.user,
            kind=ChangeKind.HOUSEHOLD_REMOVE,
            after={},
            household_member=member,
        )
    except services.ChangeRequestError as error:
        raise ApiError(409, "not_allowed", str(error)) from error
    return Status(201, _change_out(change_request))


@router.post(
    "/dossier/insurance",
    response={201: ChangeRequestOut, **errors(*AUTHENTICATED, 409)},
    summary="Nouvelle assurance habitation (multipart, attestation `certificate` obligatoire)",
)
def insurance_change(request, payload: Form[InsuranceIn], certificate: File[UploadedFile] = None):
    return _submit(request, kind=ChangeKind.INSURANCE, form_class=InsuranceForm, data=request.POST, files=request.FILES)
