"""Staff side: the « Enquêtes » group alone sees responses and tax documents (each view logged),
launch and its e-mails, reminders once, follow-up counts, complément and accept, purge, ceilings."""

import csv
import io
import os
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from portal.accounts.groups import staff_groups_sync
from portal.surveys import services
from portal.surveys.enums import CampaignScope, NoticeKind, ResponseStatus
from portal.surveys.models import Campaign, CampaignNotice, TaxDocument, TaxDocumentView
from portal.surveys.selectors import campaign_follow_up, household_category, response_ceiling_comparison
from tests.factories import (
    AgencyFactory,
    LeaseFactory,
    ResidenceFactory,
    SignatoryFactory,
    StaffUserFactory,
    TenantUserFactory,
)

from .conftest import logged_in
from .factories import CampaignFactory, answer, ceilings, launched, response_of


def inspect_url(response):
    return reverse("survey_responses:inspect", args=[response.pk])


@pytest.fixture
def submitted(campaign, claire, django_capture_on_commit_callbacks):
    response = response_of(campaign, claire.signatory.lease)
    with django_capture_on_commit_callbacks(execute=True):
        answer(response, claire)
    return response


@pytest.mark.django_db
def test_only_enquetes_and_superusers_open_responses_and_tax_documents(submitted, surveys_staff):
    document = submitted.tax_documents.get()
    document_url = reverse("survey_responses:tax_document", args=[document.pk])
    for group in ("Communication", "Gestion technique", "Service client"):
        client = logged_in(StaffUserFactory(group=group))
        for url in (inspect_url(submitted), document_url):
            refused = client.get(url)
            # Wagtail answers a refused admin page with a redirect to the dashboard.
            assert (refused.status_code, refused["Location"]) == (302, "/admin/"), (group, url)
    assert not TaxDocumentView.objects.exists()

    staff_page = logged_in(surveys_staff).get(inspect_url(submitted)).content.decode()
    assert "avis-2026.pdf" in staff_page
    superuser = StaffUserFactory(is_superuser=True, email="admin@example.org")
    for user in (surveys_staff, superuser):
        opened = logged_in(user).get(document_url)
        assert opened.status_code == 200 and opened["Content-Type"] == "application/pdf"
        assert opened["Content-Disposition"].startswith("attachment;")  # never opened inside the admin
        # Reading the streamed content to its end closes the file.
        assert b"".join(opened.streaming_content).startswith(b"%PDF-")

    # Nobody edits a response by hand, superusers included: only its services move it.
    edit = logged_in(superuser).get(reverse("survey_responses:edit", args=[submitted.pk]))
    assert (edit.status_code, edit["Location"]) == (302, "/admin/")

    views = list(TaxDocumentView.objects.order_by("pk"))
    assert [(v.viewer, v.document_name) for v in views] == [
        (surveys_staff, "avis-2026.pdf"),
        (superuser, "avis-2026.pdf"),
    ]
    assert "avis-2026.pdf par Agent" in logged_in(surveys_staff).get(inspect_url(submitted)).content.decode()


@pytest.mark.django_db
def test_launch_surveys_the_scope_and_emails_each_signatory_with_an_account_once(django_capture_on_commit_callbacks):
    agency = AgencyFactory()
    near, far = ResidenceFactory(agency=agency), ResidenceFactory()
    with_account = TenantUserFactory(signatory=SignatoryFactory(lease=LeaseFactory(residence=near)))
    without_account = SignatoryFactory(lease=LeaseFactory(residence=near), email="papier@example.org")
    LeaseFactory(residence=near, end_date=date(2020, 6, 30))  # ended before the opening: not surveyed
    elsewhere = TenantUserFactory(signatory=SignatoryFactory(lease=LeaseFactory(residence=far)))
    campaign = CampaignFactory(scope=CampaignScope.AGENCIES)
    campaign.agencies.set([agency])

    with django_capture_on_commit_callbacks(execute=True):
        created = services.campaign_launch(campaign=campaign, by=None)
    with django_capture_on_commit_callbacks(execute=True):
        again = services.campaign_launch(campaign=campaign, by=None)

    assert (created, again) == (2, 0)
    assert set(campaign.responses.values_list("lease", flat=True)) == {
        with_account.signatory.lease_id,
        without_account.lease_id,
    }
    assert [m.to for m in mail.outbox] == [[with_account.email]]
    assert mail.outbox[0].subject == f"Enquête SLS 2027 : répondez avant le {campaign.closes_on:%d/%m/%Y}"
    assert "http://testserver/espace/enquete/" in mail.outbox[0].body
    assert elsewhere.signatory.lease.survey_responses.count() == 0


@pytest.mark.django_db
def test_a_campaign_by_residence_surveys_only_those_residences():
    kept, other = ResidenceFactory(), ResidenceFactory()
    lease = LeaseFactory(residence=kept)
    LeaseFactory(residence=other)
    campaign = CampaignFactory(scope=CampaignScope.RESIDENCES)
    campaign.residences.set([kept])

    services.campaign_launch(campaign=campaign, by=None)

    assert list(campaign.responses.values_list("lease", flat=True)) == [lease.pk]


