"""Monthly rent notices: the whole pipeline (query the ledger, render with WeasyPrint, file in filer,
record, e-mail the tenants) against WeasyPrint alone rendering the same HTML, in the same run.

Runs in a child process under the test settings with a throwaway VAR_DIR (SQLite database, private
files, locmem e-mail, tasks run inline), on BENCH_NOTICES leases (1,000 by default), then deletes it.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTICES = int(os.environ.get("BENCH_NOTICES", "1000"))


def main() -> None:
    folder = tempfile.mkdtemp(prefix="portail-bench-notices-")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", "VAR_DIR": folder}
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    try:
        subprocess.run([sys.executable, "-m", "bench.bench_notices", "--inner"], cwd=ROOT, env=env, check=True)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _setup(count: int):
    from datetime import date
    from decimal import Decimal

    from django.core.management import call_command
    from django.utils import timezone

    from portal.accounts.models import User
    from portal.billing.enums import EntryKind
    from portal.billing.models import LeaseAccount, LedgerEntry
    from portal.leases.models import Agency, Lease, Residence, Signatory, Unit

    call_command("migrate", verbosity=0)
    period = date(2026, 11, 1)
    agency = Agency.objects.create(name="Agence", address="1 rue", phone="04", email="a@example.org")
    residence = Residence.objects.create(
        name="Les Tilleuls", address="2 rue", postcode="30000", city="Nîmes", agency=agency
    )
    since = timezone.now() - timezone.timedelta(days=400)
    leases = Lease.objects.bulk_create(
        Lease(tenant_number=f"9{n:05d}", residence=residence, start_date=date(2020, 1, 1), paperless_since=since)
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
    users = [User(email=f"locataire{n}@example.org", signatory=s) for n, s in enumerate(signatories)]
    for user in users:
        user.set_unusable_password()
    User.objects.bulk_create(users)
    lines = [
        (EntryKind.RENT, "Loyer", Decimal("412.30")),
        (EntryKind.CHARGES, "Provisions sur charges", Decimal("96.50")),
        (EntryKind.APL, "APL", Decimal("-120.00")),
        (EntryKind.TRANSFER, "Virement", Decimal("-300.00")),
    ]
    LedgerEntry.objects.bulk_create(
        LedgerEntry(lease=lease, kind=kind, label=label, amount=amount, booked_on=period, created_by="bench")
        for lease in leases
        for kind, label, amount in lines
    )
    LeaseAccount.objects.bulk_create(LeaseAccount(lease=lease, balance=Decimal("88.80")) for lease in leases)
    return period, leases


def _inner() -> None:
    import django

    django.setup()
    from django.core import mail
    from django.template.loader import render_to_string

    from portal.core.models import SiteSettings
    from portal.documents.ledger import notice_build
    from portal.documents.models import Document
    from portal.documents.pdfs import _common
    from portal.documents.periods import period_label
    from portal.documents.rendering import html_to_pdf
    from portal.documents.services import notices_generate

    mail.outbox = []
    period, leases = _setup(NOTICES)
    landlord = SiteSettings.load()
    html = [
        render_to_string(
            "documents/pdf/rent_notice.html",
            _common(lease, landlord)
            | {
                "notice": notice_build(lease=lease, period=period, ics=landlord.sepa_creditor_id),
                "period_label": period_label(period),
                "issued_on": period,
            },
        )
        for lease in leases
    ]

    started = time.perf_counter()
    for page in html:
        html_to_pdf(html=page)
    weasyprint_rate = len(html) / (time.perf_counter() - started)

    started = time.perf_counter()
    run = notices_generate(period=period, triggered_by="bench")
    pipeline_rate = run.created_count / (time.perf_counter() - started)

    assert run.created_count == NOTICES and run.error_count == 0, run.errors
    assert Document.objects.count() == NOTICES and len(mail.outbox) == NOTICES
    print(f"WeasyPrint alone (same HTML): {weasyprint_rate:.1f} notices/s over {NOTICES}")
    print(f"pipeline (query, render, store, e-mail): {pipeline_rate:.1f} notices/s over {NOTICES}")
    print(f"ratio pipeline / WeasyPrint alone: {pipeline_rate / weasyprint_rate:.2f}")


if __name__ == "__main__":
    if "--inner" in sys.argv:
        _inner()
    else:
        main()
