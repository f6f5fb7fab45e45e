"""« Mes demandes »: the web's forms and services, files in multipart like the web's forms."""

import uuid

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import Field

from portal.core import uploads
from portal.requests import selectors, services
from portal.requests.enums import CONTACT_SLOTS, OPEN_STATUSES, EventKind, RequestStatus
from portal.requests.forms import COMMON_AREAS, ComplementForm, RatingForm, ReopenForm, RequestForm

from ..errors import AUTHENTICATED, ApiError, errors, form_invalid
from ..pagination import PageQuery, paginate
from ..schemas import RatingIn, RequestFormOut, RequestOut, RequestPageOut, TextIn

router = Router(tags=["Mes demandes"])

LANDLORD_EVENT_KINDS = (EventKind.STAFF_REPLY, EventKind.STATUS_CHANGE)


class RequestIn(Schema):
    """The fields of « Une nouvelle demande », checked by the web's form (same French messages)."""

    category: str = Field("", description="Identifiant d'une catégorie sélectionnable (GET /requests/form).")
    location: str = Field("", description="Identifiant d'un lot du bail, ou « common » (parties communes).")
    description: str = Field("", max_length=5000)
    contact_phone: str = Field("", max_length=30)
    contact_email: str = Field("", max_length=254)
    contact_slots: list[str] = Field(default_factory=list, description="Par exemple mon-am, fri-pm.")
    confirm_notice: bool = Field(False, description="Avertissement lu, pour une réparation à la charge du locataire.")
    form_token: str = Field(
        "", description="UUID choisi par l'application : renvoyer le même formulaire ne crée qu'une demande."
    )


class ComplementIn(Schema):
    text: str = Field("", max_length=5000)
    form_token: str = Field("", description="UUID choisi par l'application.")


