"""Writes of « Mes documents »: storing a PDF for a lease, the drop-folder import, staff uploads.

Every document goes through `document_store`: one place that files the PDF in the lease's private
filer folder, refuses a second notice for the same month, and tells the tenants once committed.
"""

import hashlib
import io
import logging
import os
import re
import shutil
import socket
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import get_connection
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, Max, OuterRef, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from filer.models import File, Folder
from pypdf import PdfReader
from pypdf.errors import PyPdfError
from wagtail.log_actions import log
from wagtail.models import ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update

from portal.accounts.signup_codes import signup_codes_for_notices
from portal.core.models import SiteSettings
from portal.core.tasks import enqueue_on_commit
from portal.leases.models import Lease, Signatory, Unit

from . import emails, tasks
from .enums import ONE_PER_PERIOD_KINDS, ChunkStatus, DocumentKind, DocumentSource, RunKind, RunStatus
from .ledger import notice_build, notices_build
from .models import Document, DocumentRun, DocumentRunChunk
from .pdfs import notice_pdf
from .periods import period_label, period_next, period_parse
from .selectors import documents_tenants_see

logger = logging.getLogger(__name__)

ROOT_FOLDER_NAME = "Documents des baux"


class DocumentAlreadyExists(ValueError):
    """A notice or charges statement of that lease and month is already on the portal."""


class NotAPdf(ValueError):
    """The bytes are not a PDF a tenant could open."""


def pdf_check(*, content: bytes) -> None:
    """Raise NotAPdf unless `content` is a readable PDF with at least one page."""
    if not content.startswith(b"%PDF-"):
        raise NotAPdf(_("ce fichier n'est pas un PDF"))
    try:
        if len(PdfReader(io.BytesIO(content)).pages) == 0:
            raise NotAPdf(_("ce PDF ne contient aucune page"))
    except (PyPdfError, ValueError, KeyError, TypeError) as error:
        raise NotAPdf(_("ce PDF est illisible (%(error)s)") % {"error": error}) from error


def document_title(*, kind: DocumentKind, period: date) -> str:
    if kind == DocumentKind.CHARGES_STATEMENT:
        return _("Régularisation de charges %(period)s") % {"period": period_label(period)}
    return _("%(kind)s %(period)s") % {"kind": kind.label, "period": period_label(period)}


def lease_folder(*, lease: Lease) -> Folder:
    """The lease's private filer folder, « Documents des baux / <numéro de locataire> »."""
    return lease_folders(leases=[lease])[lease.tenant_number]


def lease_folders(*, leases: list[Lease]) -> dict[str, Folder]:
    """The private filer folders of many leases by tenant number, in two or three queries."""
    root = Folder.objects.filter(parent=None, name=ROOT_FOLDER_NAME).order_by("pk").first()
    if root is None:
        root = Folder.objects.create(parent=None, name=ROOT_FOLDER_NAME)
    numbers = {lease.tenant_number for lease in leases}
    folders = {folder.name: folder for folder in Folder.objects.filter(parent=root, name__in=numbers)}
    missing = numbers - set(folders)
    if missing:
        # A first notice for these leases: their folders in one insert. (parent, name) is unique, so
        # a folder another worker made meanwhile is kept, and read back with ours.
        Folder.objects.bulk_create(
            [Folder(parent=root, name=number) for number in sorted(missing)], ignore_conflicts=True
        )
        folders |= {folder.name: folder for folder in Folder.objects.filter(parent=root, name__in=missing)}
    return folders


