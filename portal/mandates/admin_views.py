"""Staff screens for SEPA mandates: the list (pending first), and the page to validate or refuse one.

Staff see masked IBANs only; « Afficher l'IBAN complet » needs mandates.view_full_iban and is logged.
"""

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, IntegerField, Value, When
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views.generic import IndexView, InspectView

from portal.core.client_ip import client_ip
from portal.core.staff_screens import AgeFilter
from portal.leases.models import Residence

from . import selectors, services
from .enums import MandateStatus
from .forms import MandateRefuseForm
from .models import BankMandate
from .pdfs import mandate_pdf_response


class MandateFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=gettext_lazy("Statut"), choices=MandateStatus.choices)
    age = AgeFilter()
    residence = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Résidence"), queryset=Residence.objects.all(), field_name="lease__residence"
    )

    class Meta:
        model = BankMandate
        fields = ["status", "age", "residence"]


class MandateIndexView(IndexView):
    results_template_name = "mandates/admin/mandate_index_results.html"

    def get_base_queryset(self):
        pending_first = Case(
            When(status=MandateStatus.PENDING, then=Value(0)), default=Value(1), output_field=IntegerField()
        )
        return (
            BankMandate.objects.select_related("lease", "lease__residence")
            .defer("iban_encrypted")
            .annotate(pending_first=pending_first)
            .order_by("pending_first", "-created_at")
        )


class MandateReviewView(InspectView):
    """A mandate, what it replaces, its audit trail, and the decision forms."""

    template_name = "mandates/admin/mandate_review.html"

    def get_page_title(self):
        return _("Mandat %(rum)s") % {"rum": self.object.rum}

    def get_page_subtitle(self):
        return self.object.get_status_display()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        mandate = self.object
        user = self.request.user
        context.update(
            {
                "mandate": mandate,
                "signatories": mandate.lease.signatories.all(),
                "active": selectors.lease_current_mandates(lease=mandate.lease).active,
                "events": mandate.events.select_related("actor"),
                "shared": selectors.mandates_sharing_iban(mandate=mandate),
                "can_decide": mandate.is_pending and user.has_perm(services.VALIDATE_PERMISSION),
                "can_reveal": user.has_perm(services.FULL_IBAN_PERMISSION),
                "refuse_form": kwargs.get("refuse_form") or MandateRefuseForm(),
                "full_iban": kwargs.get("full_iban"),
            }
        )
        return context

    def post(self, request, *args, **kwargs):
        mandate = self.object
        action = request.POST.get("action")
        ip = client_ip(request)
        if action == "reveal":
            full_iban = services.mandate_full_iban_reveal(mandate=mandate, staff=request.user, ip=ip)
            return self.render_to_response(self.get_context_data(full_iban=full_iban))
        if not request.user.has_perm(services.VALIDATE_PERMISSION):
            raise PermissionDenied
        try:
            if action == "validate":
                services.mandate_validate(mandate_id=mandate.pk, staff=request.user, ip=ip)
                messages.success(request, _("Mandat validé : il est désormais utilisé pour le prélèvement."))
                return redirect(request.path)
            if action == "refuse":
                form = MandateRefuseForm(request.POST)
                if form.is_valid():
                    services.mandate_refuse(
                        mandate_id=mandate.pk, staff=request.user, reason=form.cleaned_data["reason"], ip=ip
                    )
                    messages.success(request, _("Mandat refusé ; le motif a été envoyé au locataire."))
                    return redirect(request.path)
                messages.error(request, _("Le formulaire contient des erreurs."))
                return self.render_to_response(self.get_context_data(refuse_form=form), status=400)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(request.path)


def staff_mandate_pdf(request, pk):
    """The signed mandate as a PDF, for staff who may view mandates."""
    if not request.user.has_perm("mandates.view_bankmandate"):
        raise PermissionDenied
    mandate = get_object_or_404(BankMandate, pk=pk)
    return mandate_pdf_response(mandate=mandate)
