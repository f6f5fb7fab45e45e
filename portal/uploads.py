"""Checks and clean-up of the files tenants join: type read from the content, images re-encoded.

A file is accepted only if its content is a JPEG, a PNG or a PDF, whatever its name says. Photos
are decoded and re-encoded by Pillow, which drops their metadata (EXIF: GPS position, device...),
and get a server-side thumbnail.
"""

import io
import warnings
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, ImageOps
from pypdf import PdfReader
from pypdf.errors import PdfReadError

MAX_FILES = 5
MAX_FILE_SIZE = 10 * 1024 * 1024
# 40 megapixels covers every phone camera; a larger image is refused before it is decoded.
MAX_IMAGE_PIXELS = 40_000_000
THUMBNAIL_SIZE = (320, 320)
ACCEPT = ".jpg,.jpeg,.png,.pdf,image/jpeg,image/png,application/pdf"

_JPEG_MAGIC = b"\xff\xd8\xff"
_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
_PDF_MAGIC = b"%PDF-"


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
    return CleanFile(name=f"{Path(original).stem}.pdf", content=data, content_type="application/pdf", thumbnail=None)


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


def _reencode(image: Image.Image, kind: str) -> bytes:
    # A fresh image from the pixels alone: no EXIF, no XMP, no ICC comments survive.
    if kind == "JPEG":
        pixels = image.convert("RGB")
        out = io.BytesIO()
        pixels.save(out, "JPEG", quality=85, optimize=True)
    else:
        mode = image.mode if image.mode in ("RGB", "RGBA", "L", "LA", "P") else "RGBA"
        pixels = image.convert(mode)
        fresh = Image.new(pixels.mode, pixels.size)
        if pixels.mode == "P":
            fresh.putpalette(pixels.getpalette())
        fresh.paste(pixels)
        out = io.BytesIO()
        fresh.save(out, "PNG", optimize=True)
    return out.getvalue()


def _thumbnail(image: Image.Image) -> bytes:
    small = image.convert("RGB")
    small.thumbnail(THUMBNAIL_SIZE)
    out = io.BytesIO()
    small.save(out, "JPEG", quality=80)
    return out.getvalue()