def _pdf_file_create(*, content: bytes, filename: str, title: str, folder: Folder) -> File:
    """A private filer File for PDF bytes in hand, written once to the private storage.

    Filed through its FileField, filer would read the stored file back for its size and SHA-1 and
    record an easy-thumbnails source for it (a PDF never gets a thumbnail): both come from the
    bytes here, and no source row is written.
    """
    file = File(
        original_filename=filename,
        name=title,
        folder=folder,
        is_public=False,
        _file_size=len(content),
        sha1=hashlib.sha1(content, usedforsecurity=False).hexdigest(),
        mime_type="application/pdf",
    )
    field = File._meta.get_field("file")
    stored_name = field.storages["private"].save(
        field.generate_filename(file, filename), ContentFile(content), max_length=field.max_length
    )
    file._file_data_changed_hint = False  # what filer does after a move: size and SHA-1 are already right
    file.file = stored_name
    file.save()
    return file


def document_store(
    *,
    lease: Lease,
    kind: DocumentKind,
    period: date,
    content: bytes,
    source: DocumentSource,
    created_by: str,
    title: str = "",
    issued_at: datetime | None = None,
    notify: bool = True,
    folder: Folder | None = None,
    checked: bool = False,
) -> tuple[Document, bool]:
    """File a PDF for a lease and record it. Returns (document, created).

    Safe to call twice: a second notice or charges statement for the same lease and month is not
    stored, the existing one is returned with created=False. The notice generation passes the
    lease's `folder` (fetched once per chunk) and `checked=True`: it has just looked for an existing
    notice, and a PDF WeasyPrint wrote is not read back to check it.
    """
    kind = DocumentKind(kind)
    if kind in ONE_PER_PERIOD_KINDS and not checked:
        existing = Document.objects.filter(lease=lease, kind=kind, period=period).first()
        if existing:
            return existing, False
    if not checked:
        pdf_check(content=content)
    document = Document(
        lease=lease,
        kind=kind,
        period=period,
        title=title or document_title(kind=kind, period=period),
        source=source,
        issued_at=issued_at or timezone.now(),
        created_by=created_by,
    )
    try:
        # The reference index (the admin's usage listings) is written in the document's own
        # transaction, rather than by a task per document re-reading it after the commit.
        with transaction.atomic(), disable_reference_index_auto_update():
            document.file = _pdf_file_create(
                content=content,
                filename=document.download_name,
                title=document.title,
                folder=folder or lease_folder(lease=lease),
            )
            document.save()
            ReferenceIndex.create_or_update_for_object(document)
    except IntegrityError:
        # Another worker stored the same notice between our check and our insert.
        existing = Document.objects.filter(lease=lease, kind=kind, period=period).first()
        if existing is None:
            raise
        return existing, False
    if notify:
        enqueue_on_commit(tasks.document_available_send, document.pk)
    logger.debug("document %s stored for lease %s by %s", document.download_name, lease.tenant_number, created_by)
    return document, True


def document_upload(*, lease: Lease, kind: DocumentKind, period: date, title: str, content: bytes, user) -> Document:
    """A staff member files a PDF for a lease from the admin (« Service client »)."""
    document, created = document_store(
        lease=lease,
        kind=kind,
        period=period,
        content=content,
        source=DocumentSource.UPLOADED,
        created_by=f"agent {user.email}",
        title=title,
    )
    if not created:
        raise DocumentAlreadyExists(_("Un document de ce type existe déjà pour ce bail et cette période."))
    return document


# ---- drop-folder import -------------------------------------------------------------------------

DROP_NAME = re.compile(r"^(?P<tenant>[0-9A-Za-z-]+)_(?P<kind>[a-z-]+)_(?P<period>\d{4}-\d{2})\.pdf$", re.IGNORECASE)
PROCESSED_DIR = "traites"
REJECTED_DIR = "rejetes"


@dataclass
class RunCounter:
    run: DocumentRun

    def created(self):
        self.run.created_count += 1

    def skipped(self):
        self.run.skipped_count += 1

    def error(self, message: str):
        self.run.error_count += 1
        self.run.errors.append(message)

    def finish(self) -> DocumentRun:
        self.run.status = RunStatus.DONE_WITH_ERRORS if self.run.error_count else RunStatus.DONE
        self.run.finished_at = timezone.now()
        self.run.save()
        return self.run


