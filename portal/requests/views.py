"""Tenant pages: « Mes demandes », « Une nouvelle demande », « Détail de mes demandes »."""

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.core import uploads
from portal.core.cache import tenant_page_cached
from portal.core.models import SiteSettings
from portal.leases.decorators import tenant_required

from . import selectors, services
from .enums import OPEN_STATUSES, TENANT_VISIBLE_EVENT_KINDS, RequestStatus
from .forms import ComplementForm, RatingForm, ReopenForm, RequestForm
from .models import TenantRequest


def _livret_url(request) -> str:
    livret = SiteSettings.load(request).livret_page
    return livret.get_url(request) if livret and livret.live else ""


def _form_token(data) -> uuid.UUID:
    try:
        return uuid.UUID(str(data.get("form_token", "")))
    except ValueError:
        return uuid.uuid4()


def _handle_files(request, form, token) -> None:
    """Keep every good file of this try, drop the ones the tenant chose to remove."""
    uploads.pending_uploads_update(
        user=request.user,
        form_token=token,
        add=form.valid_files,
        remove_ids=[v for v in request.POST.getlist("remove_pending") if v.isdigit()],
    )
    form.pending = list(uploads.pending_uploads(user=request.user, form_token=token))


@tenant_page_cached
@tenant_required
def request_list(request):
    return render(
        request,
        "requests/request_list.html",
        {"requests": selectors.lease_requests(lease=request.lease), "livret_url": _livret_url(request)},
    )


def _signatory_phone(user) -> str:
    signatory = user.signatory
    return signatory.mobile_phone or signatory.phone


def _request_form_page(request, *, instance: TenantRequest | None):
    lease = request.lease
    if request.method == "POST":
        token = _form_token(request.POST)
        already = selectors.lease_request_by_form_token(lease=lease, form_token=token)
        if already and instance is None:
            # The same form sent twice (double click, reload): one request only.
            return redirect("requests:confirmation", already.pk)
        form = RequestForm(
            request.POST,
            request.FILES,
            lease=lease,
            pending=uploads.pending_uploads(user=request.user, form_token=token),
        )
        valid = form.is_valid()
        _handle_files(request, form, token)
        if valid:
            fields = {"author": request.user, "form_token": token, **form.request_fields()}
            try:
                if instance is None:
                    saved = services.request_create(lease=lease, **fields)
                    return redirect("requests:confirmation", saved.pk)
                services.request_update(tenant_request=instance, **fields)
                messages.success(request, _("Votre demande a été modifiée."))
                return redirect("requests:detail", instance.pk)
            except ValidationError as error:
                form.add_error(None, error)
    elif instance is not None:
        form = RequestForm(
            lease=lease,
            initial={
                "category": instance.category_id,
                "location": str(instance.unit_id) if instance.unit_id else "common",
                "description": instance.description,
                "contact_phone": instance.contact_phone,
                "contact_email": instance.contact_email,
                "contact_slots": instance.contact_slots,
            },
        )
    else:
        units = list(lease.units.order_by("kind", "pk")[:1])
        form = RequestForm(
            lease=lease,
            initial={
                "location": str(units[0].pk) if units else "common",
                "contact_phone": _signatory_phone(request.user),
                "contact_email": request.user.email,
            },
        )
    notices = {
        str(category.pk): category.notice
        for category in selectors.active_categories().filter(tenant_responsibility=True)
    }
    return render(
        request,
        "requests/request_form.html",
        {
            "form": form,
            "instance": instance,
            "livret_url": _livret_url(request),
            "selected_category": form.selected_category,
            "notices": notices,
        },
    )


@tenant_required
def request_create(request):
    return _request_form_page(request, instance=None)


@tenant_required
def request_edit(request, pk):
    instance = selectors.lease_request_get(lease=request.lease, request_id=pk)
    if instance.status != RequestStatus.SENT:
        messages.info(request, _("Cette demande est déjà prise en charge : ajoutez plutôt un complément."))
        return redirect("requests:detail", pk)
    return _request_form_page(request, instance=instance)


@tenant_required
def request_confirmation(request, pk):
    saved = selectors.lease_request_get(lease=request.lease, request_id=pk)
    return render(request, "requests/request_confirmation.html", {"tenant_request": saved})


