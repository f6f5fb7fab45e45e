"""One importer per kind of file from the management system (formats in README.md, samples in
portal/erp/samples/).

Records are matched on the management system's identifiers (`external_id`), read and written
in chunks with bulk queries, and compared field by field: an identical row changes nothing, a
changed row updates its record. Imports never delete: a lease that ends gets a `date_sortie`.
A bad line is recorded with its number and reason and the others go on.
"""

import io
import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import islice
from operator import itemgetter

import psycopg
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import DataError, IntegrityError, connection, models, transaction
from django.utils.translation import gettext as _

from portal.billing.enums import EntryKind
from portal.billing.models import LeaseAccount, LedgerEntry
from portal.billing.services import LeaseEntry, NewEntry, ledger_entries_bulk_record
from portal.core.cache import CONTENT, cache_versions_bump
from portal.core.csvfiles import (
    DELIMITER,
    POSTGRES_ENCODINGS,
    WHITESPACE,
    CsvRows,
    RowError,
    parse_choice,
    parse_date,
    parse_decimal,
    required,
)
from portal.leases.enums import Relationship, StaffRole, UnitKind
from portal.leases.models import Agency, HouseholdMember, Lease, Residence, Signatory, StaffContact, Unit

from . import lease_import
from .enums import ImportKind

logger = logging.getLogger(__name__)

CHUNK_SIZE = 2000
MAX_ERRORS_KEPT = 1000
LEDGER_REF_PREFIX = "erp:"
LEDGER_AUTHOR = "import logiciel de gestion"

UNIT_KINDS = {"LOGEMENT": UnitKind.DWELLING, "PARKING": UnitKind.PARKING, "GARAGE": UnitKind.PARKING}
RELATIONSHIPS = {
    "CONJOINT": Relationship.SPOUSE,
    "ENFANT": Relationship.CHILD,
    "PARENT": Relationship.PARENT,
    "FAMILLE": Relationship.OTHER_RELATIVE,
    "AUTRE": Relationship.OTHER,
}
ROLES = {
    "GERANT": StaffRole.MANAGER,
    "GARDIEN": StaffRole.CARETAKER,
    "CHARGE_CLIENTELE": StaffRole.CUSTOMER_OFFICER,
}
ENTRY_KINDS = {
    "LOYER": EntryKind.RENT,
    "CHARGES": EntryKind.CHARGES,
    "APL": EntryKind.APL,
    "RLS": EntryKind.RLS,
    "PRELEVEMENT": EntryKind.DIRECT_DEBIT,
    "REJET_PRELEVEMENT": EntryKind.DIRECT_DEBIT_REJECTED,
    "CHEQUE": EntryKind.CHEQUE,
    "CARTE": EntryKind.CARD,
    "VIREMENT": EntryKind.TRANSFER,
    "REGULARISATION": EntryKind.ADJUSTMENT,
    "REMBOURSEMENT": EntryKind.REFUND,
}
MAX_AMOUNT = Decimal("99999999.99")

Line = tuple[int, dict[str, str]]


