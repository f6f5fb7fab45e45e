"""One private storage, one root: the reverse proxy serves every kind of private file from one mapping."""

import os
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.db.models import FileField
from django.db.models.fields.files import FieldFile
from django.http import Http404

from portal.core.models import PendingUpload
from portal.core.storage import PrivateS3Storage, PublicMediaS3Storage, private_file_response
from tests.factories import TenantUserFactory

PDF = {"content_type": "application/pdf", "filename": "a.pdf"}


@pytest.fixture
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


@pytest.fixture
def stored(db, private_root):
    pending = PendingUpload(user=TenantUserFactory(), form_token="8c6f0f3e-7f37-4f5e-9a8a-0d8f1c0e2a11")
    pending.original_name, pending.content_type, pending.size = "a.pdf", "application/pdf", 13
    pending.file.save("attestation.pdf", ContentFile(b"%PDF-1.4 test"), save=False)
    pending.save()
    return pending.file


def test_django_streams_the_file_with_private_headers(stored, settings):
    settings.PRIVATE_MEDIA_X_ACCEL_PREFIX = ""
    response = private_file_response(stored, as_attachment=True, **PDF)
    assert b"".join(response.streaming_content) == b"%PDF-1.4 test"
    response.file_to_stream.close()  # closing the response would also close the DB connection
    assert response["Content-Disposition"] == 'attachment; filename="a.pdf"'
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_reverse_proxy_sends_the_bytes_when_configured(stored, settings, private_root):
    settings.PRIVATE_MEDIA_X_ACCEL_PREFIX = "/prive/"
    response = private_file_response(stored, as_attachment=False, **PDF)
    path = response["X-Accel-Redirect"]
    assert path.startswith("/prive/uploads/") and path.endswith("/attestation.pdf")
    # The proxy's one internal location is aliased to PRIVATE_MEDIA_ROOT: the path lands on the file.
    assert (Path(private_root) / path.removeprefix("/prive/")).read_bytes() == b"%PDF-1.4 test"
    assert response.content == b""
    assert response["Content-Disposition"] == 'inline; filename="a.pdf"'


def test_no_file_or_a_file_gone_from_disk_is_a_404(stored, settings):
    settings.PRIVATE_MEDIA_X_ACCEL_PREFIX = ""
    with pytest.raises(Http404):
        private_file_response(None, as_attachment=True, **PDF)
    os.remove(stored.path)
    with pytest.raises(Http404):
        private_file_response(stored, as_attachment=True, **PDF)


def test_private_files_have_no_public_url(stored):
    with pytest.raises(ValueError, match="no public URL"):
        stored.url  # noqa: B018


def _bucket_file(name: str) -> FieldFile:
    # Presigning is computed locally by botocore: no bucket is contacted.
    storage = PrivateS3Storage(
        bucket_name="portail",
        endpoint_url="http://127.0.0.1:9",
        access_key="k",
        secret_key="s",
        region_name="eu-west-3",
    )
    return FieldFile(None, FileField(storage=storage), name)


def test_from_the_bucket_the_proxy_fetches_a_presigned_url_valid_a_minute(settings):
    settings.PRIVATE_MEDIA_X_ACCEL_PREFIX = "/prive/"
    response = private_file_response(
        _bucket_file("requests/2026/11/fuite.jpg"), content_type="image/jpeg", filename="fuite.jpg", as_attachment=False
    )
    assert response.content == b""
    assert response["X-Accel-Redirect"] == "/prive/"
    url = response["X-Private-Url"]
    assert url.startswith("http://127.0.0.1:9/portail/private/requests/2026/11/fuite.jpg?")
    assert "X-Amz-Expires=60" in url and "X-Amz-Signature=" in url
    assert "response-content-type=image%2Fjpeg" in url
    assert "response-content-disposition=inline" in url
    assert response["Content-Disposition"] == 'inline; filename="fuite.jpg"'


def test_a_private_file_in_the_bucket_has_no_url_of_its_own():
    with pytest.raises(ValueError, match="no public URL"):
        _bucket_file("dossier/attestation.pdf").url  # noqa: B018


def test_public_media_in_the_bucket_are_served_from_the_portals_own_origin():
    storage = PublicMediaS3Storage(bucket_name="portail", access_key="k", secret_key="s")
    assert storage.url("images/logo.png") == "/media/images/logo.png"
