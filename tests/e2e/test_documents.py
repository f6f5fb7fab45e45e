"""« Mes documents » in a real browser: find the notice, download it, get a real PDF."""

from datetime import date, timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import PASSWORD, TenantUserFactory
from tests.portal.documents.conftest import private_files_in_tmp  # noqa: F401 (autouse)
from tests.portal.documents.factories import bill_month, pay, stored_document

from .conftest import assert_accessible, log_in


@pytest.fixture
def claire(db):
    user = TenantUserFactory(email="claire.docs@example.org", signatory__first_name="Claire")
    lease = user.signatory.lease
    this_month = timezone.localdate().replace(day=1)
    last_month = (this_month - timedelta(days=1)).replace(day=1)
    lease.paperless_since = timezone.now() - timedelta(days=70)
    lease.save()
    stored_document(lease, period=last_month)
    stored_document(lease, period=this_month)
    bill_month(lease, last_month)
    pay(lease, "508.80", last_month + timedelta(days=4), "e2e")
    return user, last_month


def test_tenant_downloads_a_notice_and_a_receipt_as_real_pdfs(page, claire):
    user, last_month = claire
    log_in(page, user.email, PASSWORD)
    expect(page.get_by_role("heading", name="Bonjour Claire")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("navigation", name="Navigation principale").get_by_role("link", name="Mes documents").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes documents")
    expect(page.get_by_text("Ceux qui datent d'avant ne peuvent pas être mis en ligne")).to_be_visible()
    assert_accessible(page)

    with page.expect_download() as notice:
        page.get_by_role("link", name=f"Télécharger Avis d'échéance {_month(last_month)} (PDF)").click()
    assert notice.value.suggested_filename == f"avis-echeance-{last_month:%Y-%m}.pdf"
    assert Path(notice.value.path()).read_bytes().startswith(b"%PDF-")

    with page.expect_download() as receipt:
        page.get_by_role("link", name=f"Quittance de loyer {_month(last_month)} (PDF)").click()
    assert receipt.value.suggested_filename == f"quittance-loyer-{last_month:%Y-%m}.pdf"
    assert Path(receipt.value.path()).read_bytes().startswith(b"%PDF-")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes documents")
    assert_accessible(page)


def _month(period: date) -> str:
    from portal.documents.periods import period_label

    return period_label(period)
