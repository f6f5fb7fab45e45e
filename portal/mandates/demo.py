"""Demo SEPA mandates: every demo lease paying by direct debit has an active mandate.

Which leases pay by direct debit is billing's demo data: billing's demo calls
`lease_active_mandate_load` for them (this app sits below billing and cannot ask). `load`, run by
`load_demo` after billing's (INSTALLED_APPS order), only reports what is there.
"""

import random
from datetime import datetime, time

from django.utils import timezone
from schwifty import IBAN

from portal.leases.models import Lease

from .enums import MandateStatus
from .iban import bic_for
from .models import BankMandate
from .services import mandate_import

# Bank codes of large French banks, so that schwifty finds their BIC.
DEMO_BANKS = ["30004", "30006", "30003", "20041", "10278"]


def _demo_iban(rng) -> str:
    """A valid French IBAN (bank and branch of real French banks, RIB key computed)."""
    bank, branch = rng.choice(DEMO_BANKS), f"{rng.randint(1, 999):05d}"
    account = f"{rng.randint(0, 10**11 - 1):011d}"
    key = 97 - ((89 * int(bank) + 15 * int(branch) + 3 * int(account)) % 97)
    return IBAN.from_bban("FR", f"{bank}{branch}{account}{key:02d}").compact


def lease_active_mandate_load(*, lease: Lease) -> None:
    """Direct debit goes with an active mandate, as if taken over from the management system.

    Deterministic per lease (same IBAN on every run) and idempotent: an active mandate is kept.
    """
    rng = random.Random(f"mandate-{lease.tenant_number}")
    if BankMandate.objects.filter(lease=lease, status=MandateStatus.ACTIVE).exists():
        return
    signatory = lease.signatories.order_by("pk").first()
    iban = _demo_iban(rng)
    mandate_import(
        lease=lease,
        holder_name=signatory.full_name if signatory else lease.tenant_number,
        iban=iban,
        bic=bic_for(IBAN(iban)),
        rum=f"RUM-{lease.tenant_number}-REPRISE",
        signed_at=timezone.make_aware(datetime.combine(lease.start_date, time(12))),
        actor="données de démonstration",
    )


def load(*, stdout) -> None:
    active = BankMandate.objects.filter(status=MandateStatus.ACTIVE).count()
    stdout.write(f"Mandats SEPA : {active} actifs ({BankMandate.objects.count()} au total).")
