"""The tenant's side: banner, stepped form saved and resumed by either signatory, files never lost,
sworn statement, acknowledgement PDF in « Mes documents » and by e-mail, complément, other leases' 404."""

import io
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from portal.documents.enums import DocumentKind
from portal.documents.models import Document
from portal.surveys import services
from portal.surveys.enums import ResponseStatus
from tests.factories import TenantUserFactory
from tests.portal.dossier.factories import pdf_bytes

from .conftest import logged_in
from .factories import answer, launched, response_of, tax_pdf

PEOPLE = [
    # Karim and Claire (signatories), then Inès, as prefilled from the lease (by birth date).
    {
        "last_name": "MARTIN",
        "first_name": "Karim",
        "birth_date": "1983-11-02",
        "link": "signatory",
        "situation": "employee",
    },
    {
        "last_name": "MARTIN",
        "first_name": "Claire",
        "birth_date": "1985-03-14",
        "link": "signatory",
        "situation": "job_seeker",
    },
    {"last_name": "MARTIN", "first_name": "Inès", "birth_date": "2012-05-03", "link": "child", "situation": "pupil"},
]


def household_post(people, *, initial=3, extra=None, action="continue"):
    rows = [*people, *([extra] if extra else [])]
    data = {
        "occupants-TOTAL_FORMS": str(max(len(rows), initial + 1)),
        "occupants-INITIAL_FORMS": str(initial),
        "occupants-MIN_NUM_FORMS": "0",
        "occupants-MAX_NUM_FORMS": "20",
        "action": action,
    }
    for i, person in enumerate(rows):
        for name, value in person.items():
            data[f"occupants-{i}-{name}"] = value
    return data


def resources_post(notices, *, initial=0, files=(), action="continue"):
    data = {
        "avis-TOTAL_FORMS": str(max(len(notices), initial + 1)),
        "avis-INITIAL_FORMS": str(initial),
        "avis-MIN_NUM_FORMS": "0",
        "avis-MAX_NUM_FORMS": "6",
        "action": action,
    }
    for i, (declarants, income) in enumerate(notices):
        data[f"avis-{i}-declarants"] = declarants
        data[f"avis-{i}-reference_income"] = income
    if files:
        data["files"] = list(files)
    return data


def url(name, response):
    return reverse(f"surveys:{name}", args=[response.pk])


@pytest.mark.django_db
def test_the_banner_shows_on_every_page_of_the_space_until_the_lease_has_answered(campaign, claire, claire_client):
    banner = f"Enquête SLS 2027\u00a0: répondez avant le {campaign.closes_on:%d/%m/%Y}"
    for name in ("space:home", "documents:list", "requests:list", "dossier:index", "surveys:index"):
        assert banner in claire_client.get(reverse(name)).content.decode(), name

    answer(response_of(campaign, claire.signatory.lease), claire)

    home = claire_client.get(reverse("space:home")).content.decode()
    assert banner not in home
    assert "Enquête SLS 2027\u00a0: votre réponse est envoyée" in home
    assert f'href="{reverse("surveys:index")}"' in home


@pytest.mark.django_db
def test_no_banner_before_the_launch_nor_for_a_lease_not_surveyed(martins, claire_client):
    from .factories import CampaignFactory

    CampaignFactory(leases=[martins[0].signatory.lease])  # not launched
    surveyed_elsewhere = launched(TenantUserFactory().signatory.lease, year=2028)

    page = claire_client.get(reverse("space:home")).content.decode()

    assert "Enquête SLS" not in page
    assert surveyed_elsewhere.responses.count() == 1


@pytest.mark.django_db
def test_the_household_is_prefilled_from_the_lease(campaign, claire, claire_client):
    page = claire_client.get(url("household", response_of(campaign, claire.signatory.lease))).content.decode()

    for value in ('value="Karim"', 'value="Claire"', 'value="Inès"', 'value="2012-05-03"'):
        assert value in page


@pytest.mark.django_db
def test_household_mistakes_are_explained_in_french_and_what_was_typed_stays(campaign, claire, claire_client):
    response = response_of(campaign, claire.signatory.lease)
    people = [dict(p) for p in PEOPLE]
    people[1]["situation"] = ""
    newborn = {
        "last_name": "MARTIN",
        "first_name": "Léa",
        "birth_date": "2026-03-01",
        "link": "child",
        "situation": "pupil",
    }

    answer_page = claire_client.post(url("household", response), household_post(people, extra=newborn))

    assert answer_page.status_code == 400
    page = answer_page.content.decode()
    assert "Ce champ est obligatoire." in page
    assert "Née ou né après le 01/01/2026\u00a0: cette personne n&#x27;est pas à déclarer pour cette enquête." in page
    assert 'value="Léa"' in page
    response.refresh_from_db()
    assert response.status == ResponseStatus.NOT_STARTED
    assert not response.occupants.exists()


