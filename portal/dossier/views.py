"""« MON DOSSIER »: each zone's « Modifier » -> form -> « Vérifiez vos informations » -> « Valider »."""

import uuid
from dataclasses import dataclass

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from portal.core import uploads
from portal.core.models import PendingUpload
from portal.core.storage import private_file_response
from portal.leases.decorators import tenant_required

from . import selectors, services
from .enums import ChangeKind
from .fields import CONTACT_FIELDS, INSURANCE_FIELDS, MEMBER_FIELDS, change_rows, value_to_json
from .forms import ContactForm, HouseholdMemberForm, InsuranceForm

DRAFTS_SESSION_KEY = "dossier_drafts"
SUBMITTED_MESSAGE = gettext_lazy(
    "Votre modification a été transmise à nos services. Elle sera traitée dans les meilleurs délais."
)


@dataclass(frozen=True)
class Zone:
    kind: str
    form_class: type
    title: str
    fields: dict


ZONES = {
    ChangeKind.CONTACT: Zone(
        ChangeKind.CONTACT, ContactForm, gettext_lazy("Informations personnelles"), CONTACT_FIELDS
    ),
    ChangeKind.HOUSEHOLD_ADD: Zone(
        ChangeKind.HOUSEHOLD_ADD, HouseholdMemberForm, gettext_lazy("Ajouter un occupant"), MEMBER_FIELDS
    ),
    ChangeKind.HOUSEHOLD_CHANGE: Zone(
        ChangeKind.HOUSEHOLD_CHANGE, HouseholdMemberForm, gettext_lazy("Modifier un occupant"), MEMBER_FIELDS
    ),
    ChangeKind.INSURANCE: Zone(
        ChangeKind.INSURANCE, InsuranceForm, gettext_lazy("Assurance habitation"), INSURANCE_FIELDS
    ),
}


@tenant_required
def index(request):
    context = selectors.dossier_overview(lease=request.lease, user=request.user)
    return render(request, "dossier/index.html", {"lease": request.lease, **context})


def _current(request, kind, member) -> dict:
    return selectors.dossier_current_values(lease=request.lease, user=request.user, kind=kind, member=member)


def _draft_key(kind, member) -> str:
    return f"{kind}:{member.pk if member else ''}"


def _drafts(request) -> dict:
    return request.session.get(DRAFTS_SESSION_KEY, {})


def _draft_save(request, key, **values) -> None:
    drafts = _drafts(request)
    drafts[key] = {**drafts.get(key, {}), **values}
    request.session[DRAFTS_SESSION_KEY] = drafts


def _draft_pop(request, key) -> None:
    drafts = _drafts(request)
    drafts.pop(key, None)
    request.session[DRAFTS_SESSION_KEY] = drafts


def _form_token(draft) -> uuid.UUID | None:
    try:
        return uuid.UUID(draft["form_token"])
    except (KeyError, ValueError):
        return None


def _pending_upload(request, draft) -> PendingUpload | None:
    return uploads.pending_uploads(user=request.user, form_token=_form_token(draft)).last()


def _member(request, member_id):
    return selectors.lease_household_member(lease=request.lease, pk=member_id) if member_id else None


def _urls(kind, member) -> tuple[str, str]:
    names = {
        ChangeKind.CONTACT: ("dossier:contact_edit", "dossier:contact_review"),
        ChangeKind.INSURANCE: ("dossier:insurance_edit", "dossier:insurance_review"),
        ChangeKind.HOUSEHOLD_ADD: ("dossier:member_add", "dossier:member_add_review"),
        ChangeKind.HOUSEHOLD_CHANGE: ("dossier:member_edit", "dossier:member_edit_review"),
    }[kind]
    args = [member.pk] if member else []
    return reverse(names[0], args=args), reverse(names[1], args=args)


