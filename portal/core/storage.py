"""Private files (tenant documents, request attachments, insurance proofs, pending uploads).

They live in ONE storage, `STORAGES["private"]`: by default a folder (PRIVATE_MEDIA_ROOT) that no
URL maps to; with AWS_STORAGE_BUCKET_NAME, the bucket's `private/` prefix (PrivateS3Storage). Every
private file's name is its path below that one root (`filer/…`, `requests/…`, `dossier/…`,
`pending/…`), so one internal location of the reverse proxy serves every kind.

Callers check who may read a file first; `private_file_response` only sends it. With
PRIVATE_MEDIA_X_ACCEL_PREFIX set (e.g. /prive/), the reverse proxy sends the bytes and no gunicorn
worker waits on a slow download: from the disk, `X-Accel-Redirect: /prive/<name>`; from the bucket,
`X-Accel-Redirect: /prive/` with a presigned URL valid a minute in `X-Private-Url`, which the proxy
fetches (deploy/nginx/media-s3.conf): the bucket never has to be reachable from the internet.
Otherwise Django streams them. Either way the answer is never cached by a shared cache and never
sniffed into another type.

Public media (Wagtail images, public filer files) go to the bucket's `media/` prefix with
object storage (PublicMediaS3Storage), under /media/ on the portal's own origin (the CSP allows
no other), which the proxy maps to the bucket.
"""

import os
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.http import FileResponse, Http404, HttpResponse
from django.utils.deconstruct import deconstructible
from django.utils.functional import LazyObject
from django.utils.http import content_disposition_header
from storages.backends.s3 import S3Storage

PRIVATE_STORAGE_ALIAS = "private"


@deconstructible
class PrivateFileSystemStorage(FileSystemStorage):
    """The default backend of the private alias: PRIVATE_MEDIA_ROOT, never behind a public URL.

    The folder is read from settings at each use, so that a changed PRIVATE_MEDIA_ROOT (tests,
    deploys) is honoured. `subfolder` keeps filer's private thumbnails apart from the files.
    """

    def __init__(self, subfolder: str = "", **kwargs):
        self.subfolder = subfolder
        super().__init__(base_url=None, **kwargs)

    @property
    def base_location(self):
        return str(Path(settings.PRIVATE_MEDIA_ROOT) / self.subfolder)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Private files have no public URL: serve them through a permission-checked view.")


class PrivateS3Storage(S3Storage):
    """The private alias on object storage: no URL of its own; `presigned_url` is for the proxy only."""

    def __init__(self, **kwargs):
        kwargs.setdefault("location", "private")
        kwargs.setdefault("default_acl", "private")
        kwargs.setdefault("querystring_auth", True)
        super().__init__(**kwargs)

    def url(self, name, parameters=None, expire=None, http_method=None):
        raise ValueError("Private files have no public URL: serve them through a permission-checked view.")

    def presigned_url(self, name: str, *, content_type: str, filename: str, as_attachment: bool) -> str:
        """A GET of `name` valid PRIVATE_MEDIA_URL_EXPIRE seconds, the answer's headers signed in."""
        parameters = {
            "ResponseContentType": content_type,
            "ResponseContentDisposition": content_disposition_header(as_attachment, filename),
            "ResponseCacheControl": "private, no-store",
        }
        return super().url(name, parameters=parameters, expire=settings.PRIVATE_MEDIA_URL_EXPIRE)


class PublicMediaS3Storage(S3Storage):
    """Public media on object storage: URLs on the portal's origin (/media/<name>), mapped by the proxy."""

    def __init__(self, **kwargs):
        self.public_base_url = kwargs.pop("base_url", settings.MEDIA_URL)
        kwargs.setdefault("location", "media")
        super().__init__(**kwargs)

    def url(self, name, parameters=None, expire=None, http_method=None):
        return f"{self.public_base_url.rstrip('/')}/{name.lstrip('/')}"


def private_storage():
    """The storage of every private FileField (a callable keeps migrations free of paths)."""
    return storages[PRIVATE_STORAGE_ALIAS]


class PrivateStorage(LazyObject):
    """The private alias for code that instantiates a storage class itself (django-filer's ENGINE)."""

    def _setup(self):
        self._wrapped = private_storage()


def private_file_response(field_file, *, filename: str, content_type: str, as_attachment: bool) -> HttpResponse:
    """Send a private file that the caller has allowed the visitor to read."""
    if not field_file:
        raise Http404
    prefix = settings.PRIVATE_MEDIA_X_ACCEL_PREFIX
    storage = getattr(field_file, "storage", None)
    if prefix and hasattr(storage, "presigned_url"):
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = prefix
        response["X-Private-Url"] = storage.presigned_url(
            field_file.name, content_type=content_type, filename=filename, as_attachment=as_attachment
        )
    elif prefix:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = f"{prefix.rstrip('/')}/{field_file.name.lstrip('/')}"
    else:
        try:
            handle = field_file.open("rb")
        except (FileNotFoundError, ValueError) as error:  # ValueError: a closed File whose path is gone
            raise Http404 from error
        response = FileResponse(handle, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment, filename)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
