"""Mandate test data, written through the real services."""

from django.utils import timezone

from portal.billing.enums import PaymentMethod
from portal.billing.models import LeaseAccount
from portal.mandates.services import mandate_import
from tests.factories import LeaseFactory, SignatoryFactory, TenantUserFactory


def martin_household():
    """One lease signed by Claire and Karim MARTIN, each with an account; paid by direct debit
    under an active mandate on an old account. Returns (claire, karim)."""
    lease = LeaseFactory()
    claire = TenantUserFactory(
        email="claire.martin@example.org",
        signatory=SignatoryFactory(lease=lease, first_name="Claire", last_name="MARTIN"),
    )
    karim = TenantUserFactory(
        email="karim.martin@example.org",
        signatory=SignatoryFactory(lease=lease, first_name="Karim", last_name="MARTIN"),
    )
    LeaseAccount.objects.create(lease=lease, payment_method=PaymentMethod.DIRECT_DEBIT)
    mandate_import(
        lease=lease,
        holder_name="Claire MARTIN",
        iban=OLD_IBAN,
        bic="BNPAFRPP",
        rum=f"RUM-{lease.tenant_number}-REPRISE",
        signed_at=timezone.now(),
        actor="tests",
    )
    return claire, karim


OLD_IBAN = "FR7630004001230001234567843"
NEW_IBAN = "FR76 3000 6000 0112 3456 7890 189"