@tenant_required
@require_http_methods(["GET", "POST"])
def edit(request, kind, member_id=None):
    """The form of a zone, filled with the draft when the tenant comes back from the review."""
    zone = ZONES[kind]
    member = _member(request, member_id)
    key = _draft_key(kind, member)
    draft = _drafts(request).get(key, {})
    current = _current(request, kind, member)
    pending_upload = _pending_upload(request, draft)
    form_kwargs = {"current": current}
    if kind == ChangeKind.INSURANCE:
        form_kwargs["has_pending_upload"] = pending_upload is not None
    if request.method == "POST":
        form = zone.form_class(request.POST, request.FILES, **form_kwargs)
        valid = form.is_valid()
        clean = form.cleaned_data.get("certificate") if kind == ChangeKind.INSURANCE else None
        if clean and "certificate" not in form.errors:
            # Kept at once, so that an error elsewhere in the form never loses the file.
            token = _form_token(draft) or uuid.uuid4()
            uploads.pending_uploads_discard(user=request.user, form_token=token)
            pending_upload = uploads.pending_upload_create(user=request.user, form_token=token, clean=clean)
            _draft_save(request, key, form_token=str(token))
        if valid:
            after = {name: value_to_json(name, form.cleaned_data[name]) for name in zone.fields}
            _draft_save(request, key, after=after)
            return redirect(_urls(kind, member)[1])
    else:
        form = zone.form_class(initial={**current, **draft.get("after", {})}, **form_kwargs)
    return render(
        request,
        "dossier/edit.html",
        {"zone": zone, "form": form, "member": member, "pending_upload": pending_upload, "kind": kind},
    )


@tenant_required
@require_http_methods(["GET", "POST"])
def review(request, kind, member_id=None):
    """« Vérifiez vos informations »: before and after, then « Valider » sends the change to staff."""
    zone = ZONES[kind]
    member = _member(request, member_id)
    key = _draft_key(kind, member)
    draft = _drafts(request).get(key)
    edit_url = _urls(kind, member)[0]
    if not draft or "after" not in draft:
        return redirect(edit_url)
    pending_upload = _pending_upload(request, draft)
    if kind == ChangeKind.INSURANCE and pending_upload is None:
        return redirect(edit_url)
    if request.method == "POST":
        services.change_request_submit(
            lease=request.lease,
            author=request.user,
            kind=kind,
            after=draft["after"],
            household_member=member,
            pending_upload=pending_upload,
        )
        _draft_pop(request, key)
        messages.success(request, SUBMITTED_MESSAGE)
        return redirect("dossier:index")
    return render(
        request,
        "dossier/review.html",
        {
            "zone": zone,
            "member": member,
            # Only what the tenant changed: « 06 12 34 01 01 → 06 12 34 01 01 » tells nothing.
            "rows": [
                row for row in change_rows(kind, _current(request, kind, member), draft["after"]) if row["changed"]
            ],
            "pending_upload": pending_upload,
            "edit_url": edit_url,
        },
    )


@tenant_required
@require_http_methods(["GET", "POST"])
def member_remove(request, member_id):
    """The departure of an occupant: a review of who leaves, then « Valider »."""
    member = _member(request, member_id)
    if request.method == "POST":
        services.change_request_submit(
            lease=request.lease,
            author=request.user,
            kind=ChangeKind.HOUSEHOLD_REMOVE,
            after={},
            household_member=member,
        )
        messages.success(request, SUBMITTED_MESSAGE)
        return redirect("dossier:index")
    current = _current(request, ChangeKind.HOUSEHOLD_REMOVE, member)
    return render(
        request,
        "dossier/review.html",
        {
            "zone": Zone(ChangeKind.HOUSEHOLD_REMOVE, HouseholdMemberForm, _("Départ d'un occupant"), MEMBER_FIELDS),
            "member": member,
            "rows": change_rows(ChangeKind.HOUSEHOLD_REMOVE, current, {}),
            "edit_url": reverse("dossier:index"),
            "removal": True,
        },
    )


def insurance_certificate_response(lease, *, as_attachment: bool = False) -> HttpResponse:
    """The verified insurance certificate of `lease`, once the caller checked who may read it
    (staff download it: `as_attachment`, never opened inside the admin)."""
    insurance = selectors.lease_insurance(lease=lease)
    if insurance is None:
        raise Http404
    extension = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}
    return private_file_response(
        insurance.certificate,
        content_type=insurance.certificate_content_type or "application/octet-stream",
        filename=f"attestation-assurance-{lease.tenant_number}{extension.get(insurance.certificate_content_type, '')}",
        as_attachment=as_attachment,
    )


def change_request_certificate_response(change_request, *, as_attachment: bool = False) -> HttpResponse:
    """The proof sent with a change request, once the caller checked who may read it (staff:
    `as_attachment`)."""
    return private_file_response(
        change_request.certificate,
        content_type=change_request.certificate_content_type or "application/octet-stream",
        filename=change_request.certificate_name or "justificatif",
        as_attachment=as_attachment,
    )


@tenant_required
def insurance_certificate(request):
    """The verified certificate of the tenant's own lease."""
    return insurance_certificate_response(request.lease)


@tenant_required
def change_request_certificate(request, pk):
    """The proof sent with a change request of the tenant's own lease (404 for any other)."""
    return change_request_certificate_response(selectors.lease_change_request(lease=request.lease, pk=pk))
