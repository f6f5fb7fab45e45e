"""« Télécharger mes données »: the ZIP of what the portal holds on a login and its lease, and
nothing of another lease."""

import io
import json
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from portal.core.models import PendingUpload
from portal.mandates.models import BankMandate
from portal.requests.enums import EventKind, RequestStatus
from portal.requests.models import Attachment, RequestCategory, RequestEvent, TenantRequest
from tests.factories import PASSWORD, HouseholdMemberFactory
from tests.portal.surveys.factories import answer, response_of


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


def _request(lease, author, *, reference, text):
    category = RequestCategory.objects.get_or_create(name="Plomberie")[0]
    tenant_request = TenantRequest.objects.create(
        reference=reference,
        lease=lease,
        author=author,
        category=category,
        description=text,
        contact_email=author.email,
        contact_slots=["matin"],
        status=RequestStatus.SENT,
    )
    event = RequestEvent.objects.create(request=tenant_request, kind=EventKind.CREATED, author=author, text=text)
    RequestEvent.objects.create(request=tenant_request, kind=EventKind.INTERNAL_NOTE, text="Note interne secrète")
    attachment = Attachment(
        request=tenant_request, event=event, original_name="fuite.jpg", content_type="image/jpeg", size=4
    )
    attachment.file.save("fuite.jpg", ContentFile(b"JPEG"), save=False)
    attachment.save()
    return tenant_request


def _zip(client):
    response = client.get(reverse("space:personal_data"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    return archive, json.loads(archive.read("donnees.json"))


def test_the_zip_holds_the_account_its_lease_and_their_files(tenant_client, tenant, other_tenant):
    lease = tenant.signatory.lease
    HouseholdMemberFactory(lease=lease, first_name="Jade")
    _request(lease, tenant, reference="2026-00001", text="Fuite sous l'évier")
    _request(other_tenant.signatory.lease, other_tenant, reference="2026-00002", text="Volet cassé chez le voisin")
    BankMandate.objects.create(
        lease=lease,
        rum="RUM-TEST-1",
        holder_name="Titulaire",
        iban_encrypted="chiffré",
        iban_fingerprint="empreinte",
        iban_masked="FR76 **** **** **** **** ***1 89",
        bic="AGRIFRPP",
        debtor_address="1 rue",
        creditor_name="Bailleur",
        creditor_address="2 rue",
        creditor_id="FR00ZZZ000000",
    )

    archive, data = _zip(tenant_client)

    assert data["compte"]["email"] == tenant.email
    assert "password" not in data["compte"]
    assert data["bail"]["tenant_number"] == lease.tenant_number
    assert [member["first_name"] for member in data["occupants"]] == ["Jade"]
    [request] = data["demandes"]
    assert request["description"] == "Fuite sous l'évier"
    assert [message["text"] for message in request["messages"]] == ["Fuite sous l'évier"]
    [attachment] = request["pieces_jointes"]
    assert archive.read(attachment["fichier"]) == b"JPEG"
    [mandate] = data["mandats_prelevement"]
    assert mandate["iban_masked"].endswith("1 89")
    assert "iban_encrypted" not in mandate
    text = archive.read("donnees.json").decode()
    assert "Volet cassé" not in text
    assert "Note interne" not in text
    assert other_tenant.email not in text
    assert "enquetes" in data


def test_the_download_button_is_on_modifier_mes_acces(tenant_client):
    page = tenant_client.get(reverse("accounts:access")).content.decode()
    assert "Télécharger mes données" in page
    assert reverse("space:personal_data") in page


def test_unsubscribe_deletes_the_pending_uploads_with_their_files(tenant_client, tenant, settings):
    pending = PendingUpload(
        user=tenant, form_token="0" * 32, original_name="x.pdf", content_type="application/pdf", size=3
    )
    pending.file.save("x.pdf", ContentFile(b"PDF"), save=False)
    pending.save()
    path = settings.PRIVATE_MEDIA_ROOT / pending.file.name
    assert path.exists()

    tenant_client.post(reverse("accounts:unsubscribe"), {"password": PASSWORD})

    assert not PendingUpload.objects.exists()
    assert not path.exists()


def test_the_zip_holds_the_survey_answers_and_their_documents(claire_client, claire, campaign):
    answer(response_of(campaign, claire.signatory.lease), claire)

    archive, data = _zip(claire_client)

    [survey] = data["enquetes"]
    assert [notice["reference_income"] for notice in survey["avis_imposition"]] == [21000]
    assert {occupant["first_name"] for occupant in survey["occupants"]} >= {"Claire", "Inès"}
    [document] = survey["justificatifs"]
    assert archive.read(document["fichier"]).startswith(b"%PDF")