def run_start(*, kind: RunKind, triggered_by: str, period: date | None = None) -> RunCounter:
    return RunCounter(DocumentRun.objects.create(kind=kind, triggered_by=triggered_by, period=period))


def documents_import(*, directory: Path | None = None, triggered_by: str) -> DocumentRun:
    """Attach every `<tenant_number>_<kind>_<YYYY-MM>.pdf` of the drop folder to its lease.

    A placed file moves to `traites/`, a file that cannot be placed to `rejetes/` with the reason
    in the run's errors; one bad file never stops the others. Running it again finds nothing new.
    """
    directory = Path(directory or settings.DOCUMENTS_DROP_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    counter = run_start(kind=RunKind.IMPORT, triggered_by=triggered_by)
    stamp = timezone.localdate().isoformat()
    for path in sorted(p for p in directory.iterdir() if p.is_file() and not p.name.startswith(".")):
        try:
            created = _import_one(path=path, triggered_by=triggered_by)
        except Exception as error:  # one unreadable file must not stop the others
            if not isinstance(error, ImportRejected):
                logger.exception("drop-folder import of %s failed", path.name)
            counter.error(f"{path.name} : {error}")
            _move(path, directory / REJECTED_DIR / stamp)
            continue
        if created:
            counter.created()
        else:
            counter.skipped()
        _move(path, directory / PROCESSED_DIR / stamp)
    return counter.finish()


class ImportRejected(ValueError):
    """A drop-folder file that cannot be placed; the message says why, for staff."""


def _import_one(*, path: Path, triggered_by: str) -> bool:
    """Store one drop-folder file; True when new, False when that document was already there."""
    match = DROP_NAME.match(path.name)
    if not match:
        raise ImportRejected(_("nom de fichier incorrect (attendu : <numéro de locataire>_<type>_<AAAA-MM>.pdf)"))
    kind = DocumentKind.from_slug(match["kind"].lower())
    if kind is None:
        raise ImportRejected(_("type de document inconnu « %(kind)s »") % {"kind": match["kind"]})
    try:
        period = period_parse(match["period"])
    except ValueError:
        raise ImportRejected(_("période incorrecte « %(period)s »") % {"period": match["period"]}) from None
    lease = Lease.objects.filter(tenant_number=match["tenant"]).first()
    if lease is None:
        raise ImportRejected(_("numéro de locataire inconnu « %(tenant)s »") % {"tenant": match["tenant"]})
    content = path.read_bytes()
    try:
        _document, created = document_store(
            lease=lease,
            kind=kind,
            period=period,
            content=content,
            source=DocumentSource.IMPORTED,
            created_by=triggered_by,
        )
    except NotAPdf as error:
        raise ImportRejected(str(error)) from error
    return created


def _move(path: Path, target_dir: Path) -> None:
    target_dir.mkdir(parents=True, exist_ok=True)
    target = target_dir / path.name
    counter = 1
    while target.exists():
        target = target_dir / f"{path.stem}-{counter}{path.suffix}"
        counter += 1
    shutil.move(str(path), str(target))


# ---- monthly rent notices ------------------------------------------------------------------------
#
# A generation is a DocumentRun cut into DocumentRunChunks of NOTICES_CHUNK_SIZE leases, each run by
# one background task (`notices_chunk_generate`), so that the month's notices spread over every
# worker of every machine and each task stays well under django-q2's timeout. A notice exists once
# per lease and month (a database constraint), so a chunk run twice, or resumed after its worker
# died, only adds what is missing. `notices_resume` (scheduled) re-queues the chunks of a run whose
# worker is gone; staff retry failed or stuck runs from the admin (`notices_run_retry`).


class NothingBilled(ValueError):
    """The month's quittancement is not in the ledger yet: no notice can be drawn up."""


def paperless_leases(*, period: date):
    """Leases that get their notices on the portal for `period`: paperless, not ended before it."""
    return (
        Lease.objects.filter(paperless_since__isnull=False, paperless_until__isnull=True)
        .filter(start_date__lt=period_next(period))
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=period))
        .order_by("tenant_number")
    )


