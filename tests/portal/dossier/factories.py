"""Factories and real proof files (PDF, PNG) for the tenant-file tests."""

import io
from datetime import timedelta

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image
from pypdf import PdfWriter

from portal.dossier.enums import ChangeKind
from portal.dossier.models import ChangeRequest, Insurance
from tests.factories import LeaseFactory


def pdf_bytes() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), "white").save(buffer, format="PNG")
    return buffer.getvalue()


def pdf_upload(name="attestation.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


class InsuranceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Insurance

    lease = factory.SubFactory(LeaseFactory)
    insurer = "MAIF"
    policy_number = factory.Sequence(lambda n: f"POL-{n}")
    valid_until = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=200))
    valid_from = factory.LazyAttribute(lambda o: o.valid_until - timedelta(days=364))
    verified_at = factory.LazyFunction(timezone.now)


class ChangeRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChangeRequest

    lease = factory.SubFactory(LeaseFactory)
    kind = ChangeKind.HOUSEHOLD_ADD
    payload = factory.LazyFunction(
        lambda: {
            "before": {},
            "after": {"last_name": "DURAND", "first_name": "Lou", "birth_date": "2020-02-02", "relationship": "child"},
        }
    )