@dataclass
class Report:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    error_count: int = 0
    errors: list[dict] = field(default_factory=list)

    def error(self, line: int, reason: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS_KEPT:
            self.errors.append({"line": line, "reason": reason})


def _chunks(rows: Iterable[Line], size: int) -> Iterator[list[Line]]:
    iterator = iter(rows)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _email(row: dict[str, str], column: str, *, optional: bool = False) -> str:
    value = row[column] if optional else required(row, column)
    if value:
        try:
            validate_email(value)
        except ValidationError as error:
            message = _("courriel invalide « %(value)s » dans %(column)s") % {"value": value, "column": column}
            raise RowError(message) from error
    return value


def _codes(value: str) -> list[str]:
    return [code.strip() for code in value.split(",") if code.strip()]


def _known(model: type[models.Model], codes: Iterable[str]) -> dict[str, int]:
    codes = set(codes)
    if not codes:
        return {}
    return dict(model.objects.filter(external_id__in=codes).values_list("external_id", "pk"))


def _unknown(what: str, code: str) -> RowError:
    return RowError(_("%(what)s inconnu(e) : « %(code)s »") % {"what": what, "code": code})


def _repeated(what: str, code: str) -> RowError:
    return RowError(
        _("%(what)s « %(code)s » déjà présent(e) plus haut dans le fichier avec d'autres valeurs")
        % {"what": what, "code": code}
    )


class Importer:
    kind: ImportKind
    columns: tuple[str, ...]
    chunk_size = CHUNK_SIZE

    def __init__(self, report: Report):
        self.report = report
        # Values already imported from this file per record, so that a record spread over
        # several lines (a lease with two signatories) is written once and checked for consistency.
        self.seen: dict[tuple[str, str], tuple] = {}

    def run(self, rows: Iterable[Line], progress=None) -> None:
        for chunk in _chunks(rows, self.chunk_size):
            self.import_chunk(chunk)
            if progress is not None:
                progress.update(len(chunk))
        if self.report.created or self.report.updated:
            self.cache_versions_bump()

    def cache_versions_bump(self) -> None:
        """Bulk writes send no signal: the cached pages are told here, once, at the end of the
        import's transaction (residences, leases, signatories... are shown on many pages)."""
        cache_versions_bump(scope=CONTENT)

    def import_chunk(self, chunk: list[Line]) -> None:
        raise NotImplementedError

    def parse_all(self, chunk: list[Line], parse) -> list[tuple[int, object]]:
        parsed = []
        for line, row in chunk:
            try:
                parsed.append((line, parse(row)))
            except RowError as error:
                self.report.error(line, str(error))
        return parsed

    def first_time(self, what: str, code: str, values: tuple) -> bool:
        """True the first time a record appears in the file; raises if it reappears with other values."""
        previous = self.seen.get((what, code))
        if previous is None:
            self.seen[(what, code)] = values
            return True
        if previous != values:
            raise _repeated(what, code)
        return False

    def upsert(self, model: type[models.Model], records: dict[str, dict]) -> tuple[dict[str, models.Model], set[str]]:
        """Create or update records keyed by external_id; returns them by external_id, and the
        codes of those left unchanged."""
        unchanged = set()
        if not records:
            return {}, unchanged
        existing = {obj.external_id: obj for obj in model.objects.filter(external_id__in=records)}
        to_create, to_update, changed_fields = [], [], set()
        for code, values in records.items():
            obj = existing.get(code)
            if obj is None:
                obj = model(external_id=code, **values)
                to_create.append(obj)
                existing[code] = obj
                continue
            changed = [name for name, value in values.items() if getattr(obj, name) != value]
            if changed:
                for name in changed:
                    setattr(obj, name, values[name])
                to_update.append(obj)
                changed_fields.update(changed)
            else:
                unchanged.add(code)
        self.report.unchanged += len(unchanged)
        if to_create:
            model.objects.bulk_create(to_create, batch_size=1000)
            self.report.created += len(to_create)
        if to_update:
            model.objects.bulk_update(to_update, sorted(changed_fields), batch_size=1000)
            self.report.updated += len(to_update)
        return existing, unchanged

    def set_m2m(self, objects: dict[str, models.Model], relation: str, wanted: dict[str, set[int]]) -> set[str]:
        """Make each object's many-to-many `relation` exactly `wanted`; returns the codes changed."""
        if not wanted:
            return set()
        descriptor = getattr(type(next(iter(objects.values()))), relation)
        through = descriptor.through
        owner_field = descriptor.field.m2m_field_name()
        target_field = descriptor.field.m2m_reverse_field_name()
        owner_ids = {objects[code].pk: code for code in wanted}
        current: dict[int, set[int]] = {pk: set() for pk in owner_ids}
        for owner_id, target_id in through.objects.filter(**{f"{owner_field}__in": owner_ids}).values_list(
            f"{owner_field}_id", f"{target_field}_id"
        ):
            current[owner_id].add(target_id)
        to_add, to_remove, changed = [], [], set()
        for owner_id, code in owner_ids.items():
            target = wanted[code]
            if target == current[owner_id]:
                continue
            changed.add(code)
            to_add += [
                through(**{f"{owner_field}_id": owner_id, f"{target_field}_id": t}) for t in target - current[owner_id]
            ]
            to_remove += [(owner_id, t) for t in current[owner_id] - target]
        if to_add:
            through.objects.bulk_create(to_add, batch_size=1000)
        for owner_id, target_id in to_remove:
            through.objects.filter(**{f"{owner_field}_id": owner_id, f"{target_field}_id": target_id}).delete()
        return changed


class AgencyImporter(Importer):
    kind = ImportKind.AGENCIES
    columns = ("code_agence", "nom", "adresse", "telephone", "courriel", "horaires")

    def import_chunk(self, chunk):
        records = {}
        for line, row in chunk:
            try:
                code = required(row, "code_agence")
                values = {
                    "name": required(row, "nom"),
                    "address": required(row, "adresse"),
                    "phone": required(row, "telephone"),
                    "email": _email(row, "courriel"),
                    "opening_hours": row["horaires"],
                }
                if self.first_time("agence", code, tuple(values.values())):
                    records[code] = values
            except RowError as error:
                self.report.error(line, str(error))
        self.upsert(Agency, records)


class ResidenceImporter(Importer):
    """One line per lot, the residence's columns repeated; a residence without lots leaves code_lot empty."""

    kind = ImportKind.RESIDENCES
    columns = (
        "code_residence",
        "nom_residence",
        "adresse_residence",
        "code_postal",
        "commune",
        "code_agence",
        "code_lot",
        "type_lot",
        "reference_lot",
        "adresse_lot",
    )

    def parse(self, row):
        postcode = required(row, "code_postal")
        if not (len(postcode) == 5 and postcode.isdigit()):
            raise RowError(_("code postal invalide « %(value)s »") % {"value": postcode})
        residence = {
            "name": required(row, "nom_residence"),
            "address": required(row, "adresse_residence"),
            "postcode": postcode,
            "city": required(row, "commune"),
        }
        unit = None
        if row["code_lot"]:
            unit = {
                "kind": parse_choice(row, "type_lot", UNIT_KINDS),
                "reference": required(row, "reference_lot"),
                "address": required(row, "adresse_lot"),
            }
        return required(row, "code_residence"), residence, required(row, "code_agence"), row["code_lot"], unit

    def import_chunk(self, chunk):
        parsed = self.parse_all(chunk, self.parse)
        agencies = _known(Agency, (p[2] for _line, p in parsed))
        residences, units, unit_residence = {}, {}, {}
        for line, (code, residence, agency_code, unit_code, unit) in parsed:
            try:
                if agency_code not in agencies:
                    raise _unknown(_("agence"), agency_code)
                residence = {**residence, "agency_id": agencies[agency_code]}
                new_residence = self.first_time("résidence", code, tuple(residence.values()))
                if unit_code and self.first_time("lot", unit_code, (code, *unit.values())):
                    units[unit_code] = unit
                    unit_residence[unit_code] = code
                if new_residence:
                    residences[code] = residence
            except RowError as error:
                self.report.error(line, str(error))
        saved, _unchanged = self.upsert(Residence, residences)
        missing = set(unit_residence.values()) - set(saved)
        saved.update({obj.external_id: obj for obj in Residence.objects.filter(external_id__in=missing)})
        for unit_code, values in units.items():
            values["residence_id"] = saved[unit_residence[unit_code]].pk
        self.upsert(Unit, units)


class LeaseImporter(Importer):
    """One line per signatory, the lease's columns repeated; codes_lots lists the lease's lots (comma-separated)."""

    kind = ImportKind.LEASES
    columns = lease_import.COLUMNS

    def run(self, rows, progress=None):
        """On PostgreSQL the whole file at once, set-based (lease_import.py); chunk by chunk elsewhere
        (SQLite), and for the rare files the set-based checks leave to this path (`lease_import`)."""
        if connection.vendor != "postgresql":
            super().run(rows, progress)
            return
        lease_import.lease_file_stage(rows, self.parse, progress)
        fallback = lease_import.lease_file_check(chunk_size=self.chunk_size)
        if fallback is not None:
            logger.info("Leases file imported line by line: %s", fallback)
            super().run(lease_import.lease_file_staged_rows())
        else:
            error_count, errors = lease_import.lease_file_errors(limit=MAX_ERRORS_KEPT)
            for line, check, detail, row in errors:
                self.report.error(line, self.refusal(check, detail, row))
            self.report.error_count += error_count - len(errors)
            created, updated, unchanged = lease_import.lease_file_write()
            self.report.created += created
            self.report.updated += updated
            self.report.unchanged += unchanged
            if created or updated:
                self.cache_versions_bump()
        lease_import.lease_file_unstage()

    @staticmethod
    def number_taken(number: str, owner: str) -> RowError:
        return RowError(
            _("le numéro de locataire %(number)s appartient déjà au bail « %(owner)s »")
            % {"number": number, "owner": owner}
        )

    def refusal(self, check: str, detail: str, row: dict[str, str]) -> str:
        """The row path's message for a line the set-based checks refused (see lease_import):
        `detail` is the format check's own message, the unknown lot or the lease owning the number."""
        if check == "parse":
            return detail
        if check == "residence":
            error = _unknown(_("résidence"), row["code_residence"])
        elif check == "unit":
            error = _unknown(_("lot"), detail)
        elif check == "owner":
            error = self.number_taken(row["numero_locataire"], detail)
        elif check == "number":
            error = _repeated(_("numéro de locataire"), row["numero_locataire"])
        elif check == "lease":
            error = _repeated("bail", row["code_bail"])
        else:
            error = _repeated("signataire", row["code_signataire"])
        return str(error)

    def parse(self, row):
        lease = {
            "tenant_number": required(row, "numero_locataire"),
            "start_date": parse_date(row, "date_entree"),
            "end_date": parse_date(row, "date_sortie", optional=True),
        }
        if lease["end_date"] and lease["end_date"] < lease["start_date"]:
            raise RowError(_("la date de sortie précède la date d'entrée"))
        unit_codes = _codes(required(row, "codes_lots"))
        signatory = None
        if row["code_signataire"]:
            signatory = {
                "last_name": required(row, "nom"),
                "first_name": required(row, "prenom"),
                "birth_date": parse_date(row, "date_naissance"),
                "email": _email(row, "courriel", optional=True),
                "phone": row["telephone"],
                "mobile_phone": row["mobile"],
            }
        return required(row, "code_bail"), lease, required(row, "code_residence"), unit_codes, signatory, row

    def import_chunk(self, chunk):
        parsed = self.parse_all(chunk, self.parse)
        residences = _known(Residence, (p[2] for _line, p in parsed))
        units = _known(Unit, (code for _line, p in parsed for code in p[3]))
        # Lease numbers already taken, to refuse a line that would steal another lease's number and
        # to adopt a lease created on the portal before it had an identifier in the management system.
        numbers = dict(
            Lease.objects.filter(tenant_number__in={p[1]["tenant_number"] for _line, p in parsed}).values_list(
                "tenant_number", "external_id"
            )
        )
        leases, lease_units, signatories, signatory_lease = {}, {}, {}, {}
        for line, (code, lease, residence_code, unit_codes, signatory, row) in parsed:
            new_lease = False
            try:
                if residence_code not in residences:
                    raise _unknown(_("résidence"), residence_code)
                for unit_code in unit_codes:
                    if unit_code not in units:
                        raise _unknown(_("lot"), unit_code)
                owner = numbers.get(lease["tenant_number"], code)
                if owner not in (code, None):
                    raise self.number_taken(lease["tenant_number"], owner)
                lease = {**lease, "residence_id": residences[residence_code]}
                unit_ids = {units[unit_code] for unit_code in unit_codes}
                self.first_time(_("numéro de locataire"), lease["tenant_number"], (code,))
                new_lease = self.first_time("bail", code, (*lease.values(), tuple(sorted(unit_ids))))
                if signatory and self.first_time("signataire", row["code_signataire"], (code, *signatory.values())):
                    signatories[row["code_signataire"]] = signatory
                    signatory_lease[row["code_signataire"]] = code
                if new_lease:
                    leases[code] = lease
                    lease_units[code] = unit_ids
                    if numbers.get(lease["tenant_number"], code) is None:
                        Lease.objects.filter(tenant_number=lease["tenant_number"], external_id=None).update(
                            external_id=code
                        )
            except RowError as error:
                if new_lease:
                    # Refused for its signatory: the line writes nothing, and the lease's next line
                    # must still bring the lease (else its signatory would have no lease to join).
                    del self.seen[("bail", code)]
                self.report.error(line, str(error))
        saved, unchanged = self.upsert(Lease, leases)
        # A lease whose lots alone changed was counted as unchanged by upsert.
        moved = len(self.set_m2m(saved, "units", lease_units) & unchanged)
        self.report.unchanged -= moved
        self.report.updated += moved
        missing = set(signatory_lease.values()) - set(saved)
        saved.update({obj.external_id: obj for obj in Lease.objects.filter(external_id__in=missing)})
        for signatory_code, values in signatories.items():
            values["lease_id"] = saved[signatory_lease[signatory_code]].pk
        self.upsert(Signatory, signatories)


class HouseholdImporter(Importer):
    kind = ImportKind.HOUSEHOLD
    columns = ("code_occupant", "code_bail", "nom", "prenom", "date_naissance", "lien")

    def parse(self, row):
        values = {
            "last_name": required(row, "nom"),
            "first_name": required(row, "prenom"),
            "birth_date": parse_date(row, "date_naissance"),
            "relationship": parse_choice(row, "lien", RELATIONSHIPS),
        }
        return required(row, "code_occupant"), required(row, "code_bail"), values

    def import_chunk(self, chunk):
        parsed = self.parse_all(chunk, self.parse)
        leases = _known(Lease, (p[1] for _line, p in parsed))
        records = {}
        for line, (code, lease_code, values) in parsed:
            try:
                if lease_code not in leases:
                    raise _unknown(_("bail"), lease_code)
                values = {**values, "lease_id": leases[lease_code]}
                if self.first_time("occupant", code, tuple(values.values())):
                    records[code] = values
            except RowError as error:
                self.report.error(line, str(error))
        self.upsert(HouseholdMember, records)


class ContactImporter(Importer):
    """Staff contacts; codes_residences lists every residence the contact follows (comma-separated)."""

    kind = ImportKind.CONTACTS
    columns = (
        "code_interlocuteur",
        "role",
        "nom",
        "prenom",
        "telephone",
        "courriel",
        "adresse",
        "code_agence",
        "codes_residences",
    )

    def parse(self, row):
        values = {
            "role": parse_choice(row, "role", ROLES),
            "last_name": required(row, "nom"),
            "first_name": required(row, "prenom"),
            "phone": required(row, "telephone"),
            "email": _email(row, "courriel"),
            "address": row["adresse"],
        }
        residence_codes = _codes(row["codes_residences"])
        return required(row, "code_interlocuteur"), values, required(row, "code_agence"), residence_codes

    def import_chunk(self, chunk):
        parsed = self.parse_all(chunk, self.parse)
        agencies = _known(Agency, (p[2] for _line, p in parsed))
        residences = _known(Residence, (code for _line, p in parsed for code in p[3]))
        records, followed = {}, {}
        for line, (code, values, agency_code, residence_codes) in parsed:
            try:
                if agency_code not in agencies:
                    raise _unknown(_("agence"), agency_code)
                for residence_code in residence_codes:
                    if residence_code not in residences:
                        raise _unknown(_("résidence"), residence_code)
                values = {**values, "agency_id": agencies[agency_code]}
                residence_ids = {residences[c] for c in residence_codes}
                if self.first_time("interlocuteur", code, (*values.values(), tuple(sorted(residence_ids)))):
                    records[code] = values
                    followed[code] = residence_ids
            except RowError as error:
                self.report.error(line, str(error))
        saved, unchanged = self.upsert(StaffContact, records)
        moved = len(self.set_m2m(saved, "residences", followed) & unchanged)
        self.report.unchanged -= moved
        self.report.updated += moved


class LedgerImporter(Importer):
    """Ledger lines (billed items and payments), written through billing's `ledger_entries_bulk_record`
    (one set of queries per chunk, whatever the number of leases) so that each lease's balance
    moves with them. A line's id becomes its ledger `external_ref`:
    a line already imported is never added again. Ledger lines are never modified (a correction is
    a new line): a known id arriving with other values is rejected."""

    kind = ImportKind.LEDGER
    columns = ("id_ligne", "code_bail", "date", "nature", "libelle", "montant")
    # Narrow lines: larger chunks mean fewer round trips per line.
    chunk_size = 5000

    def cache_versions_bump(self) -> None:
        # The accounts' versions move with their balances: `ledger_entries_bulk_record` (accounts_touch)
        # on SQLite, the one UPDATE of balances and versions of `ledger_import_set_based` on PostgreSQL.
        pass

    def run(self, rows, progress=None):
        """On PostgreSQL the whole file at once, set-based; chunk by chunk elsewhere (SQLite)."""
        if connection.vendor == "postgresql":
            ledger_import_set_based(self, rows, progress)
        else:
            super().run(rows, progress)

    def parse(self, row):
        amount = _ledger_amount(row)
        entry = NewEntry(
            kind=parse_choice(row, "nature", ENTRY_KINDS),
            label=required(row, "libelle")[:200],
            amount=amount,
            booked_on=parse_date(row, "date"),
            external_ref=LEDGER_REF_PREFIX + required(row, "id_ligne"),
        )
        return required(row, "code_bail"), entry

    def import_chunk(self, chunk):
        parsed = self.parse_all(chunk, self.parse)
        leases = _known(Lease, (p[0] for _line, p in parsed))
        recorded = {
            entry["external_ref"]: entry
            for entry in LedgerEntry.objects.filter(external_ref__in={p[1].external_ref for _line, p in parsed}).values(
                "external_ref", "lease_id", "kind", "label", "amount", "booked_on"
            )
        }
        new: list[LeaseEntry] = []
        for line, (lease_code, entry) in parsed:
            try:
                lease_id = leases.get(lease_code)
                if lease_id is None:
                    raise _unknown(_("bail"), lease_code)
                values = {
                    "external_ref": entry.external_ref,
                    "lease_id": lease_id,
                    "kind": entry.kind,
                    "label": entry.label,
                    "amount": entry.amount,
                    "booked_on": entry.booked_on,
                }
                known = recorded.get(entry.external_ref)
                if known is None:
                    recorded[entry.external_ref] = values
                    new.append(LeaseEntry(lease_id=lease_id, entry=entry))
                elif known == values:
                    self.report.unchanged += 1
                else:
                    raise RowError(
                        _(
                            "la ligne %(id)s est déjà au compte avec d'autres valeurs : une ligne de compte ne se "
                            "modifie pas, la correction doit être une nouvelle ligne"
                        )
                        % {"id": entry.external_ref.removeprefix(LEDGER_REF_PREFIX)}
                    )
            except RowError as error:
                self.report.error(line, str(error))
        self.report.created += ledger_entries_bulk_record(entries=new, created_by=LEDGER_AUTHOR)


# ---- set-based ledger import (PostgreSQL) -------------------------------------------------------
#
# A monthly ledger file holds about 1.2 million lines. A file without quotes is first typed by
# Python with the row path's rules and COPYed straight into the ledger (`_ledger_copy_typed`:
# PostgreSQL writes a block while Python types the next); the first line it cannot take as it is
# undoes it. Then PostgreSQL reads the file itself (COPY) into a temporary table numbered by line;
# a file COPY cannot read exactly as `read_rows` does (quotes, ragged or blank lines, a line COPY
# would stop at) is fed by Python instead, as stripped values.
# A clean file then goes in with one INSERT … SELECT of straight casts that also moves the balances;
# any line that this statement would drop or cannot cast (a bad line, an unknown lease, an id seen
# before, a re-import) rolls it back, and the careful path types and checks each line in one pass
# into the staging table, de-duplicates by statements that touch only repeated ids, inserts with
# one INSERT … SELECT and moves each balance with one UPDATE. The rules are those of
# `LedgerImporter.import_chunk` (the path SQLite keeps), and so are the error messages, built here
# from what the statements found.

STAGING = "erp_ledger_staging"
STAGING_COPY_BATCH = 20_000
DATE_PATTERN = r"^[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}$"
AMOUNT_PATTERN = r"^[+-]?[0-9]+(,[0-9]{1,2})?$"
LEDGER_FIELDS = {
    "id_ligne": "id_ligne",
    "code_bail": "code_bail",
    "date": "date_text",
    "nature": "nature",
    "libelle": "libelle",
    "montant": "montant",
}
COPY_BLOCK = 1 << 20
TYPED_COPY_BATCH = 10_000
CHECKED_KEPT = 100_000
# What COPY's text format reads as a value's end or an escape.
COPY_TEXT_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t"})

# The first failed check of a line, in the order the row-based path checks them.
_LEDGER_CHECKS = f"""
CASE
  WHEN r.montant = '' THEN 'required:montant'
  WHEN t.amount_text !~ '{AMOUNT_PATTERN}' THEN 'amount:montant'
  WHEN abs(replace(t.amount_text, ',', '.')::numeric) > {MAX_AMOUNT} THEN 'range:montant'
  WHEN r.nature = '' THEN 'required:nature'
  WHEN k.kind IS NULL THEN 'choice:nature'
  WHEN r.libelle = '' THEN 'required:libelle'
  WHEN r.date_text = '' THEN 'required:date'
  WHEN t.booked_on IS NULL THEN 'date:date'
  WHEN r.id_ligne = '' THEN 'required:id_ligne'
  WHEN r.code_bail = '' THEN 'required:code_bail'
END
"""


def _ledger_amount(row: dict[str, str]) -> Decimal:
    amount = parse_decimal(row, "montant")
    if abs(amount) > MAX_AMOUNT:
        raise RowError(_("montant hors limites « %(value)s »") % {"value": row["montant"]})
    return amount


def _ledger_error(code: str, row: dict[str, str]) -> str:
    """The message of the row-based path for a check the staging statements failed."""
    check, _sep, column = code.partition(":")
    value = row.get(column, "")
    if check == "required":
        return _("champ obligatoire vide : %(column)s") % {"column": column}
    if check == "amount":
        return _("montant invalide « %(value)s » dans %(column)s (attendu par exemple 1 234,56 ou -35,00)") % {
            "value": value,
            "column": column,
        }
    if check == "range":
        return _("montant hors limites « %(value)s »") % {"value": value}
    if check == "choice":
        return _("valeur inconnue « %(value)s » dans %(column)s (valeurs possibles : %(choices)s)") % {
            "value": value,
            "column": column,
            "choices": ", ".join(ENTRY_KINDS),
        }
    if check == "date":
        return _("date invalide « %(value)s » dans %(column)s (attendu JJ/MM/AAAA)") % {
            "value": value,
            "column": column,
        }
    if check == "lease":
        return str(_unknown(_("bail"), row["code_bail"]))
    return _(
        "la ligne %(id)s est déjà au compte avec d'autres valeurs : une ligne de compte ne se "
        "modifie pas, la correction doit être une nouvelle ligne"
    ) % {"id": row["id_ligne"]}


def _ledger_copy_file(cursor, rows: CsvRows) -> str | None:
    """COPY the file into {STAGING}_file, one text column per header column, numbered by line.

    Returns the SQL of its lines as the staging columns (values as in the file, not stripped), or
    None when COPY cannot read the file as `read_rows` does: quotes (a quoted value may hold a
    newline or a quote in mid-value, which COPY and Python's csv read differently), an encoding
    COPY refuses, a ragged or blank line, or a line count that is not the file's."""
    if b'"' in rows.content:
        return None
    table = f"{STAGING}_file"
    columns = ", ".join(f"c{i}" for i in range(len(rows.header)))
    try:
        with transaction.atomic():
            cursor.execute(
                f"""CREATE TEMPORARY TABLE {table} (
                    line integer GENERATED ALWAYS AS IDENTITY (START WITH 2),
                    {", ".join(f"c{i} text" for i in range(len(rows.header)))})"""
            )
            sql = (
                f"COPY {table} ({columns}) FROM STDIN "
                f"(FORMAT csv, DELIMITER '{DELIMITER}', HEADER true, ENCODING '{POSTGRES_ENCODINGS[rows.encoding]}')"
            )
            with cursor.cursor.copy(sql) as copy:
                content = memoryview(rows.content)
                for start in range(0, len(content), COPY_BLOCK):
                    copy.write(content[start : start + COPY_BLOCK])
            if cursor.cursor.rowcount != rows.total:
                raise _NotClean
    except (psycopg.DataError, _NotClean):
        return None
    positions = {name: rows.header.index(name) for name in LEDGER_FIELDS}
    values = ", ".join(f"c{positions[name]} AS {column}" for name, column in LEDGER_FIELDS.items())
    return f"(SELECT line, {values} FROM {table})"


def _ledger_feed_rows(cursor, rows: Iterable[Line], progress=None) -> int:
    """Today's way in for a file COPY cannot read: the lines read by Python, COPYed as stripped values."""
    cursor.execute(
        f"""CREATE TEMPORARY TABLE {STAGING}_raw (
            line integer NOT NULL, id_ligne text, code_bail text, date_text text, nature text,
            libelle text, montant text
        )"""
    )
    copied = 0
    with cursor.cursor.copy(
        f"COPY {STAGING}_raw (line, id_ligne, code_bail, date_text, nature, libelle, montant) FROM STDIN"
    ) as copy:
        for line, row in rows:
            copy.write_row((line, *(row[name] for name in LEDGER_FIELDS)))
            copied += 1
            if progress is not None and copied % STAGING_COPY_BATCH == 0:
                progress.update(STAGING_COPY_BATCH)
    if progress is not None:
        progress.update(copied % STAGING_COPY_BATCH)
    return copied


def _ledger_stage_file(cursor, rows: CsvRows) -> int:
    """{STAGING}_raw from the COPYed file, as `read_rows` gives the lines: values stripped, lines
    with nothing but blanks left out."""
    trim = "btrim(coalesce(c{}, ''), %(whitespace)s)"
    positions = {name: rows.header.index(name) for name in LEDGER_FIELDS}
    values = ", ".join(f"{trim.format(positions[name])} AS {column}" for name, column in LEDGER_FIELDS.items())
    blank = " AND ".join(f"{trim.format(i)} = ''" for i in range(len(rows.header)))
    cursor.execute(
        f"CREATE TEMPORARY TABLE {STAGING}_raw AS SELECT line, {values} FROM {STAGING}_file WHERE NOT ({blank})",
        {"whitespace": WHITESPACE},
    )
    return cursor.rowcount


def _ledger_accounts_lock(cursor, source: str, condition: str = "TRUE") -> None:
    """Every account concerned exists and is locked, in lease order, before the ledger is read:
    what `ledger_entries_bulk_record` does, so that two writers cannot add a line twice."""
    accounts = LeaseAccount._meta.db_table
    cursor.execute(
        f"""INSERT INTO {accounts} (lease_id, balance, payment_method, version, updated_at)
            SELECT DISTINCT lease_id, 0, %s, %s, now() FROM {source} WHERE {condition}
            ON CONFLICT (lease_id) DO NOTHING""",
        [
            LeaseAccount._meta.get_field("payment_method").default,
            LeaseAccount._meta.get_field("version").default,
        ],
    )
    cursor.execute(
        f"""SELECT 1 FROM {accounts} WHERE lease_id IN (SELECT lease_id FROM {source} WHERE {condition})
            ORDER BY lease_id FOR UPDATE"""
    )


def _ledger_insert_all(cursor, source: str, count: int) -> bool:
    """Insert the `count` lines of `source` and move the balances, if every line is good and new;
    else change nothing and return False.

    The values that repeat (lease, date, nature, amount) are checked once each, as the careful path
    checks them; each line is then cast straight. An id already in the ledger or repeated in the
    file (the unique external_ref), an empty id or label (a line left out, so fewer than `count`
    lines inserted), an amount or a date that does not cast, undo it all."""
    ledger = LedgerEntry._meta.db_table
    accounts = LeaseAccount._meta.db_table
    leases = Lease._meta.db_table
    kinds = ", ".join(f"('{code}', '{kind.value}')" for code, kind in ENTRY_KINDS.items())
    spaces = "E' \u00a0\u202f'"
    try:
        with transaction.atomic():
            # Room to sort the lines and group the values in memory.
            cursor.execute("SET LOCAL work_mem = '256MB'")
            cursor.execute(
                f"""CREATE TEMPORARY TABLE {STAGING}_values AS
                    SELECT code_bail, date_text, nature, montant FROM (
                      SELECT coalesce(code_bail, '') AS code_bail, coalesce(date_text, '') AS date_text,
                             coalesce(nature, '') AS nature, coalesce(montant, '') AS montant FROM {source} r
                    ) AS r GROUP BY GROUPING SETS ((code_bail), (date_text), (nature), (montant))"""
            )
            # An empty lease code is refused even if a lease created on the portal has an empty
            # identifier; an impossible date (31/02) raises in make_date, as it fails the careful check.
            cursor.execute(
                f"""SELECT
                      count(*) FILTER (WHERE code_bail IS NOT NULL AND (code_bail = '' OR l.id IS NULL)),
                      count(*) FILTER (WHERE nature IS NOT NULL AND k.kind IS NULL),
                      count(*) FILTER (WHERE date_text IS NOT NULL AND (date_text !~ '{DATE_PATTERN}' OR make_date(
                          split_part(date_text, '/', 3)::int, split_part(date_text, '/', 2)::int,
                          split_part(date_text, '/', 1)::int) IS NULL)),
                      count(*) FILTER (WHERE montant IS NOT NULL AND (
                          translate(montant, {spaces}, '') !~ '{AMOUNT_PATTERN}'
                          OR abs(replace(translate(montant, {spaces}, ''), ',', '.')::numeric) > {MAX_AMOUNT})),
                      coalesce(bool_or(translate(montant, {spaces}, '') <> montant), false),
                      array_agg(ARRAY[v.nature, k.kind]) FILTER (WHERE k.kind IS NOT NULL)
                    FROM {STAGING}_values v
                    LEFT JOIN {leases} l ON l.external_id = v.code_bail
                    LEFT JOIN (VALUES {kinds}) AS k (code, kind) ON k.code = upper(v.nature)"""
            )
            *bad, spaced, natures = cursor.fetchone()
            if any(bad):
                raise _NotClean
            cursor.execute(
                f"""CREATE TEMPORARY TABLE {STAGING}_leases AS
                    SELECT l.id AS lease_id FROM {leases} l JOIN {STAGING}_values v ON l.external_id = v.code_bail"""
            )
            _ledger_accounts_lock(cursor, f"{STAGING}_leases")
            amount = f"translate(r.montant, {spaces}, '')" if spaced else "r.montant"
            kind = " ".join("WHEN %s THEN %s" for _pair in natures)
            cursor.execute("SET LOCAL datestyle = 'ISO, DMY'")
            cursor.execute(
                f"""WITH inserted AS (
                      INSERT INTO {ledger} (lease_id, kind, label, amount, booked_on, external_ref, created_at,
                                            created_by)
                      SELECT l.id, CASE r.nature {kind} END, left(r.libelle, 200),
                             replace({amount}, ',', '.')::numeric(10, 2), r.date_text::date,
                             '{LEDGER_REF_PREFIX}' || r.id_ligne, now(), %s
                      FROM {source} r JOIN {leases} l ON l.external_id = r.code_bail
                      WHERE r.id_ligne <> '' AND r.libelle <> ''
                      ORDER BY r.line
                      RETURNING lease_id, amount
                    ), moved AS (
                      UPDATE {accounts} a SET balance = a.balance + d.delta, version = a.version + 1, updated_at = now()
                      FROM (SELECT lease_id, sum(amount) AS delta, count(*) AS lines FROM inserted GROUP BY lease_id) d
                      WHERE a.lease_id = d.lease_id
                      RETURNING d.lines
                    )
                    SELECT coalesce(sum(lines), 0) FROM moved""",
                [value for pair in natures for value in pair] + [LEDGER_AUTHOR],
            )
            if cursor.fetchone()[0] != count:
                raise _NotClean
            cursor.execute("SET LOCAL datestyle TO DEFAULT")
            cursor.execute("SET LOCAL work_mem TO DEFAULT")
    except (DataError, IntegrityError, _NotClean):
        return False
    return True


def _ledger_plain_lines(rows: CsvRows) -> Iterator[str]:
    """The data lines of a file that `_ledger_is_plain`."""
    lines = io.StringIO(rows.text)
    next(lines)
    return lines


def _ledger_is_plain(rows: CsvRows) -> bool:
    """Whether splitting the file at line ends and at `;` reads it as `read_rows` does: no quote,
    no CR but before LF."""
    return '"' not in rows.text and rows.text.count("\r") == rows.text.count("\r\n")


class _Checked(dict):
    """Each distinct value of a column, checked once: a ledger repeats its dates, natures and amounts.
    Up to CHECKED_KEPT values are kept, so that a file of all-different amounts does not fill the memory."""

    def __init__(self, check):
        super().__init__()
        self.check = check

    def __missing__(self, text):
        value = self.check(text)
        if len(self) < CHECKED_KEPT:
            self[text] = value
        return value


# The row path's rules, on what the statements of `_ledger_insert_all` would also accept (ASCII
# digits and natures, four-digit years): a value that passes gets the same type and value from either.
def _plain_kind(text: str) -> str:
    if not text.isascii():
        raise _NotClean
    return parse_choice({"nature": text}, "nature", ENTRY_KINDS).value


def _plain_date(text: str) -> str:
    if not re.match(DATE_PATTERN, text):
        raise _NotClean
    return parse_date({"date": text}, "date").isoformat()


def _plain_amount(text: str) -> tuple[Decimal, str]:
    if not re.fullmatch(r"[0-9+\-, \u00a0\u202f]*", text):
        raise _NotClean
    amount = _ledger_amount({"montant": text})
    return amount, str(amount)


def _ledger_copy_typed(cursor, rows: CsvRows) -> int:
    """COPY a clean file's lines into the ledger, typed by Python as it reads them, and move the
    balances: PostgreSQL writes each block while Python types the next. Returns the number of lines,
    or 0 and nothing changed at the first line this way cannot take as it is (the statements then
    decide); an id already in the ledger or repeated in the file fails the COPY."""
    if not rows.total or not _ledger_is_plain(rows):
        return 0
    ledger = LedgerEntry._meta.db_table
    accounts = LeaseAccount._meta.db_table
    leases = Lease._meta.db_table
    pick = itemgetter(*(rows.header.index(name) for name in LEDGER_FIELDS))
    width = len(rows.header)
    lines = ([value.strip() for value in line.split(DELIMITER)] for line in _ledger_plain_lines(rows))
    first = next((values for values in lines if any(values)), [])
    if len(first) != width:
        return 0
    # A file imported before (its first line at least) would fail the COPY only once typed whole.
    first_ref = LEDGER_REF_PREFIX + pick(first)[0]
    cursor.execute(f"SELECT EXISTS (SELECT FROM {ledger} WHERE external_ref = %s)", [first_ref])
    if cursor.fetchone()[0]:
        return 0
    code_at = rows.header.index("code_bail")
    heads = (line.split(DELIMITER, code_at + 1) for line in _ledger_plain_lines(rows))
    codes = {head[code_at].strip() for head in heads if len(head) > code_at} - {""}
    escape = "\\" in rows.text or "\t" in rows.text
    kinds, dates, amounts = _Checked(_plain_kind), _Checked(_plain_date), _Checked(_plain_amount)
    deltas: dict[int, Decimal] = {}
    copied = 0
    try:
        with transaction.atomic():
            cursor.execute(
                f"""CREATE TEMPORARY TABLE {STAGING}_leases AS
                    SELECT id AS lease_id, external_id FROM {leases} WHERE external_id = ANY(%s)""",
                [list(codes)],
            )
            cursor.execute(f"SELECT external_id, lease_id FROM {STAGING}_leases")
            lease_ids = dict(cursor.fetchall())
            _ledger_accounts_lock(cursor, f"{STAGING}_leases")
            cursor.execute("SELECT now()")
            tail = f"\t{cursor.fetchone()[0].isoformat()}\t{LEDGER_AUTHOR}\n"
            columns = "lease_id, kind, label, amount, booked_on, external_ref, created_at, created_by"
            with cursor.cursor.copy(f"COPY {ledger} ({columns}) FROM STDIN") as copy:
                block = []
                for line in _ledger_plain_lines(rows):
                    values = [value.strip() for value in line.split(DELIMITER)]
                    if not any(values):
                        continue
                    if len(values) != width:
                        raise _NotClean
                    ref, code, booked, nature, label, amount = pick(values)
                    lease_id = lease_ids.get(code)
                    if lease_id is None or not ref or not label:
                        raise _NotClean
                    value, amount = amounts[amount]
                    deltas[lease_id] = deltas.get(lease_id, 0) + value
                    label, ref = label[:200], LEDGER_REF_PREFIX + ref
                    if escape:
                        label, ref = label.translate(COPY_TEXT_ESCAPES), ref.translate(COPY_TEXT_ESCAPES)
                    block.append(f"{lease_id}\t{kinds[nature]}\t{label}\t{amount}\t{dates[booked]}\t{ref}{tail}")
                    if len(block) == TYPED_COPY_BATCH:
                        copy.write("".join(block))
                        copied += len(block)
                        block = []
                copy.write("".join(block))
                copied += len(block)
            cursor.execute(
                f"""UPDATE {accounts} a SET balance = a.balance + d.delta, version = a.version + 1, updated_at = now()
                    FROM unnest(%s::bigint[], %s::numeric[]) AS d (lease_id, delta) WHERE a.lease_id = d.lease_id""",
                [list(deltas), list(deltas.values())],
            )
    except (RowError, _NotClean, DataError, IntegrityError, psycopg.DataError, psycopg.IntegrityError):
        return 0
    return copied


class _NotClean(Exception):
    """A line the fast path cannot take as it is."""


def ledger_import_set_based(importer: "LedgerImporter", rows: CsvRows, progress=None) -> None:
    """Import a ledger file on PostgreSQL in a constant number of statements (see above)."""
    report = importer.report
    ledger = LedgerEntry._meta.db_table
    accounts = LeaseAccount._meta.db_table
    leases = Lease._meta.db_table
    kinds = ", ".join(f"('{code}', '{kind.value}')" for code, kind in ENTRY_KINDS.items())
    temporary = ", ".join(f"{STAGING}{suffix}" for suffix in ("", "_raw", "_file", "_values", "_leases"))
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {temporary}")
        copied = _ledger_copy_typed(cursor, rows)
        if copied:
            report.created += copied
            if progress is not None:
                progress.update(rows.total)
            cursor.execute(f"DROP TABLE IF EXISTS {temporary}")
            return
        source = _ledger_copy_file(cursor, rows)
        if source is None:
            count = _ledger_feed_rows(cursor, rows, progress)
            source = f"{STAGING}_raw"
        else:
            count = rows.total
            if progress is not None:
                progress.update(count)
            if rows.values_may_need_stripping():
                count = _ledger_stage_file(cursor, rows)
                source = f"{STAGING}_raw"
        if count and _ledger_insert_all(cursor, source, count):
            report.created += count
            cursor.execute(f"DROP TABLE IF EXISTS {temporary}")
            return
        if source != f"{STAGING}_raw":
            _ledger_stage_file(cursor, rows)
        cursor.execute(f"DROP TABLE IF EXISTS {STAGING}_file")
        cursor.execute(
            f"""CREATE TEMPORARY TABLE {STAGING} AS
            SELECT r.line, r.id_ligne, r.code_bail, r.date_text, r.nature, left(r.libelle, 200) AS libelle,
                   r.montant, k.kind, t.booked_on, '{LEDGER_REF_PREFIX}' || r.id_ligne AS external_ref,
                   l.id AS lease_id, e.error, NULL::text AS outcome,
                   CASE WHEN e.error IS NULL THEN replace(t.amount_text, ',', '.')::numeric(10, 2) END AS amount
            FROM {STAGING}_raw r
            LEFT JOIN (VALUES {kinds}) AS k (code, kind) ON k.code = upper(r.nature)
            LEFT JOIN {leases} l ON l.external_id = r.code_bail
            CROSS JOIN LATERAL (
                SELECT translate(r.montant, E' \u00a0\u202f', '') AS amount_text,
                       CASE WHEN r.date_text ~ '{DATE_PATTERN}' THEN (
                           SELECT CASE WHEN m BETWEEN 1 AND 12 AND y >= 1 AND d >= 1
                               AND d <= extract(day FROM make_date(y, m, 1) + interval '1 month' - interval '1 day')
                               THEN make_date(y, m, d) END
                           FROM (SELECT split_part(r.date_text, '/', 1)::int AS d,
                                        split_part(r.date_text, '/', 2)::int AS m,
                                        split_part(r.date_text, '/', 3)::int AS y) AS parts
                       ) END AS booked_on
            ) AS t
            CROSS JOIN LATERAL (
                SELECT COALESCE({_LEDGER_CHECKS}, CASE WHEN l.id IS NULL THEN 'lease:code_bail' END) AS error
            ) AS e"""
        )
        cursor.execute(f"DROP TABLE {STAGING}_raw")
        cursor.execute(f"CREATE INDEX ON {STAGING} (external_ref) WHERE error IS NULL")
        cursor.execute(f"ANALYZE {STAGING}")
        _ledger_accounts_lock(cursor, STAGING, "error IS NULL")
        # Known lines: the same values change nothing, other values are refused; within the file,
        # the first valid line of an id counts and its repeats are compared with it.
        cursor.execute(
            f"""UPDATE {STAGING} s SET
                  outcome = CASE WHEN (e.lease_id, e.kind, e.label, e.amount, e.booked_on)
                                      = (s.lease_id, s.kind, s.libelle, s.amount, s.booked_on)
                                 THEN 'unchanged' END,
                  error = CASE WHEN (e.lease_id, e.kind, e.label, e.amount, e.booked_on)
                                    = (s.lease_id, s.kind, s.libelle, s.amount, s.booked_on)
                               THEN NULL ELSE 'changed:id_ligne' END
                FROM {ledger} e WHERE e.external_ref = s.external_ref AND s.error IS NULL"""
        )
        cursor.execute(
            f"""UPDATE {STAGING} s SET
                  outcome = CASE WHEN same THEN 'unchanged' END,
                  error = CASE WHEN same THEN NULL ELSE 'changed:id_ligne' END
                FROM (
                  SELECT line, (lease_id, kind, libelle, amount, booked_on)
                         = (first_value(lease_id) OVER w, first_value(kind) OVER w, first_value(libelle) OVER w,
                            first_value(amount) OVER w, first_value(booked_on) OVER w) AS same,
                         row_number() OVER w AS rank
                  FROM {STAGING} WHERE error IS NULL AND outcome IS NULL
                  WINDOW w AS (PARTITION BY external_ref ORDER BY line)
                ) AS d
                WHERE s.line = d.line AND d.rank > 1"""
        )
        cursor.execute(
            f"""SELECT count(*) FILTER (WHERE outcome = 'unchanged'), count(*) FILTER (WHERE error IS NOT NULL)
                FROM {STAGING}"""
        )
        unchanged, error_count = cursor.fetchone()
        report.unchanged += unchanged
        if error_count:
            cursor.execute(
                f"""SELECT line, error, id_ligne, code_bail, date_text, nature, libelle, montant FROM {STAGING}
                    WHERE error IS NOT NULL ORDER BY line LIMIT {MAX_ERRORS_KEPT}"""
            )
            for line, code, *values in cursor.fetchall():
                row = dict(zip(("id_ligne", "code_bail", "date", "nature", "libelle", "montant"), values, strict=True))
                report.error(line, _ledger_error(code, row))
            report.error_count += error_count - min(error_count, MAX_ERRORS_KEPT)
        cursor.execute(
            f"""INSERT INTO {ledger} (lease_id, kind, label, amount, booked_on, external_ref, created_at, created_by)
                SELECT lease_id, kind, libelle, amount, booked_on, external_ref, now(), %s
                FROM {STAGING} WHERE error IS NULL AND outcome IS NULL ORDER BY line""",
            [LEDGER_AUTHOR],
        )
        report.created += cursor.rowcount
        cursor.execute(
            f"""UPDATE {accounts} a SET balance = a.balance + d.delta, version = a.version + 1, updated_at = now()
                FROM (SELECT lease_id, sum(amount) AS delta FROM {STAGING}
                      WHERE error IS NULL AND outcome IS NULL GROUP BY lease_id) AS d
                WHERE a.lease_id = d.lease_id"""
        )
        cursor.execute(f"DROP TABLE {STAGING}")


IMPORTERS: dict[str, type[Importer]] = {
    importer.kind: importer
    for importer in (
        AgencyImporter,
        ResidenceImporter,
        LeaseImporter,
        HouseholdImporter,
        ContactImporter,
        LedgerImporter,
    )
}