def _nothing_billed(period: date) -> NothingBilled:
    message = _("aucune ligne quittancée pour %(period)s dans le compte") % {"period": period_label(period)}
    return NothingBilled(message)


def notice_generate(
    *, lease: Lease, period: date, created_by: str, landlord=None, notify: bool = True, issued_at=None
) -> tuple[Document, bool]:
    """Draw up the avis d'échéance of `lease` for `period` from its ledger and file it.

    Safe to call twice: an existing notice for that month is returned as it is (created=False).
    """
    existing = Document.objects.filter(lease=lease, kind=DocumentKind.RENT_NOTICE, period=period).first()
    if existing:
        return existing, False
    landlord = landlord or SiteSettings.load()
    notice = notice_build(lease=lease, period=period, ics=landlord.sepa_creditor_id)
    if not notice.lines:
        raise _nothing_billed(period)
    return document_store(
        lease=lease,
        kind=DocumentKind.RENT_NOTICE,
        period=period,
        content=notice_pdf(
            notice=notice, landlord=landlord, issued_on=timezone.localtime(issued_at).date() if issued_at else None
        ),
        source=DocumentSource.GENERATED,
        created_by=created_by,
        notify=notify,
        issued_at=issued_at,
    )


def notices_generate(*, period: date, triggered_by: str, enqueue: bool = True) -> DocumentRun:
    """Start the generation of every paperless lease's notice for `period`: a run cut into chunks
    of NOTICES_CHUNK_SIZE leases, each queued as a task once committed (unless `enqueue` is False:
    the command then runs the chunks itself, see `notices_chunk_generate`)."""
    lease_ids = list(paperless_leases(period=period).values_list("pk", flat=True))
    size = settings.NOTICES_CHUNK_SIZE
    now = timezone.now()
    with transaction.atomic():
        run = DocumentRun.objects.create(
            kind=RunKind.GENERATION, triggered_by=triggered_by, period=period, started_at=now
        )
        chunks = DocumentRunChunk.objects.bulk_create(
            DocumentRunChunk(run=run, number=number, lease_ids=lease_ids[start : start + size], heartbeat_at=now)
            for number, start in enumerate(range(0, len(lease_ids), size), start=1)
        )
        if not chunks:
            _run_finish(run.pk)
        elif enqueue:
            for chunk in chunks:
                enqueue_on_commit(tasks.notices_chunk_generate, chunk.pk)
    run.refresh_from_db()
    return run


def _chunk_claim(chunk_id: int) -> bool:
    """Take the chunk for this worker: a waiting chunk, or a running one whose worker stopped
    giving signs of life (NOTICES_STUCK_AFTER_SECONDS). False when another worker has it or it is
    finished, so a chunk queued twice is generated once at a time."""
    now = timezone.now()
    stale = now - timedelta(seconds=settings.NOTICES_STUCK_AFTER_SECONDS)
    claimable = Q(status=ChunkStatus.PENDING) | Q(status=ChunkStatus.RUNNING, heartbeat_at__lt=stale)
    return bool(
        DocumentRunChunk.objects.filter(claimable, pk=chunk_id).update(
            status=ChunkStatus.RUNNING,
            started_at=now,
            heartbeat_at=now,
            attempts=F("attempts") + 1,
            worker=f"{socket.gethostname()}:{os.getpid()}",
        )
    )