def _detail_context(tenant_request, **forms):
    token = uuid.uuid4()
    previous_request, next_request = selectors.lease_request_neighbours(
        lease=tenant_request.lease, tenant_request=tenant_request
    )
    context = {
        "tenant_request": tenant_request,
        "previous_request": previous_request,
        "next_request": next_request,
        "events": selectors.request_tenant_events(tenant_request=tenant_request),
        "attachments": tenant_request.attachments.filter(event__kind__in=TENANT_VISIBLE_EVENT_KINDS).order_by(
            "created_at", "pk"
        ),
        "complement_form": ComplementForm(initial={"form_token": token}),
        "rating_form": RatingForm(),
        "reopen_form": ReopenForm(),
        "can_reopen": services.request_can_reopen(tenant_request=tenant_request),
        "is_open": tenant_request.status in OPEN_STATUSES,
    }
    context.update(forms)
    return context


@tenant_required
def request_detail(request, pk):
    tenant_request = selectors.lease_request_get(lease=request.lease, request_id=pk)
    return render(request, "requests/request_detail.html", _detail_context(tenant_request))


def _detail_form_post(request, tenant_request, *, form_name: str, form, valid: bool, save, success: str):
    """A form of the request's detail page: on success a message and the page again; on an error
    (of the form or of the service) the page with the form and its messages next to the fields."""
    if valid:
        try:
            save(form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, success)
            return redirect("requests:detail", tenant_request.pk)
    return render(
        request, "requests/request_detail.html", _detail_context(tenant_request, **{form_name: form}), status=400
    )


@tenant_required
@require_POST
def request_complement(request, pk):
    tenant_request = selectors.lease_request_get(lease=request.lease, request_id=pk)
    token = _form_token(request.POST)
    form = ComplementForm(
        request.POST,
        request.FILES,
        pending=uploads.pending_uploads(user=request.user, form_token=token),
    )
    valid = form.is_valid()
    _handle_files(request, form, token)  # kept even when the form is rejected
    return _detail_form_post(
        request,
        tenant_request,
        form_name="complement_form",
        form=form,
        valid=valid,
        save=lambda data: services.request_complement_add(
            tenant_request=tenant_request, author=request.user, text=data["text"], form_token=token
        ),
        success=_("Votre complément d'information a été ajouté."),
    )


@tenant_required
def request_cancel(request, pk):
    tenant_request = selectors.lease_request_get(lease=request.lease, request_id=pk)
    if request.method == "POST":
        try:
            services.request_cancel(tenant_request=tenant_request, author=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Votre demande %(ref)s est annulée.") % {"ref": tenant_request.reference})
        return redirect("requests:detail", tenant_request.pk)
    return render(request, "requests/request_cancel.html", {"tenant_request": tenant_request})


@tenant_required
@require_POST
def request_rate(request, pk):
    tenant_request = selectors.lease_request_get(lease=request.lease, request_id=pk)
    form = RatingForm(request.POST)
    return _detail_form_post(
        request,
        tenant_request,
        form_name="rating_form",
        form=form,
        valid=form.is_valid(),
        save=lambda data: services.request_rate(tenant_request=tenant_request, author=request.user, **data),
        success=_("Merci pour votre avis."),
    )


@tenant_required
@require_POST
def request_reopen(request, pk):
    tenant_request = selectors.lease_request_get(lease=request.lease, request_id=pk)
    form = ReopenForm(request.POST)
    return _detail_form_post(
        request,
        tenant_request,
        form_name="reopen_form",
        form=form,
        valid=form.is_valid(),
        save=lambda data: services.request_reopen(
            tenant_request=tenant_request, author=request.user, text=data["text"]
        ),
        success=_("Votre demande est rouverte : nous reprenons son traitement."),
    )


@tenant_required
def attachment_download(request, pk, thumbnail=False):
    attachment = selectors.lease_attachment_get(lease=request.lease, attachment_id=pk)
    return uploads.stored_file_response(attachment, thumbnail=thumbnail)


@tenant_required
def pending_thumbnail(request, pk):
    pending = uploads.pending_upload_get(user=request.user, pending_id=pk)
    return uploads.stored_file_response(pending, thumbnail=bool(pending.thumbnail))
