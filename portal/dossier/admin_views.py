"""Service client screens: the tenant-file changes to accept or refuse, and leases without valid insurance."""

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.models import ModelLogEntry

from portal.core.staff_screens import AgeFilter
from portal.leases.models import Agency, Lease

from . import selectors, services
from .enums import ChangeKind, ChangeStatus
from .forms import RefuseForm
from .models import ChangeRequest
from .views import change_request_certificate_response, insurance_certificate_response

HANDLE_PERMISSION = "dossier.handle_changerequest"
VIEW_INSURANCE_PERMISSION = "dossier.view_insurance"


class ChangeRequestFilterSet(WagtailFilterSet):
    kind = django_filters.ChoiceFilter(label=gettext_lazy("Type"), choices=ChangeKind.choices)
    status = django_filters.ChoiceFilter(label=gettext_lazy("Statut"), choices=ChangeStatus.choices)
    agency = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Agence"), field_name="lease__residence__agency", queryset=Agency.objects.all()
    )
    age = AgeFilter()
    created_at = django_filters.DateFromToRangeFilter(
        label=gettext_lazy("Demandée entre"), widget=DateRangePickerWidget
    )

    class Meta:
        model = ChangeRequest
        fields = ["kind", "status", "agency", "age", "created_at"]


class ChangeRequestIndexView(IndexView):
    default_ordering = "-created_at"

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("lease", "lease__residence__agency", "author")

    def get_edit_url(self, instance):
        # Changes are handled from their before/after page, never edited as raw data.
        return None


class ChangeRequestInspectView(InspectView):
    """The before/after of a change, its proof, its history, and the accept/refuse buttons."""

    template_name = "dossier/admin/change_request_inspect.html"
    page_title = gettext_lazy("Modification du dossier")

    def get_edit_url(self):
        return None

    def get_delete_url(self):
        return None

    def get_object(self, queryset=None):
        return get_object_or_404(
            ChangeRequest.objects.select_related("lease__residence__agency", "author", "handled_by", "signatory"),
            pk=self.pk,
        )

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm(HANDLE_PERMISSION):
            raise PermissionDenied
        if self.object.status != ChangeStatus.PENDING:
            messages.warning(request, _("Cette modification a déjà été traitée."))
            return redirect(request.path)
        if request.POST.get("action") == "accept":
            try:
                services.change_request_accept(change_request_id=self.object.pk, by=request.user)
            except services.ChangeRequestError as error:
                messages.error(request, str(error))
                return redirect(request.path)
            messages.success(request, _("Modification acceptée : le dossier du bail est à jour."))
            return redirect(request.path)
        form = RefuseForm(request.POST)
        if form.is_valid():
            services.change_request_refuse(
                change_request_id=self.object.pk, by=request.user, reason=form.cleaned_data["reason"]
            )
            messages.success(request, _("Modification refusée : le locataire est prévenu par e-mail."))
            return redirect(request.path)
        return self.render_to_response(self.get_context_data(refuse_form=form))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        change_request = self.object
        context.update(
            change_request=change_request,
            rows=selectors.change_request_rows(change_request=change_request),
            history=ModelLogEntry.objects.for_instance(change_request)
            .select_related("user")
            .order_by("timestamp", "pk"),
            can_handle=change_request.status == ChangeStatus.PENDING and self.request.user.has_perm(HANDLE_PERMISSION),
            certificate_url=reverse("dossier_changes:certificate", args=[change_request.pk])
            if change_request.certificate
            else "",
        )
        context.setdefault("refuse_form", RefuseForm())
        return context


def certificate_view(request, pk):
    """A tenant's proof file, for staff allowed to handle changes."""
    if not request.user.has_perm("dossier.view_changerequest"):
        raise PermissionDenied
    return change_request_certificate_response(get_object_or_404(ChangeRequest, pk=pk), as_attachment=True)


INSURANCE_STATES = [("expiree", gettext_lazy("Expirée")), ("manquante", gettext_lazy("Manquante"))]


class InsuranceFollowUpFilterSet(WagtailFilterSet):
    agence = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Agence"), field_name="residence__agency", queryset=Agency.objects.all()
    )
    etat = django_filters.ChoiceFilter(
        label=gettext_lazy("Assurance"),
        choices=INSURANCE_STATES,
        method="filter_state",
        empty_label=_("Expirée ou manquante"),
    )

    class Meta:
        model = Lease
        fields = ["agence", "etat"]

    def filter_state(self, queryset, name, value):
        return queryset.filter(insurance__isnull=value == "manquante")


class InsuranceStateColumn(Column):
    cell_template_name = "dossier/admin/insurance_state_cell.html"


class InsuranceFollowUpView(IndexView):
    """Current leases whose insurance is expired or missing, by agency."""

    model = Lease
    page_title = gettext_lazy("Assurances à régulariser")
    header_icon = "warning"
    index_url_name = "dossier_insurance:index"
    index_results_url_name = "dossier_insurance:index_results"
    filterset_class = InsuranceFollowUpFilterSet
    paginate_by = 50
    default_ordering = None
    columns = [
        Column("tenant_number", label=gettext_lazy("Bail")),
        Column("residence", label=gettext_lazy("Résidence"), accessor="residence.name"),
        Column("agency", label=gettext_lazy("Agence"), accessor="residence.agency.name"),
        InsuranceStateColumn("insurance", label=gettext_lazy("Assurance")),
        BooleanColumn("certificate_pending", label=gettext_lazy("Attestation en attente")),
    ]

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(VIEW_INSURANCE_PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_base_queryset(self):
        return selectors.leases_without_valid_insurance()

    def get_edit_url(self, instance):
        return None


def insurance_certificate_view(request, lease_pk):
    if not request.user.has_perm(VIEW_INSURANCE_PERMISSION):
        raise PermissionDenied
    lease = get_object_or_404(Lease.objects.select_related("insurance"), pk=lease_pk)
    return insurance_certificate_response(lease, as_attachment=True)
