from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from portal.core.phones import phone_display, phone_to_e164
from portal.core.uploads import clean_upload
from portal.dossier.enums import ChangeKind, InsuranceStatus
from portal.dossier.forms import ContactForm
from portal.dossier.selectors import insurance_status

from .factories import ChangeRequestFactory, InsuranceFactory, pdf_bytes, png_bytes

pytestmark = pytest.mark.django_db


def test_insurance_status_follows_the_verified_record_and_pending_certificates(tenant):
    lease = tenant.signatory.lease
    today = timezone.localdate()
    assert insurance_status(lease=lease) == InsuranceStatus.MISSING

    insurance = InsuranceFactory(lease=lease, valid_until=today)
    assert insurance_status(lease=lease, today=today) == InsuranceStatus.UP_TO_DATE
    assert insurance_status(lease=lease, today=today + timedelta(days=1)) == InsuranceStatus.EXPIRED

    insurance.valid_until = today - timedelta(days=1)
    insurance.save()
    ChangeRequestFactory(lease=lease, kind=ChangeKind.INSURANCE)
    assert insurance_status(lease=lease, today=today) == InsuranceStatus.PENDING_VERIFICATION


@pytest.mark.parametrize(
    ("typed", "stored", "shown"),
    [
        ("06 12 34 56 78", "+33612345678", "06 12 34 56 78"),
        ("0466001010", "+33466001010", "04 66 00 10 10"),
        ("+44 20 7946 0958", "+442079460958", "+44 20 7946 0958"),
    ],
)
def test_phones_are_stored_in_e164_and_shown_formatted(typed, stored, shown):
    assert phone_to_e164(typed) == stored
    assert phone_display(stored) == shown


@pytest.mark.parametrize("typed", ["06 12 34", "bonjour", "+33 6 12 34 56 78 90"])
def test_impossible_phone_numbers_are_refused_in_french(typed):
    form = ContactForm({"phone": "", "mobile_phone": typed, "email": ""}, current={})
    assert not form.is_valid()
    assert "numéro" in form.errors["mobile_phone"][0]


def test_contact_form_says_when_nothing_changed():
    form = ContactForm(
        {"phone": "", "mobile_phone": "06 12 34 56 78", "email": "a@example.org"},
        current={"phone": "", "mobile_phone": "06 12 34 56 78", "email": "a@example.org"},
    )
    assert not form.is_valid()
    assert form.non_field_errors() == ["Vous n'avez rien modifié."]


def test_proof_files_are_recognised_from_their_content_not_their_name():
    # « Joindre un fichier » uses the same checks as request attachments (portal/uploads.py).
    assert clean_upload(SimpleUploadedFile("scan.bin", pdf_bytes())).content_type == "application/pdf"
    assert clean_upload(SimpleUploadedFile("photo", png_bytes())).content_type == "image/png"
    with pytest.raises(ValidationError, match="ni une photo"):
        clean_upload(SimpleUploadedFile("attestation.pdf", b"MZ\x90\x00" + b"\x00" * 200))
    with pytest.raises(ValidationError, match="ni une photo"):
        clean_upload(SimpleUploadedFile("attestation.pdf", b"ceci n'est pas un PDF"))
    with pytest.raises(ValidationError, match="pas un PDF lisible"):
        clean_upload(SimpleUploadedFile("attestation.pdf", b"%PDF-1.7\n garbage without pages"))
    with pytest.raises(ValidationError, match="10 Mo"):
        clean_upload(SimpleUploadedFile("grosse.pdf", pdf_bytes() + b"0" * (10 * 1024 * 1024)))
