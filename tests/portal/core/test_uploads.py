"""File checks: the type comes from the content, photos lose their metadata, huge images are refused."""

import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from portal.core.uploads import clean_upload
from tests.portal.requests.factories import huge_png_header, jpeg_bytes, pdf_bytes, png_bytes, upload


def test_a_photo_is_reencoded_without_its_exif_metadata_and_gets_a_thumbnail():
    original = jpeg_bytes(size=(800, 600))
    assert Image.open(io.BytesIO(original)).getexif()  # the test photo does carry EXIF

    clean = clean_upload(upload("salle de bain.jpg", original, "image/jpeg"))

    assert clean.content_type == "image/jpeg"
    assert clean.name == "salle de bain.jpg"
    image = Image.open(io.BytesIO(clean.content))
    assert image.size == (800, 600)
    assert not image.getexif()
    thumbnail = Image.open(io.BytesIO(clean.thumbnail))
    assert max(thumbnail.size) <= 320


def test_a_png_is_accepted():
    clean = clean_upload(upload("plan.png", png_bytes()))
    assert clean.content_type == "image/png"
    assert clean.thumbnail


def test_a_renamed_exe_is_refused():
    executable = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200
    with pytest.raises(ValidationError, match="ni une photo"):
        clean_upload(upload("photo.jpg", executable, "image/jpeg"))


def test_a_12_mb_photo_is_refused_with_the_limit_in_the_message():
    big = jpeg_bytes() + b"\x00" * (12 * 1024 * 1024)
    with pytest.raises(ValidationError, match="10 Mo"):
        clean_upload(upload("grande.jpg", big, "image/jpeg"))


def test_a_pdf_named_jpg_is_kept_as_a_pdf():
    clean = clean_upload(upload("facture.jpg", pdf_bytes(), "image/jpeg"))
    assert clean.content_type == "application/pdf"
    assert clean.name == "facture.pdf"
    assert clean.thumbnail is None


def test_a_20000_by_20000_image_is_refused_with_a_clear_message():
    with pytest.raises(ValidationError, match="trop grande"):
        clean_upload(upload("panorama.png", huge_png_header(), "image/png"))


def test_a_truncated_image_is_refused():
    with pytest.raises(ValidationError, match="illisible"):
        clean_upload(upload("abimee.jpg", jpeg_bytes()[:60], "image/jpeg"))


def test_a_fake_pdf_is_refused():
    with pytest.raises(ValidationError, match="PDF"):
        clean_upload(upload("doc.pdf", b"%PDF-1.4 pas vraiment un PDF", "application/pdf"))
