"""Files tenants join (requests, insurance proofs...): checks, clean-up, and pending uploads.

A file is accepted only if its content is a JPEG, a PNG or a PDF, whatever its name says. Photos
are decoded and re-encoded from their pixels alone, so no metadata segment survives (EXIF: GPS
position, device..., XMP, ICC, JPEG comments), and get a server-side thumbnail. A PDF with active
content (scripts, launched programs, embedded files, automatic actions) is refused, not cleaned.
A checked file joined to a form that is not sent yet is kept as a `PendingUpload`, so that a
rejected form never loses it.
"""

import io
import uuid
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageOps
from pypdf import PdfReader
from pypdf.errors import PdfReadError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from .models import PendingUpload, StoredFile
from .storage import private_file_response

MAX_FILES = 5
MAX_FILE_SIZE = 10 * 1024 * 1024
# 40 megapixels covers every phone camera; a larger image is refused before it is decoded.
MAX_IMAGE_PIXELS = 40_000_000
THUMBNAIL_SIZE = (320, 320)
ACCEPT = ".jpg,.jpeg,.png,.pdf,image/jpeg,image/png,application/pdf"

_JPEG_MAGIC = b"\xff\xd8\xff"
_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
_PDF_MAGIC = b"%PDF-"
# What makes a PDF act when it is opened or clicked: scripts, launched programs, embedded files,
# automatic actions (/OpenAction is harmless alone: it is refused when its action is a script).
_PDF_ACTIVE_KEYS = {"/JS", "/JavaScript", "/Launch", "/EmbeddedFile", "/EmbeddedFiles", "/AA", "/RichMedia", "/XFA"}
_PDF_ACTIVE_ACTIONS = {"/JavaScript", "/Launch", "/ImportData", "/SubmitForm", "/RichMediaExecute"}
_PDF_MAX_OBJECTS = 200_000


@dataclass
class CleanFile:
    name: str
    content: bytes
    content_type: str
    thumbnail: bytes | None


def clean_upload(uploaded) -> CleanFile:
    """Return the checked file ready to store, or raise ValidationError with a French message."""
    original = Path(uploaded.name or "fichier").name
    if uploaded.size > MAX_FILE_SIZE:
        raise ValidationError(
            _("« %(name)s » dépasse 10 Mo : réduisez la photo ou scannez le document en moins haute qualité.")
            % {"name": original}
        )
    uploaded.seek(0)
    data = uploaded.read()
    head = data[:8]
    if head.startswith(_PDF_MAGIC):
        return _clean_pdf(original, data)
    if head.startswith(_JPEG_MAGIC) or head.startswith(_PNG_MAGIC):
        return _clean_image(original, data)
    raise ValidationError(_("« %(name)s » n'est ni une photo (JPEG, PNG) ni un document PDF.") % {"name": original})


def _clean_pdf(original: str, data: bytes) -> CleanFile:
    try:
        reader = PdfReader(io.BytesIO(data))
        if len(reader.pages) == 0:
            raise PdfReadError("no page")
    except (PdfReadError, ValueError, KeyError, TypeError) as error:
        raise ValidationError(_("« %(name)s » n'est pas un PDF lisible.") % {"name": original}) from error
    if _pdf_has_active_content(reader):
        raise ValidationError(
            _(
                "« %(name)s » contient du contenu actif (script, pièce jointe ou action automatique) : "
                "enregistrez-le à nouveau en PDF simple (Imprimer, puis « Enregistrer au format PDF ») "
                "et envoyez ce nouveau fichier."
            )
            % {"name": original}
        )
    return CleanFile(name=f"{Path(original).stem}.pdf", content=data, content_type="application/pdf", thumbnail=None)


def _pdf_has_active_content(reader: PdfReader) -> bool:
    """Walk every object reachable from the trailer (names are read decoded, inside object streams
    too, so « /J#53 » or a compressed catalogue hide nothing). A PDF too deep to walk is refused."""
    seen: set[tuple[int, int]] = set()
    stack: list = [reader.trailer]
    for _visited in range(_PDF_MAX_OBJECTS):
        if not stack:
            return False
        node = stack.pop()
        if isinstance(node, IndirectObject):
            if (node.idnum, node.generation) in seen:
                continue
            seen.add((node.idnum, node.generation))
            node = node.get_object()
        if isinstance(node, DictionaryObject):
            if _PDF_ACTIVE_KEYS & set(node.keys()) or node.get("/S") in _PDF_ACTIVE_ACTIONS:
                return True
            if node.get("/Type") == "/EmbeddedFile" or node.get("/Subtype") == "/FileAttachment":
                return True
            stack.extend(value for key, value in node.items() if key not in ("/Parent", "/P"))
        elif isinstance(node, ArrayObject):
            stack.extend(node)
    return True


def _too_large_message(original: str) -> str:
    return _(
        "« %(name)s » est une image trop grande (plus de 40 millions de pixels) : envoyez une photo plus petite."
    ) % {"name": original}


def _clean_image(original: str, data: bytes) -> CleanFile:
    try:
        with warnings.catch_warnings():
            # Pillow only warns between its own limit and twice it; treat that as an error too.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                if probe.width * probe.height > MAX_IMAGE_PIXELS:
                    raise ValidationError(_too_large_message(original))
                probe.verify()
            with Image.open(io.BytesIO(data)) as image:
                image.load()
                image = ImageOps.exif_transpose(image)
                kind = "PNG" if data.startswith(_PNG_MAGIC) else "JPEG"
                clean = _reencode(image, kind)
                thumbnail = _thumbnail(image)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ValidationError(_too_large_message(original)) from error
    except ValidationError:
        raise
    except (OSError, SyntaxError, ValueError) as error:
        raise ValidationError(_("« %(name)s » est une image illisible ou abîmée.") % {"name": original}) from error
    suffix = ".png" if kind == "PNG" else ".jpg"
    return CleanFile(
        name=f"{Path(original).stem}{suffix}",
        content=clean,
        content_type="image/png" if kind == "PNG" else "image/jpeg",
        thumbnail=thumbnail,
    )


