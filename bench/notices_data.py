"""Leases ready for their monthly notice, made in bulk: one residence, one lot, one signatory with an
account, the month's quittancement and a payment in each ledger, the account's balance kept equal to
its ledger. Used by bench_notices and by the notices fault drill."""

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from portal.accounts.models import User
from portal.billing.enums import EntryKind
from portal.billing.models import LeaseAccount, LedgerEntry
from portal.leases.models import Agency, Lease, Residence, Signatory, Unit

LINES = [
    (EntryKind.RENT, "Loyer", Decimal("412.30")),
    (EntryKind.CHARGES, "Provisions sur charges", Decimal("96.50")),
    (EntryKind.APL, "APL", Decimal("-120.00")),
    (EntryKind.TRANSFER, "Virement", Decimal("-300.00")),
]


def paperless_leases_make(*, count: int, period: date, prefix: str = "9") -> list[Lease]:
    agency = Agency.objects.create(name="Agence", address="1 rue", phone="04", email="a@example.org")
    residence = Residence.objects.create(
        name="Les Tilleuls", address="2 rue", postcode="30000", city="Nîmes", agency=agency
    )
    since = timezone.now() - timedelta(days=400)
    leases = Lease.objects.bulk_create(
        Lease(tenant_number=f"{prefix}{n:05d}", residence=residence, start_date=date(2020, 1, 1), paperless_since=since)
        for n in range(count)
    )
    units = Unit.objects.bulk_create(
        Unit(residence=residence, reference=f"Logement {n}", address="2 rue, 30000 Nîmes") for n in range(count)
    )
    Lease.units.through.objects.bulk_create(
        Lease.units.through(lease_id=lease.pk, unit_id=unit.pk) for lease, unit in zip(leases, units, strict=True)
    )
    signatories = Signatory.objects.bulk_create(
        Signatory(lease=lease, last_name=f"Locataire{n}", first_name="Alex", birth_date=date(1980, 1, 1))
        for n, lease in enumerate(leases)
    )
    users = [User(email=f"locataire{prefix}{n}@example.org", signatory=s) for n, s in enumerate(signatories)]
    for user in users:
        user.set_unusable_password()
    User.objects.bulk_create(users)
    LedgerEntry.objects.bulk_create(
        LedgerEntry(lease=lease, kind=kind, label=label, amount=amount, booked_on=period, created_by="bench")
        for lease in leases
        for kind, label, amount in LINES
    )
    balance = sum(amount for _kind, _label, amount in LINES)
    LeaseAccount.objects.bulk_create(LeaseAccount(lease=lease, balance=balance) for lease in leases)
    return leases
