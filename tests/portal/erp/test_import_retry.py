"""An import whose process died never stays « en cours »; staff retry a failed or stuck drop-folder
import from the admin, and the file is imported once."""

import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from portal.erp.enums import ImportKind, RunStatus
from portal.erp.models import ImportRun
from portal.erp.services import erp_imports_interrupted_close
from portal.leases.models import Agency
from tests.conftest import assert_admin_refused

pytestmark = pytest.mark.django_db

SAMPLES = Path(__file__).resolve().parents[3] / "portal" / "erp" / "samples"


@pytest.fixture
def folders(tmp_path, settings):
    settings.ERP_DROP_DIR = tmp_path / "inbox"
    settings.ERP_DONE_DIR = tmp_path / "done"
    settings.ERP_FAILED_DIR = tmp_path / "failed"
    for folder in (settings.ERP_DROP_DIR, settings.ERP_DONE_DIR, settings.ERP_FAILED_DIR):
        folder.mkdir()
    return settings


def stuck_run(settings, name="agencies_20261130.csv"):
    """The worker importing a dropped file was killed: the run says « en cours », the file is still
    in the drop folder (it moves only once imported), nothing was applied."""
    shutil.copy(SAMPLES / "agencies.csv", settings.ERP_DROP_DIR / name)
    run = ImportRun.objects.create(kind=ImportKind.AGENCIES, file_name=name, source="dépôt")
    long_ago = timezone.now() - timedelta(seconds=settings.ERP_IMPORT_STUCK_AFTER_SECONDS + 5)
    ImportRun.objects.filter(pk=run.pk).update(started_at=long_ago)
    return run


def test_an_import_whose_process_died_is_shown_interrupted_by_the_schedule(folders):
    run = stuck_run(folders)

    assert erp_imports_interrupted_close() == 1

    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert run.message == "Import interrompu (le processus s'est arrêté) : rien n'a été importé."


def test_staff_see_a_stuck_import_and_retry_it(
    folders, support_client, support_user, django_capture_on_commit_callbacks
):
    run = stuck_run(folders)
    page = support_client.get(f"/admin/erp/imports/inspect/{run.pk}/").content.decode()
    assert "Cet import est bloqué" in page and "Relancer l'import" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = support_client.post(f"/admin/erp/imports/inspect/{run.pk}/", follow=True)

    page = response.content.decode()
    assert "Import relancé : le fichier agencies_20261130.csv est de nouveau dans le dossier de dépôt." in page
    assert f"Relancé par {support_user.get_full_name()}" in page
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED  # interrupted, and its file imported by a new run
    again = ImportRun.objects.exclude(pk=run.pk).get()
    assert (again.status, again.created_count) == (RunStatus.DONE, Agency.objects.count())
    assert [p.name for p in folders.ERP_DONE_DIR.iterdir()] == ["agencies_20261130.csv"]


def test_a_failed_file_goes_back_from_the_refused_files(folders, support_client, django_capture_on_commit_callbacks):
    shutil.copy(SAMPLES / "agencies.csv", folders.ERP_FAILED_DIR / "agencies_20261130.csv")
    run = ImportRun.objects.create(
        kind=ImportKind.AGENCIES, file_name="agencies_20261130.csv", source="dépôt", status=RunStatus.FAILED
    )

    with django_capture_on_commit_callbacks(execute=True):
        support_client.post(f"/admin/erp/imports/inspect/{run.pk}/")

    assert Agency.objects.exists()
    assert list(folders.ERP_FAILED_DIR.iterdir()) == []


def test_retrying_an_import_needs_the_permission(folders, support_client, support_user):
    run = stuck_run(folders)
    support_user.groups.get().permissions.remove(Permission.objects.get(codename="retry_importrun"))

    page = support_client.get(f"/admin/erp/imports/inspect/{run.pk}/").content.decode()
    response = support_client.post(f"/admin/erp/imports/inspect/{run.pk}/")

    assert "Relancer l'import" not in page
    assert_admin_refused(response)
    assert not Agency.objects.exists()
