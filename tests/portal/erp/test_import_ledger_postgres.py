"""The ledger import on PostgreSQL: a clean file typed by Python and COPYed into the ledger, or read
by COPY and inserted in one statement, and every file those paths cannot take (bad lines, quotes,
ragged or blank lines, a re-import) giving exactly the counts and numbered errors of the row-by-row path."""

import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection, transaction

from portal.billing.models import LeaseAccount, LedgerEntry
from portal.core.csvfiles import WHITESPACE, read_rows
from portal.erp import importers
from portal.erp.enums import ImportKind, RunStatus
from portal.erp.importers import Importer, LedgerImporter, Report
from portal.erp.services import erp_file_import
from portal.leases.models import Lease

SAMPLES = Path(__file__).resolve().parents[3] / "portal" / "erp" / "samples"
HEADER = "id_ligne;code_bail;date;nature;libelle;montant"

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY and the set-based import are PostgreSQL's"),
]


@pytest.fixture(autouse=True)
def leases():
    for kind in ("agencies", "residences", "leases"):
        erp_file_import(kind=ImportKind(kind), path=SAMPLES / f"{kind}.csv", source="test")


@pytest.fixture
def typed_copy(monkeypatch):
    """Whether each import went in through the COPY of lines typed by Python (tried first)."""
    outcomes = []
    original = importers._ledger_copy_typed

    def spy(*args, **kwargs):
        copied = original(*args, **kwargs)
        outcomes.append(copied > 0)
        return copied

    monkeypatch.setattr(importers, "_ledger_copy_typed", spy)
    return outcomes


@pytest.fixture
def fast_path(monkeypatch):
    """Whether each import went in at once: through the typed COPY (tried first), or else the
    one-statement path."""
    outcomes = []
    typed, statement = importers._ledger_copy_typed, importers._ledger_insert_all

    def typed_spy(*args, **kwargs):
        copied = typed(*args, **kwargs)
        outcomes.append(copied > 0)
        return copied

    def statement_spy(*args, **kwargs):
        outcomes[-1] = statement(*args, **kwargs)
        return outcomes[-1]

    monkeypatch.setattr(importers, "_ledger_copy_typed", typed_spy)
    monkeypatch.setattr(importers, "_ledger_insert_all", statement_spy)
    return outcomes


def ledger_file(tmp_path, *lines, encoding="utf-8", newline="\n", header=HEADER):
    path = tmp_path / "ledger.csv"
    path.write_bytes("".join(line + newline for line in (header, *lines)).encode(encoding))
    return path


def import_ledger(path, **kwargs):
    return erp_file_import(kind=ImportKind.LEDGER, path=path, source="test", **kwargs)


def row_path(path):
    """What the row-by-row path (SQLite's) reports for the file, applied then rolled back (its errors
    by line: it reports a chunk's unreadable values before its unknown leases)."""
    report = Report()
    importer = LedgerImporter(report)
    _total, rows = read_rows(path, importer.columns)
    with transaction.atomic():
        Importer.run(importer, rows)
        transaction.set_rollback(True)
    return report.created, report.unchanged, report.error_count, sorted(report.errors, key=lambda e: e["line"])


def outcome(run):
    return run.created_count, run.unchanged_count, run.error_count, run.error_lines


def accounts():
    return {
        code: (balance, version)
        for code, balance, version in LeaseAccount.objects.values_list("lease__external_id", "balance", "version")
    }


GOOD = [
    "F1;BAIL-UZ-0001;01/11/2026;LOYER;Loyer novembre 2026;512,40",
    "F2;BAIL-UZ-0001;5/11/2026;prelevement;Prélèvement du 05/11/2026;-512,40",
    "F3;BAIL-UZ-0002;01/11/2026;LOYER;Loyer novembre 2026;1 034,20",
    "F4;BAIL-UZ-0002;12/11/2026;CHEQUE;Chèque n° 4521 — 120 €;-120,5",
    "F5;BAIL-BE-0001;20/11/2026;APL;APL;-215",
]


def test_a_clean_file_goes_in_at_once_and_every_tenant_page_sees_its_new_balance(tmp_path, fast_path):
    import_ledger(ledger_file(tmp_path, "F0;BAIL-UZ-0002;01/10/2026;LOYER;Loyer octobre 2026;100,00"))
    before = accounts()

    run = import_ledger(ledger_file(tmp_path, *GOOD))

    assert fast_path == [True, True]
    assert (run.status, *outcome(run)) == (RunStatus.DONE, 5, 0, 0, [])
    assert accounts() == {
        "BAIL-UZ-0001": (Decimal("0.00"), 2),
        "BAIL-UZ-0002": (Decimal("1013.70"), before["BAIL-UZ-0002"][1] + 1),
        "BAIL-BE-0001": (Decimal("-215.00"), 2),
    }
    entries = list(LedgerEntry.objects.filter(external_ref__startswith="erp:F").exclude(external_ref="erp:F0"))
    assert [e.external_ref for e in sorted(entries, key=lambda e: e.pk)] == [f"erp:F{n}" for n in range(1, 6)]
    cheque = LedgerEntry.objects.get(external_ref="erp:F4")
    assert (cheque.kind, cheque.label, cheque.amount, cheque.booked_on) == (
        "cheque",
        "Chèque n° 4521 — 120 €",
        Decimal("-120.50"),
        date(2026, 11, 12),
    )
    assert LedgerEntry.objects.get(external_ref="erp:F2").booked_on == date(2026, 11, 5)


