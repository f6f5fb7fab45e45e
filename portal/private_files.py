"""Sending a private file (tenant documents, request attachments, insurance proofs).

Callers check who may read the file first; this only sends it. With PRIVATE_MEDIA_X_ACCEL_PREFIX
set, the reverse proxy sends the bytes (X-Accel-Redirect to an `internal` location mapped onto
PRIVATE_MEDIA_ROOT); otherwise Django streams them. Either way the answer is never cached by a
shared cache and never sniffed into another type.
"""

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse
from django.utils.http import content_disposition_header


def private_file_response(
    field_file, *, proxy_path: str, content_type: str, filename: str, as_attachment: bool
) -> HttpResponse:
    """`proxy_path`: where the file lies below the proxy's internal location (e.g. "dossier/<name>")."""
    if not field_file:
        raise Http404
    prefix = settings.PRIVATE_MEDIA_X_ACCEL_PREFIX
    if prefix:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = f"{prefix.rstrip('/')}/{proxy_path.lstrip('/')}"
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
