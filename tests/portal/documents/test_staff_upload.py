"""Service client files a PDF for a lease from the Wagtail admin."""

from datetime import date

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from portal.documents.enums import DocumentKind, DocumentSource
from portal.documents.models import Document

from .factories import make_paperless, pdf_bytes

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/documents/document/new/"


def post(client, lease, content, **fields):
    data = {"tenant_number": lease.tenant_number, "kind": DocumentKind.OTHER, "period": "2026-11-17", "title": ""}
    data |= fields
    data["upload"] = SimpleUploadedFile("courrier.pdf", content, content_type="application/pdf")
    return client.post(ADD_URL, data)


def test_service_client_uploads_a_pdf_and_the_tenants_are_told(
    support_client, tenant, django_capture_on_commit_callbacks
):
    lease = make_paperless(tenant.signatory.lease)

    with django_capture_on_commit_callbacks(execute=True):
        response = post(support_client, lease, pdf_bytes(), title="Courrier de bienvenue")

    assert response.status_code == 302
    document = Document.objects.get(lease=lease)
    assert (document.kind, document.period, document.source) == (DocumentKind.OTHER, date(2026, 11, 1), "uploaded")
    assert document.created_by.startswith("agent ")
    assert document.download_name == "courrier-de-bienvenue-2026-11.pdf"
    assert not document.file.is_public
    assert document.file.folder.name == lease.tenant_number
    assert mail.outbox[0].subject == "Un nouveau document est disponible : Courrier de bienvenue"
    assert DocumentSource(document.source) == DocumentSource.UPLOADED


def test_a_file_that_is_not_a_pdf_is_refused_with_a_message(support_client, tenant):
    lease = tenant.signatory.lease

    response = post(support_client, lease, b"GIF89a not a pdf", title="Photo")

    assert response.status_code == 200
    assert "Fichier refusé : ce fichier n&#x27;est pas un PDF." in response.content.decode()
    assert 'value="Photo"' in response.content.decode()
    assert not Document.objects.exists()


def test_a_second_notice_for_the_same_month_is_refused(support_client, tenant):
    lease = tenant.signatory.lease
    post(support_client, lease, pdf_bytes(), kind=DocumentKind.RENT_NOTICE)

    response = post(support_client, lease, pdf_bytes(), kind=DocumentKind.RENT_NOTICE)

    assert "Ce bail a déjà ce document pour ce mois-là." in response.content.decode()
    assert Document.objects.count() == 1


def test_an_unknown_tenant_number_is_refused(support_client, tenant):
    tenant.signatory.lease.tenant_number = "123"
    response = post(support_client, tenant.signatory.lease, pdf_bytes())

    assert "Aucun bail ne porte le numéro de locataire 123." in response.content.decode()
