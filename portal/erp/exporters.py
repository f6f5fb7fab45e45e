"""What the portal sends back to the management system: one exporter per file (formats in README.md).

Each exporter lists the changes whose timestamp is at or after `since - LOOKBACK`, each with a
key that names the change itself (a payment, a lease's paperless start at a given instant...).
services.erp_export_run keeps only the keys never exported before.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils import timezone

from portal.billing.enums import PaymentStatus
from portal.billing.models import OnlinePayment
from portal.core.csvfiles import french_date, french_datetime, french_decimal
from portal.dossier.enums import ChangeKind, ChangeStatus
from portal.dossier.fields import DATE_FIELDS, FIELDS_BY_KIND
from portal.dossier.models import ChangeRequest
from portal.leases.models import Lease
from portal.mandates.enums import MandateEventKind
from portal.mandates.models import BankMandate, MandateEvent
from portal.surveys.enums import OccupantLink, ResponseStatus, Situation
from portal.surveys.models import Campaign, Response
from portal.surveys.selectors import campaign_unanswered, response_ceiling_comparison
from portal.surveys.services import closes_at

from .enums import ExportSource
from .importers import RELATIONSHIPS
from .models import DepartedOccupant

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


class TenantFileExporter(Exporter):
    """Changes of the tenant file accepted by Service client: one line per field that changed,
    values written the way the import files write them (dates JJ/MM/AAAA, codes of `lien`)."""

    source = ExportSource.TENANT_FILE
    file_stem = "modifications_dossier"
    columns = (
        "id_modification",
        "code_bail",
        "numero_locataire",
        "type",
        "code_signataire",
        "code_occupant",
        "id_occupant_portail",
        "champ",
        "ancienne_valeur",
        "nouvelle_valeur",
        "date_validation",
    )
    KINDS = {
        ChangeKind.CONTACT: "COORDONNEES",
        ChangeKind.HOUSEHOLD_ADD: "OCCUPANT_AJOUT",
        ChangeKind.HOUSEHOLD_CHANGE: "OCCUPANT_MODIFICATION",
        ChangeKind.HOUSEHOLD_REMOVE: "OCCUPANT_DEPART",
        ChangeKind.INSURANCE: "ASSURANCE",
    }
    # Column names of the import files, so that the management system maps them the same way.
    FIELD_NAMES = {
        "phone": "telephone",
        "mobile_phone": "mobile",
        "email": "courriel",
        "last_name": "nom",
        "first_name": "prenom",
        "birth_date": "date_naissance",
        "relationship": "lien",
        "insurer": "assureur",
        "policy_number": "numero_contrat",
        "valid_from": "valable_du",
        "valid_until": "valable_jusqu_au",
    }
    RELATIONSHIP_CODES = {value: code for code, value in RELATIONSHIPS.items()}

    def value(self, name: str, value: str) -> str:
        if value and name in DATE_FIELDS:
            return french_date(date.fromisoformat(value))
        if name == "relationship":
            return self.RELATIONSHIP_CODES.get(value, value)
        return value or ""

    def changes_since(self, since):
        accepted = ChangeRequest.objects.filter(status=ChangeStatus.ACCEPTED, handled_at__isnull=False)
        if since:
            accepted = accepted.filter(handled_at__gte=_after(since))
        accepted = list(accepted.select_related("lease", "signatory", "household_member").order_by("handled_at", "pk"))
        # An accepted departure no longer points to its occupant: DepartedOccupant kept who it was.
        departed = {
            d.change_request_id: d
            for d in DepartedOccupant.objects.filter(
                change_request__in=[c.pk for c in accepted if c.household_member is None]
            )
        }
        changes = []
        for change in accepted:
            before, after = change.before, change.after
            member = change.household_member
            if member is not None:
                occupant_code, occupant_id = member.external_id or "", str(member.pk)
            elif change.pk in departed:
                gone = departed[change.pk]
                occupant_code, occupant_id = gone.occupant_code, str(gone.occupant_portal_id)
            else:
                occupant_code, occupant_id = "", ""
            common = [
                str(change.pk),
                change.lease.external_id or "",
                change.lease.tenant_number,
                self.KINDS[change.kind],
                (change.signatory.external_id or "") if change.signatory else "",
                occupant_code,
                occupant_id,
            ]
            rows = [
                [
                    *common,
                    self.FIELD_NAMES[name],
                    self.value(name, before.get(name, "")),
                    self.value(name, after.get(name, "")),
                    _local(change.handled_at),
                ]
                for name in FIELDS_BY_KIND[change.kind]
                if before.get(name, "") != after.get(name, "")
            ]
            changes.append(Change(key=f"change:{change.pk}", happened_at=change.handled_at, rows=rows))
        return changes


class MandateExporter(Exporter):
    """SEPA mandates validated by Service client, and the mandates they revoked, read from the
    mandates' audit trail. The IBAN is decrypted only while the file is written: what the export
    records (ExportItem.rows) holds the mandate's id in its place, never the IBAN. A revocation
    names the mandate by its RUM and carries no IBAN."""

    source = ExportSource.MANDATES
    file_stem = "mandats"
    columns = (
        "code_bail",
        "numero_locataire",
        "evenement",
        "rum",
        "titulaire",
        "iban",
        "bic",
        "banque",
        "date_signature",
        "date_evenement",
    )
    EVENTS = {MandateEventKind.VALIDATED: "VALIDATION", MandateEventKind.REVOKED: "REVOCATION"}
    IBAN = columns.index("iban")

    def changes_since(self, since):
        events = MandateEvent.objects.filter(kind__in=self.EVENTS, mandate__isnull=False)
        if since:
            events = events.filter(created_at__gte=_after(since))
        changes = []
        for event in events.select_related("mandate__lease").order_by("created_at", "pk"):
            mandate, validated = event.mandate, event.kind == MandateEventKind.VALIDATED
            row = [
                mandate.lease.external_id or "",
                mandate.lease.tenant_number,
                self.EVENTS[event.kind],
                mandate.rum,
                mandate.holder_name,
                mandate.pk if validated else "",
                mandate.bic,
                mandate.bank_name,
                french_date(timezone.localtime(mandate.signed_at)) if mandate.signed_at else "",
                _local(event.created_at),
            ]
            changes.append(Change(key=f"mandate-{event.kind}:{mandate.pk}", happened_at=event.created_at, rows=[row]))
        return changes

    def render(self, row):
        if row[self.IBAN] == "":
            return row
        iban = BankMandate.objects.only("iban_encrypted").get(pk=row[self.IBAN]).iban
        return [*row[: self.IBAN], iban, *row[self.IBAN + 1 :]]


def _accepted_responses(since):
    accepted = Response.objects.filter(status=ResponseStatus.ACCEPTED, accepted_at__isnull=False)
    if since:
        accepted = accepted.filter(accepted_at__gte=_after(since))
    return accepted.select_related("campaign", "lease__residence__agency").order_by("accepted_at", "pk")


def _survey_columns(response: Response) -> list[str]:
    campaign = response.campaign
    return [
        campaign.get_kind_display(),
        str(campaign.year),
        response.lease.external_id or "",
        response.lease.tenant_number,
    ]


class SurveyResponseExporter(Exporter):
    """Answers to the SLS and OPS surveys accepted by the « Enquêtes » group: one line per lease, once."""

    source = ExportSource.SURVEY_RESPONSES
    file_stem = "enquetes_baux"
    columns = (
        "enquete",
        "annee",
        "code_bail",
        "numero_locataire",
        "code_residence",
        "code_agence",
        "nombre_occupants",
        "categorie_menage",
        "nombre_avis",
        "revenu_fiscal_reference",
        "annee_avis",
        "plafond",
        "pourcentage_plafond",
        "date_envoi",
        "date_acceptation",
    )

    def changes_since(self, since):
        changes = []
        for response in _accepted_responses(since).prefetch_related("occupants", "tax_notices"):
            comparison = response_ceiling_comparison(response=response)
            residence = response.lease.residence
            row = [
                *_survey_columns(response),
                residence.external_id or "",
                residence.agency.external_id or "",
                str(comparison.persons),
                str(comparison.category),
                str(len(response.tax_notices.all())),
                str(comparison.resources),
                str(response.campaign.tax_year),
                str(comparison.ceiling) if comparison.ceiling is not None else "",
                french_decimal(comparison.percentage) if comparison.percentage is not None else "",
                _local(response.submitted_at) if response.submitted_at else "",
                _local(response.accepted_at),
            ]
            changes.append(Change(key=f"survey-response:{response.pk}", happened_at=response.accepted_at, rows=[row]))
        return changes


class SurveyOccupantExporter(Exporter):
    """The household declared in each accepted answer: one line per occupant, codes as in the import files."""

    source = ExportSource.SURVEY_OCCUPANTS
    file_stem = "enquetes_occupants"
    columns = (
        "enquete",
        "annee",
        "code_bail",
        "numero_locataire",
        "code_signataire",
        "code_occupant",
        "id_occupant_portail",
        "nom",
        "prenom",
        "date_naissance",
        "lien",
        "situation",
        "carte_mobilite_inclusion",
    )
    LINKS = {
        OccupantLink.SIGNATORY: "SIGNATAIRE",
        OccupantLink.SPOUSE: "CONJOINT",
        OccupantLink.CHILD: "ENFANT",
        OccupantLink.PARENT: "PARENT",
        OccupantLink.RELATIVE: "FAMILLE",
        OccupantLink.OTHER: "AUTRE",
    }
    SITUATIONS = {
        Situation.EMPLOYEE: "SALARIE",
        Situation.SELF_EMPLOYED: "INDEPENDANT",
        Situation.JOB_SEEKER: "DEMANDEUR_EMPLOI",
        Situation.RETIRED: "RETRAITE",
        Situation.STUDENT: "ETUDIANT",
        Situation.PUPIL: "ENFANT",
        Situation.DISABLED: "INVALIDITE",
        Situation.HOME: "AU_FOYER",
        Situation.OTHER: "AUTRE",
    }

    def changes_since(self, since):
        responses = _accepted_responses(since).prefetch_related("occupants__signatory", "occupants__household_member")
        return [
            Change(
                key=f"survey-occupants:{response.pk}",
                happened_at=response.accepted_at,
                rows=[
                    [
                        *_survey_columns(response),
                        (occupant.signatory.external_id or "") if occupant.signatory else "",
                        (occupant.household_member.external_id or "") if occupant.household_member else "",
                        str(occupant.household_member_id or ""),
                        occupant.last_name,
                        occupant.first_name,
                        french_date(occupant.birth_date),
                        self.LINKS[occupant.link],
                        self.SITUATIONS[occupant.situation],
                        "OUI" if occupant.mobility_card else "NON",
                    ]
                    for occupant in response.occupants.all()
                ],
            )
            for response in responses
        ]


class SurveyUnansweredExporter(Exporter):
    """At the close of a campaign, the leases that have not sent their answer: once per campaign and lease."""

    source = ExportSource.SURVEY_UNANSWERED
    file_stem = "enquetes_sans_reponse"
    columns = ("enquete", "annee", "code_bail", "numero_locataire", "statut", "date_cloture")
    STATUSES = {
        ResponseStatus.NOT_STARTED: "NON_COMMENCEE",
        ResponseStatus.IN_PROGRESS: "EN_COURS",
        ResponseStatus.INCOMPLETE: "INCOMPLETE",
    }

    def changes_since(self, since):
        now = timezone.now()
        changes = []
        for campaign in Campaign.objects.filter(launched_at__isnull=False).order_by("closes_on", "pk"):
            closed = closes_at(campaign)
            if closed > now or (since and closed < _after(since)):
                continue
            for response in campaign_unanswered(campaign=campaign):
                changes.append(
                    Change(
                        key=f"survey-unanswered:{campaign.pk}:{response.lease_id}",
                        happened_at=closed,
                        rows=[
                            [
                                *_survey_columns(response),
                                self.STATUSES[response.status],
                                french_date(campaign.closes_on),
                            ]
                        ],
                    )
                )
        return changes


EXPORTERS: dict[str, Exporter] = {
    exporter.source: exporter
    for exporter in (
        MandateExporter(),
        TenantFileExporter(),
        PaperlessExporter(),
        OnlinePaymentExporter(),
        SurveyResponseExporter(),
        SurveyOccupantExporter(),
        SurveyUnansweredExporter(),
    )
}
