"""Imports from and exports to the landlord's management system: every write of portal/erp.

An import runs in one transaction per file: a file that cannot be read or is cut, a run that
crashes, or a file with bad lines changes nothing (unless staff choose to apply the good lines);
bad lines are reported with their number. A dry run is the same transaction rolled back.
An export (see exporters.py) selects, under a lock, what changed since the previous run and
records each change as an ExportItem, unique per change, in the same transaction as the run.
"""

import logging
import os
import shutil
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from portal.core.csvfiles import UnreadableFile, csv_bytes, read_rows, sha256
from portal.core.tasks import enqueue_on_commit

from . import exporters, tasks
from .enums import ImportKind, RunStatus
from .importers import IMPORTERS, Report
from .models import ExportCursor, ExportItem, ExportRun, ImportRun

logger = logging.getLogger(__name__)

# Called with the number of lines of the file; returns something with update(n) and close() (tqdm).
ProgressFactory = Callable[[int], object]


class _DryRunRollback(Exception):
    pass


def erp_file_import(
    *,
    kind: ImportKind,
    path: Path,
    source: str,
    dry_run: bool = False,
    apply_good_lines: bool = False,
    progress: ProgressFactory | None = None,
) -> ImportRun:
    """Import one file of the given kind. Returns its ImportRun (not saved for a dry run).

    A file with bad lines applies nothing (status « Rejeté »), unless staff chose to apply its good
    lines (`apply_good_lines`, kept on the run)."""
    run = ImportRun(kind=kind, file_name=path.name, source=source, apply_good_lines=apply_good_lines)
    if not dry_run:
        run.save()
    report = Report()
    try:
        importer = IMPORTERS[kind](report)
        total, rows = read_rows(path, importer.columns)
        bar = progress(total) if progress else None
        rejected = False
        try:
            with transaction.atomic():
                importer.run(rows, bar)
                rejected = report.error_count > 0 and not apply_good_lines
                if dry_run or rejected:
                    raise _DryRunRollback
        except _DryRunRollback:
            pass
        finally:
            if bar is not None:
                bar.close()
        run.status = RunStatus.DONE
        if rejected:
            run.status = RunStatus.REJECTED
            run.message = _(
                "%(count)s ligne(s) rejetée(s) : rien n'a été importé. Corrigez le fichier, ou appliquez "
                "les lignes valides (manage.py erp_import --apply-good-lines)."
            ) % {"count": report.error_count}
            report = Report(error_count=report.error_count, errors=report.errors)
    except UnreadableFile as error:
        report = Report()
        run.status = RunStatus.FAILED
        run.message = _("Fichier illisible : %(reason)s. Rien n'a été importé.") % {"reason": error}
    except Exception as error:
        report = Report()
        run.status = RunStatus.FAILED
        run.message = _("Import interrompu, rien n'a été importé : %(error)s") % {"error": error}
        logger.exception("ERP import of %s failed", path)
    run.created_count = report.created
    run.updated_count = report.updated
    run.unchanged_count = report.unchanged
    run.error_count = report.error_count
    run.error_lines = report.errors
    run.finished_at = timezone.now()
    if not dry_run:
        run.save()
    return run


def _kind_of(path: Path) -> ImportKind | None:
    """Files in the drop folder are named after their kind: « leases.csv », « ledger_20261129.csv »."""
    stem = path.stem.lower()
    for kind in ImportKind:
        if stem == kind.value or stem.startswith((f"{kind.value}_", f"{kind.value}-")):
            return kind
    return None


# Exchange files hold IBANs, names and birth dates: the service account alone may read them.
PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600


def _private_dir(folder: Path) -> Path:
    folder.mkdir(mode=PRIVATE_DIR_MODE, parents=True, exist_ok=True)
    folder.chmod(PRIVATE_DIR_MODE)
    return folder


def _private_write(path: Path, content: bytes) -> None:
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE_MODE)
    with os.fdopen(descriptor, "wb") as file:
        file.write(content)
    path.chmod(PRIVATE_FILE_MODE)  # an existing file keeps its mode through os.open


