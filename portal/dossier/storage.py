"""Where insurance certificates live: under PRIVATE_MEDIA_ROOT, never under a public URL."""

from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage

from portal.object_storage import object_storage_enabled, private_s3_storage
from portal.private_files import private_file_response as send_private_file


class PrivateDossierStorage(FileSystemStorage):
    """Read from settings at each use, so that a changed PRIVATE_MEDIA_ROOT (tests) is honoured."""

    def __init__(self):
        super().__init__(base_url=None)

    @property
    def base_location(self):
        return Path(settings.PRIVATE_MEDIA_ROOT) / "dossier"

    @property
    def location(self):
        return str(self.base_location.resolve())

    def url(self, name):
        raise NotImplementedError("Private files have no public URL: serve them through a permission-checked view.")


def private_storage():
    """Callable storage of the certificate fields (a callable keeps migrations free of paths)."""
    return private_s3_storage("dossier") if object_storage_enabled() else PrivateDossierStorage()


def private_file_response(field_file, *, content_type: str, filename: str):
    """Send a certificate after the caller checked who may read it."""
    return send_private_file(
        field_file,
        content_type=content_type,
        filename=filename,
        as_attachment=False,
    )
