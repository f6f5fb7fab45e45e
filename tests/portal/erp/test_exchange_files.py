"""Exchange files hold IBANs, names and birth dates: readable by the service account only, and
deleted ERP_FILE_RETENTION_HOURS after they were written or imported."""

import os
import shutil
import stat
import time
from pathlib import Path

import pytest

from config.schedules import SCHEDULES
from portal.erp import tasks
from portal.erp.services import erp_drop_folder_import, erp_export_run, erp_files_purge

SAMPLES = Path(__file__).resolve().parents[3] / "portal" / "erp" / "samples"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def folders(tmp_path, settings):
    settings.ERP_EXPORT_DIR = tmp_path / "outbox"
    settings.ERP_DROP_DIR = tmp_path / "inbox"
    settings.ERP_DONE_DIR = tmp_path / "done"
    settings.ERP_FAILED_DIR = tmp_path / "failed"
    settings.ERP_FILE_RETENTION_HOURS = 72
    return settings


@pytest.mark.django_db
def test_exported_files_are_readable_by_the_service_account_only(settings):
    run = erp_export_run(source="test")
    folder = settings.ERP_EXPORT_DIR / run.folder_name
    assert mode(settings.ERP_EXPORT_DIR) == 0o700
    assert mode(folder) == 0o700
    assert run.files and {mode(folder / f["name"]) for f in run.files} == {0o600}


@pytest.mark.django_db
def test_imported_and_refused_files_are_readable_by_the_service_account_only(settings):
    settings.ERP_DROP_DIR.mkdir()
    shutil.copy(SAMPLES / "agencies.csv", settings.ERP_DROP_DIR / "agencies.csv")
    (settings.ERP_DROP_DIR / "inventaire.csv").write_text("x;y\n")
    os.chmod(settings.ERP_DROP_DIR / "agencies.csv", 0o644)

    erp_drop_folder_import()

    assert mode(settings.ERP_DONE_DIR) == 0o700 and mode(settings.ERP_FAILED_DIR) == 0o700
    assert mode(settings.ERP_DONE_DIR / "agencies.csv") == 0o600
    assert mode(settings.ERP_FAILED_DIR / "inventaire.csv") == 0o600


@pytest.mark.django_db
def test_exchange_files_are_deleted_once_the_retention_has_passed(settings):
    old_run = erp_export_run(source="test")
    old_folder = settings.ERP_EXPORT_DIR / old_run.folder_name
    settings.ERP_DONE_DIR.mkdir()
    imported = settings.ERP_DONE_DIR / "leases_20261101.csv"
    imported.write_text("x")
    four_days_ago = time.time() - 4 * 24 * 3600
    for path in [*old_folder.iterdir(), imported]:
        os.utime(path, (four_days_ago, four_days_ago))
    new_run = erp_export_run(source="test")

    deleted = erp_files_purge()

    assert deleted == len(old_run.files) + 1
    assert not old_folder.exists() and not imported.exists()
    assert sorted(p.name for p in (settings.ERP_EXPORT_DIR / new_run.folder_name).iterdir()) == sorted(
        f["name"] for f in new_run.files
    )


def test_the_purge_is_scheduled():
    assert any(job.func is tasks.erp_files_purge for job in SCHEDULES)