def _move(path: Path, folder: Path) -> Path:
    _private_dir(folder)
    target = folder / path.name
    if target.exists():
        target = folder / f"{timezone.now():%Y%m%d-%H%M%S-%f}-{path.name}"
    shutil.move(path, target)
    target.chmod(PRIVATE_FILE_MODE)
    return target


def erp_files_purge(*, now: float | None = None) -> int:
    """Delete the exchange files older than ERP_FILE_RETENTION_HOURS: the export folders (the
    management system fetches them the night they are written) and the imported or refused files
    (done, failed). Returns the number of files deleted."""
    limit = (now if now is not None else time.time()) - settings.ERP_FILE_RETENTION_HOURS * 3600
    deleted = 0
    for folder in (settings.ERP_EXPORT_DIR, settings.ERP_DONE_DIR, settings.ERP_FAILED_DIR):
        root = Path(folder)
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*"), reverse=True):  # files before the folders holding them
            if path.is_file() and path.stat().st_mtime < limit:
                path.unlink()
                deleted += 1
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    return deleted


def erp_drop_folder_import(*, apply_good_lines: bool = False) -> list[ImportRun]:
    """Import every *.csv of ERP_DROP_DIR, parents first (agencies ... ledger), then move each file
    to ERP_DONE_DIR, or to ERP_FAILED_DIR when it could not be read, had bad lines (and staff did
    not choose `apply_good_lines`) or is not named after a kind.

    The management system must drop a file in one move (write elsewhere, then rename).
    """
    inbox = Path(settings.ERP_DROP_DIR)
    if not inbox.is_dir():
        return []
    order = list(ImportKind)
    files = []
    for path in inbox.glob("*.csv"):
        path.chmod(PRIVATE_FILE_MODE)
        kind = _kind_of(path)
        if kind is None:
            logger.warning("ERP drop folder: %s is not named after a kind of file, moved aside", path.name)
            _move(path, Path(settings.ERP_FAILED_DIR))
            continue
        files.append((order.index(kind), path.name, kind, path))
    runs = []
    for _order, _name, kind, path in sorted(files):
        run = erp_file_import(kind=kind, path=path, source="dépôt", apply_good_lines=apply_good_lines)
        _move(path, Path(settings.ERP_DONE_DIR if run.status == RunStatus.DONE else settings.ERP_FAILED_DIR))
        runs.append(run)
    return runs


def _write_files(run: ExportRun, items: list[ExportItem], folder: Path) -> list[dict]:
    """Write one file per source (a source without changes gets its header only)."""
    _private_dir(folder)
    files = []
    for source, exporter in exporters.EXPORTERS.items():
        rows = [exporter.render(row) for item in items if item.source == source for row in item.rows]
        content = csv_bytes(exporter.columns, rows)
        name = f"{exporter.file_stem}_{run.pk:06d}.csv"
        _private_write(folder / name, content)
        files.append({"name": name, "sha256": sha256(content)})
    return files


def erp_export_run(*, source: str) -> ExportRun:
    """Export every change made since the previous run, exactly once, into ERP_EXPORT_DIR/<run>/.

    The cursors are locked, so export runs follow one another. Each source is read from a little
    before its cursor (exporters.LOOKBACK) because a change is timestamped before it commits: one
    committed while the previous run was reading is picked up now, and the unique (source, key)
    of ExportItem keeps anything already sent from being sent again.
    """
    with transaction.atomic():
        ExportCursor.objects.bulk_create([ExportCursor(source=s) for s in exporters.EXPORTERS], ignore_conflicts=True)
        cursors = {cursor.source: cursor for cursor in ExportCursor.objects.select_for_update().order_by("source")}
        run = ExportRun.objects.create(started_at=timezone.now(), source=source)
        items = []
        for export_source, exporter in exporters.EXPORTERS.items():
            cursor = cursors[export_source]
            changes = exporter.changes_since(cursor.position)
            done = set(
                ExportItem.objects.filter(source=export_source, key__in=[c.key for c in changes]).values_list(
                    "key", flat=True
                )
            )
            new = [
                ExportItem(run=run, source=export_source, key=c.key, happened_at=c.happened_at, rows=c.rows)
                for c in changes
                if c.key not in done
            ]
            new.sort(key=lambda item: (item.happened_at, item.key))
            items += ExportItem.objects.bulk_create(new)
            if new:
                cursor.position = max(cursor.position or new[-1].happened_at, new[-1].happened_at)
                cursor.save(update_fields=["position"])
        run.item_count = len(items)
        _private_dir(Path(settings.ERP_EXPORT_DIR))
        run.files = _write_files(run, items, Path(settings.ERP_EXPORT_DIR) / run.folder_name)
        run.finished_at = timezone.now()
        run.save(update_fields=["item_count", "files", "finished_at"])
    return run


