"""Demo data of the surveys: an open SLS campaign, 100001 to answer, 100002 sent, every status, the
« Enquêtes » account; loaded twice without duplicates; the retention shown on the privacy page."""

from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import Client

from faq.blocks import SurveyRetentionBlock
from portal.documents.enums import DocumentKind
from portal.documents.models import Document
from portal.surveys.enums import ResponseStatus
from portal.surveys.models import Campaign, Response, TaxDocument


@pytest.mark.django_db
def test_load_demo_twice_gives_one_open_campaign_with_answers_in_every_status(rf, settings):
    settings.SURVEY_TAX_DOCUMENTS_RETENTION_DAYS = 120
    call_command("load_demo", stdout=StringIO())
    counts = (Campaign.objects.count(), Response.objects.count(), TaxDocument.objects.count(), Document.objects.count())
    output = StringIO()
    call_command("load_demo", stdout=output)

    assert (Campaign.objects.count(), Response.objects.count(), TaxDocument.objects.count()) == counts[:3]
    assert Document.objects.count() == counts[3]
    campaign = Campaign.objects.get()
    assert campaign.title.startswith("Enquête SLS") and campaign.launched_at is not None
    status = dict(Response.objects.values_list("lease__tenant_number", "status"))
    assert status["100001"] == ResponseStatus.NOT_STARTED
    assert status["100002"] == ResponseStatus.SUBMITTED
    assert set(status.values()) == set(ResponseStatus.values)
    assert Document.objects.filter(lease__tenant_number="100002", kind=DocumentKind.SURVEY_ACKNOWLEDGEMENT).exists()
    staff = authenticate(rf.get("/"), username="enquetes@example.org", password="Portail-Demo-2026!")
    assert staff is not None and list(staff.groups.values_list("name", flat=True)) == ["Enquêtes"]
    assert "personnel (Enquêtes) : enquetes@example.org" in output.getvalue()

    privacy = Client().get("/donnees-personnelles/").content.decode()
    assert "Ils sont supprimés 120 jours après la clôture de l'enquête." in privacy


def test_the_privacy_block_says_the_retention_setting(settings):
    settings.SURVEY_TAX_DOCUMENTS_RETENTION_DAYS = 45

    assert "supprimés 45 jours après la clôture" in SurveyRetentionBlock().render(None)
