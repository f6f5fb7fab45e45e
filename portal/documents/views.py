"""« Mes documents »: the list, and downloads that always check the tenant's lease."""

from django.conf import settings
from django.http import FileResponse, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from portal.accounts.decorators import tenant_required

from . import selectors


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def private_file_response(*, stored_file, filename: str) -> HttpResponse:
    """Serve a private filer file, after the caller checked the permission.

    With PRIVATE_MEDIA_X_ACCEL_PREFIX set, the reverse proxy sends the bytes (X-Accel-Redirect to
    an `internal` location mapped onto the private filer storage); otherwise Django streams them.
    """
    prefix = settings.PRIVATE_MEDIA_X_ACCEL_PREFIX
    if prefix:
        response = HttpResponse(content_type="application/pdf")
        response["X-Accel-Redirect"] = f"{prefix.rstrip('/')}/{stored_file.file.name}"
        response["Content-Disposition"] = content_disposition_header(True, filename)
        return _private(response)
    response = FileResponse(stored_file.file.open("rb"), as_attachment=True, filename=filename)
    response["Content-Type"] = "application/pdf"
    return _private(response)


@require_GET
@tenant_required
def document_list(request):
    lease = request.lease
    return render(
        request,
        "documents/index.html",
        {"years": selectors.lease_documents_by_year(lease=lease), "paperless_since": lease.paperless_since},
    )


@require_GET
@tenant_required
def document_download(request, document_id: int):
    document = selectors.lease_document(lease=request.lease, document_id=document_id)
    return private_file_response(stored_file=document.file, filename=document.download_name)
