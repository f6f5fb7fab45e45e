"""Mode renforcé: a personal sign-up code per signatory, imported from the management system,
printed on the rent notice, asked by « Créer mon compte », serving once."""

from datetime import date
from pathlib import Path

import pytest
from django.urls import reverse

from portal.accounts.models import SignupCode, User
from portal.core.models import SiteSettings
from portal.documents.ledger import notice_build
from portal.documents.pdfs import notice_pdf
from portal.erp.enums import ImportKind
from portal.erp.services import erp_file_import
from tests.factories import SignatoryFactory
from tests.portal.documents.factories import bill_month, pdf_text

from .conftest import mails_to, page_text, signup_data

SIGNUP = reverse("accounts:signup")


@pytest.fixture
def strong_mode(db):
    site_settings = SiteSettings.load()
    site_settings.signup_code_required = True
    site_settings.save()


@pytest.fixture
def codes_file(tmp_path, lucas):
    lucas.external_id = "SIG-300003-1"
    lucas.save()
    path = tmp_path / "signup_codes.csv"
    path.write_text("code_signataire;code_inscription\nSIG-300003-1;H7KQ-2M9X\n", encoding="utf-8")
    return path


def _import(path):
    return erp_file_import(kind=ImportKind.SIGNUP_CODES, path=Path(path), source="test")


def test_the_mode_is_off_by_default(client, lucas):
    assert "Code personnel d'inscription" not in page_text(client.get(SIGNUP))
    assert client.post(SIGNUP, signup_data()).url == reverse("accounts:signup_sent")


def test_with_the_mode_on_the_identity_alone_is_not_enough(client, lucas, codes_file, strong_mode):
    _import(codes_file)
    page = page_text(client.get(SIGNUP))
    assert "Code personnel d'inscription" in page

    wrong = client.post(SIGNUP, signup_data(signup_code="AAAA-BBBB"))

    assert "code personnel d'inscription imprimé à votre nom" in page_text(wrong)
    assert not User.objects.filter(signatory=lucas).exists()


def test_the_code_serves_once(client, lucas, codes_file, strong_mode):
    _import(codes_file)

    accepted = client.post(SIGNUP, signup_data(signup_code="h7kq 2m9x"))
    assert accepted.url == reverse("accounts:signup_sent")
    User.objects.filter(signatory=lucas).delete()

    again = client.post(SIGNUP, signup_data(signup_code="H7KQ2M9X", email="autre@example.org"))
    assert "Nous n'avons pas pu vérifier votre identité" in page_text(again)
    assert mails_to("autre@example.org") == []
    stored = SignupCode.objects.get(signatory=lucas)
    assert stored.code == ""  # only its hash remains


def test_importing_the_same_file_again_does_not_revive_a_used_code(client, lucas, codes_file, strong_mode):
    _import(codes_file)
    client.post(SIGNUP, signup_data(signup_code="H7KQ2M9X"))

    run = _import(codes_file)

    assert run.unchanged_count == 1
    assert SignupCode.objects.get(signatory=lucas).used_at is not None


def test_unknown_signatories_and_bad_codes_are_reported_by_line(tmp_path, lucas):
    path = tmp_path / "signup_codes.csv"
    path.write_text("code_signataire;code_inscription\nSIG-INCONNU;H7KQ2M9X\nSIG-X;court\n", encoding="utf-8")

    run = _import(path)

    assert [error["line"] for error in run.error_lines] == [2, 3]
    assert not SignupCode.objects.exists()


def test_the_rent_notice_prints_the_code_of_each_signatory_without_a_login(lucas, codes_file, strong_mode):
    partner = SignatoryFactory(lease=lucas.lease, first_name="Emma", last_name="PETIT", external_id="SIG-300003-2")
    codes_file.write_text(
        "code_signataire;code_inscription\nSIG-300003-1;H7KQ2M9X\nSIG-300003-2;P3WZ8R4T\n", encoding="utf-8"
    )
    _import(codes_file)
    User.objects.create_user("emma@example.org", "x", signatory=partner, is_active=True)
    bill_month(lucas.lease, date(2026, 11, 1))

    text = pdf_text(notice_pdf(notice=notice_build(lease=lucas.lease, period=date(2026, 11, 1), ics="FR12ZZZ123456")))

    assert "Lucas PETIT : H7KQ2M9X" in text
    assert "P3WZ8R4T" not in text


def test_the_codes_are_never_listed_in_the_django_admin(admin_client, lucas, codes_file):
    _import(codes_file)
    assert admin_client.get("/django-admin/").status_code == 200
    assert "H7KQ2M9X" not in admin_client.get("/django-admin/").content.decode()
    assert admin_client.get("/django-admin/accounts/signupcode/").status_code == 404
