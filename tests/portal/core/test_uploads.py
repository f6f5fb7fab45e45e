"""File checks: the type comes from the content, photos lose their metadata, huge images are refused."""

import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

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


def test_a_jpeg_comment_segment_does_not_survive():
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (10, 120, 30)).save(out, "JPEG", comment=b"GPS 43.83,4.36 - Mme Dupont")
    original = out.getvalue()
    assert b"Mme Dupont" in original

    clean = clean_upload(upload("photo.jpg", original, "image/jpeg"))

    assert b"Mme Dupont" not in clean.content
    assert b"Mme Dupont" not in clean.thumbnail
    assert "comment" not in Image.open(io.BytesIO(clean.content)).info


def _pdf(change) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    change(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _open_action(kind):
    def change(writer):
        action = {NameObject("/S"): NameObject(kind), NameObject("/F"): TextStringObject("calc.exe")}
        if kind == "/JavaScript":
            action = {NameObject("/S"): NameObject(kind), NameObject("/JS"): TextStringObject("app.alert(1)")}
        writer._root_object[NameObject("/OpenAction")] = DictionaryObject(action)

    return change


def _document_script(writer):
    script = DictionaryObject({NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("x")})
    tree = DictionaryObject({NameObject("/Names"): ArrayObject([TextStringObject("a"), writer._add_object(script)])})
    writer._root_object[NameObject("/Names")] = DictionaryObject({NameObject("/JavaScript"): tree})


def _page_additional_action(writer):
    writer.pages[0][NameObject("/AA")] = DictionaryObject({NameObject("/O"): DictionaryObject()})


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(_document_script, id="JavaScript"),
        pytest.param(_open_action("/JavaScript"), id="OpenAction-JS"),
        pytest.param(_open_action("/Launch"), id="Launch"),
        pytest.param(lambda writer: writer.add_attachment("virus.exe", b"MZ"), id="EmbeddedFile"),
        pytest.param(_page_additional_action, id="AA"),
    ],
)
def test_a_pdf_with_active_content_is_refused_with_a_french_message(change):
    with pytest.raises(ValidationError, match="contient du contenu actif"):
        clean_upload(upload("quittance.pdf", _pdf(change), "application/pdf"))


def test_a_plain_pdf_with_a_go_to_open_action_is_accepted():
    def go_to_first_page(writer):
        writer._root_object[NameObject("/OpenAction")] = ArrayObject([writer.pages[0].indirect_reference])

    assert clean_upload(upload("avis.pdf", _pdf(go_to_first_page), "application/pdf")).content_type == (
        "application/pdf"
    )
