"""RIB and SEPA direct-debit mandates (« mandat de prélèvement SEPA »), and their audit trail.

The IBAN is stored encrypted (see portal.mandates.crypto); what staff and tenants see is the masked
form. A lease has at most one active mandate and at most one awaiting validation.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from . import crypto
from .enums import MandateEventKind, MandateStatus


class BankMandate(models.Model):
    """A RIB given by a tenant with the SEPA mandate they signed for it.

    Staff (Service client) see the holder, the masked IBAN, the BIC and bank, who signed, when and
    from which address, and validate or refuse it. The full IBAN needs the « Voir l'IBAN complet »
    permission, and every such view is logged.
    """

    lease = models.ForeignKey("leases.Lease", verbose_name=_("bail"), on_delete=models.PROTECT, related_name="mandates")
    status = models.CharField(
        _("statut"), max_length=20, choices=MandateStatus.choices, default=MandateStatus.PENDING, db_index=True
    )
    rum = models.CharField(
        _("référence unique du mandat (RUM)"),
        max_length=35,
        unique=True,
        help_text=_("Communiquée à la banque du locataire avec chaque prélèvement."),
    )
    holder_name = models.CharField(_("titulaire du compte"), max_length=140)
    iban_encrypted = models.TextField(_("IBAN chiffré"), help_text=_("Illisible sans la clé de chiffrement."))
    iban_fingerprint = models.CharField(
        _("empreinte de l'IBAN"),
        max_length=64,
        db_index=True,
        help_text=_("Empreinte non réversible : retrouve un même IBAN sur plusieurs baux sans le stocker en clair."),
    )
    iban_masked = models.CharField(_("IBAN (masqué)"), max_length=50)
    bic = models.CharField(_("BIC"), max_length=11)
    bank_name = models.CharField(_("banque"), max_length=140, blank=True)
    debtor_address = models.TextField(_("adresse du débiteur"))
    creditor_name = models.CharField(_("créancier"), max_length=120)
    creditor_address = models.TextField(_("adresse du créancier"))
    creditor_id = models.CharField(_("identifiant créancier SEPA (ICS)"), max_length=35)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signé par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Le compte locataire qui a signé en ligne ; vide pour un mandat repris du logiciel de gestion."),
    )
    signer_name = models.CharField(_("nom du signataire"), max_length=210, blank=True)
    signed_at = models.DateTimeField(_("signé le"), null=True, blank=True)
    signed_place = models.CharField(_("signé à"), max_length=100, blank=True)
    signed_ip = models.GenericIPAddressField(_("adresse IP de signature"), null=True, blank=True)
    submission_token = models.UUIDField(
        _("jeton de signature"),
        unique=True,
        null=True,
        blank=True,
        help_text=_("Une même signature envoyée deux fois ne crée qu'un mandat."),
    )
    created_at = models.DateTimeField(_("enregistré le"), auto_now_add=True, db_index=True)
    decided_at = models.DateTimeField(_("validé ou refusé le"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("validé ou refusé par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    refusal_reason = models.TextField(_("motif du refus"), blank=True, help_text=_("Envoyé au locataire par e-mail."))
    revoked_at = models.DateTimeField(_("révoqué le"), null=True, blank=True)

    class Meta:
        verbose_name = _("mandat SEPA")
        verbose_name_plural = _("mandats SEPA")
        ordering = ["-created_at"]
        permissions = [
            ("validate_bankmandate", _("Valider ou refuser un mandat SEPA")),
            ("view_full_iban", _("Voir l'IBAN complet d'un mandat SEPA")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["lease"], condition=models.Q(status=MandateStatus.ACTIVE), name="mandate_one_active_per_lease"
            ),
            models.UniqueConstraint(
                fields=["lease"], condition=models.Q(status=MandateStatus.PENDING), name="mandate_one_pending_per_lease"
            ),
        ]

    def __str__(self):
        return self.rum

    @property
    def iban(self) -> str:
        """The full IBAN, decrypted. Only services and the PDF of the tenant's own mandate read it."""
        return crypto.decrypt(self.iban_encrypted)

    @property
    def is_pending(self) -> bool:
        return self.status == MandateStatus.PENDING


class MandateEvent(models.Model):
    """Audit trail of bank details: every change, decision and view of a full IBAN (who, when, IP).

    Staff read it on the mandate's page; rows are never changed or deleted. Staff decisions and
    full-IBAN views are also written to Wagtail's log (the mandate's History tab in the admin), but
    this table stays: it holds what Wagtail's log cannot, the IP address of each event, the tenant's
    own events (signature, wrong password, which have no staff user) and the lease even when no
    mandate exists yet; the ERP export reads validations and revocations from it.
    """

    lease = models.ForeignKey("leases.Lease", verbose_name=_("bail"), on_delete=models.PROTECT, related_name="+")
    mandate = models.ForeignKey(
        BankMandate,
        verbose_name=_("mandat"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
    )
    kind = models.CharField(_("événement"), max_length=30, choices=MandateEventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_label = models.CharField(
        _("auteur"),
        max_length=254,
        help_text=_("L'adresse e-mail de l'auteur au moment de l'événement, ou le service."),
    )
    ip_address = models.GenericIPAddressField(_("adresse IP"), null=True, blank=True)
    detail = models.CharField(_("détail"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("date"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("événement de mandat")
        verbose_name_plural = _("événements de mandat")
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.actor_label}"
