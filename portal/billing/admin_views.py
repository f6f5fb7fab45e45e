"""Staff screens of online payments (read-only): the list and a payment with its Stripe events."""

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views.generic import IndexView, InspectView

from portal.core.staff_screens import AgeFilter
from portal.leases.models import Residence

from .enums import PaymentStatus
from .models import OnlinePayment


class OnlinePaymentFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=_("Statut"), choices=PaymentStatus.choices)
    age = AgeFilter()
    lease__residence = django_filters.ModelChoiceFilter(
        label=_("Résidence"), queryset=Residence.objects.all(), field_name="lease__residence"
    )

    class Meta:
        model = OnlinePayment
        fields = ["status", "age", "lease__residence"]


class OnlinePaymentIndexView(IndexView):
    def get_base_queryset(self):
        return OnlinePayment.objects.select_related("lease", "lease__residence", "payer").order_by("-created_at")


class OnlinePaymentInspectView(InspectView):
    template_name = "billing/admin/online_payment_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["events"] = self.object.events.order_by("received_at")
        context["ledger_entries"] = self.object.ledger_entries.order_by("created_at")
        return context