@pytest.mark.django_db
def test_staff_create_a_campaign_on_a_csv_list_in_the_management_system_s_format(surveys_staff):
    listed = LeaseFactory(external_id="BAIL-7", tenant_number="700007")
    LeaseFactory(external_id="BAIL-8")
    client = logged_in(surveys_staff)
    data = {
        "kind": "sls",
        "year": "2027",
        "tax_year": "2026",
        "household_on": "2026-01-01",
        "opens_on": "2026-11-01",
        "closes_on": "2026-12-31",
        "zone": "other",
        "scope": "list",
        "intro": '{"blocks": [{"key": "a", "type": "unstyled", "text": "Répondez avant la date.", "depth": 0, '
        '"inlineStyleRanges": [], "entityRanges": []}], "entityMap": {}}',
    }

    def post(content=None, **changes):
        files = {"lease_file": SimpleUploadedFile("baux.csv", content, content_type="text/csv")} if content else {}
        return client.post(reverse("survey_campaigns:add"), {**data, **changes, **files})

    assert "Baux inconnus : BAIL-404." in post(b"code_bail\nBAIL-7\nBAIL-404\n").content.decode()
    assert "Colonne code_bail ou numero_locataire introuvable" in post(b"numero;nom\n700007;X\n").content.decode()
    assert "Joignez la liste des baux enquêtés." in post().content.decode()
    assert (
        "La clôture doit suivre l&#x27;ouverture."
        in post(b"code_bail\nBAIL-7\n", closes_on="2026-10-01").content.decode()
    )
    assert not Campaign.objects.exists()

    created = post("code_bail;nom\r\nBAIL-7;MÉNARD\r\n".encode("cp1252"))

    assert created.status_code == 302
    campaign = Campaign.objects.get()
    assert list(campaign.listed_leases.all()) == [listed]
    assert "Répondez avant la date." in campaign.intro
    assert services.campaign_leases(campaign=campaign).get() == listed


@pytest.mark.django_db
def test_reminders_go_15_days_and_1_day_before_the_close_once_to_leases_not_answered(
    martins, django_capture_on_commit_callbacks
):
    claire, karim = martins
    answered = TenantUserFactory()
    today = timezone.localdate()
    campaign = launched(claire.signatory.lease, answered.signatory.lease, closes_on=today + timedelta(days=15))
    with django_capture_on_commit_callbacks(execute=True):
        answer(response_of(campaign, answered.signatory.lease), answered)
    mail.outbox.clear()

    assert services.survey_reminders_send(today=today - timedelta(days=1)) == 0
    assert services.survey_reminders_send(today=today) == 2
    assert services.survey_reminders_send(today=today + timedelta(days=3)) == 0
    assert sorted(m.to[0] for m in mail.outbox) == [claire.email, karim.email]
    assert mail.outbox[0].subject.startswith("Rappel – Enquête SLS 2027 : répondez avant le")

    assert services.survey_reminders_send(today=today + timedelta(days=14)) == 2
    assert services.survey_reminders_send(today=today + timedelta(days=14)) == 0
    assert services.survey_reminders_send(today=today + timedelta(days=16)) == 0
    assert mail.outbox[-1].subject.startswith("Dernier rappel")
    assert CampaignNotice.objects.filter(kind=NoticeKind.REMINDER_1).count() == 2


@pytest.mark.django_db
def test_follow_up_counts_by_status_per_agency_and_residence(surveys_staff, django_capture_on_commit_callbacks):
    agency = AgencyFactory(name="Agence d'Alès")
    residence = ResidenceFactory(name="Les Cigales", agency=agency)
    tenants = [TenantUserFactory(signatory=SignatoryFactory(lease=LeaseFactory(residence=residence))) for _ in range(3)]
    campaign = launched(*[t.signatory.lease for t in tenants])
    with django_capture_on_commit_callbacks(execute=True):
        answer(response_of(campaign, tenants[0].signatory.lease), tenants[0])
        answer(response_of(campaign, tenants[1].signatory.lease), tenants[1], submit=False)

    follow_up = campaign_follow_up(campaign=campaign)

    assert follow_up["totals"] == {"not_started": 1, "in_progress": 1, "submitted": 1, "incomplete": 0, "accepted": 0}
    (row,) = follow_up["by_agency"]
    assert (row.label, row.counts["submitted"], row.total) == ("Agence d'Alès", 1, 3)
    page = logged_in(surveys_staff).get(reverse("survey_campaigns:inspect", args=[campaign.pk])).content.decode()
    assert "Les Cigales" in page and "Réponses par statut (3 baux)" in page

    listing = logged_in(surveys_staff).get(reverse("survey_campaigns:unanswered", args=[campaign.pk]))
    rows = list(csv.reader(io.StringIO(listing.content.decode("utf-8")), delimiter=";"))
    assert rows[0] == ["code_bail", "numero_locataire", "residence", "agence", "signataires", "statut"]
    assert sorted(r[5] for r in rows[1:]) == ["En cours", "Non commencée"]