def test_importing_the_same_file_again_changes_nothing(tmp_path, fast_path):
    path = ledger_file(tmp_path, *GOOD)
    import_ledger(path)
    before = accounts()

    again = import_ledger(path)

    assert fast_path == [True, False]
    assert outcome(again) == (0, 5, 0, [])
    assert accounts() == before
    assert LedgerEntry.objects.count() == 5


def test_bad_lines_in_the_middle_get_the_row_paths_errors_and_line_numbers(tmp_path, fast_path):
    import_ledger(ledger_file(tmp_path, "F0;BAIL-UZ-0001;01/10/2026;LOYER;Loyer octobre 2026;100,00"))
    path = ledger_file(
        tmp_path,
        GOOD[0],
        "B1;BAIL-UZ-0001;01/11/2026;PIZZA;Pizza;10,00",
        GOOD[1],
        "B2;BAIL-INCONNU;01/11/2026;LOYER;Loyer;10,00",
        "B3;BAIL-UZ-0001;31/02/2026;LOYER;Loyer;10,00",
        "B4;BAIL-UZ-0001;01/11/2026;LOYER;Loyer;12.5",
        "F0;BAIL-UZ-0001;01/10/2026;LOYER;Loyer octobre 2026;999,00",
        GOOD[2],
        GOOD[2].replace("1 034,20", "1 034,21"),
        GOOD[3],
    )
    expected = row_path(path)

    run = import_ledger(path, apply_good_lines=True)

    assert fast_path[-1] is False
    assert outcome(run) == expected
    assert [error["line"] for error in run.error_lines] == [3, 5, 6, 7, 8, 10]
    assert "valeur inconnue « PIZZA » dans nature" in run.error_lines[0]["reason"]
    assert run.created_count == 4
    assert accounts()["BAIL-UZ-0002"][0] == Decimal("913.70")


@pytest.mark.parametrize(
    ("lines", "fast"),
    [
        ([GOOD[0], "R1;BAIL-UZ-0001;01/11/2026;LOYER;Loyer", GOOD[1]], False),
        ([GOOD[0], 'Q1;BAIL-UZ-0001;02/11/2026;CARTE;"Paiement; en\nagence";-10,00', GOOD[1], "Q2;X;;;;"], False),
        ([GOOD[0], 'Q1;BAIL-UZ-0001;02/11/2026;CARTE;"Paiement ""carte""";-10,00', GOOD[1]], True),
        ([GOOD[0], ";;;;;", "  ; ;;;\t;", GOOD[1], "E1;BAIL-UZ-0001;01/11/2026;LOYER;;1,00"], False),
        ([GOOD[0], " S1 ;BAIL-UZ-0001\t;02/11/2026 ; carte;\u00a0Paiement\u202f;  -10,00 ", GOOD[1]], True),
        ([GOOD[0], GOOD[1], "S2;BAIL-UZ-0001;02/11/2026;CARTE;Paiement;-1 000,00\u00a0"], True),
        ([GOOD[0], "\\.", GOOD[1]], False),
    ],
    ids=[
        "ragged",
        "quoted-newline",
        "quoted-quotes",
        "blank-lines",
        "blanks-around-values",
        "trailing-nbsp",
        "copy-end",
    ],
)
def test_a_file_copy_cannot_take_as_it_is_gives_the_row_paths_result(tmp_path, fast_path, lines, fast):
    path = ledger_file(tmp_path, *lines)
    expected = row_path(path)

    run = import_ledger(path, apply_good_lines=True)

    assert outcome(run) == expected
    assert fast_path == [fast]
    assert LedgerEntry.objects.count() == run.created_count


def test_a_bad_line_after_a_value_spanning_lines_keeps_its_line_number(tmp_path):
    path = ledger_file(
        tmp_path, 'Q1;BAIL-UZ-0001;02/11/2026;CARTE;"Paiement\nen agence";-10,00', GOOD[0], "B1;BAIL-UZ-0001;;LOYER;L;1"
    )

    run = import_ledger(path, apply_good_lines=True)

    assert run.error_lines == [{"line": 5, "reason": "champ obligatoire vide : date"}]
    assert LedgerEntry.objects.get(external_ref="erp:Q1").label == "Paiement\nen agence"


