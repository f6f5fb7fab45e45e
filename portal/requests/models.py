"""Tenant requests (« Mes demandes ») and how staff process them.

Tenants report a problem or ask a question; staff see the request in the Wagtail admin work queue
(« Demandes des locataires »), answer, add internal notes the tenant never sees, and move it
through its statuses. Every step is a `RequestEvent` in the request's timeline.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.core.models import StoredFile

from .enums import CONTACT_SLOT_LABELS, OPEN_STATUSES, EventKind, RequestStatus


class RequestCategory(models.Model):
    """A category of the « Saisie de demande » form, in a tree of two levels (staff edit them as snippets).

    Tenants pick a top-level category, then one of its sub-categories when it has some.
    """

    name = models.CharField(_("nom"), max_length=80)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("catégorie parente"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        limit_choices_to={"parent__isnull": True},
        help_text=_("Vide pour une catégorie principale ; sinon la catégorie dont celle-ci est une sous-catégorie."),
    )
    tenant_responsibility = models.BooleanField(
        _("à la charge du locataire"),
        default=False,
        help_text=_("Affiche l'avertissement ci-dessous et le lien vers le livret locataire avant l'envoi."),
    )
    notice = models.TextField(
        _("avertissement"),
        blank=True,
        help_text=_("Texte montré au locataire quand il choisit cette catégorie (réparations à sa charge...)."),
    )
    position = models.PositiveSmallIntegerField(_("ordre"), default=0, help_text=_("Ordre d'affichage."))
    is_active = models.BooleanField(_("proposée aux locataires"), default=True)

    class Meta:
        verbose_name = _("catégorie de demande")
        verbose_name_plural = _("catégories de demande")
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="request_category_unique_name"),
        ]

    def __str__(self):
        return f"{self.parent.name} > {self.name}" if self.parent_id else self.name

    def clean(self):
        if self.parent_id and (self.parent.parent_id or self.parent_id == self.pk):
            raise ValidationError({"parent": _("Deux niveaux au plus : choisissez une catégorie principale.")})


class RequestReferenceCounter(models.Model):
    """The last reference number given in a year (D-2026-000123): one locked row per year."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.year}: {self.last_number}"


class TenantRequestQuerySet(models.QuerySet):
    def for_lease(self, lease):
        return self.filter(lease=lease)

    def open(self):
        return self.filter(status__in=OPEN_STATUSES)


class TenantRequest(models.Model):
    """Une demande d'un locataire. Staff see it in « Demandes des locataires » with its timeline."""

    reference = models.CharField(_("référence"), max_length=20, unique=True, editable=False)
    lease = models.ForeignKey("leases.Lease", verbose_name=_("bail"), on_delete=models.PROTECT, related_name="requests")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="tenant_requests",
    )
    category = models.ForeignKey(
        RequestCategory, verbose_name=_("catégorie"), on_delete=models.PROTECT, related_name="requests"
    )
    unit = models.ForeignKey(
        "leases.Unit",
        verbose_name=_("lieu"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="requests",
        help_text=_("Le logement ou le garage concerné ; vide pour les parties communes."),
    )
    description = models.TextField(_("description"))
    contact_phone = models.CharField(_("téléphone de contact"), max_length=30, blank=True)
    contact_email = models.EmailField(_("e-mail de contact"))
    contact_slots = models.JSONField(
        _("créneaux de disponibilité"),
        default=list,
        help_text=_("Jours et demi-journées où le locataire est joignable."),
    )
    status = models.CharField(
        _("statut"), max_length=20, choices=RequestStatus.choices, default=RequestStatus.SENT, db_index=True
    )
    intervention_date = models.DateField(_("date d'intervention"), null=True, blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("attribuée à"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_tenant_requests",
        limit_choices_to={"is_staff": True},
    )
    rating = models.PositiveSmallIntegerField(
        _("note du locataire"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    rating_comment = models.TextField(_("commentaire du locataire"), blank=True)
    created_at = models.DateTimeField(_("envoyée le"), auto_now_add=True)
    status_changed_at = models.DateTimeField(_("dernier changement"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("dernière modification"), auto_now=True)
    resolved_at = models.DateTimeField(_("résolue le"), null=True, blank=True)
    form_token = models.UUIDField(
        null=True,
        blank=True,
        unique=True,
        editable=False,
        help_text=_("Empêche qu'un double envoi crée deux demandes."),
    )

    objects = TenantRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("demande")
        verbose_name_plural = _("demandes des locataires")
        ordering = ["-created_at", "-pk"]
        permissions = [
            ("process_request", _("Traiter les demandes (répondre, attribuer, changer le statut)")),
            ("view_all_requests", _("Voir les demandes de toutes les agences")),
        ]

    def __str__(self):
        return self.reference

    @property
    def location_label(self) -> str:
        return str(self.unit) if self.unit_id else str(_("Parties communes"))

    @property
    def contact_slot_labels(self) -> list[str]:
        return [str(CONTACT_SLOT_LABELS.get(code, code)) for code in self.contact_slots]


class RequestEvent(models.Model):
    """One step of a request's timeline. Internal notes and assignments are shown to staff only."""

    request = models.ForeignKey(
        TenantRequest, verbose_name=_("demande"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("type"), max_length=20, choices=EventKind.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("auteur"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("date"), auto_now_add=True)
    text = models.TextField(_("texte"), blank=True)
    from_status = models.CharField(max_length=20, choices=RequestStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=RequestStatus.choices, blank=True)
    intervention_date = models.DateField(null=True, blank=True)
    rating = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("événement de demande")
        verbose_name_plural = _("événements de demande")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.request.reference} – {self.get_kind_display()}"

    @property
    def is_internal(self) -> bool:
        return self.kind in (EventKind.INTERNAL_NOTE, EventKind.ASSIGNMENT)


class Attachment(StoredFile):
    """A photo or document joined to a request, by the tenant (with the request or a complement) or by staff."""

    FOLDER = "requests"

    request = models.ForeignKey(
        TenantRequest, verbose_name=_("demande"), on_delete=models.CASCADE, related_name="attachments"
    )
    event = models.ForeignKey(
        RequestEvent,
        verbose_name=_("événement"),
        on_delete=models.CASCADE,
        related_name="attachments",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("pièce jointe")
        verbose_name_plural = _("pièces jointes")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.original_name


class StaffProfile(models.Model):
    """A staff member's agency: the work queue shows that agency's requests (unless « voir toutes »)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("membre du personnel"),
        on_delete=models.CASCADE,
        related_name="staff_profile",
        limit_choices_to={"is_staff": True},
    )
    agency = models.ForeignKey(
        "leases.Agency",
        verbose_name=_("agence"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff_profiles",
        help_text=_("Les demandes des résidences de cette agence apparaissent dans sa file de travail."),
    )

    class Meta:
        verbose_name = _("profil du personnel")
        verbose_name_plural = _("profils du personnel")

    def __str__(self):
        return f"{self.user} – {self.agency or '-'}"
