"""Writes of « Mes documents »: storing a PDF for a lease, the drop-folder import, staff uploads.

Every document goes through `document_store`: one place that files the PDF in the lease's private
filer folder, refuses a second notice for the same month, and tells the tenants once committed.
"""

import io
import logging
import re
import shutil
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from filer.models import File, Folder
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from portal.core.models import SiteSettings
from portal.core.tasks import enqueue_on_commit
from portal.leases.models import Lease

from . import tasks
from .enums import ONE_PER_PERIOD_KINDS, DocumentKind, DocumentSource, RunKind, RunStatus
from .ledger import notice_build
from .models import Document, DocumentRun
from .pdfs import notice_pdf
from .periods import period_label, period_next, period_parse

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
    root = Folder.objects.filter(parent=None, name=ROOT_FOLDER_NAME).order_by("pk").first()
    if root is None:
        root = Folder.objects.create(parent=None, name=ROOT_FOLDER_NAME)
    folder, _created = Folder.objects.get_or_create(parent=root, name=lease.tenant_number)
    return folder


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
) -> tuple[Document, bool]:
    """File a PDF for a lease and record it. Returns (document, created).

    Safe to call twice: a second notice or charges statement for the same lease and month is not
    stored, the existing one is returned with created=False.
    """
    kind = DocumentKind(kind)
    if kind in ONE_PER_PERIOD_KINDS:
        existing = Document.objects.filter(lease=lease, kind=kind, period=period).first()
        if existing:
            return existing, False
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
        with transaction.atomic():
            document.file = File.objects.create(
                file=ContentFile(content, name=document.download_name),
                original_filename=document.download_name,
                name=document.title,
                folder=lease_folder(lease=lease),
                is_public=False,
            )
            document.save()
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
        message = _("aucune ligne quittancée pour %(period)s dans le compte") % {"period": period_label(period)}
        raise NothingBilled(message)
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


def notices_generate(*, period: date, triggered_by: str, progress=None) -> DocumentRun:
    """Every paperless lease's notice for `period`. One failing lease is recorded in the run's
    errors and the others go on; leases that already have theirs are counted, not redone.

    `progress` wraps the lease iterable (the command passes a tqdm bar)."""
    counter = run_start(kind=RunKind.GENERATION, triggered_by=triggered_by, period=period)
    landlord = SiteSettings.load()
    # A list, not a server-side cursor: an inline task (sync django-q) may close the connection.
    leases = list(paperless_leases(period=period))
    iterable = progress(leases, len(leases)) if progress else leases
    for lease in iterable:
        try:
            _document, created = notice_generate(lease=lease, period=period, created_by=triggered_by, landlord=landlord)
        except Exception as error:  # one lease must not stop the month's run
            if not isinstance(error, NothingBilled):
                logger.exception("notice of lease %s for %s failed", lease.tenant_number, period)
            counter.error(f"{lease.tenant_number} : {error}")
            continue
        if created:
            counter.created()
        else:
            counter.skipped()
    return counter.finish()
