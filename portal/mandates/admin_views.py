"""Staff screens for SEPA mandates: the list (pending first), and the page to validate or refuse one.

Staff see masked IBANs only; « Afficher l'IBAN complet » needs billing.view_full_iban and is logged.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, IntegerField, Value, When
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from wagtail.admin.views.generic import IndexView, InspectView

from . import mandates, selectors
from .enums import MandateStatus
from .forms_mandate_staff import MandateRefuseForm
from .mandate_pdf import mandate_pdf_render
from .models import BankMandate
from .views_mandate import client_ip


class MandateIndexView(IndexView):
    results_template_name = "billing/admin/mandate_index_results.html"

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

    template_name = "billing/admin/mandate_review.html"

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
                "active": selectors.lease_payment_method(lease=mandate.lease).active_mandate,
                "events": mandate.events.select_related("actor"),
                "shared": selectors.mandates_sharing_iban(mandate=mandate),
                "can_decide": mandate.is_pending and user.has_perm(mandates.VALIDATE_PERMISSION),
                "can_reveal": user.has_perm(mandates.FULL_IBAN_PERMISSION),
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
            full_iban = mandates.mandate_full_iban_reveal(mandate=mandate, staff=request.user, ip=ip)
            return self.render_to_response(self.get_context_data(full_iban=full_iban))
        if not request.user.has_perm(mandates.VALIDATE_PERMISSION):
            raise PermissionDenied
        try:
            if action == "validate":
                mandates.mandate_validate(mandate_id=mandate.pk, staff=request.user, ip=ip)
                messages.success(request, _("Mandat validé : il est désormais utilisé pour le prélèvement."))
                return redirect(request.path)
            if action == "refuse":
                form = MandateRefuseForm(request.POST)
                if form.is_valid():
                    mandates.mandate_refuse(
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
    if not request.user.has_perm("billing.view_bankmandate"):
        raise PermissionDenied
    mandate = get_object_or_404(BankMandate, pk=pk)
    response = HttpResponse(mandate_pdf_render(mandate=mandate), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="mandat-sepa-{mandate.rum}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