def _pixels_only(image: Image.Image, mode: str) -> Image.Image:
    """A fresh image holding the pixels alone: `convert` keeps `info` (a JPEG's COM comment,
    EXIF, XMP, ICC), which Pillow writes back on save."""
    pixels = image.convert(mode)
    fresh = Image.new(pixels.mode, pixels.size)
    if pixels.mode == "P":
        fresh.putpalette(pixels.getpalette())
    fresh.paste(pixels)
    return fresh


def _reencode(image: Image.Image, kind: str) -> bytes:
    out = io.BytesIO()
    if kind == "JPEG":
        _pixels_only(image, "RGB").save(out, "JPEG", quality=85, optimize=True)
    else:
        mode = image.mode if image.mode in ("RGB", "RGBA", "L", "LA", "P") else "RGBA"
        _pixels_only(image, mode).save(out, "PNG", optimize=True)
    return out.getvalue()


def _thumbnail(image: Image.Image) -> bytes:
    small = _pixels_only(image, "RGB")
    small.thumbnail(THUMBNAIL_SIZE)
    out = io.BytesIO()
    small.save(out, "JPEG", quality=80)
    return out.getvalue()


# Pending uploads: a checked file kept between a rejected form and the one that is sent.


def stored_file_write(target: StoredFile, clean: CleanFile) -> None:
    """Put a checked file (and its thumbnail) into a StoredFile row, not saved yet."""
    target.original_name = clean.name
    target.content_type = clean.content_type
    target.size = len(clean.content)
    target.file.save(clean.name, ContentFile(clean.content), save=False)
    if clean.thumbnail:
        target.thumbnail.save("vignette.jpg", ContentFile(clean.thumbnail), save=False)


def stored_file_delete(item: StoredFile) -> None:
    """Delete a stored file's bytes (the row is the caller's)."""
    item.file.delete(save=False)
    if item.thumbnail:
        item.thumbnail.delete(save=False)


def stored_file_response(item: StoredFile, *, thumbnail: bool = False, for_staff: bool = False) -> HttpResponse:
    """Send a stored file (or its thumbnail) after the caller checked the lease or the staff permission.

    Staff get a tenant's file as a download, never opened inside the admin's origin; the
    thumbnails the portal drew itself stay inline."""
    field = item.thumbnail if thumbnail else item.file
    inline = thumbnail or (not for_staff and (item.is_image or item.content_type == "application/pdf"))
    return private_file_response(
        field,
        content_type="image/jpeg" if thumbnail else item.content_type,
        filename=item.original_name,
        as_attachment=not inline,
    )


def pending_upload_create(*, user, form_token: uuid.UUID, clean: CleanFile) -> PendingUpload:
    pending = PendingUpload(user=user, form_token=form_token)
    stored_file_write(pending, clean)
    pending.save()
    return pending


def pending_uploads(*, user, form_token: uuid.UUID | None) -> QuerySet[PendingUpload]:
    """The files this user already joined to the form identified by `form_token`."""
    if form_token is None:
        return PendingUpload.objects.none()
    return PendingUpload.objects.filter(user=user, form_token=form_token).order_by("created_at", "pk")


def pending_upload_get(*, user, pending_id: int) -> PendingUpload:
    """One of the user's own pending files (404 for anyone else's)."""
    try:
        return PendingUpload.objects.get(pk=pending_id, user=user)
    except PendingUpload.DoesNotExist as error:
        raise Http404 from error


def pending_uploads_discard(*, user, form_token: uuid.UUID, ids: Iterable[int] | None = None) -> None:
    """Remove files the user took out of the form (all of the form's when `ids` is None), bytes included."""
    items = pending_uploads(user=user, form_token=form_token)
    if ids is not None:
        items = items.filter(pk__in=list(ids))
    for pending in items:
        stored_file_delete(pending)
        pending.delete()


def pending_uploads_update(*, user, form_token: uuid.UUID, add: Iterable[CleanFile], remove_ids: Iterable[int]) -> None:
    """One try of a form with files (web page or app): drop the files taken out, keep the good new ones."""
    pending_uploads_discard(user=user, form_token=form_token, ids=remove_ids)
    for clean in add:
        pending_upload_create(user=user, form_token=form_token, clean=clean)


def pending_uploads_take(*, user, form_token: uuid.UUID) -> list[PendingUpload]:
    """Hand the form's files over to the caller, who stores their names on its own rows.

    The pending rows are deleted; the files stay where they are (the caller now owns them).
    Call it inside the caller's transaction, so that a failure keeps the pending rows.
    """
    items = list(pending_uploads(user=user, form_token=form_token))
    PendingUpload.objects.filter(pk__in=[item.pk for item in items]).delete()
    return items


def pending_uploads_purge(*, older_than: timedelta | None = None) -> int:
    """Delete pending files left behind by forms never sent, bytes included; return how many."""
    cutoff = timezone.now() - (older_than or settings.PENDING_UPLOAD_MAX_AGE)
    purged = 0
    for pending in PendingUpload.objects.filter(created_at__lt=cutoff).iterator():
        stored_file_delete(pending)
        pending.delete()
        purged += 1
    return purged


def pending_uploads_delete(*, user) -> int:
    """Delete every pending file of a login (« Me désinscrire »), bytes included; return how many."""
    deleted = 0
    for pending in PendingUpload.objects.filter(user=user).iterator():
        stored_file_delete(pending)
        pending.delete()
        deleted += 1
    return deleted
