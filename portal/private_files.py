"""Sending a private file (tenant documents, request attachments, insurance proofs).

Callers check who may read the file first; this only sends it. With PRIVATE_MEDIA_X_ACCEL_PREFIX
set (e.g. /prive/), the reverse proxy sends the bytes and no gunicorn worker waits on a slow
download: from the disk, `X-Accel-Redirect: /prive/<path below PRIVATE_MEDIA_ROOT>` (one internal
location for every kind of file); from the bucket, `X-Accel-Redirect: /prive/` with a presigned
URL in `X-Private-Url`, which the proxy fetches (deploy/nginx/). Without the prefix Django streams
them. Either way the answer is never cached by a shared cache and never sniffed into another type.
"""

from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse
from django.utils.http import content_disposition_header


def _proxy_path(field_file) -> str:
    """Where the file lies below PRIVATE_MEDIA_ROOT, the root of the proxy's internal location."""
    path = getattr(field_file, "path", None) or field_file.name  # a FieldFile, or a File opened by path
    return Path(path).resolve().relative_to(Path(settings.PRIVATE_MEDIA_ROOT).resolve()).as_posix()


def private_file_response(field_file, *, content_type: str, filename: str, as_attachment: bool) -> HttpResponse:
    if not field_file:
        raise Http404
    prefix = settings.PRIVATE_MEDIA_X_ACCEL_PREFIX
    storage = getattr(field_file, "storage", None)
    if prefix:
        response = HttpResponse(content_type=content_type)
        if hasattr(storage, "presigned_url"):
            response["X-Accel-Redirect"] = prefix
            response["X-Private-Url"] = storage.presigned_url(
                field_file.name, content_type=content_type, filename=filename, as_attachment=as_attachment
            )
        else:
            response["X-Accel-Redirect"] = f"{prefix.rstrip('/')}/{_proxy_path(field_file)}"
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