@pytest.mark.django_db
def test_staff_ask_for_a_complement_then_accept(submitted, surveys_staff, django_capture_on_commit_callbacks):
    client = logged_in(surveys_staff)
    empty = client.post(inspect_url(submitted), {"action": "complement", "message": " "})
    assert "Écrivez au locataire ce qui manque" in empty.content.decode()

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(inspect_url(submitted), {"action": "complement", "message": "Joignez la page 2."})
    submitted.refresh_from_db()
    assert submitted.status == ResponseStatus.INCOMPLETE
    assert mail.outbox[0].subject == "Enquête SLS 2027 : un complément est nécessaire"

    client.post(inspect_url(submitted), {"action": "accept"})
    submitted.refresh_from_db()
    assert submitted.status == ResponseStatus.INCOMPLETE  # an incomplete answer waits for the tenant

    claire = submitted.submitted_by
    with django_capture_on_commit_callbacks(execute=True):
        services.response_submit(response=submitted, user=claire, complement_answer="Voici la page 2.")
    client.post(inspect_url(submitted), {"action": "accept"})
    client.post(inspect_url(submitted), {"action": "accept"})

    submitted.refresh_from_db()
    assert submitted.status == ResponseStatus.ACCEPTED and submitted.accepted_by == surveys_staff
    assert list(submitted.events.values_list("kind", flat=True)) == [
        "saved",
        "submitted",
        "complement_requested",
        "submitted",
        "accepted",
    ]


@pytest.mark.django_db
def test_communication_and_technical_staff_cannot_accept(submitted):
    client = logged_in(StaffUserFactory(group="Gestion technique"))

    refused = client.post(inspect_url(submitted), {"action": "accept"})

    assert (refused.status_code, refused["Location"]) == (302, "/admin/")
    submitted.refresh_from_db()
    assert submitted.status == ResponseStatus.SUBMITTED


@pytest.mark.django_db
def test_tax_documents_are_deleted_after_the_retention_but_the_answer_and_the_log_stay(
    submitted, surveys_staff, settings
):
    settings.SURVEY_TAX_DOCUMENTS_RETENTION_DAYS = 90
    document = submitted.tax_documents.get()
    path = document.file.path
    services.tax_document_view_record(document=document, viewer=surveys_staff, ip="203.0.113.5")
    closes_on = submitted.campaign.closes_on

    assert services.tax_documents_purge(today=closes_on + timedelta(days=90)) == 0
    assert services.tax_documents_purge(today=closes_on + timedelta(days=91)) == 1
    assert services.tax_documents_purge(today=closes_on + timedelta(days=92)) == 0

    assert not TaxDocument.objects.exists()
    assert not os.path.exists(path)
    assert submitted.tax_notices.count() == 1
    assert TaxDocumentView.objects.get().document_name == "avis-2026.pdf"
    page = logged_in(surveys_staff).get(inspect_url(submitted)).content.decode()
    assert "durée de conservation écoulée" in page


@pytest.mark.django_db
def test_the_household_category_counts_a_mobility_card_holder_twice():
    class Person:
        def __init__(self, card=False):
            self.mobility_card = card

    assert household_category(occupants=[Person()]) == (1, 0)
    assert household_category(occupants=[Person(), Person(card=True)]) == (3, 0)
    assert household_category(occupants=[Person() for _ in range(8)]) == (6, 2)


@pytest.mark.django_db
def test_an_accepted_sls_answer_shows_its_resources_against_the_ceiling(
    submitted, surveys_staff, django_capture_on_commit_callbacks
):
    ceilings()
    services.response_accept(response=submitted, by=surveys_staff)

    comparison = response_ceiling_comparison(response=submitted)

    # Karim, Claire and Inès: category 3 (39 051 €); 21 000 € is 53,8 % of it.
    assert (comparison.category, comparison.ceiling, str(comparison.percentage)) == (3, 39051, "53.8")
    page = logged_in(surveys_staff).get(inspect_url(submitted)).content.decode()
    assert "Ressources : 53,8 % du plafond" in page


@pytest.mark.django_db
def test_without_ceilings_staff_are_told_to_enter_them(submitted, surveys_staff):
    services.response_accept(response=submitted, by=surveys_staff)

    page = logged_in(surveys_staff).get(inspect_url(submitted)).content.decode()

    assert "Aucun plafond de ressources n'est saisi pour 2027" in page


@pytest.mark.django_db
def test_the_enquetes_group_is_collected_after_migrate():
    staff_groups_sync()
    codenames = set(Group.objects.get(name="Enquêtes").permissions.values_list("codename", flat=True))

    assert {"access_admin", "view_response", "handle_response", "view_taxdocument", "add_campaign"} <= codenames
    for other in ("Communication", "Gestion technique", "Service client"):
        assert not Group.objects.get(name=other).permissions.filter(content_type__app_label="surveys").exists()
