"""« Votre avis d'échéance de novembre 2026 est disponible »: a link to « Mes documents », never the file."""

from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.accounts.models import User
from portal.core.models import SiteSettings

from .enums import DocumentKind
from .models import Document
from .periods import period_label
from .selectors import lease_documents


def document_subject(document: Document) -> str:
    period = period_label(document.period)
    if document.kind == DocumentKind.RENT_NOTICE:
        return _("Votre avis d'échéance de %(period)s est disponible") % {"period": period}
    if document.kind == DocumentKind.CHARGES_STATEMENT:
        return _("Votre bulletin de régularisation de charges de %(period)s est disponible") % {"period": period}
    return _("Un nouveau document est disponible : %(title)s") % {"title": document.title}


def document_available_send(*, document_id: int) -> int:
    """Tell each tenant of the lease that a new document is in « Mes documents ». Returns the number
    of e-mails sent; a document already announced, or one its tenants cannot see, sends nothing."""
    return document_announce(document=Document.objects.select_related("lease").get(pk=document_id))


def document_announce(*, document: Document, connection=None) -> int:
    """`document_available_send` for a document already in hand, over `connection` when given."""
    if document.notified_at or not lease_documents(lease=document.lease).filter(pk=document.pk).exists():
        return 0
    recipients = list(User.objects.filter(signatory__lease=document.lease, is_active=True).order_by("pk"))
    return _announce(document, recipients, _Letterhead.load(), connection)


def documents_announce(*, documents: list[Document], connection=None) -> int:
    """`document_announce` for many documents the caller chose among those their tenants see and
    not yet announced (a chunk of monthly notices, over the chunk's one SMTP connection): the
    landlord's settings and the tenants of every lease are read once, not once per document."""
    recipients: dict[int, list[User]] = {}
    tenants = User.objects.filter(signatory__lease__in={document.lease_id for document in documents}, is_active=True)
    for user in tenants.annotate(lease_pk=F("signatory__lease_id")).order_by("pk"):
        recipients.setdefault(user.lease_pk, []).append(user)
    letterhead = _Letterhead.load()
    return sum(
        _announce(document, recipients.get(document.lease_id, []), letterhead, connection) for document in documents
    )


@dataclass(frozen=True)
class _Letterhead:
    """What every announcement says the same way: the landlord, its address, the link."""

    landlord_name: str
    support_email: str
    link: str

    @classmethod
    def load(cls) -> "_Letterhead":
        site = SiteSettings.load()
        link = settings.PORTAL_BASE_URL + reverse("documents:list")
        return cls(landlord_name=site.landlord_name, support_email=site.support_email, link=link)


def _announce(document: Document, recipients: list[User], letterhead: _Letterhead, connection) -> int:
    """E-mail each of `recipients` about `document`, then mark it announced."""
    subject = document_subject(document)
    sent = 0
    for user in recipients:
        body = "\n".join(
            [
                _("Bonjour %(name)s,") % {"name": user.get_full_name()},
                "",
                _("Un nouveau document est disponible dans votre espace locataire, rubrique « Mes documents » :"),
                f"  {document.title}",
                "",
                _("Pour le consulter et l'enregistrer : %(url)s") % {"url": letterhead.link},
                "",
                _("Pour votre sécurité, ce document n'est pas joint à ce message : connectez-vous pour l'ouvrir."),
                _("Une question ? Écrivez-nous à %(email)s.") % {"email": letterhead.support_email},
                "",
                letterhead.landlord_name,
            ]
        )
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email], connection=connection)
        sent += 1
    # Marked once sent: if the mail server fails, the retried task sends again rather than never.
    Document.objects.filter(pk=document.pk).update(notified_at=timezone.now())
    return sent
