import os

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.http import Http404

from portal.private_files import private_file_response

PDF = {"content_type": "application/pdf", "filename": "a.pdf"}


@pytest.fixture
def stored(tmp_path):
    storage = FileSystemStorage(location=tmp_path)
    name = storage.save("dossier/attestation.pdf", ContentFile(b"%PDF-1.4 test"))
    file = storage.open(name)
    yield file
    file.close()


def test_django_streams_the_file_with_private_headers(stored, settings):
    settings.PRIVATE_MEDIA_X_ACCEL_PREFIX = ""
    response = private_file_response(stored, as_attachment=True, **PDF)
    assert b"".join(response.streaming_content) == b"%PDF-1.4 test"
    response.file_to_stream.close()  # closing the response would also close the DB connection
    assert response["Content-Disposition"] == 'attachment; filename="a.pdf"'
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_reverse_proxy_sends_the_bytes_when_configured(stored, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    settings.PRIVATE_MEDIA_X_ACCEL_PREFIX = "/prive/"
    response = private_file_response(stored, as_attachment=False, **PDF)
    assert response["X-Accel-Redirect"] == "/prive/dossier/attestation.pdf"
    assert response.content == b""
    assert response["Content-Disposition"] == 'inline; filename="a.pdf"'


def test_no_file_or_a_file_gone_from_disk_is_a_404(stored, settings):
    settings.PRIVATE_MEDIA_X_ACCEL_PREFIX = ""
    with pytest.raises(Http404):
        private_file_response(None, as_attachment=True, **PDF)
    stored.close()
    os.remove(stored.name)
    with pytest.raises(Http404):
        private_file_response(stored, as_attachment=True, **PDF)
