"""The tenant file (« MON DOSSIER »): home insurance, the changes tenants ask for, and their history.

A tenant never writes to the lease records directly: every change is a ChangeRequest that the
Service client accepts (which applies it) or refuses (with a reason e-mailed to the tenant).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.core.storage import private_storage

from .enums import ChangeKind, ChangeStatus, ReminderKind


class Insurance(models.Model):
    """Assurance habitation of a lease, as verified by staff (what the tenant sees as current)."""

    lease = models.OneToOneField(
        "leases.Lease", verbose_name=_("bail"), on_delete=models.CASCADE, related_name="insurance"
    )
    insurer = models.CharField(_("assureur"), max_length=120)
    policy_number = models.CharField(_("numéro de contrat"), max_length=60)
    valid_from = models.DateField(_("valable du"))
    valid_until = models.DateField(
        _("valable jusqu'au"), help_text=_("Les rappels partent 30 jours avant et le jour même.")
    )
    certificate = models.FileField(
        _("attestation"),
        storage=private_storage,
        upload_to="dossier/insurance/%Y/%m/",
        blank=True,
        help_text=_("Fichier privé : jamais accessible par une adresse publique."),
    )
    certificate_content_type = models.CharField(_("type du fichier"), max_length=50, blank=True)
    verified_at = models.DateTimeField(_("vérifiée le"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vérifiée par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("assurance habitation")
        verbose_name_plural = _("assurances habitation")
        ordering = ["valid_until"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__gte=models.F("valid_from")), name="insurance_dates_in_order"
            )
        ]

    def __str__(self):
        return f"{self.insurer} n° {self.policy_number} ({self.lease})"


class ChangeRequestQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=ChangeStatus.PENDING)


class ChangeRequest(models.Model):
    """A change of the tenant file asked by a tenant; staff see the data before and after, then accept or refuse."""

    lease = models.ForeignKey(
        "leases.Lease", verbose_name=_("bail"), on_delete=models.CASCADE, related_name="change_requests"
    )
    kind = models.CharField(_("type"), max_length=20, choices=ChangeKind.choices)
    signatory = models.ForeignKey(
        "leases.Signatory",
        verbose_name=_("signataire concerné"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="change_requests",
        help_text=_("Pour un changement de coordonnées."),
    )
    household_member = models.ForeignKey(
        "leases.HouseholdMember",
        verbose_name=_("occupant concerné"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="change_requests",
        help_text=_("Pour la modification ou le départ d'un occupant."),
    )
    payload = models.JSONField(
        _("modification"),
        default=dict,
        help_text=_("Les valeurs avant (« before ») et après (« after ») la modification."),
    )
    certificate = models.FileField(
        _("justificatif"),
        storage=private_storage,
        upload_to="dossier/insurance/%Y/%m/",
        blank=True,
        help_text=_("Attestation d'assurance jointe par le locataire (fichier privé)."),
    )
    certificate_name = models.CharField(_("nom du justificatif"), max_length=200, blank=True)
    certificate_content_type = models.CharField(_("type du justificatif"), max_length=50, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("demandée par"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="dossier_change_requests",
    )
    created_at = models.DateTimeField(_("demandée le"), auto_now_add=True, db_index=True)
    status = models.CharField(_("statut"), max_length=10, choices=ChangeStatus.choices, default=ChangeStatus.PENDING)
    reason = models.TextField(_("motif du refus"), blank=True, help_text=_("Envoyé au locataire par e-mail."))
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("traitée par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    handled_at = models.DateTimeField(_("traitée le"), null=True, blank=True)

    objects = ChangeRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("modification du dossier")
        verbose_name_plural = _("modifications du dossier")
        ordering = ["-created_at"]
        permissions = [("handle_changerequest", _("Accepter ou refuser les modifications du dossier"))]
        indexes = [models.Index(fields=["status", "created_at"], name="changerequest_status_created")]

    def __str__(self):
        return f"{self.get_kind_display()} – bail {self.lease.tenant_number}"

    @property
    def before(self) -> dict:
        return self.payload.get("before") or {}

    @property
    def after(self) -> dict:
        return self.payload.get("after") or {}


class InsuranceReminder(models.Model):
    """One reminder e-mail about an insurance expiry; the unique key makes the daily job send each once."""

    insurance = models.ForeignKey(Insurance, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(_("rappel"), max_length=20, choices=ReminderKind.choices)
    valid_until = models.DateField(_("échéance rappelée"))
    created_at = models.DateTimeField(_("envoyé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("rappel d'assurance")
        verbose_name_plural = _("rappels d'assurance")
        constraints = [
            models.UniqueConstraint(fields=["insurance", "kind", "valid_until"], name="insurance_reminder_once")
        ]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.insurance}"
