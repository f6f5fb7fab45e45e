"""« Mes documents »: the documents issued since the lease went paperless, and their PDF."""

from django.urls import reverse
from ninja import Query, Router

from portal.documents import selectors
from portal.documents.views import serve_document

from ..errors import AUTHENTICATED, errors
from ..pagination import PageQuery, paginate
from ..schemas import DocumentPageOut

router = Router(tags=["Mes documents"])


def _document_out(request, document) -> dict:
    return {
        "id": document.pk,
        "kind": document.kind,
        "kind_label": document.get_kind_display(),
        "title": document.title,
        "period": document.period,
        "issued_at": document.issued_at,
        "download_name": document.download_name,
        "download_url": request.build_absolute_uri(reverse("api-v1:document_download", args=[document.pk])),
    }


@router.get("/documents", response={200: DocumentPageOut, **errors(*AUTHENTICATED)}, summary="Mes documents (paginé)")
def document_list(request, query: Query[PageQuery]):
    return paginate(selectors.lease_documents(lease=request.lease), query, lambda d: _document_out(request, d))


@router.get(
    "/documents/{document_id}/file",
    response={200: bytes, **errors(*AUTHENTICATED, 404)},
    url_name="document_download",
    summary="Télécharger un document (PDF)",
    openapi_extra={"responses": {200: {"description": "Le PDF", "content": {"application/pdf": {}}}}},
)
def document_download(request, document_id: int):
    return serve_document(selectors.lease_document(lease=request.lease, document_id=document_id))
