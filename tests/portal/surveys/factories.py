"""A launched SLS campaign on given leases, and the steps of an answer, for the survey tests."""

from datetime import date, timedelta

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from portal.core.uploads import clean_upload
from portal.surveys import services
from portal.surveys.enums import CampaignKind, CampaignScope, Situation, Zone
from portal.surveys.models import Campaign, ResourceCeiling, Response
from portal.surveys.selectors import household_prefill
from tests.portal.dossier.factories import pdf_bytes


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign
        skip_postgeneration_save = True

    kind = CampaignKind.SLS
    year = 2027
    tax_year = 2026
    household_on = date(2026, 1, 1)
    opens_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=5))
    closes_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))
    zone = Zone.OTHER
    scope = CampaignScope.LIST
    intro = "<p>Répondez à l'enquête : c'est obligatoire.</p>"

    @factory.post_generation
    def leases(self, create, extracted, **kwargs):
        if create and extracted:
            self.listed_leases.set(extracted)


def launched(*leases, by=None, **fields) -> Campaign:
    campaign = CampaignFactory(leases=list(leases), **fields)
    services.campaign_launch(campaign=campaign, by=by)
    campaign.refresh_from_db()
    return campaign


def response_of(campaign: Campaign, lease) -> Response:
    return Response.objects.get(campaign=campaign, lease=lease)


def ceilings(year=2027, zone=Zone.OTHER) -> ResourceCeiling:
    return ResourceCeiling.objects.create(
        year=year,
        zone=zone,
        category_1=24316,
        category_2=32473,
        category_3=39051,
        category_4=47145,
        category_5=55460,
        category_6=62503,
        extra_person=6972,
    )


def tax_pdf(name="avis-2026.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


def answer(response: Response, user, *, income=21000, situation=Situation.EMPLOYEE, submit=True):
    """Fill every step through the services, as a tenant would; submit unless told otherwise."""
    people = [
        services.OccupantData(**{**person, "situation": person["situation"] or situation})
        for person in household_prefill(response=response)
    ]
    services.response_household_save(response=response, user=user, occupants=people)
    services.response_resources_save(
        response=response, user=user, notices=[services.TaxNoticeData(declarants="Foyer", reference_income=income)]
    )
    services.tax_document_add(response=response, user=user, clean=clean_upload(tax_pdf()))
    if submit:
        return services.response_submit(response=response, user=user)
    return None