def notices_chunk_generate(*, chunk_id: int, progress=None) -> DocumentRunChunk | None:
    """Generate the notices of one chunk of a run; the task of each chunk. Returns the chunk, or
    None when it was not ours to run (finished, or running in a live worker).

    Each lease's notice is committed on its own, with the heartbeat when it is due. Then the
    tenants of the notices made by this run and not yet announced are e-mailed over one SMTP
    connection. The counts are drawn from what exists at the end, so a chunk resumed after a
    crash counts the notices its first attempt made as created, not as « déjà présents ».
    `progress` is called with the number of leases done (the command's progress bar).
    """
    if not _chunk_claim(chunk_id):
        return None
    chunk = DocumentRunChunk.objects.select_related("run").get(pk=chunk_id)
    run = chunk.run
    if chunk.attempts > settings.NOTICES_CHUNK_MAX_ATTEMPTS:
        return _chunk_fail(chunk, _("abandonné après %(count)s tentatives") % {"count": chunk.attempts - 1})
    try:
        errors = _chunk_notices(chunk, progress=progress)
        _chunk_announce(chunk)
    except Exception as error:
        # Back in the queue's hands: django-q2 retries the task, or the resume schedule re-queues it.
        logger.exception("notice chunk %s of run %s failed", chunk.number, run.pk)
        DocumentRunChunk.objects.filter(pk=chunk.pk).update(
            status=ChunkStatus.PENDING, heartbeat_at=timezone.now(), errors=[str(error)]
        )
        raise
    notices = Document.objects.filter(lease_id__in=chunk.lease_ids, kind=DocumentKind.RENT_NOTICE, period=run.period)
    chunk.created_count = notices.filter(created_at__gte=run.started_at).count()
    chunk.skipped_count = notices.filter(created_at__lt=run.started_at).count()
    chunk.error_count = len(errors)
    chunk.errors = errors
    chunk.status = ChunkStatus.DONE
    chunk.finished_at = chunk.heartbeat_at = timezone.now()
    chunk.save(
        update_fields=[
            "created_count",
            "skipped_count",
            "error_count",
            "errors",
            "status",
            "finished_at",
            "heartbeat_at",
        ]
    )
    _run_finish(run.pk)
    return chunk


def _chunk_notices(chunk: DocumentRunChunk, *, progress=None) -> list[str]:
    """Draw up and file the chunk's missing notices; returns one error message per failed lease."""
    run = chunk.run
    period = run.period
    landlord = SiteSettings.load()
    leases = list(
        Lease.objects.filter(pk__in=chunk.lease_ids)
        .order_by("tenant_number")
        .prefetch_related(
            Prefetch("signatories", queryset=Signatory.objects.order_by("last_name", "first_name")),
            Prefetch("units", queryset=Unit.objects.select_related("residence").order_by("kind", "reference")),
        )
    )
    done = set(
        Document.objects.filter(lease_id__in=chunk.lease_ids, kind=DocumentKind.RENT_NOTICE, period=period).values_list(
            "lease_id", flat=True
        )
    )
    todo = [lease for lease in leases if lease.pk not in done]
    notices = notices_build(leases=todo, period=period, ics=landlord.sepa_creditor_id) if todo else {}
    folders = lease_folders(leases=todo) if todo else {}
    codes = signup_codes_for_notices(lease_ids=[lease.pk for lease in todo]) if todo else {}
    title = document_title(kind=DocumentKind.RENT_NOTICE, period=period)
    errors = []
    beat = time.monotonic()  # the claim has just moved it
    if progress:
        progress(len(leases) - len(todo))
    for lease in todo:
        try:
            notice = notices[lease.pk]
            if not notice.lines:
                raise _nothing_billed(period)
            # Drawn outside any transaction: no lock is held while WeasyPrint works.
            content = notice_pdf(notice=notice, landlord=landlord, signup_codes=codes.get(lease.pk, {}))
            # The heartbeat, when due, is committed with the notice: one commit per lease, not two.
            with transaction.atomic():
                document_store(
                    lease=lease,
                    kind=DocumentKind.RENT_NOTICE,
                    period=period,
                    content=content,
                    source=DocumentSource.GENERATED,
                    created_by=run.triggered_by,
                    title=title,
                    notify=False,
                    folder=folders[lease.tenant_number],
                    checked=True,
                )
                beat = _chunk_heartbeat(chunk, last=beat)
        except Exception as error:  # one lease must not stop the month's run
            if not isinstance(error, NothingBilled):
                logger.exception("notice of lease %s for %s failed", lease.tenant_number, period)
            errors.append(f"{lease.tenant_number} : {error}")
            beat = _chunk_heartbeat(chunk, last=beat)
        if progress:
            progress(1)
    return errors


