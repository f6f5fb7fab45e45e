"""Registers the staff screens for SEPA mandates (views in admin_views.py) and their log actions."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from portal.core.staff_screens import HistoryView, ReadOnlyPermissionPolicy

from . import selectors, services
from .admin_views import MandateFilterSet, MandateIndexView, MandateReviewView, staff_mandate_pdf
from .models import BankMandate

# Mandates change through their review page only (validate, refuse), superusers included.
register_permission_policy(BankMandate, ReadOnlyPermissionPolicy(BankMandate))


class BankMandateViewSet(ModelViewSet):
    """« Mandats SEPA »: new RIBs awaiting validation first."""

    model = BankMandate
    icon = "doc-full-inverse"
    menu_label = _("Mandats SEPA")
    menu_order = 260
    add_to_admin_menu = True
    url_prefix = "mandats-sepa"
    index_view_class = MandateIndexView
    inspect_view_enabled = True
    inspect_view_class = MandateReviewView
    # Validations, refusals and full-IBAN views (Wagtail log), for whoever may see mandates.
    history_view_class = HistoryView
    copy_view_enabled = False
    list_display = [
        TitleColumn("rum", label=_("RUM"), accessor="rum", url_name="bank_mandates:inspect"),
        "lease",
        "holder_name",
        Column("iban_masked", label=_("IBAN (masqué)"), accessor="iban_masked"),
        "status",
        DateColumn("created_at", label=_("Enregistré le")),
    ]
    filterset_class = MandateFilterSet
    search_fields = ["rum", "lease__tenant_number", "holder_name"]
    search_backend_name = None
    form_fields = ["refusal_reason"]  # required by ModelViewSet; the edit view is never allowed


@hooks.register("register_admin_viewset")
def register_viewsets():
    return BankMandateViewSet("bank_mandates")


@hooks.register("register_admin_urls")
def register_mandate_urls():
    return [path("mandats-sepa/pdf/<int:pk>/", staff_mandate_pdf, name="bank_mandates_pdf")]


@hooks.register("register_log_actions")
def register_log_actions(actions):
    """The labels of staff actions in a mandate's History tab (the IP stays in MandateEvent)."""
    actions.register_action(services.LOG_VALIDATED, _("Mandat validé"), _("Mandat validé"))
    actions.register_action(services.LOG_REFUSED, _("Mandat refusé"), _("Mandat refusé"))
    actions.register_action(services.LOG_FULL_IBAN_VIEWED, _("IBAN complet consulté"), _("IBAN complet consulté"))


class MandateDeskPanel(Component):
    """Dashboard panel of whoever validates SEPA mandates: the RIBs awaiting validation, oldest first."""

    name = "mandats_a_valider"
    order = 70
    template_name = "mandates/admin/desk_panel.html"

    def get_context_data(self, parent_context):
        return {"desk": selectors.staff_mandate_desk()}


@hooks.register("construct_homepage_panels")
def mandate_desk_panel(request, panels):
    if request.user.has_perm(services.VALIDATE_PERMISSION):
        panels.append(MandateDeskPanel())
