from django.db import models
from django.utils.translation import gettext_lazy as _


class ChangeKind(models.TextChoices):
    CONTACT = "contact", _("Coordonnées")
    HOUSEHOLD_ADD = "household_add", _("Ajout d'un occupant")
    HOUSEHOLD_CHANGE = "household_change", _("Modification d'un occupant")
    HOUSEHOLD_REMOVE = "household_remove", _("Départ d'un occupant")
    INSURANCE = "insurance", _("Assurance habitation")


class ChangeStatus(models.TextChoices):
    PENDING = "pending", _("En attente")
    ACCEPTED = "accepted", _("Acceptée")
    REFUSED = "refused", _("Refusée")


class InsuranceStatus(models.TextChoices):
    UP_TO_DATE = "up_to_date", _("À jour")
    PENDING_VERIFICATION = "pending", _("En attente de vérification")
    EXPIRED = "expired", _("Expirée")
    MISSING = "missing", _("Manquante")


class ReminderKind(models.TextChoices):
    BEFORE_EXPIRY = "before_expiry", _("30 jours avant l'échéance")
    EXPIRY_DAY = "expiry_day", _("Le jour de l'échéance")
