"""Demo documents for the fixed demo leases: a year of rent notices and one charges statement.

Rendered from the demo ledger (portal/billing/demo.py, loaded before this), so amounts match
« Mes paiements ». Idempotent: a notice or statement already there is left as it is. Only leases
100001 and 100002: real PDFs for the ~200 other leases would make `load_demo` slow.
"""

from datetime import datetime, time
from decimal import Decimal

from django.utils import timezone

from portal.billing.selectors import _months_back
from portal.core.models import SiteSettings
from portal.core.pdf import pdf_render
from portal.leases.models import Lease

from .enums import DocumentKind, DocumentSource
from .pdfs import _common
from .periods import period_label
from .services import document_store, notice_generate

DEMO_LEASES = ("100001", "100002")
CREATED_BY = "données de démonstration"

# Bulletin de régularisation: each charge item, the provisions paid over the year and the real cost.
CHARGES_ITEMS = [
    ("Eau froide", Decimal("312.00"), Decimal("287.40")),
    ("Chauffage collectif", Decimal("540.00"), Decimal("598.75")),
    ("Entretien des parties communes", Decimal("180.00"), Decimal("171.20")),
    ("Ascenseur", Decimal("96.00"), Decimal("104.65")),
    ("Taxe d'enlèvement des ordures ménagères", Decimal("150.00"), Decimal("158.00")),
]


def load(*, stdout) -> None:
    landlord = SiteSettings.load()
    months = _months_back(timezone.localdate(), 12)
    created = 0
    for lease in Lease.objects.filter(tenant_number__in=DEMO_LEASES).order_by("tenant_number"):
        for period in months:
            issued_at = timezone.make_aware(datetime.combine(period, time(6, 0)))
            if lease.paperless_since and issued_at < lease.paperless_since:
                continue  # notices of that time went out on paper
            _document, new = notice_generate(
                lease=lease, period=period, created_by=CREATED_BY, landlord=landlord, notify=False, issued_at=issued_at
            )
            created += new
        created += _charges_statement(lease, months[-6], landlord)
    stdout.write(f"Documents : {created} document(s) créé(s) pour les baux {', '.join(DEMO_LEASES)}.")


def _charges_statement(lease: Lease, period, landlord) -> int:
    items = [
        {"label": label, "provisions": provisions, "actual": actual, "difference": actual - provisions}
        for label, provisions, actual in CHARGES_ITEMS
    ]
    total = sum((item["difference"] for item in items), Decimal("0.00"))
    context = _common(lease, landlord) | {
        "period_label": period_label(period),
        "year": period.year - 1,
        "items": items,
        "provisions": sum((i["provisions"] for i in items), Decimal("0.00")),
        "actual": sum((i["actual"] for i in items), Decimal("0.00")),
        "total": total,
    }
    _document, new = document_store(
        lease=lease,
        kind=DocumentKind.CHARGES_STATEMENT,
        period=period,
        content=pdf_render(template_name="documents/pdf/charges_statement.html", context=context),
        source=DocumentSource.GENERATED,
        created_by=CREATED_BY,
        issued_at=timezone.make_aware(datetime.combine(period, time(6, 0))),
        notify=False,
    )
    return int(new)
