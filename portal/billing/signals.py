"""Receivers of other apps' signals (connected in BillingConfig.ready)."""

from django.db import transaction
from django.db.models import F
from django.dispatch import receiver

from portal.mandates.signals import mandate_activated

from .enums import PaymentMethod
from .models import LeaseAccount


@receiver(mandate_activated, dispatch_uid="billing.lease_pays_by_direct_debit")
def lease_pays_by_direct_debit(sender, mandate, **kwargs) -> None:
    """A mandate became active: the lease now pays by direct debit (in the mandate's transaction)."""
    with transaction.atomic():
        LeaseAccount.objects.get_or_create(lease_id=mandate.lease_id)
        LeaseAccount.objects.filter(lease_id=mandate.lease_id).update(
            payment_method=PaymentMethod.DIRECT_DEBIT, version=F("version") + 1
        )
