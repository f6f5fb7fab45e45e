"""States of a SEPA mandate and the kinds of its audit-trail events."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MandateStatus(models.TextChoices):
    """Life of a SEPA mandate: a new one waits for Service client; validating it revokes the old one."""

    PENDING = "pending", _("En attente de validation")
    ACTIVE = "active", _("Actif")
    REVOKED = "revoked", _("Révoqué")
    REFUSED = "refused", _("Refusé")
    REPLACED = "replaced", _("Remplacé avant validation")


class MandateEventKind(models.TextChoices):
    SUBMITTED = "submitted", _("Nouveau RIB signé par le locataire")
    CONFIRMATION_FAILED = "confirmation_failed", _("Mot de passe erroné à la signature")
    REPLACED = "replaced", _("Remplacé par un RIB plus récent")
    VALIDATED = "validated", _("Validé par le service client")
    REFUSED = "refused", _("Refusé par le service client")
    REVOKED = "revoked", _("Révoqué (nouveau mandat actif)")
    IMPORTED = "imported", _("Repris du logiciel de gestion")
    FULL_IBAN_VIEWED = "full_iban_viewed", _("IBAN complet consulté")