def erp_export_rerun(*, run_id: int, folder: Path | None = None) -> tuple[ExportRun, Path]:
    """Write a past run's files again, byte for byte, from what it recorded."""
    run = ExportRun.objects.get(pk=run_id)
    items = list(run.items.order_by("pk"))
    target = folder or Path(settings.ERP_EXPORT_DIR) / run.folder_name
    files = _write_files(run, items, target)
    if files != run.files:
        raise RuntimeError(f"Export {run.pk} could not be rebuilt identically")
    return run, target


def erp_imports_stuck():
    """Imports « en cours » for longer than ERP_IMPORT_STUCK_AFTER_SECONDS: their process is gone
    (an import runs in one transaction, so nothing of it was applied)."""
    stale = timezone.now() - timedelta(seconds=settings.ERP_IMPORT_STUCK_AFTER_SECONDS)
    return ImportRun.objects.filter(status=RunStatus.RUNNING, started_at__lt=stale)


def erp_imports_interrupted_close() -> int:
    """Scheduled: an import whose process died is shown as interrupted, never « en cours » for ever.
    A dropped file is still in the drop folder (moved only once imported): the next pass takes it."""
    return erp_imports_stuck().update(
        status=RunStatus.FAILED,
        finished_at=timezone.now(),
        message=_("Import interrompu (le processus s'est arrêté) : rien n'a été importé."),
    )


class ImportNotRetryable(ValueError):
    """The import cannot be retried from the admin; the message says why, for staff."""


def import_run_is_retryable(run: ImportRun) -> bool:
    return run.source == "dépôt" and (run.status == RunStatus.FAILED or erp_imports_stuck().filter(pk=run.pk).exists())


def erp_import_retry(*, run_id: int, user) -> Path:
    """Staff retry a failed or stuck import of the drop folder: its file goes back to the drop
    folder and the drop-folder import is queued. Logged in the run's history. Returns the file."""
    run = ImportRun.objects.get(pk=run_id)
    if not import_run_is_retryable(run):
        raise ImportNotRetryable(_("Cet import n'est ni en échec ni bloqué : rien à relancer."))
    inbox = Path(settings.ERP_DROP_DIR)
    waiting = inbox / run.file_name
    if not waiting.exists():
        failed = sorted(Path(settings.ERP_FAILED_DIR).glob(f"*{run.file_name}"), key=lambda path: path.stat().st_mtime)
        candidates = [path for path in failed if path.name == run.file_name or path.name.endswith(f"-{run.file_name}")]
        if not candidates:
            raise ImportNotRetryable(
                _("Le fichier %(name)s n'est plus parmi les fichiers refusés : déposez-le à nouveau.")
                % {"name": run.file_name}
            )
        _private_dir(inbox)
        shutil.move(candidates[-1], waiting)
    with transaction.atomic():
        if run.status == RunStatus.RUNNING:
            ImportRun.objects.filter(pk=run.pk).update(
                status=RunStatus.FAILED,
                finished_at=timezone.now(),
                message=_("Import interrompu (le processus s'est arrêté) : rien n'a été importé."),
            )
        log(instance=run, action="erp.import_retried", user=user, data={"file": run.file_name})
        enqueue_on_commit(tasks.erp_drop_folder_import)
    logger.info("ERP import %s retried by %s", run.pk, user)
    return waiting
