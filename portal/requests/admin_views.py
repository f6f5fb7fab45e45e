"""Staff screens of the work queue: the listing scoped to the staff member's agency, and the processing view."""

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views.generic import IndexView, InspectView

from portal.core import uploads
from portal.core.staff_screens import AgeFilter
from portal.leases.models import Agency, Residence

from . import selectors, services
from .enums import RequestStatus
from .forms import StaffAssignForm, StaffChoiceField, StaffMessageForm, StaffStatusForm
from .models import RequestCategory, TenantRequest


class StaffFilter(django_filters.ModelChoiceFilter):
    field_class = StaffChoiceField


class RequestFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=gettext_lazy("Statut"), choices=RequestStatus.choices)
    agency = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Agence"), queryset=Agency.objects.all(), field_name="lease__residence__agency"
    )
    residence = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Résidence"), queryset=Residence.objects.all(), field_name="lease__residence"
    )
    category = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Catégorie"), queryset=RequestCategory.objects.all(), method="filter_category"
    )
    age = AgeFilter()
    assigned_to = StaffFilter(label=gettext_lazy("Attribuée à"), queryset=lambda request: selectors.request_handlers())

    class Meta:
        model = TenantRequest
        fields = ["status", "agency", "residence", "category", "age", "assigned_to"]

    def filter_category(self, queryset, name, value):
        # A main category also finds its sub-categories.
        return queryset.filter(category__in=[value.pk, *value.children.values_list("pk", flat=True)])


class RequestIndexView(IndexView):
    def get_base_queryset(self):
        return selectors.staff_requests(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["status_counts"] = selectors.status_counts(queryset=selectors.staff_requests(user=self.request.user))
        return context


class RequestProcessView(InspectView):
    """The detail of a request for staff: timeline with internal notes, attachments, and the processing forms."""

    template_name = "requests/admin/request_process.html"

    def get_object(self, queryset=None):
        return selectors.staff_request_get(user=self.request.user, request_id=self.pk)

    def get_page_title(self):
        return _("Demande %(ref)s") % {"ref": self.object.reference}

    def get_page_subtitle(self):
        return str(self.object.category)

    def get_header_title(self):
        # « Demande D-2026-000001 : Logement > Plomberie », with the French space before the colon.
        return f"{self.get_page_title()}\u00a0: {self.get_page_subtitle()}"

    def _can_process(self):
        return self.request.user.has_perm("tenant_requests.process_request")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        tenant_request = self.object
        context.update(
            {
                "tenant_request": tenant_request,
                "events": selectors.request_staff_events(tenant_request=tenant_request),
                "attachments": tenant_request.attachments.all(),
                "signatories": tenant_request.lease.signatories.all(),
                "can_process": self._can_process(),
                "reply_form": kwargs.get("reply_form") or StaffMessageForm(prefix="reply"),
                "note_form": kwargs.get("note_form") or StaffMessageForm(prefix="note"),
                "assign_form": kwargs.get("assign_form")
                or StaffAssignForm(
                    prefix="assign",
                    initial={"assignee": tenant_request.assigned_to_id},
                    handlers=selectors.request_handlers(),
                ),
                "status_form": kwargs.get("status_form")
                or StaffStatusForm(prefix="status", transitions=services.staff_transitions_for(tenant_request)),
            }
        )
        return context

    def post(self, request, *args, **kwargs):
        if not self._can_process():
            raise PermissionDenied
        tenant_request = self.object
        action = request.POST.get("action")
        forms = {}
        try:
            if action in ("reply", "note"):
                form = StaffMessageForm(request.POST, prefix=action)
                forms[f"{action}_form"] = form
                if form.is_valid():
                    services.request_reply(
                        tenant_request=tenant_request,
                        author=request.user,
                        text=form.cleaned_data["text"],
                        internal=action == "note",
                    )
                    messages.success(
                        request, _("Note interne ajoutée.") if action == "note" else _("Réponse envoyée au locataire.")
                    )
                    return redirect(request.path)
            elif action == "assign":
                form = StaffAssignForm(request.POST, prefix="assign", handlers=selectors.request_handlers())
                forms["assign_form"] = form
                if form.is_valid():
                    services.request_assign(
                        tenant_request=tenant_request, author=request.user, assignee=form.cleaned_data["assignee"]
                    )
                    messages.success(request, _("Attribution enregistrée."))
                    return redirect(request.path)
            elif action == "status":
                form = StaffStatusForm(
                    request.POST, prefix="status", transitions=services.staff_transitions_for(tenant_request)
                )
                forms["status_form"] = form
                if form.is_valid():
                    services.request_transition(
                        tenant_request=tenant_request,
                        transition=form.cleaned_data["transition"],
                        author=request.user,
                        text=form.cleaned_data["text"],
                        intervention_date=form.cleaned_data["intervention_date"],
                    )
                    messages.success(request, _("Statut mis à jour ; les locataires du bail sont prévenus par e-mail."))
                    return redirect(request.path)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(request.path)
        messages.error(request, _("Le formulaire contient des erreurs."))
        return self.render_to_response(self.get_context_data(**forms), status=400)


def staff_attachment(request, pk, thumbnail=False):
    if not request.user.has_perm("tenant_requests.view_tenantrequest"):
        raise PermissionDenied
    attachment = selectors.staff_attachment_get(user=request.user, attachment_id=pk)
    return uploads.stored_file_response(attachment, thumbnail=thumbnail, for_staff=True)
