"""The management system's drop folder: good files attached to their lease, bad ones reported."""

from datetime import date
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from portal.documents.enums import DocumentKind, DocumentSource, RunStatus
from portal.documents.models import Document, DocumentRun
from tests.factories import LeaseFactory

from .factories import make_paperless, pdf_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def drop(tmp_path, settings):
    settings.DOCUMENTS_DROP_DIR = tmp_path / "depot"
    settings.DOCUMENTS_DROP_DIR.mkdir()
    return settings.DOCUMENTS_DROP_DIR


@pytest.fixture
def run_import(django_capture_on_commit_callbacks):
    def run():
        out, err = StringIO(), StringIO()
        with django_capture_on_commit_callbacks(execute=True):
            call_command("import_documents", stdout=out, stderr=err)
        return out.getvalue(), err.getvalue()

    return run


def test_good_files_are_attached_and_bad_ones_reported_without_stopping(drop, run_import, tenant):
    lease = make_paperless(tenant.signatory.lease)
    (drop / f"{lease.tenant_number}_avis-echeance_2026-11.pdf").write_bytes(pdf_bytes())
    (drop / "999999_avis-echeance_2026-11.pdf").write_bytes(pdf_bytes())
    (drop / "avis novembre.pdf").write_bytes(pdf_bytes())
    (drop / f"{lease.tenant_number}_avis-echeance_2026-10.pdf").write_bytes(b"<html>pas un PDF</html>")
    (drop / f"{lease.tenant_number}_facture_2026-11.pdf").write_bytes(pdf_bytes())
    (drop / f"{lease.tenant_number}_regularisation-charges_2026-06.pdf").write_bytes(pdf_bytes())

    out, err = run_import()

    documents = Document.objects.filter(lease=lease).order_by("period")
    assert [(d.kind, d.period, d.source) for d in documents] == [
        (DocumentKind.CHARGES_STATEMENT, date(2026, 6, 1), DocumentSource.IMPORTED),
        (DocumentKind.RENT_NOTICE, date(2026, 11, 1), DocumentSource.IMPORTED),
    ]
    run = DocumentRun.objects.get()
    assert (run.created_count, run.error_count, run.status) == (2, 4, RunStatus.DONE_WITH_ERRORS)
    errors = "\n".join(run.errors)
    assert "999999_avis-echeance_2026-11.pdf : numéro de locataire inconnu « 999999 »" in errors
    assert "avis novembre.pdf : nom de fichier incorrect" in errors
    assert f"{lease.tenant_number}_avis-echeance_2026-10.pdf : ce fichier n'est pas un PDF" in errors
    assert "type de document inconnu « facture »" in errors
    assert "2 document(s) importé(s), 0 déjà présent(s), 4 fichier(s) rejeté(s)" in out
    assert "numéro de locataire inconnu" in err
    # Nothing is left in the drop folder: placed files set aside in traites/, the others in rejetes/.
    assert [p for p in drop.iterdir() if p.is_file()] == []
    assert len(list((drop / "traites").rglob("*.pdf"))) == 2
    assert len(list((drop / "rejetes").rglob("*.pdf"))) == 4
    assert {m.subject for m in mail.outbox} == {
        "Votre avis d'échéance de novembre 2026 est disponible",
        "Votre bulletin de régularisation de charges de juin 2026 est disponible",
    }


def test_a_file_sent_again_is_not_attached_twice(drop, run_import):
    lease = LeaseFactory()
    name = f"{lease.tenant_number}_avis-echeance_2026-11.pdf"
    (drop / name).write_bytes(pdf_bytes())
    run_import()
    (drop / name).write_bytes(pdf_bytes())

    out, _err = run_import()

    assert Document.objects.filter(lease=lease).count() == 1
    assert "0 document(s) importé(s), 1 déjà présent(s), 0 fichier(s) rejeté(s)" in out
    assert len(list((drop / "traites").rglob("*.pdf"))) == 2


def test_staff_see_the_import_runs_and_their_errors(drop, run_import, support_client):
    (drop / "inconnu.pdf").write_bytes(pdf_bytes())
    run_import()
    run = DocumentRun.objects.get()

    detail = support_client.get(f"/admin/documents/run/inspect/{run.pk}/").content.decode()

    assert "Import du dossier de dépôt" in detail
    assert "inconnu.pdf : nom de fichier incorrect" in detail
