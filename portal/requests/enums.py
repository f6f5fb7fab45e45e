from django.db import models
from django.utils.translation import gettext_lazy as _


class RequestStatus(models.TextChoices):
    SENT = "sent", _("Envoyée")
    IN_PROGRESS = "in_progress", _("Prise en charge")
    WAITING_TENANT = "waiting_tenant", _("En attente de votre réponse")
    PLANNED = "planned", _("Intervention planifiée")
    RESOLVED = "resolved", _("Résolue")
    CLOSED = "closed", _("Clôturée")
    CANCELLED = "cancelled", _("Annulée")


OPEN_STATUSES = (
    RequestStatus.SENT,
    RequestStatus.IN_PROGRESS,
    RequestStatus.WAITING_TENANT,
    RequestStatus.PLANNED,
)


class EventKind(models.TextChoices):
    CREATED = "created", _("Demande envoyée")
    UPDATED = "updated", _("Demande modifiée")
    COMPLEMENT = "complement", _("Complément d'information")
    STAFF_REPLY = "staff_reply", _("Réponse du bailleur")
    INTERNAL_NOTE = "internal_note", _("Note interne")
    STATUS_CHANGE = "status_change", _("Changement de statut")
    ASSIGNMENT = "assignment", _("Attribution")
    RATING = "rating", _("Avis du locataire")


# What a tenant may see in the timeline: everything except the staff's internal notes and assignments.
TENANT_VISIBLE_EVENT_KINDS = (
    EventKind.CREATED,
    EventKind.UPDATED,
    EventKind.COMPLEMENT,
    EventKind.STAFF_REPLY,
    EventKind.STATUS_CHANGE,
    EventKind.RATING,
)


class Weekday(models.TextChoices):
    MONDAY = "mon", _("Lundi")
    TUESDAY = "tue", _("Mardi")
    WEDNESDAY = "wed", _("Mercredi")
    THURSDAY = "thu", _("Jeudi")
    FRIDAY = "fri", _("Vendredi")


class HalfDay(models.TextChoices):
    MORNING = "am", _("matin")
    AFTERNOON = "pm", _("après-midi")


# Contact slots are stored as "mon-am", "fri-pm"...
CONTACT_SLOTS = [(f"{day.value}-{half.value}", f"{day.label} {half.label}") for day in Weekday for half in HalfDay]
CONTACT_SLOT_LABELS = dict(CONTACT_SLOTS)
