from django.db import models
from django.utils.translation import gettext_lazy as _


class CampaignKind(models.TextChoices):
    SLS = "sls", _("SLS")
    OPS = "ops", _("OPS")


class CampaignScope(models.TextChoices):
    """Which leases a campaign surveys."""

    ALL = "all", _("Tous les baux en cours")
    RESIDENCES = "residences", _("Les baux de certaines résidences")
    AGENCIES = "agencies", _("Les baux de certaines agences")
    LIST = "list", _("Une liste de baux (fichier CSV du logiciel de gestion)")


class Zone(models.TextChoices):
    """The zones of the ceilings table (plafonds de ressources PLUS)."""

    PARIS = "paris", _("Paris et communes limitrophes")
    ILE_DE_FRANCE = "idf", _("Île-de-France hors Paris et communes limitrophes")
    OTHER = "other", _("Autres régions")


class ResponseStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Non commencée")
    IN_PROGRESS = "in_progress", _("En cours")
    SUBMITTED = "submitted", _("Envoyée")
    INCOMPLETE = "incomplete", _("Incomplète")
    ACCEPTED = "accepted", _("Acceptée")


# The tenant may still change the answer; the banner is shown until the lease leaves these.
EDITABLE_STATUSES = (ResponseStatus.NOT_STARTED, ResponseStatus.IN_PROGRESS, ResponseStatus.INCOMPLETE)


class OccupantLink(models.TextChoices):
    """Link of an occupant to the lease's signatories."""

    SIGNATORY = "signatory", _("Signataire du bail")
    SPOUSE = "spouse", _("Conjoint(e)")
    CHILD = "child", _("Enfant")
    PARENT = "parent", _("Parent")
    RELATIVE = "relative", _("Autre membre de la famille")
    OTHER = "other", _("Autre occupant")


class Situation(models.TextChoices):
    EMPLOYEE = "employee", _("Salarié(e)")
    SELF_EMPLOYED = "self_employed", _("Travailleur indépendant")
    JOB_SEEKER = "job_seeker", _("Demandeur d'emploi")
    RETIRED = "retired", _("Retraité(e)")
    STUDENT = "student", _("Étudiant(e) ou apprenti(e)")
    PUPIL = "pupil", _("Enfant scolarisé ou non scolarisé")
    DISABLED = "disabled", _("En invalidité ou en situation de handicap")
    HOME = "home", _("Au foyer")
    OTHER = "other", _("Autre situation")


class EventKind(models.TextChoices):
    LAUNCHED = "launched", _("Enquête ouverte")
    SAVED = "saved", _("Réponse enregistrée")
    SUBMITTED = "submitted", _("Réponse envoyée")
    COMPLEMENT_REQUESTED = "complement_requested", _("Complément demandé")
    ACCEPTED = "accepted", _("Réponse acceptée")


class NoticeKind(models.TextChoices):
    """E-mails of a campaign, each sent once per account."""

    LAUNCH = "launch", _("Ouverture de l'enquête")
    REMINDER_15 = "reminder_15", _("Rappel 15 jours avant la clôture")
    REMINDER_1 = "reminder_1", _("Rappel la veille de la clôture")


# Days before the close at which each reminder leaves.
REMINDER_DAYS = {NoticeKind.REMINDER_15: 15, NoticeKind.REMINDER_1: 1}
