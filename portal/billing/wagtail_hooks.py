"""Registers the staff screens of online payments (views in admin_views.py): read-only, with the
Stripe events received. SEPA mandates have their own screens in portal.mandates."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from portal.core.staff_screens import ReadOnlyPermissionPolicy

from .admin_views import OnlinePaymentFilterSet, OnlinePaymentIndexView, OnlinePaymentInspectView
from .models import OnlinePayment

# Nobody edits a payment by hand, superusers included: only its services move it.
register_permission_policy(OnlinePayment, ReadOnlyPermissionPolicy(OnlinePayment))


class OnlinePaymentViewSet(ModelViewSet):
    model = OnlinePayment
    icon = "doc-full"
    menu_label = _("Paiements")
    menu_order = 250
    add_to_admin_menu = True
    index_view_class = OnlinePaymentIndexView
    inspect_view_enabled = True
    inspect_view_class = OnlinePaymentInspectView
    copy_view_enabled = False
    list_display = [
        Column("reference", label=_("Référence"), accessor="reference"),
        "lease",
        Column("residence", label=_("Résidence"), accessor="lease.residence.name"),
        "amount",
        "status",
        DateColumn("created_at", label=_("Créé le")),
    ]
    filterset_class = OnlinePaymentFilterSet
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


@hooks.register("register_admin_viewset")
def register_viewsets():
    return OnlinePaymentViewSet("online_payments")
