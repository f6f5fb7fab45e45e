"""A survey acknowledgement proves when a tenant answered: only the portal issues it."""

from io import StringIO

import pytest
from django.core.management import call_command

from portal.documents.enums import DocumentKind
from portal.documents.forms import DocumentUploadForm
from portal.documents.models import Document, DocumentRun

from .factories import pdf_bytes

pytestmark = pytest.mark.django_db


def test_the_drop_folder_refuses_a_survey_acknowledgement(
    tmp_path, settings, tenant, django_capture_on_commit_callbacks
):
    settings.DOCUMENTS_DROP_DIR = tmp_path / "depot"
    settings.DOCUMENTS_DROP_DIR.mkdir()
    lease = tenant.signatory.lease
    (settings.DOCUMENTS_DROP_DIR / f"{lease.tenant_number}_accuse-reception-enquete_2026-11.pdf").write_bytes(
        pdf_bytes()
    )

    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_documents", stdout=StringIO(), stderr=StringIO())

    assert not Document.objects.exists()
    name = f"{lease.tenant_number}_accuse-reception-enquete_2026-11.pdf"
    assert DocumentRun.objects.get().errors == [f"{name} : type de document inconnu « accuse-reception-enquete »"]


def test_staff_cannot_file_a_survey_acknowledgement():
    kinds = [value for value, _label in DocumentUploadForm().fields["kind"].choices]

    assert DocumentKind.SURVEY_ACKNOWLEDGEMENT not in kinds
    assert DocumentKind.RENT_NOTICE in kinds