@pytest.mark.django_db
def test_a_household_without_a_signatory_is_refused(campaign, claire, claire_client):
    response = response_of(campaign, claire.signatory.lease)
    only_child = household_post([{**PEOPLE[0], "DELETE": "on"}, {**PEOPLE[1], "DELETE": "on"}, PEOPLE[2]])

    page = claire_client.post(url("household", response), only_child).content.decode()

    assert "Au moins un signataire du bail doit vivre dans le logement." in page


@pytest.mark.django_db
def test_claire_saves_part_of_the_answer_and_karim_resumes_it(campaign, claire, karim_client, claire_client):
    response = response_of(campaign, claire.signatory.lease)
    people = [*PEOPLE[:2], {**PEOPLE[2], "DELETE": "on"}]

    saved = claire_client.post(url("household", response), household_post(people, action="save"))

    assert saved.status_code == 302 and saved["Location"] == reverse("surveys:index")
    response.refresh_from_db()
    assert response.status == ResponseStatus.IN_PROGRESS
    assert [o.first_name for o in response.occupants.all()] == ["Karim", "Claire"]
    summary = karim_client.get(reverse("surveys:index")).content.decode()
    assert "Votre réponse\u00a0: en cours" in summary
    assert "par Claire MARTIN" in summary
    household = karim_client.get(url("household", response)).content.decode()
    assert 'value="Claire"' in household and 'value="Inès"' not in household
    assert '<option value="job_seeker" selected>' in household


@pytest.mark.django_db
def test_a_good_file_is_kept_when_the_rest_of_the_page_is_refused(campaign, claire, claire_client):
    response = response_of(campaign, claire.signatory.lease)
    bad = SimpleUploadedFile("avis.pdf", b"not a pdf at all", content_type="application/pdf")
    # A scan of a few kilobytes: its size reads in « Ko » (a PDF may carry comments after its end).
    two_kb_pdf = SimpleUploadedFile("avis-2026.pdf", pdf_bytes() + b"\n%" + b"x" * 2000, content_type="application/pdf")

    refused = claire_client.post(
        url("resources", response), resources_post([("Claire et Karim MARTIN", "")], files=[two_kb_pdf, bad])
    )

    assert refused.status_code == 400
    page = refused.content.decode()
    assert "Ce champ est obligatoire." in page
    assert "«\u00a0avis.pdf\u00a0» n&#x27;est ni une photo (JPEG, PNG) ni un document PDF." in page
    assert "avis-2026.pdf" in page and 'value="Claire et Karim MARTIN"' in page
    # Sizes as French readers write them, like everywhere in the space (« Ko », never « Kio »).
    assert re.search(r"avis-2026\.pdf \(2,\d\u00a0Ko\)", page), page
    assert list(response.tax_documents.values_list("original_name", flat=True)) == ["avis-2026.pdf"]

    accepted = claire_client.post(url("resources", response), resources_post([("Claire et Karim MARTIN", "24350")]))

    assert accepted["Location"] == url("submit", response)
    assert list(response.tax_notices.values_list("reference_income", flat=True)) == [24350]


@pytest.mark.django_db
def test_the_avis_d_imposition_file_is_required_and_can_be_removed(campaign, claire, claire_client):
    response = response_of(campaign, claire.signatory.lease)
    page = claire_client.post(url("resources", response), resources_post([("Claire MARTIN", "12000")])).content.decode()
    assert "Joignez votre avis d&#x27;imposition\u00a0: il est indispensable." in page

    claire_client.post(url("resources", response), resources_post([("Claire MARTIN", "12000")], files=[tax_pdf()]))
    document = response.tax_documents.get()
    claire_client.post(
        url("resources", response), {**resources_post([("Claire MARTIN", "12000")], initial=1), "remove": [document.pk]}
    )

    assert not response.tax_documents.exists()


