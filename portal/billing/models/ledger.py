"""Compte locataire: the ledger of each lease, its maintained balance, and online card payments.

Sign convention: an entry's `amount` is positive when it adds to what the tenant owes (loyer,
charges, rejet de prélèvement, remboursement to the tenant) and negative when it lowers it (APL,
RLS, every payment). The balance is the sum: positive = amount due (débiteur), negative = credit
(créditeur). Entries are never changed or deleted: a mistake is corrected by a new entry.
"""

from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..enums import EntryKind, PaymentBackend, PaymentMethod, PaymentStatus


class LeaseAccount(models.Model):
    """The running balance of a lease, kept equal to the sum of its ledger by the two ledger services
    (`ledger_entries_record`, `ledger_entries_bulk_record`).

    Staff see the balance and how the tenant pays (the debited account is the lease's active
    BankMandate). Read in one query whatever the ledger's length.
    """

    lease = models.OneToOneField(
        "leases.Lease", verbose_name=_("bail"), on_delete=models.PROTECT, related_name="account"
    )
    balance = models.DecimalField(
        _("solde"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("0.00"),
        help_text=_("Positif : somme due par le locataire ; négatif : le compte est créditeur."),
    )
    payment_method = models.CharField(
        _("mode de paiement"),
        max_length=20,
        choices=PaymentMethod.choices,
        default=PaymentMethod.OTHER,
        help_text=_("Comment le locataire règle habituellement son loyer (logiciel de gestion)."),
    )
    updated_at = models.DateTimeField(_("mis à jour le"), auto_now=True)
    version = models.BigIntegerField(
        _("version"),
        default=1,
        editable=False,
        help_text=_(
            "Augmente à chaque écriture du compte (lignes, paiements en ligne, mode de paiement) : "
            "les pages du locataire en cache sont alors refaites."
        ),
    )

    class Meta:
        verbose_name = _("compte locataire")
        verbose_name_plural = _("comptes locataires")

    def __str__(self):
        return f"{self.lease} : {self.balance} €"


def online_payment_expiry() -> timedelta:
    """How long a started online payment may stay unfinished (ONLINE_PAYMENT_EXPIRY_MINUTES)."""
    return timedelta(minutes=settings.ONLINE_PAYMENT_EXPIRY_MINUTES)


class OnlinePaymentQuerySet(models.QuerySet):
    def awaiting_confirmation(self):
        """Pending and not yet expired: what « Accueil » announces as « en cours de confirmation »."""
        return self.filter(status=PaymentStatus.PENDING, created_at__gt=timezone.now() - online_payment_expiry())


class OnlinePayment(models.Model):
    """A card payment started from « PAYER EN LIGNE ».

    Staff see who paid what, its status and the Stripe ids. Only a verified Stripe webhook or a
    verified retrieve (or the demo page in demonstration mode) moves it out of « en attente ».
    """

    reference = models.CharField(
        _("référence"), max_length=20, unique=True, help_text=_("Communiquée au locataire dans la confirmation.")
    )
    lease = models.ForeignKey(
        "leases.Lease", verbose_name=_("bail"), on_delete=models.PROTECT, related_name="online_payments"
    )
    payer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("payé par"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="online_payments",
        help_text=_("Le compte locataire qui a lancé le paiement ; il reçoit la confirmation."),
    )
    amount = models.DecimalField(_("montant"), max_digits=10, decimal_places=2)
    status = models.CharField(
        _("statut"), max_length=20, choices=PaymentStatus.choices, default=PaymentStatus.PENDING, db_index=True
    )
    backend = models.CharField(_("prestataire"), max_length=10, choices=PaymentBackend.choices)
    submission_token = models.UUIDField(
        _("jeton du formulaire"),
        unique=True,
        help_text=_("Un même formulaire envoyé deux fois ne crée qu'un paiement."),
    )
    stripe_session_id = models.CharField(
        _("session Stripe Checkout"), max_length=255, unique=True, null=True, blank=True
    )
    stripe_payment_intent_id = models.CharField(
        _("PaymentIntent Stripe"), max_length=255, unique=True, null=True, blank=True
    )
    checkout_url = models.URLField(_("adresse de paiement"), max_length=2000, blank=True)
    refunded_amount = models.DecimalField(
        _("montant remboursé"), max_digits=10, decimal_places=2, default=Decimal("0.00")
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True, db_index=True)
    settled_at = models.DateTimeField(_("confirmé ou clos le"), null=True, blank=True)
    status_changed_by = models.CharField(
        _("changement de statut par"),
        max_length=60,
        blank=True,
        help_text=_("Ce qui a fait changer le statut : webhook, rapprochement programmé, page de démonstration."),
    )

    objects = OnlinePaymentQuerySet.as_manager()

    class Meta:
        verbose_name = _("paiement en ligne")
        verbose_name_plural = _("paiements en ligne")
        ordering = ["-created_at"]
        constraints = [models.CheckConstraint(condition=models.Q(amount__gt=0), name="online_payment_amount_positive")]
        indexes = [models.Index(fields=["lease", "-created_at"], name="online_payment_lease_recent")]

    def __str__(self):
        return self.reference

    @property
    def is_pending(self) -> bool:
        return self.status == PaymentStatus.PENDING

    @property
    def expires_at(self) -> datetime:
        return self.created_at + online_payment_expiry()

    @property
    def is_expired(self) -> bool:
        return timezone.now() >= self.expires_at


class LedgerEntry(models.Model):
    """One line of the compte locataire. Append-only: written only by `ledger_entries_record` and
    `ledger_entries_bulk_record`.

    Staff see the date, kind, label and signed amount (positive = owed by the tenant).
    """

    # No index of its own: `ledger_lease_recent` starts with the lease and serves every lookup by lease.
    lease = models.ForeignKey(
        "leases.Lease", verbose_name=_("bail"), on_delete=models.PROTECT, related_name="+", db_index=False
    )
    kind = models.CharField(_("nature"), max_length=30, choices=EntryKind.choices)
    label = models.CharField(_("libellé"), max_length=200)
    amount = models.DecimalField(
        _("montant"),
        max_digits=10,
        decimal_places=2,
        help_text=_("Positif : dû par le locataire ; négatif : aide ou paiement qui réduit le solde."),
    )
    booked_on = models.DateField(_("date"), help_text=_("Date d'échéance ou de paiement."))
    external_ref = models.CharField(
        _("référence d'origine"),
        max_length=120,
        null=True,
        blank=True,
        help_text=_("Identifiant unique de l'origine (Stripe, logiciel de gestion) : une origine, une seule ligne."),
    )
    online_payment = models.ForeignKey(
        OnlinePayment,
        verbose_name=_("paiement en ligne"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ledger_entries",
    )
    created_at = models.DateTimeField(_("enregistré le"), auto_now_add=True)
    created_by = models.CharField(
        _("enregistré par"), max_length=60, help_text=_("Service, tâche ou agent à l'origine de la ligne.")
    )

    class Meta:
        verbose_name = _("ligne du compte locataire")
        verbose_name_plural = _("lignes du compte locataire")
        ordering = ["-booked_on", "-id"]
        indexes = [
            models.Index(fields=["lease", "-booked_on", "-id"], name="ledger_lease_recent"),
            models.Index(fields=["lease", "kind", "-booked_on"], name="ledger_lease_kind_recent"),
        ]
        # A constraint rather than unique=True: the same unique index, without the « _like » index
        # PostgreSQL gets for a unique CharField, which no query uses (refs are matched whole).
        constraints = [models.UniqueConstraint(fields=["external_ref"], name="ledger_external_ref_once")]

    def __str__(self):
        return f"{self.booked_on:%d/%m/%Y} {self.label} {self.amount} €"


class PaymentEvent(models.Model):
    """A webhook event received from Stripe, kept as received: staff read it on the payment's page."""

    stripe_event_id = models.CharField(_("événement Stripe"), max_length=255, unique=True)
    event_type = models.CharField(_("type"), max_length=100)
    online_payment = models.ForeignKey(
        OnlinePayment,
        verbose_name=_("paiement en ligne"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="events",
    )
    payload = models.JSONField(_("contenu reçu"))
    received_at = models.DateTimeField(_("reçu le"), auto_now_add=True)
    times_received = models.PositiveIntegerField(_("nombre de réceptions"), default=1)

    class Meta:
        verbose_name = _("événement de paiement")
        verbose_name_plural = _("événements de paiement")
        ordering = ["received_at"]

    def __str__(self):
        return f"{self.event_type} ({self.stripe_event_id})"