@pytest.mark.parametrize(
    ("encoding", "newline", "header"),
    [
        ("cp1252", "\n", HEADER),
        ("utf-8-sig", "\r\n", HEADER),
        ("latin-1", "\r\n", "montant;LIBELLE;nature;date;code_bail;id_ligne;extra"),
    ],
)
def test_any_encoding_line_end_and_column_order_goes_in_at_once(tmp_path, fast_path, encoding, newline, header):
    lines = ["F1;BAIL-UZ-0001;01/11/2026;LOYER;Loyer de novembre réglé;512,40"]
    if encoding == "cp1252":
        lines.append("F2;BAIL-UZ-0001;02/11/2026;CARTE;Paiement « carte » 10 €;-10,00")
    if header != HEADER:
        lines = [";".join([*reversed(line.split(";")), "x"]) for line in lines]

    run = import_ledger(ledger_file(tmp_path, *lines, encoding=encoding, newline=newline, header=header))

    assert fast_path == [True]
    assert outcome(run) == (len(lines), 0, 0, [])
    assert LedgerEntry.objects.get(external_ref="erp:F1").label == "Loyer de novembre réglé"
    if encoding == "cp1252":
        assert LedgerEntry.objects.get(external_ref="erp:F2").label == "Paiement « carte » 10 €"


def test_a_plain_file_is_copied_typed_with_the_row_paths_values(tmp_path, typed_copy):
    # Blanks to strip, a blank line, CRLF, and what COPY's text format would read as a tab, an
    # escape, NULL or the end of the data.
    path = ledger_file(
        tmp_path,
        *GOOD,
        ";;;;;",
        " F6 ; BAIL-UZ-0001 ;02/11/2026; carte ;Carte\tn° 5 \\ agence \\N ; 1 034,20 ",
        "F\\7;BAIL-UZ-0002;03/11/2026;CHEQUE;\\.;-10,00",
        newline="\r\n",
    )
    importer = LedgerImporter(Report())
    _total, rows = read_rows(path, importer.columns)
    leases = dict(Lease.objects.values_list("external_id", "pk"))
    expected = {
        (entry.external_ref, leases[code], entry.kind, entry.label, entry.amount, entry.booked_on)
        for code, entry in (importer.parse(row) for _line, row in rows)
    }

    run = import_ledger(path)

    assert typed_copy == [True]
    assert outcome(run) == (7, 0, 0, [])
    assert expected == set(
        LedgerEntry.objects.values_list("external_ref", "lease", "kind", "label", "amount", "booked_on")
    )
    assert LedgerEntry.objects.get(external_ref="erp:F6").label == "Carte\tn° 5 \\ agence \\N"
    assert LedgerEntry.objects.get(external_ref="erp:F\\7").label == "\\."
    assert accounts()["BAIL-UZ-0001"][0] == Decimal("1034.20")


def test_more_distinct_values_than_are_kept_are_each_still_checked(tmp_path, typed_copy, monkeypatch):
    monkeypatch.setattr(importers, "CHECKED_KEPT", 2)
    path = ledger_file(tmp_path, *GOOD, "F9;BAIL-UZ-0001;01/11/2026;LOYER;Loyer;1 234 567 890,00")
    expected = row_path(path)

    run = import_ledger(path, apply_good_lines=True)

    # Past the kept values, the sixth line's amount is checked again and refused as the row path does.
    assert typed_copy == [False]
    assert outcome(run) == expected
    assert run.created_count == 5 and run.error_count == 1


def test_a_line_the_typed_copy_cannot_take_leaves_nothing_of_it(tmp_path, fast_path):
    """A bad last line comes after the COPY has written the others: they are undone."""
    path = ledger_file(tmp_path, *GOOD, "B1;BAIL-UZ-0001;01/11/2026;PIZZA;Pizza;10,00")
    expected = row_path(path)

    run = import_ledger(path, apply_good_lines=True)

    assert fast_path == [False]
    assert outcome(run) == expected
    assert LedgerEntry.objects.count() == run.created_count == 5


def test_a_dry_run_through_the_fast_path_writes_nothing(tmp_path, fast_path):
    run = import_ledger(ledger_file(tmp_path, *GOOD), dry_run=True)

    assert fast_path == [True]
    assert run.created_count == 5
    assert not LedgerEntry.objects.exists()
    assert not LeaseAccount.objects.exclude(balance=0).exists()


def test_a_line_without_lease_code_is_refused_even_if_a_lease_has_an_empty_identifier(tmp_path, fast_path):
    Lease.objects.filter(external_id="BAIL-BE-0001").update(external_id="")
    # Quotes: the lines are fed by Python, where an empty value is an empty text (COPY's is NULL).
    path = ledger_file(tmp_path, 'F1;BAIL-UZ-0001;01/11/2026;LOYER;"Loyer";512,40', "E1;;01/11/2026;LOYER;Loyer;10,00")
    expected = row_path(path)

    run = import_ledger(path, apply_good_lines=True)

    assert fast_path == [False]
    assert run.error_lines == [{"line": 3, "reason": "champ obligatoire vide : code_bail"}]
    assert outcome(run) == expected


def test_postgresql_trims_the_blanks_python_strips():
    assert set(WHITESPACE) == {char for char in map(chr, range(sys.maxunicode + 1)) if char.isspace()}
