"""Factories for requests, and real files (JPEG, PNG, PDF) made on the fly."""

import io
import struct
import uuid
import zlib

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfWriter

from portal.requests.enums import RequestStatus
from portal.requests.models import RequestCategory, StaffProfile, TenantRequest
from tests.factories import LeaseFactory, TenantUserFactory


class RequestCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RequestCategory
        django_get_or_create = ("parent", "name")

    name = factory.Sequence(lambda n: f"Catégorie {n}")
    parent = None


class TenantRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TenantRequest

    reference = factory.Sequence(lambda n: f"D-2026-{900000 + n:06d}")
    lease = factory.SubFactory(LeaseFactory)
    author = None
    category = factory.SubFactory(RequestCategoryFactory)
    description = "La chasse d'eau fuit en continu."
    contact_phone = "06 12 34 56 78"
    contact_email = "contact@example.org"
    contact_slots = ["mon-am"]
    status = RequestStatus.SENT
    form_token = factory.LazyFunction(uuid.uuid4)


class StaffProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffProfile


def tenant_on(lease, **kwargs):
    return TenantUserFactory(signatory__lease=lease, **kwargs)


def jpeg_bytes(size=(64, 48), exif=True) -> bytes:
    image = Image.new("RGB", size, (200, 30, 30))
    out = io.BytesIO()
    if exif:
        data = Image.Exif()
        data[0x010F] = "PhoneMaker"  # Make
        data[0x0110] = "Model X"  # Model
        image.save(out, "JPEG", exif=data.tobytes())
    else:
        image.save(out, "JPEG")
    return out.getvalue()


def png_bytes(size=(32, 32)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (0, 90, 200)).save(out, "PNG")
    return out.getvalue()


def pdf_bytes() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def huge_png_header(width=20000, height=20000) -> bytes:
    """A tiny PNG file that declares 20000 x 20000 pixels: Pillow reads the size before any pixel."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00")) + chunk(b"IEND", b"")


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)
