from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    """What a document of « Mes documents » is. `slug` names its file and its drop-folder code."""

    RENT_NOTICE = "rent_notice", _("Avis d'échéance")
    CHARGES_STATEMENT = "charges_statement", _("Bulletin de régularisation de charges")
    SURVEY_ACKNOWLEDGEMENT = "survey_acknowledgement", _("Accusé de réception d'enquête")
    OTHER = "other", _("Autre document")

    @property
    def slug(self) -> str:
        return KIND_SLUGS[self]

    @classmethod
    def from_slug(cls, slug: str) -> "DocumentKind | None":
        """The kind a drop-folder file names; never one only the portal issues."""
        kind = {value: kind for kind, value in KIND_SLUGS.items()}.get(slug)
        return None if kind in PORTAL_ONLY_KINDS else kind


# Used in download file names (avis-echeance-2026-11.pdf) and in drop-folder file names
# (<tenant_number>_avis-echeance_2026-11.pdf): no underscore, it separates the name's parts.
KIND_SLUGS = {
    DocumentKind.RENT_NOTICE: "avis-echeance",
    DocumentKind.CHARGES_STATEMENT: "regularisation-charges",
    DocumentKind.SURVEY_ACKNOWLEDGEMENT: "accuse-reception-enquete",
    DocumentKind.OTHER: "document",
}

# Issued by the portal itself as a proof for the tenant: never dropped by the management system nor filed by staff.
PORTAL_ONLY_KINDS = (DocumentKind.SURVEY_ACKNOWLEDGEMENT,)

# One of these per lease and period; « autre document » may come several times.
ONE_PER_PERIOD_KINDS = (DocumentKind.RENT_NOTICE, DocumentKind.CHARGES_STATEMENT)


class DocumentSource(models.TextChoices):
    GENERATED = "generated", _("Généré par le portail")
    IMPORTED = "imported", _("Importé du logiciel de gestion")
    UPLOADED = "uploaded", _("Déposé par le service client")


class RunKind(models.TextChoices):
    GENERATION = "generation", _("Génération des avis d'échéance")
    IMPORT = "import", _("Import du dossier de dépôt")


class RunStatus(models.TextChoices):
    RUNNING = "running", _("En cours")
    DONE = "done", _("Terminé")
    DONE_WITH_ERRORS = "done_with_errors", _("Terminé avec des erreurs")
    FAILED = "failed", _("Échoué")


class ChunkStatus(models.TextChoices):
    """A batch of leases of a notice generation, run by one background task."""

    PENDING = "pending", _("En attente")
    RUNNING = "running", _("En cours")
    DONE = "done", _("Terminé")
    FAILED = "failed", _("Échoué")
