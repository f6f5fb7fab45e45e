"""Where insurance certificates live: under PRIVATE_MEDIA_ROOT, never under a public URL."""

from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse, Http404, HttpResponse
from django.utils.http import content_disposition_header


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
    return PrivateDossierStorage()


def private_file_response(field_file, *, content_type: str, filename: str):
    """Send a private file after the caller checked who may read it (the reverse proxy sends it when configured)."""
    if not field_file:
        raise Http404
    prefix = settings.PRIVATE_MEDIA_X_ACCEL_PREFIX
    if prefix:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = f"{prefix.rstrip('/')}/dossier/{field_file.name}"
        response["Content-Disposition"] = content_disposition_header(False, filename)
    else:
        try:
            handle = field_file.open("rb")
        except FileNotFoundError as error:
            raise Http404 from error
        response = FileResponse(handle, content_type=content_type, filename=filename)
    response["Cache-Control"] = "private, no-store"
    return response
