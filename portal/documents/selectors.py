"""Reads of « Mes documents », always scoped to the signed-in tenant's lease (`request.lease`)."""

from dataclasses import dataclass, field
from itertools import groupby

from django.db.models import Exists, F, OuterRef, QuerySet
from django.shortcuts import get_object_or_404

from portal.leases.models import Lease

from .enums import DocumentKind, RunStatus
from .models import Document, DocumentRun


def lease_documents(*, lease: Lease) -> QuerySet[Document]:
    """The documents a tenant may see: issued since the lease went paperless, newest first."""
    if lease.paperless_since is None:
        return Document.objects.none()
    return (
        Document.objects.filter(lease=lease, issued_at__gte=lease.paperless_since)
        .select_related("file")
        .order_by("-period", "-issued_at", "-id")
    )


def documents_tenants_see(documents: QuerySet[Document]) -> QuerySet[Document]:
    """Of `documents`, of any leases, those their tenants see: `lease_documents`'s rule, issued
    since the lease went paperless (the announcements of a chunk of monthly notices)."""
    return documents.filter(lease__paperless_since__isnull=False, issued_at__gte=F("lease__paperless_since"))


def lease_document(*, lease: Lease, document_id: int) -> Document:
    """One visible document of the lease; any other id (another lease's, older) is a 404."""
    return get_object_or_404(lease_documents(lease=lease), pk=document_id)


@dataclass
class KindGroup:
    kind: DocumentKind
    documents: list[Document]


@dataclass
class YearGroup:
    year: int
    kinds: list[KindGroup] = field(default_factory=list)


def lease_documents_by_year(*, lease: Lease) -> list[YearGroup]:
    """« Mes documents » as shown: by year (newest first), then by kind, newest first in each."""
    kind_order = list(DocumentKind)
    years = []
    for year, documents in groupby(lease_documents(lease=lease), key=lambda d: d.period.year):
        documents = list(documents)
        group = YearGroup(year=year)
        for kind in kind_order:
            of_kind = [d for d in documents if d.kind == kind]
            if of_kind:
                group.kinds.append(KindGroup(kind=kind, documents=of_kind))
        years.append(group)
    return years


def failed_document_runs() -> QuerySet[DocumentRun]:
    """Generations and imports of documents that ended with errors and that no later successful
    run of the same kind has made good, oldest first (the dashboard panel « Traitements en échec »)."""
    later_success = DocumentRun.objects.filter(
        kind=OuterRef("kind"), status=RunStatus.DONE, started_at__gt=OuterRef("started_at")
    )
    return (
        DocumentRun.objects.filter(status=RunStatus.DONE_WITH_ERRORS)
        .exclude(Exists(later_success))
        .order_by("started_at", "pk")
    )
