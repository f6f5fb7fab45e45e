"""Staff screens (Service client): online payments, read-only, with the Stripe events received;
SEPA mandates to validate or refuse."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.generic import InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from portal.core.staff_screens import ReadOnlyPermissionPolicy

from .admin_mandates import MandateIndexView, MandateReviewView, staff_mandate_pdf
from .models import BankMandate, OnlinePayment

# Nobody edits a payment or a mandate by hand, superusers included: only their services move them.
register_permission_policy(OnlinePayment, ReadOnlyPermissionPolicy(OnlinePayment))
# Mandates change through their review page only (validate, refuse).
register_permission_policy(BankMandate, ReadOnlyPermissionPolicy(BankMandate))


class OnlinePaymentInspectView(InspectView):
    template_name = "billing/admin/online_payment_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["events"] = self.object.events.order_by("received_at")
        context["ledger_entries"] = self.object.ledger_entries.order_by("created_at")
        return context


class OnlinePaymentViewSet(ModelViewSet):
    model = OnlinePayment
    icon = "doc-full"
    menu_label = _("Paiements")
    menu_order = 250
    add_to_admin_menu = True
    inspect_view_enabled = True
    inspect_view_class = OnlinePaymentInspectView
    list_display = [
        Column("reference", label=_("Référence"), accessor="reference"),
        "lease",
        Column("residence", label=_("Résidence"), accessor="lease.residence.name"),
        "amount",
        "status",
        DateColumn("created_at", label=_("Créé le")),
    ]
    list_filter = {"status": ["exact"], "created_at": ["date__gte", "date__lte"], "lease__residence": ["exact"]}
    search_fields = ["reference", "lease__tenant_number"]
    search_backend_name = None
    form_fields = ["status_changed_by"]  # required by ModelViewSet; the edit view is never allowed
    inspect_view_fields = [
        "reference",
        "lease",
        "payer",
        "amount",
        "status",
        "backend",
        "created_at",
        "settled_at",
        "status_changed_by",
        "refunded_amount",
        "stripe_session_id",
        "stripe_payment_intent_id",
    ]

    def get_queryset(self, request):
        return OnlinePayment.objects.select_related("lease", "lease__residence", "payer")


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
    copy_view_enabled = False
    list_display = [
        TitleColumn("rum", label=_("RUM"), accessor="rum", url_name="bank_mandates:inspect"),
        "lease",
        "holder_name",
        Column("iban_masked", label=_("IBAN (masqué)"), accessor="iban_masked"),
        "status",
        DateColumn("created_at", label=_("Enregistré le")),
    ]
    list_filter = {"status": ["exact"], "created_at": ["date__gte", "date__lte"]}
    search_fields = ["rum", "lease__tenant_number", "holder_name"]
    search_backend_name = None
    form_fields = ["refusal_reason"]  # required by ModelViewSet; the edit view is never allowed


@hooks.register("register_admin_viewset")
def register_viewsets():
    return OnlinePaymentViewSet("online_payments")


@hooks.register("register_admin_viewset")
def register_mandate_viewset():
    return BankMandateViewSet("bank_mandates")


@hooks.register("register_admin_urls")
def register_mandate_urls():
    return [path("mandats-sepa/pdf/<int:pk>/", staff_mandate_pdf, name="bank_mandates_pdf")]
