"""Enquêtes SLS et OPS: the yearly survey of each lease's household and resources.

Staff create a campaign and launch it; each surveyed lease then has one Response that either
signatory fills in, saves, resumes and submits; staff ask for a complément or accept it. Tax
documents are private files, seen by the « Enquêtes » group only, deleted a set time after the
close (SURVEY_TAX_DOCUMENTS_RETENTION_DAYS).
"""

from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.fields import RichTextField

from portal.core.models import StoredFile

from .enums import CampaignKind, CampaignScope, EventKind, NoticeKind, OccupantLink, ResponseStatus, Situation, Zone


class Campaign(models.Model):
    """A yearly survey. Staff see its dates, which leases it surveys and, once launched, the follow-up."""

    kind = models.CharField(_("enquête"), max_length=3, choices=CampaignKind.choices)
    year = models.PositiveSmallIntegerField(_("année"), help_text=_("Par exemple 2027 pour l'enquête SLS 2027."))
    tax_year = models.PositiveSmallIntegerField(
        _("année de l'avis d'imposition"),
        help_text=_("L'avis d'imposition demandé : celui de l'année N-1, sur les revenus de N-2."),
    )
    household_on = models.DateField(
        _("foyer à déclarer au"),
        help_text=_("Les locataires déclarent qui vivait dans le logement ce jour-là (en général le 1er janvier)."),
    )
    opens_on = models.DateField(_("ouverture"))
    closes_on = models.DateField(_("clôture"), help_text=_("Dernier jour pour répondre."))
    zone = models.CharField(
        _("zone des plafonds"),
        max_length=10,
        choices=Zone.choices,
        default=Zone.OTHER,
        help_text=_("La zone des logements enquêtés, pour comparer les ressources aux plafonds (SLS)."),
    )
    scope = models.CharField(
        _("baux enquêtés"), max_length=12, choices=CampaignScope.choices, default=CampaignScope.ALL
    )
    agencies = models.ManyToManyField(
        "leases.Agency",
        verbose_name=_("agences"),
        blank=True,
        related_name="+",
        help_text=_("Pour « certaines agences »."),
    )
    residences = models.ManyToManyField(
        "leases.Residence",
        verbose_name=_("résidences"),
        blank=True,
        related_name="+",
        help_text=_("Pour « certaines résidences »."),
    )
    listed_leases = models.ManyToManyField(
        "leases.Lease",
        verbose_name=_("baux de la liste"),
        blank=True,
        related_name="+",
        help_text=_("Pour « une liste de baux » : lus dans le fichier CSV."),
    )
    intro = RichTextField(
        _("texte pour les locataires"),
        features=["bold", "italic", "link", "ul", "ol"],
        help_text=_("Affiché en tête du questionnaire : pourquoi répondre, les pièces à joindre, les pénalités."),
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    launched_at = models.DateTimeField(_("lancée le"), null=True, blank=True)
    launched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lancée par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    documents_purged_at = models.DateTimeField(_("avis d'imposition supprimés le"), null=True, blank=True)

    class Meta:
        verbose_name = _("campagne d'enquête")
        verbose_name_plural = _("campagnes d'enquête")
        ordering = ["-year", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "year"], name="survey_campaign_once_a_year"),
            models.CheckConstraint(
                condition=models.Q(closes_on__gt=models.F("opens_on")), name="survey_dates_in_order"
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def title(self) -> str:
        return f"Enquête {self.get_kind_display()} {self.year}"

    @property
    def income_year(self) -> int:
        return self.tax_year - 1

    def is_open(self, today: date) -> bool:
        return self.launched_at is not None and self.opens_on <= today <= self.closes_on


class ResponseQuerySet(models.QuerySet):
    def answered(self):
        return self.filter(status__in=(ResponseStatus.SUBMITTED, ResponseStatus.ACCEPTED))

    def unanswered(self):
        return self.exclude(status__in=(ResponseStatus.SUBMITTED, ResponseStatus.ACCEPTED))


class Response(models.Model):
    """The answer of one lease to a campaign, shared by its signatories."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campagne"), on_delete=models.PROTECT, related_name="responses"
    )
    lease = models.ForeignKey(
        "leases.Lease", verbose_name=_("bail"), on_delete=models.PROTECT, related_name="survey_responses"
    )
    status = models.CharField(
        _("statut"), max_length=12, choices=ResponseStatus.choices, default=ResponseStatus.NOT_STARTED, db_index=True
    )
    household_confirmed = models.BooleanField(_("foyer confirmé"), default=False)
    resources_confirmed = models.BooleanField(_("ressources confirmées"), default=False)
    complement_message = models.TextField(
        _("complément demandé"), blank=True, help_text=_("Le dernier message du service Enquêtes au locataire.")
    )
    complement_answer = models.TextField(_("réponse du locataire au complément"), blank=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("modifiée par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("envoyée le"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("envoyée par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    accepted_at = models.DateTimeField(_("acceptée le"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("acceptée par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = ResponseQuerySet.as_manager()

    class Meta:
        verbose_name = _("réponse à une enquête")
        verbose_name_plural = _("réponses aux enquêtes")
        ordering = ["campaign", "lease__tenant_number"]
        constraints = [models.UniqueConstraint(fields=["campaign", "lease"], name="survey_one_response_per_lease")]
        permissions = [("handle_response", _("Demander un complément ou accepter une réponse d'enquête"))]

    def __str__(self):
        return f"{self.campaign.title} – bail {self.lease.tenant_number}"

    @property
    def is_editable(self) -> bool:
        return self.status in (ResponseStatus.NOT_STARTED, ResponseStatus.IN_PROGRESS, ResponseStatus.INCOMPLETE)


class Occupant(models.Model):
    """A person living in the home on 1 January, as the tenant declared them."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="occupants")
    position = models.PositiveSmallIntegerField(default=0)
    last_name = models.CharField(_("nom"), max_length=100)
    first_name = models.CharField(_("prénom"), max_length=100)
    birth_date = models.DateField(_("date de naissance"))
    link = models.CharField(_("lien avec le signataire"), max_length=12, choices=OccupantLink.choices)
    situation = models.CharField(_("situation"), max_length=15, choices=Situation.choices)
    mobility_card = models.BooleanField(
        _("carte mobilité inclusion"), default=False, help_text=_("Mention « invalidité » ou « priorité ».")
    )
    signatory = models.ForeignKey(
        "leases.Signatory", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    household_member = models.ForeignKey(
        "leases.HouseholdMember", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("occupant déclaré")
        verbose_name_plural = _("occupants déclarés")
        ordering = ["response", "position", "pk"]

    def __str__(self):
        return f"{self.first_name} {self.last_name.upper()}"


class TaxNotice(models.Model):
    """One avis d'imposition of the household: who it is for, and its revenu fiscal de référence."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="tax_notices")
    position = models.PositiveSmallIntegerField(default=0)
    declarants = models.CharField(
        _("déclarant(s)"), max_length=200, help_text=_("Les noms inscrits sur l'avis d'imposition.")
    )
    reference_income = models.PositiveIntegerField(
        _("revenu fiscal de référence"), help_text=_("En euros, tel qu'il figure sur l'avis.")
    )

    class Meta:
        verbose_name = _("avis d'imposition déclaré")
        verbose_name_plural = _("avis d'imposition déclarés")
        ordering = ["response", "position", "pk"]

    def __str__(self):
        return f"{self.declarants} : {self.reference_income} €"


class TaxDocument(StoredFile):
    """A file of an avis d'imposition (PDF or photo, checked from its content): private, purged after the close."""

    FOLDER = "surveys"

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="tax_documents")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("avis d'imposition (fichier)")
        verbose_name_plural = _("avis d'imposition (fichiers)")
        ordering = ["response", "created_at", "pk"]

    def __str__(self):
        return self.original_name


class TaxDocumentView(models.Model):
    """Each time a staff member opened a tax document (kept after the document is deleted)."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="document_views")
    document = models.ForeignKey(TaxDocument, on_delete=models.SET_NULL, null=True, related_name="views")
    document_name = models.CharField(_("fichier"), max_length=200)
    viewer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("consulté par"), on_delete=models.PROTECT)
    ip_address = models.GenericIPAddressField(_("adresse IP"), null=True, blank=True)
    viewed_at = models.DateTimeField(_("consulté le"), auto_now_add=True)

    class Meta:
        verbose_name = _("consultation d'un avis d'imposition")
        verbose_name_plural = _("consultations des avis d'imposition")
        ordering = ["-viewed_at", "-pk"]

    def __str__(self):
        return f"{self.document_name} – {self.viewer}"


class ResponseEvent(models.Model):
    """The history of a response: who saved, sent, asked for a complément or accepted it, and when."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("événement"), max_length=25, choices=EventKind.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("par"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(_("message"), blank=True)
    acknowledgement = models.ForeignKey(
        "documents.Document",
        verbose_name=_("accusé de réception"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("le"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("historique d'une réponse")
        verbose_name_plural = _("historique des réponses")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.response}"


class CampaignNotice(models.Model):
    """One e-mail of a campaign to one account: the unique key sends each one once."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(_("e-mail"), max_length=15, choices=NoticeKind.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(_("envoyé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("e-mail d'enquête")
        verbose_name_plural = _("e-mails d'enquête")
        constraints = [models.UniqueConstraint(fields=["campaign", "kind", "user"], name="survey_notice_once")]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.user}"


class ResourceCeiling(models.Model):
    """The resource ceilings of a year for a zone (plafonds PLUS), as published each year by decree.

    Entered by staff; the SLS percentage of an accepted response compares its resources to them.
    """

    year = models.PositiveSmallIntegerField(
        _("année"), help_text=_("L'année de l'enquête à laquelle ils s'appliquent.")
    )
    zone = models.CharField(_("zone"), max_length=10, choices=Zone.choices)
    category_1 = models.PositiveIntegerField(_("catégorie 1"), help_text=_("Une personne seule, en euros."))
    category_2 = models.PositiveIntegerField(
        _("catégorie 2"), help_text=_("Deux personnes sans personne à charge (hors jeune ménage).")
    )
    category_3 = models.PositiveIntegerField(
        _("catégorie 3"), help_text=_("Trois personnes, ou une personne avec une personne à charge, ou jeune ménage.")
    )
    category_4 = models.PositiveIntegerField(
        _("catégorie 4"), help_text=_("Quatre personnes, ou une personne avec deux personnes à charge.")
    )
    category_5 = models.PositiveIntegerField(
        _("catégorie 5"), help_text=_("Cinq personnes, ou une personne avec trois personnes à charge.")
    )
    category_6 = models.PositiveIntegerField(
        _("catégorie 6"), help_text=_("Six personnes, ou une personne avec quatre personnes à charge.")
    )
    extra_person = models.PositiveIntegerField(_("par personne supplémentaire"))

    class Meta:
        verbose_name = _("plafonds de ressources")
        verbose_name_plural = _("plafonds de ressources")
        ordering = ["-year", "zone"]
        constraints = [models.UniqueConstraint(fields=["year", "zone"], name="survey_ceiling_once_per_zone")]

    def __str__(self):
        return f"{self.year} – {self.get_zone_display()}"

    def for_category(self, category: int, extra_persons: int = 0) -> int:
        return getattr(self, f"category_{category}") + extra_persons * self.extra_person
