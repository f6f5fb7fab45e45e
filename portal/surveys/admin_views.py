"""Staff screens of the « Enquêtes » group: a campaign's launch and follow-up, a response's detail
with its complément and acceptance, and the tax documents (each opening logged)."""

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views.generic import IndexView, InspectView

from portal.core.client_ip import client_ip
from portal.core.csvfiles import csv_bytes, french_date
from portal.core.uploads import stored_file_response
from portal.leases.models import Agency, Residence

from . import selectors, services
from .enums import ResponseStatus
from .forms import ComplementRequestForm
from .models import Campaign, Response, TaxDocument

HANDLE_PERMISSION = "surveys.handle_response"
VIEW_DOCUMENT_PERMISSION = "surveys.view_taxdocument"
UNANSWERED_COLUMNS = ("code_bail", "numero_locataire", "residence", "agence", "signataires", "statut")


class CampaignFollowUpView(InspectView):
    """A campaign's page: launch it, then follow the answers by status, per agency and residence."""

    template_name = "surveys/admin/campaign_follow_up.html"
    page_title = gettext_lazy("Suivi de l'enquête")

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm("surveys.change_campaign"):
            raise PermissionDenied
        try:
            created = services.campaign_launch(campaign=self.object, by=request.user)
        except services.SurveyError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if created:
                messages.success(
                    request,
                    _("Enquête lancée : %(count)s baux enquêtés, les signataires inscrits sont prévenus par e-mail.")
                    % {"count": created},
                )
        return redirect(request.path)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        campaign = self.object
        context.update(
            campaign=campaign,
            follow_up=selectors.campaign_follow_up(campaign=campaign),
            surveyed_count=services.campaign_leases(campaign=campaign).count() if not campaign.launched_at else None,
            can_launch=campaign.launched_at is None and self.request.user.has_perm("surveys.change_campaign"),
            closed=campaign.closes_on < timezone.localdate(),
            responses_url=reverse("survey_responses:index") + f"?campaign={campaign.pk}",
            unanswered_url=reverse("survey_campaigns:unanswered", args=[campaign.pk]),
        )
        return context


def unanswered_csv(request, pk):
    """The leases without a sent answer (after the close: the ones that did not answer), CSV `;` UTF-8."""
    if not request.user.has_perm("surveys.view_response"):
        raise PermissionDenied
    campaign = get_object_or_404(Campaign, pk=pk)
    rows = [
        [
            response.lease.external_id or "",
            response.lease.tenant_number,
            response.lease.residence.name,
            response.lease.residence.agency.name,
            ", ".join(s.full_name for s in response.lease.signatories.all()),
            response.get_status_display(),
        ]
        for response in selectors.campaign_unanswered(campaign=campaign)
    ]
    response = HttpResponse(csv_bytes(UNANSWERED_COLUMNS, rows), content_type="text/csv; charset=utf-8")
    name = f"sans-reponse-{campaign.kind}-{campaign.year}-{french_date(timezone.localdate()).replace('/', '-')}.csv"
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


class ResponseFilterSet(WagtailFilterSet):
    campaign = django_filters.ModelChoiceFilter(label=gettext_lazy("Campagne"), queryset=Campaign.objects.all())
    status = django_filters.ChoiceFilter(label=gettext_lazy("Statut"), choices=ResponseStatus.choices)
    agency = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Agence"), queryset=Agency.objects.all(), field_name="lease__residence__agency"
    )
    residence = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Résidence"), queryset=Residence.objects.all(), field_name="lease__residence"
    )

    class Meta:
        model = Response
        fields = ["campaign", "status", "agency", "residence"]


class ResponseIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("campaign", "lease__residence__agency")


class ResponseDetailView(InspectView):
    """A response as staff see it: household, resources and their files, history; complément or accept."""

    template_name = "surveys/admin/response_detail.html"
    page_title = gettext_lazy("Réponse à l'enquête")

    def get_object(self, queryset=None):
        return get_object_or_404(
            Response.objects.select_related("campaign", "lease__residence__agency", "submitted_by", "accepted_by"),
            pk=self.pk,
        )

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm(HANDLE_PERMISSION):
            raise PermissionDenied
        try:
            if request.POST.get("action") == "accept":
                services.response_accept(response=self.object, by=request.user)
                messages.success(request, _("Réponse acceptée."))
                return redirect(request.path)
            form = ComplementRequestForm(request.POST)
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(complement_form=form), status=400)
            services.response_complement_request(
                response=self.object, by=request.user, message=form.cleaned_data["message"]
            )
            messages.success(request, _("Complément demandé : les locataires sont prévenus par e-mail."))
        except services.SurveyError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(request.path)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        response = self.object
        user = self.request.user
        context.update(
            response=response,
            occupants=response.occupants.all(),
            notices=response.tax_notices.all(),
            documents=response.tax_documents.all() if user.has_perm(VIEW_DOCUMENT_PERMISSION) else None,
            document_views=response.document_views.select_related("viewer")[:50],
            events=response.events.select_related("author", "acknowledgement"),
            ceiling=selectors.response_ceiling_comparison(response=response)
            if selectors.response_shows_ceiling(response=response)
            else None,
            can_handle=response.status == ResponseStatus.SUBMITTED and user.has_perm(HANDLE_PERMISSION),
        )
        context.setdefault("complement_form", ComplementRequestForm())
        return context


def tax_document_view(request, pk):
    """Open a tax document: « Enquêtes » and superusers only, and each opening is logged."""
    if not request.user.has_perm(VIEW_DOCUMENT_PERMISSION):
        raise PermissionDenied
    document = get_object_or_404(TaxDocument, pk=pk)
    services.tax_document_view_record(document=document, viewer=request.user, ip=client_ip(request))
    return stored_file_response(document, for_staff=True)