def _token(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except (TypeError, ValueError):
        return None


def _attachment_out(request, attachment) -> dict:
    return {
        "id": attachment.pk,
        "name": attachment.original_name,
        "content_type": attachment.content_type,
        "size": attachment.size,
        "download_url": request.build_absolute_uri(reverse("api-v1:attachment_download", args=[attachment.pk])),
    }


def _summary_out(item) -> dict:
    return {
        "id": item.pk,
        "reference": item.reference,
        "category": str(item.category),
        "status": item.status,
        "status_label": item.get_status_display(),
        "created_at": item.created_at,
        "status_changed_at": item.status_changed_at,
    }


def _detail_out(request, item) -> dict:
    timeline = []
    for event in selectors.request_tenant_events(tenant_request=item):
        timeline.append(
            {
                "id": event.pk,
                "kind": event.kind,
                "kind_label": event.get_kind_display(),
                "created_at": event.created_at,
                "by_landlord": event.kind in LANDLORD_EVENT_KINDS,
                "text": event.text,
                "from_status": event.from_status,
                "to_status": event.to_status,
                "intervention_date": event.intervention_date,
                "rating": event.rating,
                "attachments": [_attachment_out(request, a) for a in event.attachments.all()],
            }
        )
    return {
        **_summary_out(item),
        "category_id": item.category_id,
        "location": str(item.unit_id) if item.unit_id else COMMON_AREAS,
        "location_label": item.location_label,
        "description": item.description,
        "contact_phone": item.contact_phone,
        "contact_email": item.contact_email,
        "contact_slots": list(item.contact_slots),
        "intervention_date": item.intervention_date,
        "rating": item.rating,
        "can_edit": item.status == RequestStatus.SENT,
        "can_cancel": item.status in OPEN_STATUSES,
        "can_reopen": services.request_can_reopen(tenant_request=item),
        "can_rate": item.status == RequestStatus.RESOLVED,
        "timeline": timeline,
    }


def _valid(form) -> dict:
    if not form.is_valid():
        raise form_invalid(form)
    return form.cleaned_data


def _act(request, item, service, **fields) -> dict:
    """A tenant's action on one of the lease's requests; a status that forbids it answers 409."""
    try:
        service(tenant_request=item, author=request.user, **fields)
    except ValidationError as error:
        raise ApiError(409, "not_allowed", " ".join(error.messages)) from error
    return _detail_out(request, selectors.lease_request_get(lease=request.lease, request_id=item.pk))


def _with_files(request, form) -> uuid.UUID:
    """The form's good files become its pending uploads, which the service then attaches."""
    token = _valid(form)["form_token"]
    uploads.pending_uploads_update(user=request.user, form_token=token, add=form.valid_files, remove_ids=[])
    return token


@router.get(
    "/requests/form",
    response={200: RequestFormOut, **errors(*AUTHENTICATED)},
    summary="Catégories, lieux et créneaux d'une nouvelle demande",
)
def request_form_options(request):
    form = RequestForm(lease=request.lease)
    categories = list(selectors.active_categories())
    parents = {c.parent_id for c in categories if c.parent_id}
    return {
        "categories": [
            {
                "id": c.pk,
                "name": c.name,
                "parent_id": c.parent_id,
                "selectable": c.pk not in parents,
                "tenant_responsibility": c.tenant_responsibility,
                "notice": c.notice,
            }
            for c in categories
        ],
        "locations": [{"value": value, "label": str(label)} for value, label in form.fields["location"].choices],
        "contact_slots": [{"value": value, "label": str(label)} for value, label in CONTACT_SLOTS],
    }


@router.get("/requests", response={200: RequestPageOut, **errors(*AUTHENTICATED)}, summary="Mes demandes (paginé)")
def request_list(request, query: Query[PageQuery]):
    return paginate(selectors.lease_requests(lease=request.lease), query, _summary_out)


@router.post(
    "/requests",
    response={201: RequestOut, 200: RequestOut, **errors(*AUTHENTICATED)},
    summary="Une nouvelle demande (multipart : champs et photos `files`)",
)
def request_create(request, payload: Form[RequestIn], files: File[list[UploadedFile]] = None):
    """Files: up to 5 JPEG, PNG or PDF of 10 MB at most, checked from their content. The same
    `form_token` sent again answers the request already created (200) instead of a second one."""
    lease = request.lease
    token = _token(payload.form_token)
    if token is not None:
        already = selectors.lease_request_by_form_token(lease=lease, form_token=token)
        if already is not None:
            return Status(200, _detail_out(request, selectors.lease_request_get(lease=lease, request_id=already.pk)))
    # The web's form reads the multipart body as a browser sends it (`files` and `contact_slots` repeat).
    form = RequestForm(request.POST, request.FILES, lease=lease)
    token = _with_files(request, form)
    try:
        created = services.request_create(lease=lease, author=request.user, form_token=token, **form.request_fields())
    except ValidationError as error:
        raise ApiError(400, "validation_error", " ".join(error.messages)) from error
    return Status(201, _detail_out(request, selectors.lease_request_get(lease=lease, request_id=created.pk)))


@router.get(
    "/requests/{request_id}",
    response={200: RequestOut, **errors(*AUTHENTICATED, 404)},
    summary="Détail d'une demande et son historique",
)
def request_detail(request, request_id: int):
    return _detail_out(request, selectors.lease_request_get(lease=request.lease, request_id=request_id))


@router.post(
    "/requests/{request_id}",
    response={200: RequestOut, **errors(*AUTHENTICATED, 404, 409)},
    summary="Modifier une demande pas encore prise en charge (multipart)",
)
def request_update(request, request_id: int, payload: Form[RequestIn], files: File[list[UploadedFile]] = None):
    item = selectors.lease_request_get(lease=request.lease, request_id=request_id)
    if item.status != RequestStatus.SENT:
        raise ApiError(409, "not_allowed", _("Cette demande est déjà prise en charge : ajoutez plutôt un complément."))
    form = RequestForm(request.POST, request.FILES, lease=request.lease)
    token = _with_files(request, form)
    return _act(request, item, services.request_update, form_token=token, **form.request_fields())


@router.post(
    "/requests/{request_id}/complements",
    response={201: RequestOut, **errors(*AUTHENTICATED, 404, 409)},
    summary="Ajouter un complément d'information (multipart : texte et fichiers `files`)",
)
def request_complement(request, request_id: int, payload: Form[ComplementIn], files: File[list[UploadedFile]] = None):
    item = selectors.lease_request_get(lease=request.lease, request_id=request_id)
    form = ComplementForm(request.POST, request.FILES)
    token = _with_files(request, form)
    detail = _act(request, item, services.request_complement_add, text=form.cleaned_data["text"], form_token=token)
    return Status(201, detail)


@router.post(
    "/requests/{request_id}/cancel",
    response={200: RequestOut, **errors(*AUTHENTICATED, 404, 409)},
    summary="Annuler une demande",
)
def request_cancel(request, request_id: int):
    item = selectors.lease_request_get(lease=request.lease, request_id=request_id)
    return _act(request, item, services.request_cancel)


@router.post(
    "/requests/{request_id}/rating",
    response={200: RequestOut, **errors(*AUTHENTICATED, 404, 409)},
    summary="Noter une demande résolue (la clôt)",
)
def request_rate(request, request_id: int, payload: RatingIn):
    item = selectors.lease_request_get(lease=request.lease, request_id=request_id)
    cleaned = _valid(RatingForm(data=payload.dict()))
    return _act(request, item, services.request_rate, **cleaned)


@router.post(
    "/requests/{request_id}/reopen",
    response={200: RequestOut, **errors(*AUTHENTICATED, 404, 409)},
    summary="Rouvrir une demande résolue depuis moins de 15 jours",
)
def request_reopen(request, request_id: int, payload: TextIn):
    item = selectors.lease_request_get(lease=request.lease, request_id=request_id)
    cleaned = _valid(ReopenForm(data=payload.dict()))
    return _act(request, item, services.request_reopen, **cleaned)


@router.get(
    "/requests/attachments/{attachment_id}/file",
    response={200: bytes, **errors(*AUTHENTICATED, 404)},
    url_name="attachment_download",
    summary="Télécharger une pièce jointe",
    openapi_extra={
        "responses": {
            200: {"description": "Le fichier", "content": {"image/jpeg": {}, "image/png": {}, "application/pdf": {}}}
        }
    },
)
def attachment_download(request, attachment_id: int):
    attachment = selectors.lease_attachment_get(lease=request.lease, attachment_id=attachment_id)
    return uploads.stored_file_response(attachment)
