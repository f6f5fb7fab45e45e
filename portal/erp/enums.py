from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportKind(models.TextChoices):
    """What an import file holds, in the order a drop folder is processed (parents first)."""

    AGENCIES = "agencies", _("Agences")
    RESIDENCES = "residences", _("Résidences et lots")
    LEASES = "leases", _("Baux et signataires")
    HOUSEHOLD = "household", _("Occupants du foyer")
    CONTACTS = "contacts", _("Interlocuteurs")
    LEDGER = "ledger", _("Lignes du compte locataire")
    SIGNUP_CODES = "signup_codes", _("Codes personnels d'inscription")


class RunStatus(models.TextChoices):
    RUNNING = "running", _("En cours")
    DONE = "done", _("Terminé")
    FAILED = "failed", _("Fichier illisible")
    REJECTED = "rejected", _("Rejeté : lignes en erreur, rien appliqué")


class ExportSource(models.TextChoices):
    """What the portal sends back to the management system, one file each per export run."""

    MANDATES = "mandates", _("Mandats de prélèvement validés")
    TENANT_FILE = "tenant_file", _("Modifications du dossier acceptées")
    PAPERLESS = "paperless", _("Dématérialisation des baux")
    ONLINE_PAYMENTS = "online_payments", _("Paiements en ligne confirmés")
    SURVEY_RESPONSES = "survey_responses", _("Réponses aux enquêtes acceptées")
    SURVEY_OCCUPANTS = "survey_occupants", _("Occupants déclarés aux enquêtes")
    SURVEY_UNANSWERED = "survey_unanswered", _("Baux sans réponse à la clôture d'une enquête")