@pytest.mark.django_db
def test_sending_needs_the_sworn_statement_then_files_the_acknowledgement(
    campaign, claire, karim_client, claire_client, django_capture_on_commit_callbacks
):
    response = response_of(campaign, claire.signatory.lease)
    answer(response, claire, submit=False)
    mail.outbox.clear()

    unsworn = claire_client.post(url("submit", response), {})
    assert "Cochez la déclaration sur l&#x27;honneur pour envoyer votre réponse." in unsworn.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        sent = claire_client.post(url("submit", response), {"sworn": "on"}, follow=True)

    assert "Votre réponse est envoyée." in sent.content.decode()
    response.refresh_from_db()
    assert response.status == ResponseStatus.SUBMITTED and response.submitted_by == claire
    # Karim sees it sent, and can no longer change it.
    assert "Votre réponse\u00a0: envoyée" in karim_client.get(reverse("surveys:index")).content.decode()
    assert karim_client.get(url("household", response))["Location"] == reverse("surveys:index")
    # The acknowledgement: a PDF in « Mes documents » and attached to one e-mail to both accounts.
    document = Document.objects.get(lease=response.lease, kind=DocumentKind.SURVEY_ACKNOWLEDGEMENT)
    assert document.title in karim_client.get(reverse("documents:list")).content.decode()
    with document.file.file.open("rb") as handle:
        text = PdfReader(handle).pages[0].extract_text()
    received = timezone.localtime(response.submitted_at)
    assert "Accusé de réception – Enquête SLS 2027" in text
    assert f"Réponse reçue le {received:%d/%m/%Y}" in text
    (message,) = mail.outbox
    assert sorted(message.to) == ["claire.martin@example.org", "karim.martin@example.org"]
    assert message.subject == "Accusé de réception – Enquête SLS 2027"
    _name, content, mimetype = message.attachments[0]
    assert mimetype == "application/pdf" and PdfReader(io.BytesIO(content)).pages


@pytest.mark.django_db
def test_nothing_is_sent_while_something_is_missing(campaign, claire, claire_client):
    response = response_of(campaign, claire.signatory.lease)

    page = claire_client.post(url("submit", response), {"sworn": "on"}).content.decode()

    assert "Il manque encore\u00a0: les personnes vivant dans le logement" in page
    response.refresh_from_db()
    assert response.status == ResponseStatus.NOT_STARTED


@pytest.mark.django_db
def test_the_complement_asked_by_staff_is_shown_and_answered(
    campaign, claire, claire_client, surveys_staff, django_capture_on_commit_callbacks
):
    response = response_of(campaign, claire.signatory.lease)
    with django_capture_on_commit_callbacks(execute=True):
        answer(response, claire)
        services.response_complement_request(response=response, by=surveys_staff, message="Il manque la page 2.")
    assert "Il manque la page 2." in mail.outbox[-1].body

    summary = claire_client.get(reverse("surveys:index")).content.decode()
    assert "Nos services vous demandent un complément" in summary and "Il manque la page 2." in summary
    assert "Un complément vous est demandé." in summary

    claire_client.post(
        url("resources", response), resources_post([("Foyer", "21000")], initial=1, files=[tax_pdf("page2.pdf")])
    )
    silent = claire_client.post(url("submit", response), {"sworn": "on"}).content.decode()
    assert "Répondez à notre demande de complément avant d&#x27;envoyer." in silent

    with django_capture_on_commit_callbacks(execute=True):
        claire_client.post(url("submit", response), {"sworn": "on", "complement_answer": "Voici la page 2."})

    response.refresh_from_db()
    assert response.status == ResponseStatus.SUBMITTED
    assert response.complement_answer == "Voici la page 2."
    assert response.tax_documents.count() == 2
    assert Document.objects.filter(lease=response.lease, kind=DocumentKind.SURVEY_ACKNOWLEDGEMENT).count() == 2


@pytest.mark.django_db
def test_another_lease_s_response_is_a_404(campaign, claire, other_tenant):
    response = response_of(campaign, claire.signatory.lease)
    client = logged_in(other_tenant)

    for name in ("household", "resources", "submit"):
        assert client.get(url(name, response)).status_code == 404
        assert client.post(url(name, response), {}).status_code == 404


@pytest.mark.django_db
def test_hidden_links_to_another_lease_s_records_are_dropped(campaign, claire, other_tenant):
    response = response_of(campaign, claire.signatory.lease)
    stranger = other_tenant.signatory
    people = [{**PEOPLE[0], "signatory_id": str(stranger.pk)}, *PEOPLE[1:]]

    logged_in(claire).post(url("household", response), household_post(people))

    assert response.occupants.get(first_name="Karim").signatory_id is None


@pytest.mark.django_db
def test_the_survey_page_says_so_when_no_survey_is_open(claire_client, claire):
    page = claire_client.get(reverse("surveys:index")).content.decode()

    assert "Aucune enquête n'est ouverte pour votre contrat en ce moment." in page


@pytest.mark.django_db
def test_a_late_campaign_not_yet_opened_is_not_shown(martins, claire_client):
    launched(martins[0].signatory.lease, opens_on=timezone.localdate() + timedelta(days=3))

    assert "Aucune enquête" in claire_client.get(reverse("surveys:index")).content.decode()
