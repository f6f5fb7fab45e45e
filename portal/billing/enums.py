from django.db import models
from django.utils.translation import gettext_lazy as _


class EntryKind(models.TextChoices):
    """What a ledger line is. Billed items come from the monthly quittancement; the rest are movements."""

    RENT = "rent", _("Loyer")
    CHARGES = "charges", _("Charges")
    APL = "apl", _("APL")
    RLS = "rls", _("Réduction de loyer de solidarité (RLS)")
    DIRECT_DEBIT = "direct_debit", _("Prélèvement")
    DIRECT_DEBIT_REJECTED = "direct_debit_rejected", _("Rejet de prélèvement")
    CHEQUE = "cheque", _("Chèque")
    CARD = "card", _("Carte bancaire")
    TRANSFER = "transfer", _("Virement")
    ADJUSTMENT = "adjustment", _("Régularisation")
    REFUND = "refund", _("Remboursement")


# Lines of a rent notice (« éléments quittancés »).
BILLED_KINDS = (EntryKind.RENT, EntryKind.CHARGES, EntryKind.APL, EntryKind.RLS, EntryKind.ADJUSTMENT)
# Money the tenant paid, or that went back to them (« paiements »).
PAYMENT_KINDS = (
    EntryKind.DIRECT_DEBIT,
    EntryKind.DIRECT_DEBIT_REJECTED,
    EntryKind.CHEQUE,
    EntryKind.CARD,
    EntryKind.TRANSFER,
    EntryKind.REFUND,
)


class PaymentStatus(models.TextChoices):
    PENDING = "pending", _("En attente de confirmation")
    SUCCEEDED = "succeeded", _("Confirmé")
    FAILED = "failed", _("Refusé")
    CANCELLED = "cancelled", _("Abandonné")


class PaymentBackend(models.TextChoices):
    STRIPE = "stripe", _("Stripe")
    DEMO = "demo", _("Démonstration")


class PaymentMethod(models.TextChoices):
    """How the tenant usually pays their rent, as known to the landlord's management system."""

    DIRECT_DEBIT = "direct_debit", _("Prélèvement automatique")
    TRANSFER = "transfer", _("Virement")
    CHEQUE = "cheque", _("Chèque")
    OTHER = "other", _("Autre moyen (espèces, mandat, carte)")
