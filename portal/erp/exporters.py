"""What the portal sends back to the management system: one exporter per file (formats in README.md).

Each exporter lists the changes whose timestamp is at or after `since - LOOKBACK`, each with a
key that names the change itself (a payment, a lease's paperless start at a given instant...).
services.erp_export_run keeps only the keys never exported before.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from portal.billing.enums import PaymentStatus
from portal.billing.models import OnlinePayment
from portal.leases.models import Lease

from .csvfiles import french_datetime, french_decimal
from .enums import ExportSource

# A change is timestamped inside its transaction, before it commits: one that committed after the
# previous export had read its source may carry a timestamp a little before that export's cursor.
# No portal transaction lasts anywhere near this long.
LOOKBACK = timedelta(hours=1)


@dataclass(frozen=True)
class Change:
    key: str
    happened_at: datetime
    rows: list[list[str]]


def _after(since: datetime | None) -> datetime | None:
    return since - LOOKBACK if since else None


def _local(value: datetime) -> str:
    return french_datetime(timezone.localtime(value))


class Exporter:
    source: ExportSource
    file_stem: str
    columns: tuple[str, ...]

    def changes_since(self, since: datetime | None) -> list[Change]:
        raise NotImplementedError

    def render(self, row: list[str]) -> list[str]:
        """The line as written to the file, from the values recorded in ExportItem."""
        return row


class OnlinePaymentExporter(Exporter):
    """Card payments confirmed by Stripe (or the demo page), once each."""

    source = ExportSource.ONLINE_PAYMENTS
    file_stem = "paiements_en_ligne"
    columns = ("reference_paiement", "code_bail", "numero_locataire", "montant", "date_confirmation", "id_stripe")

    def changes_since(self, since):
        payments = OnlinePayment.objects.filter(status=PaymentStatus.SUCCEEDED, settled_at__isnull=False)
        if since:
            payments = payments.filter(settled_at__gte=_after(since))
        return [
            Change(
                key=f"payment:{payment.pk}",
                happened_at=payment.settled_at,
                rows=[
                    [
                        payment.reference,
                        payment.lease.external_id or "",
                        payment.lease.tenant_number,
                        french_decimal(payment.amount),
                        _local(payment.settled_at),
                        payment.stripe_payment_intent_id or "",
                    ]
                ],
            )
            for payment in payments.select_related("lease").order_by("settled_at", "pk")
        ]


class PaperlessExporter(Exporter):
    """Start (first account of the lease) and end (last account closed) of paperless documents."""

    source = ExportSource.PAPERLESS
    file_stem = "dematerialisation"
    columns = ("code_bail", "numero_locataire", "evenement", "date_evenement")
    EVENTS = (("paperless_since", "DEBUT", "start"), ("paperless_until", "FIN", "end"))

    def changes_since(self, since):
        changes = []
        for field, label, key in self.EVENTS:
            leases = Lease.objects.filter(**{f"{field}__isnull": False})
            if since:
                leases = leases.filter(**{f"{field}__gte": _after(since)})
            for lease in leases.only("pk", "external_id", "tenant_number", field):
                at = getattr(lease, field)
                changes.append(
                    Change(
                        key=f"paperless-{key}:{lease.pk}:{at.isoformat()}",
                        happened_at=at,
                        rows=[[lease.external_id or "", lease.tenant_number, label, _local(at)]],
                    )
                )
        return changes


EXPORTERS: dict[str, Exporter] = {
    exporter.source: exporter
    for exporter in (
        PaperlessExporter(),
        OnlinePaymentExporter(),
    )
}