def _chunk_heartbeat(chunk: DocumentRunChunk, *, last: float) -> float:
    """The chunk's sign of life, moved when the last one (time.monotonic()) is a tenth of
    NOTICES_STUCK_AFTER_SECONDS old: ten beats before the chunk is taken for stuck, without an
    UPDATE per notice. Returns when it last moved."""
    now = time.monotonic()
    if now - last < settings.NOTICES_STUCK_AFTER_SECONDS / 10:
        return last
    DocumentRunChunk.objects.filter(pk=chunk.pk).update(heartbeat_at=timezone.now())
    return now


def _chunk_announce(chunk: DocumentRunChunk) -> int:
    """E-mail the tenants of the chunk's notices made by this run and not yet announced, over one
    SMTP connection. Each notice is marked once its e-mails are sent: a retried chunk sends the rest."""
    run = chunk.run
    made = Document.objects.filter(
        lease_id__in=chunk.lease_ids,
        kind=DocumentKind.RENT_NOTICE,
        period=run.period,
        created_at__gte=run.started_at,
        notified_at__isnull=True,
    )
    documents = list(documents_tenants_see(made).order_by("pk"))
    if not documents:
        return 0
    with get_connection() as connection:
        return emails.documents_announce(documents=documents, connection=connection)


def _chunk_fail(chunk: DocumentRunChunk, reason: str) -> DocumentRunChunk:
    chunk.status = ChunkStatus.FAILED
    chunk.finished_at = timezone.now()
    chunk.errors = [*chunk.errors, _("lot %(number)s : %(reason)s") % {"number": chunk.number, "reason": reason}]
    chunk.error_count = len(chunk.errors)
    chunk.save(update_fields=["status", "finished_at", "errors", "error_count"])
    _run_finish(chunk.run_id)
    return chunk


def _run_finish(run_id: int) -> None:
    """Close the run once none of its chunks is waiting or running: counts and errors gathered
    from its chunks, « Échoué » if a chunk was given up."""
    with transaction.atomic():
        run = DocumentRun.objects.select_for_update().get(pk=run_id)
        chunks = list(run.chunks.order_by("number"))
        if run.status != RunStatus.RUNNING or any(
            c.status in (ChunkStatus.PENDING, ChunkStatus.RUNNING) for c in chunks
        ):
            return
        run.created_count = sum(c.created_count for c in chunks)
        run.skipped_count = sum(c.skipped_count for c in chunks)
        run.error_count = sum(c.error_count for c in chunks)
        run.errors = [error for c in chunks for error in c.errors]
        if any(c.status == ChunkStatus.FAILED for c in chunks):
            run.status = RunStatus.FAILED
        else:
            run.status = RunStatus.DONE_WITH_ERRORS if run.error_count else RunStatus.DONE
        run.finished_at = timezone.now()
        run.save()


def runs_stuck():
    """Runs « en cours » whose work stopped: a chunk « en cours » silent for
    NOTICES_STUCK_AFTER_SECONDS (its worker died), or no sign of life from any chunk for as long
    (the queue lost the tasks)."""
    stale = timezone.now() - timedelta(seconds=settings.NOTICES_STUCK_AFTER_SECONDS)
    dead_worker = DocumentRunChunk.objects.filter(
        run=OuterRef("pk"), status=ChunkStatus.RUNNING, heartbeat_at__lt=stale
    )
    return (
        DocumentRun.objects.filter(status=RunStatus.RUNNING, kind=RunKind.GENERATION)
        .annotate(last_sign_of_life=Max("chunks__heartbeat_at"))
        .filter(Q(Exists(dead_worker)) | Q(last_sign_of_life__lt=stale))
    )


