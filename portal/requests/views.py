"""Tenant pages: « Mes demandes », « Une nouvelle demande », « Détail de mes demandes »."""

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.core import uploads
from portal.core.models import SiteSettings
from portal.leases.decorators import tenant_required

from . import selectors, services
from .enums import OPEN_STATUSES, TENANT_VISIBLE_EVENT_KINDS, RequestStatus
from .forms import ComplementForm, RatingForm, ReopenForm, RequestForm
from .models import Request


def _livret_url(http_request) -> str:
    livret = SiteSettings.load(http_request).livret_page
    return livret.get_url(http_request) if livret and livret.live else ""


def _form_token(data) -> uuid.UUID:
    try:
        return uuid.UUID(str(data.get("form_token", "")))
    except ValueError:
        return uuid.uuid4()


def _handle_files(http_request, form, token) -> None:
    """Keep every good file of this try, drop the ones the tenant chose to remove."""
    uploads.pending_uploads_discard(
        user=http_request.user,
        form_token=token,
        ids=[v for v in http_request.POST.getlist("remove_pending") if v.isdigit()],
    )
    for clean in form.valid_files:
        uploads.pending_upload_create(user=http_request.user, form_token=token, clean=clean)
    form.pending = list(uploads.pending_uploads(user=http_request.user, form_token=token))


@tenant_required
def request_list(http_request):
    return render(
        http_request,
        "requests/request_list.html",
        {"requests": selectors.lease_requests(lease=http_request.lease), "livret_url": _livret_url(http_request)},
    )


def _signatory_phone(user) -> str:
    signatory = user.signatory
    return signatory.mobile_phone or signatory.phone


def _request_form_page(http_request, *, instance: Request | None):
    lease = http_request.lease
    if http_request.method == "POST":
        token = _form_token(http_request.POST)
        already = Request.objects.filter(form_token=token, lease=lease).first()
        if already and instance is None:
            # The same form sent twice (double click, reload): one request only.
            return redirect("requests:confirmation", already.pk)
        form = RequestForm(
            http_request.POST,
            http_request.FILES,
            lease=lease,
            pending=uploads.pending_uploads(user=http_request.user, form_token=token),
        )
        valid = form.is_valid()
        _handle_files(http_request, form, token)
        if valid:
            fields = {
                "author": http_request.user,
                "category": form.cleaned_data["category"],
                "unit": form.cleaned_data["location"],
                "description": form.cleaned_data["description"],
                "contact_phone": form.cleaned_data["contact_phone"],
                "contact_email": form.cleaned_data["contact_email"],
                "contact_slots": form.cleaned_data["contact_slots"],
                "form_token": token,
            }
            try:
                if instance is None:
                    saved = services.request_create(lease=lease, **fields)
                    return redirect("requests:confirmation", saved.pk)
                services.request_update(request=instance, **fields)
                messages.success(http_request, _("Votre demande a été modifiée."))
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
                "contact_phone": _signatory_phone(http_request.user),
                "contact_email": http_request.user.email,
            },
        )
    notices = {
        str(category.pk): category.notice
        for category in selectors.active_categories().filter(tenant_responsibility=True)
    }
    return render(
        http_request,
        "requests/request_form.html",
        {
            "form": form,
            "instance": instance,
            "livret_url": _livret_url(http_request),
            "selected_category": form.selected_category,
            "notices": notices,
        },
    )


@tenant_required
def request_create(http_request):
    return _request_form_page(http_request, instance=None)


@tenant_required
def request_edit(http_request, pk):
    instance = selectors.lease_request_get(lease=http_request.lease, request_id=pk)
    if instance.status != RequestStatus.SENT:
        messages.info(http_request, _("Cette demande est déjà prise en charge : ajoutez plutôt un complément."))
        return redirect("requests:detail", pk)
    return _request_form_page(http_request, instance=instance)


@tenant_required
def request_confirmation(http_request, pk):
    saved = selectors.lease_request_get(lease=http_request.lease, request_id=pk)
    return render(http_request, "requests/request_confirmation.html", {"item": saved})


def _detail_context(item, **forms):
    token = uuid.uuid4()
    context = {
        "item": item,
        "events": selectors.request_tenant_events(request=item),
        "attachments": item.attachments.filter(event__kind__in=TENANT_VISIBLE_EVENT_KINDS).order_by("created_at", "pk"),
        "complement_form": ComplementForm(initial={"form_token": token}),
        "rating_form": RatingForm(),
        "reopen_form": ReopenForm(),
        "can_reopen": services.request_can_reopen(request=item),
        "is_open": item.status in OPEN_STATUSES,
    }
    context.update(forms)
    return context


@tenant_required
def request_detail(http_request, pk):
    item = selectors.lease_request_get(lease=http_request.lease, request_id=pk)
    return render(http_request, "requests/request_detail.html", _detail_context(item))


@tenant_required
@require_POST
def request_complement(http_request, pk):
    item = selectors.lease_request_get(lease=http_request.lease, request_id=pk)
    token = _form_token(http_request.POST)
    form = ComplementForm(
        http_request.POST,
        http_request.FILES,
        pending=uploads.pending_uploads(user=http_request.user, form_token=token),
    )
    valid = form.is_valid()
    _handle_files(http_request, form, token)
    if valid:
        try:
            services.request_complement_add(
                request=item, author=http_request.user, text=form.cleaned_data["text"], form_token=token
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(http_request, _("Votre complément d'information a été ajouté."))
            return redirect("requests:detail", item.pk)
    return render(http_request, "requests/request_detail.html", _detail_context(item, complement_form=form), status=400)


@tenant_required
def request_cancel(http_request, pk):
    item = selectors.lease_request_get(lease=http_request.lease, request_id=pk)
    if http_request.method == "POST":
        try:
            services.request_cancel(request=item, author=http_request.user)
        except ValidationError as error:
            messages.error(http_request, " ".join(error.messages))
        else:
            messages.success(http_request, _("Votre demande %(ref)s est annulée.") % {"ref": item.reference})
        return redirect("requests:detail", item.pk)
    return render(http_request, "requests/request_cancel.html", {"item": item})


@tenant_required
@require_POST
def request_rate(http_request, pk):
    item = selectors.lease_request_get(lease=http_request.lease, request_id=pk)
    form = RatingForm(http_request.POST)
    if form.is_valid():
        try:
            services.request_rate(
                request=item,
                author=http_request.user,
                rating=form.cleaned_data["rating"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(http_request, _("Merci pour votre avis."))
            return redirect("requests:detail", item.pk)
    return render(http_request, "requests/request_detail.html", _detail_context(item, rating_form=form), status=400)


@tenant_required
@require_POST
def request_reopen(http_request, pk):
    item = selectors.lease_request_get(lease=http_request.lease, request_id=pk)
    form = ReopenForm(http_request.POST)
    if form.is_valid():
        try:
            services.request_reopen(request=item, author=http_request.user, text=form.cleaned_data["text"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(http_request, _("Votre demande est rouverte : nous reprenons son traitement."))
            return redirect("requests:detail", item.pk)
    return render(http_request, "requests/request_detail.html", _detail_context(item, reopen_form=form), status=400)


@tenant_required
def attachment_download(http_request, pk, thumbnail=False):
    attachment = selectors.lease_attachment_get(lease=http_request.lease, attachment_id=pk)
    return uploads.stored_file_response(attachment, thumbnail=thumbnail)


@tenant_required
def pending_thumbnail(http_request, pk):
    pending = uploads.pending_upload_get(user=http_request.user, pending_id=pk)
    return uploads.stored_file_response(pending, thumbnail=bool(pending.thumbnail))
