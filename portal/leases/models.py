"""The landlord's records a tenant's space is built on: agencies, residences, units, leases.

They come from the landlord's management system (see portal/erp); staff can correct them in the
Wagtail admin. `external_id` holds the management system's identifier for idempotent imports.
"""

from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from .enums import Relationship, StaffRole, UnitKind


class Agency(models.Model):
    """Agence de proximité: the local office a residence depends on."""

    external_id = models.CharField(_("identifiant de gestion"), max_length=50, unique=True, null=True, blank=True)
    name = models.CharField(_("nom"), max_length=120, help_text=_("Par exemple « Agence de Nîmes »."))
    address = models.TextField(_("adresse postale"))
    phone = models.CharField(_("téléphone"), max_length=30)
    email = models.EmailField(_("courriel"))
    opening_hours = models.TextField(
        _("horaires d'accueil"), blank=True, help_text=_("Affichés aux locataires dans « Mes contacts ».")
    )

    class Meta:
        verbose_name = _("agence de proximité")
        verbose_name_plural = _("agences de proximité")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Residence(models.Model):
    external_id = models.CharField(_("identifiant de gestion"), max_length=50, unique=True, null=True, blank=True)
    name = models.CharField(_("nom"), max_length=120)
    address = models.CharField(_("adresse"), max_length=200)
    postcode = models.CharField(_("code postal"), max_length=5)
    city = models.CharField(_("commune"), max_length=100)
    agency = models.ForeignKey(Agency, verbose_name=_("agence"), on_delete=models.PROTECT, related_name="residences")

    class Meta:
        verbose_name = _("résidence")
        verbose_name_plural = _("résidences")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.city})"


class Unit(models.Model):
    """A rented unit: a dwelling or a garage/parking space."""

    external_id = models.CharField(_("identifiant de gestion"), max_length=50, unique=True, null=True, blank=True)
    residence = models.ForeignKey(
        Residence, verbose_name=_("résidence"), on_delete=models.PROTECT, related_name="units"
    )
    kind = models.CharField(_("type"), max_length=20, choices=UnitKind.choices, default=UnitKind.DWELLING)
    reference = models.CharField(
        _("référence"), max_length=30, help_text=_("Par exemple « Bât. A, 2e étage, porte 12 ».")
    )
    address = models.CharField(_("adresse"), max_length=200)

    class Meta:
        verbose_name = _("lot")
        verbose_name_plural = _("lots")
        ordering = ["residence", "reference"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.reference} – {self.residence.name}"


class Lease(models.Model):
    """Bail (contrat de location). Its numéro de locataire is `tenant_number`."""

    external_id = models.CharField(_("identifiant de gestion"), max_length=50, unique=True, null=True, blank=True)
    tenant_number = models.CharField(_("numéro de locataire"), max_length=20, unique=True)
    units = models.ManyToManyField(Unit, verbose_name=_("lots"), related_name="leases")
    residence = models.ForeignKey(
        Residence,
        verbose_name=_("résidence"),
        on_delete=models.PROTECT,
        related_name="leases",
        help_text=_("La résidence du logement principal du bail."),
    )
    start_date = models.DateField(_("date d'entrée"))
    end_date = models.DateField(_("date de sortie"), null=True, blank=True)
    paperless_since = models.DateTimeField(
        _("dématérialisé depuis"),
        null=True,
        blank=True,
        help_text=_("Posé à la première inscription d'un signataire sur le portail."),
    )
    paperless_until = models.DateTimeField(
        _("dématérialisé jusqu'au"),
        null=True,
        blank=True,
        help_text=_("Posé quand le dernier compte du bail est supprimé."),
    )

    class Meta:
        verbose_name = _("bail")
        verbose_name_plural = _("baux")
        ordering = ["tenant_number"]

    def __str__(self):
        return self.tenant_number

    @property
    def is_paperless(self) -> bool:
        return self.paperless_since is not None and self.paperless_until is None


class Signatory(models.Model):
    """Signataire du bail. Each one may open their own account on the portal."""

    external_id = models.CharField(_("identifiant de gestion"), max_length=50, unique=True, null=True, blank=True)
    lease = models.ForeignKey(Lease, verbose_name=_("bail"), on_delete=models.CASCADE, related_name="signatories")
    last_name = models.CharField(_("nom"), max_length=100)
    first_name = models.CharField(_("prénom"), max_length=100)
    birth_date = models.DateField(_("date de naissance"))
    email = models.EmailField(_("courriel connu du bailleur"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    mobile_phone = models.CharField(_("téléphone mobile"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("signataire")
        verbose_name_plural = _("signataires")
        ordering = ["lease", "last_name", "first_name"]
        indexes = [models.Index(Lower("last_name"), name="signatory_last_name_ci")]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name.upper()}"


class HouseholdMember(models.Model):
    """Occupant du foyer other than the signatories."""

    external_id = models.CharField(_("identifiant de gestion"), max_length=50, unique=True, null=True, blank=True)
    lease = models.ForeignKey(Lease, verbose_name=_("bail"), on_delete=models.CASCADE, related_name="household_members")
    last_name = models.CharField(_("nom"), max_length=100)
    first_name = models.CharField(_("prénom"), max_length=100)
    birth_date = models.DateField(_("date de naissance"))
    relationship = models.CharField(_("lien avec le locataire"), max_length=20, choices=Relationship.choices)

    class Meta:
        verbose_name = _("occupant du foyer")
        verbose_name_plural = _("occupants du foyer")
        ordering = ["lease", "birth_date"]

    def __str__(self):
        return f"{self.first_name} {self.last_name.upper()}"


class StaffContact(models.Model):
    """An interlocutor shown in « Mes contacts »: gérant, gardien or chargé(e) de clientèle."""

    external_id = models.CharField(_("identifiant de gestion"), max_length=50, unique=True, null=True, blank=True)
    role = models.CharField(_("rôle"), max_length=30, choices=StaffRole.choices)
    last_name = models.CharField(_("nom"), max_length=100)
    first_name = models.CharField(_("prénom"), max_length=100)
    phone = models.CharField(_("téléphone"), max_length=30)
    email = models.EmailField(_("courriel"))
    address = models.TextField(
        _("adresse postale"), blank=True, help_text=_("Vide: l'adresse de l'agence est affichée.")
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("agence"), on_delete=models.PROTECT, related_name="staff_contacts"
    )
    residences = models.ManyToManyField(
        Residence, verbose_name=_("résidences suivies"), related_name="staff_contacts", blank=True
    )

    class Meta:
        verbose_name = _("interlocuteur")
        verbose_name_plural = _("interlocuteurs")
        ordering = ["role", "last_name"]

    def __str__(self):
        return f"{self.first_name} {self.last_name.upper()} ({self.get_role_display()})"
