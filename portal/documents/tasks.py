"""Background jobs of « Mes documents » (django-q2): thin wrappers around services and e-mails."""

from . import emails, services
from .periods import current_period


def document_available_send(document_id: int) -> int:
    return emails.document_available_send(document_id=document_id)


def documents_import() -> int:
    return services.documents_import(triggered_by="tâche planifiée").pk


def notices_generate() -> int:
    """The current month's notices for every paperless lease (monthly schedule): queues its chunks."""
    return services.notices_generate(period=current_period(), triggered_by="tâche planifiée").pk


def notices_chunk_generate(chunk_id: int) -> int:
    """One chunk of leases of a generation (NOTICES_CHUNK_SIZE), well under the task timeout."""
    chunk = services.notices_chunk_generate(chunk_id=chunk_id)
    return chunk.created_count if chunk else 0


def notices_resume() -> int:
    """Every few minutes: re-queue the chunks whose worker is gone."""
    return services.notices_resume()
