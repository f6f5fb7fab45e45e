"""A tenant sees and downloads their lease's documents, and nothing else reaches them."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.documents.enums import DocumentKind

from .factories import make_paperless, stored_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def lease(tenant):
    return make_paperless(tenant.signatory.lease)


def test_documents_are_listed_by_year_and_kind_newest_first(tenant_client, lease):
    stored_document(lease, period=date(2025, 12, 1))
    stored_document(lease, period=date(2026, 10, 1))
    stored_document(lease, period=date(2026, 11, 1))
    stored_document(lease, kind=DocumentKind.CHARGES_STATEMENT, period=date(2026, 6, 1))

    response = tenant_client.get(reverse("documents:list"))

    html = response.content.decode()
    assert response.status_code == 200
    assert html.index(">2026<") < html.index(">2025<")
    assert html.index("Avis d&#x27;échéance novembre 2026") < html.index("Avis d&#x27;échéance octobre 2026")
    assert "Régularisation de charges juin 2026" in html
    assert "Ceux qui datent d'avant ne peuvent pas être mis en ligne" in html


def test_documents_issued_before_paperless_are_neither_listed_nor_downloadable(tenant_client, lease):
    lease.paperless_since = timezone.now() - timedelta(days=30)
    lease.save()
    old = stored_document(lease, period=date(2025, 1, 1), issued_at=timezone.now() - timedelta(days=300))

    assert "janvier 2025" not in tenant_client.get(reverse("documents:list")).content.decode()
    assert tenant_client.get(reverse("documents:download", args=[old.pk])).status_code == 404


def test_download_is_a_pdf_with_a_meaningful_name(tenant_client, lease):
    document = stored_document(lease, period=date(2026, 11, 1))

    response = tenant_client.get(reverse("documents:download", args=[document.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="avis-echeance-2026-11.pdf"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert "no-store" in response["Cache-Control"]


def test_another_tenants_document_is_a_404(tenant_client, lease, other_tenant):
    theirs = stored_document(make_paperless(other_tenant.signatory.lease))

    assert tenant_client.get(reverse("documents:download", args=[theirs.pk])).status_code == 404


def test_no_public_url_serves_the_file(client, tenant_client, lease):
    document = stored_document(lease)
    stored = document.file.file
    assert stored.name and not document.file.is_public

    with pytest.raises(ValueError, match="no public URL"):
        stored.storage.url(stored.name)
    for url in (f"/media/{stored.name}", f"/media/filer/{stored.name}", f"/private-files/{stored.name}"):
        for http in (client, tenant_client):
            response = http.get(url)
            assert response.status_code == 404, url
            assert not getattr(response, "content", b"").startswith(b"%PDF")


def test_the_reverse_proxy_is_handed_the_file_when_configured(tenant_client, lease, settings):
    settings.PRIVATE_MEDIA_X_ACCEL_PREFIX = "/interne/prive/"
    document = stored_document(lease)

    response = tenant_client.get(reverse("documents:download", args=[document.pk]))

    assert response["X-Accel-Redirect"] == f"/interne/prive/{document.file.file.name}"
    assert response.content == b""
    assert 'filename="avis-echeance-2026-11.pdf"' in response["Content-Disposition"]


def test_anonymous_visitors_are_sent_to_log_in(client, lease):
    document = stored_document(lease)

    response = client.get(reverse("documents:download", args=[document.pk]))

    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
