"""Service client screens: the tenant-file changes to accept or refuse, and leases without valid insurance."""

from django.urls import path
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from portal.core.staff_screens import HistoryView

from . import selectors
from .admin_views import (
    HANDLE_PERMISSION,
    VIEW_INSURANCE_PERMISSION,
    ChangeRequestFilterSet,
    ChangeRequestIndexView,
    ChangeRequestInspectView,
    InsuranceFollowUpView,
    certificate_view,
    insurance_certificate_view,
)
from .models import ChangeRequest


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
    history_view_class = HistoryView
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
            path("resultats/", InsuranceFollowUpView.as_view(results_only=True), name="index_results"),
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


@hooks.register("register_log_actions")
def register_dossier_log_actions(actions):
    # Shown in the History of each change and in the admin's site history.
    actions.register_action("dossier.submitted", gettext_lazy("Modification transmise"), gettext_lazy("Transmise"))
    actions.register_action("dossier.accepted", gettext_lazy("Modification acceptée"), gettext_lazy("Acceptée"))
    actions.register_action("dossier.refused", gettext_lazy("Modification refusée"), gettext_lazy("Refusée"))


class DossierDeskPanel(Component):
    """Dashboard panel of Service client: tenant-file changes awaiting validation, oldest first,
    and how many leases have no valid insurance, each linked to its screen."""

    name = "dossiers_a_valider"
    order = 60
    template_name = "dossier/admin/desk_panel.html"

    def get_context_data(self, parent_context):
        return {"desk": selectors.staff_dossier_desk()}


@hooks.register("construct_homepage_panels")
def dossier_desk_panel(request, panels):
    if request.user.has_perm(HANDLE_PERMISSION):
        panels.append(DossierDeskPanel())
