from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    DWELLING = "dwelling", _("Logement")
    PARKING = "parking", _("Garage / parking")


class StaffRole(models.TextChoices):
    MANAGER = "manager", _("Gérant / gestionnaire technique de proximité")
    CARETAKER = "caretaker", _("Gardien")
    CUSTOMER_OFFICER = "customer_officer", _("Chargé(e) de clientèle")


class Relationship(models.TextChoices):
    SPOUSE = "spouse", _("Conjoint(e)")
    CHILD = "child", _("Enfant")
    PARENT = "parent", _("Parent")
    OTHER_RELATIVE = "relative", _("Autre membre de la famille")
    OTHER = "other", _("Autre occupant")