def notices_resume() -> int:
    """Scheduled: re-queue the chunks whose worker is gone. Returns the number of chunks queued.

    A running chunk silent for NOTICES_STUCK_AFTER_SECONDS lost its worker (killed, machine
    down); it is queued again, or given up after NOTICES_CHUNK_MAX_ATTEMPTS. The waiting chunks of
    a run that gave no sign of life for as long (a queue that lost its tasks) are queued again too;
    those of a run that is moving are just waiting for a free worker.
    """
    stale = timezone.now() - timedelta(seconds=settings.NOTICES_STUCK_AFTER_SECONDS)
    lost = DocumentRunChunk.objects.filter(run__status=RunStatus.RUNNING).filter(
        Q(status=ChunkStatus.RUNNING, heartbeat_at__lt=stale)
        | Q(status=ChunkStatus.PENDING, run__in=runs_stuck().values("pk"))
    )
    queued = 0
    for chunk in lost.select_related("run").order_by("run", "number"):
        if chunk.status == ChunkStatus.RUNNING and chunk.attempts >= settings.NOTICES_CHUNK_MAX_ATTEMPTS:
            _chunk_fail(
                chunk, _("le processus s'est arrêté à chaque tentative (%(count)s)") % {"count": chunk.attempts}
            )
            continue
        # Waiting again, touched so that the next pass leaves it to the worker that takes it.
        DocumentRunChunk.objects.filter(pk=chunk.pk).update(status=ChunkStatus.PENDING, heartbeat_at=timezone.now())
        enqueue_on_commit(tasks.notices_chunk_generate, chunk.pk)
        logger.warning("notice chunk %s of run %s re-queued (no sign of life)", chunk.number, chunk.run_id)
        queued += 1
    return queued


class RunNotRetryable(ValueError):
    """The run is finished without failure, or still moving: there is nothing to retry."""


def run_is_retryable(run: DocumentRun) -> bool:
    if run.kind != RunKind.GENERATION:
        return False
    if run.status in (RunStatus.FAILED, RunStatus.DONE_WITH_ERRORS):
        return True
    return run.status == RunStatus.RUNNING and runs_stuck().filter(pk=run.pk).exists()


def notices_run_retry(*, run_id: int, user) -> int:
    """Staff retry a failed, stuck or partly failed generation: its failed, silent or erring chunks
    go back to the queue with fresh attempts; notices already made stay as they are. Logged in the
    run's history. Returns the number of chunks queued."""
    with transaction.atomic():
        run = DocumentRun.objects.select_for_update().get(pk=run_id)
        if not run_is_retryable(run):
            raise RunNotRetryable(_("Ce traitement n'est ni en échec ni bloqué : rien à relancer."))
        chunks = run.chunks.filter(
            Q(status__in=[ChunkStatus.FAILED, ChunkStatus.PENDING, ChunkStatus.RUNNING]) | Q(error_count__gt=0)
        )
        ids = list(chunks.values_list("pk", flat=True))
        chunks.update(status=ChunkStatus.PENDING, attempts=0, heartbeat_at=timezone.now(), finished_at=None)
        run.status = RunStatus.RUNNING
        run.finished_at = None
        run.save(update_fields=["status", "finished_at"])
        log(instance=run, action="documents.run_retried", user=user, data={"chunks": len(ids)})
        for chunk_id in ids:
            enqueue_on_commit(tasks.notices_chunk_generate, chunk_id)
    logger.info("run %s retried by %s: %s chunk(s) queued", run.pk, user, len(ids))
    return len(ids)
