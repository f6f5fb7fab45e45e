"""Service client screens: the tenant-file changes to accept or refuse, and leases without valid insurance."""

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from portal.core.staff_screens import AgeFilter
from portal.core.storage import private_file_response
from portal.leases.models import Agency, Lease

from . import selectors, services
from .enums import ChangeKind, ChangeStatus
from .forms import RefuseForm
from .models import ChangeRequest

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
            audit_entries=change_request.audit_entries.select_related("actor"),
            can_handle=change_request.status == ChangeStatus.PENDING and self.request.user.has_perm(HANDLE_PERMISSION),
            certificate_url=reverse("dossier_changes:certificate", args=[change_request.pk])
            if change_request.certificate
            else "",
        )
        context.setdefault("refuse_form", RefuseForm())
        return context


class ChangeRequestViewSet(ModelViewSet):
    model = ChangeRequest
    name = "dossier_changes"
    url_prefix = "dossier/modifications"
    icon = "form"
    menu_label = gettext_lazy("Modifications du dossier")
    index_view_class = ChangeRequestIndexView
    index_results_template_name = "dossier/admin/change_request_index_results.html"
    inspect_view_class = ChangeRequestInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = ["__str__", "lease__residence__agency", "author", "created_at", "status"]
    filterset_class = ChangeRequestFilterSet
    search_fields = ["lease__tenant_number", "lease__signatories__last_name"]
    form_fields = ["reason"]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("justificatif/<int:pk>/", certificate_view, name="certificate"),
        ]


def certificate_view(request, pk):
    """A tenant's proof file, for staff allowed to handle changes."""
    if not request.user.has_perm("dossier.view_changerequest"):
        raise PermissionDenied
    change_request = get_object_or_404(ChangeRequest, pk=pk)
    return private_file_response(
        change_request.certificate,
        content_type=change_request.certificate_content_type or "application/octet-stream",
        filename=change_request.certificate_name or "justificatif",
        as_attachment=False,
    )


class InsuranceFollowUpView(WagtailAdminTemplateMixin, TemplateView):
    """Current leases whose insurance is expired or missing, by agency."""

    template_name = "dossier/admin/insurance_follow_up.html"
    page_title = gettext_lazy("Assurances à régulariser")
    header_icon = "warning"
    paginate_by = 50

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(VIEW_INSURANCE_PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        leases = selectors.leases_without_valid_insurance(today=today)
        agency = self.request.GET.get("agence", "")
        if agency.isdigit():
            leases = leases.filter(residence__agency_id=int(agency))
        if self.request.GET.get("etat") == "manquante":
            leases = leases.filter(insurance__isnull=True)
        elif self.request.GET.get("etat") == "expiree":
            leases = leases.filter(~Q(insurance__isnull=True))
        page = Paginator(leases, self.paginate_by).get_page(self.request.GET.get("p"))
        context.update(
            page_obj=page,
            today=today,
            agencies=Agency.objects.all(),
            selected_agency=agency,
            selected_state=self.request.GET.get("etat", ""),
            total=page.paginator.count,
        )
        return context


def insurance_certificate_view(request, lease_pk):
    if not request.user.has_perm(VIEW_INSURANCE_PERMISSION):
        raise PermissionDenied
    lease = get_object_or_404(Lease.objects.select_related("insurance"), pk=lease_pk)
    insurance = selectors.lease_insurance(lease=lease)
    if insurance is None:
        raise Http404
    return private_file_response(
        insurance.certificate,
        content_type=insurance.certificate_content_type or "application/octet-stream",
        filename=f"attestation-assurance-{lease.tenant_number}",
        as_attachment=False,
    )


class PermissionMenuItem(MenuItem):
    def __init__(self, *args, permission, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


class InsuranceFollowUpViewSet(ViewSet):
    name = "dossier_insurance"
    url_prefix = "dossier/assurances"
    icon = "warning"
    menu_label = gettext_lazy("Assurances à régulariser")

    def get_urlpatterns(self):
        return [
            path("", InsuranceFollowUpView.as_view(), name="index"),
            path("attestation/<int:lease_pk>/", insurance_certificate_view, name="certificate"),
        ]

    @cached_property
    def menu_item_class(self):
        return lambda *args, **kwargs: PermissionMenuItem(*args, permission=VIEW_INSURANCE_PERMISSION, **kwargs)


class DossierViewSetGroup(ViewSetGroup):
    menu_label = gettext_lazy("Dossiers")
    menu_icon = "form"
    menu_order = 210
    items = (ChangeRequestViewSet, InsuranceFollowUpViewSet)


@hooks.register("register_admin_viewset")
def register_viewsets():
    return DossierViewSetGroup()
