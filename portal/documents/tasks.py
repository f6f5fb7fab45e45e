"""Background jobs of « Mes documents » (django-q2): thin wrappers around services and e-mails."""

from . import emails, services
from .periods import current_period


def document_available_send(document_id: int) -> int:
    return emails.document_available_send(document_id=document_id)


def documents_import() -> int:
    return services.documents_import(triggered_by="tâche planifiée").pk


def notices_generate() -> int:
    """The current month's notices for every paperless lease (monthly schedule)."""
    return services.notices_generate(period=current_period(), triggered_by="tâche planifiée").pk
