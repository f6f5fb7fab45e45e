"""The leases file on PostgreSQL goes set-based (portal/erp/lease_import.py): each file here is
imported by the chunked row path (what SQLite runs) and rolled back, then by the set-based path,
and both must give the same run (counts, rejected lines and their reasons in the same order) and
the same leases, lots and signatories."""

import logging
import random
from datetime import date
from pathlib import Path

import pytest
from django.db import connection, transaction
from django.utils import timezone

from portal.core.cache import CONTENT
from portal.core.models import CacheVersion
from portal.erp import importers
from portal.erp.enums import ImportKind, RunStatus
from portal.erp.importers import Importer, LeaseImporter
from portal.erp.models import ImportRun
from portal.erp.services import erp_export_run, erp_file_import
from portal.leases.models import Lease, Residence, Signatory, Unit
from tests.factories import LeaseFactory, UnitFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite keeps the row path only"),
]

SAMPLES = Path(__file__).resolve().parents[3] / "portal" / "erp" / "samples"
HEADER = (
    "code_bail;numero_locataire;code_residence;codes_lots;date_entree;date_sortie;code_signataire;"
    "nom;prenom;date_naissance;courriel;telephone;mobile"
)
LOTS = [f"LOT-T{n:02d}" for n in range(40)]


@pytest.fixture(autouse=True)
def residences():
    for kind in ("agencies", "residences"):
        erp_file_import(kind=ImportKind(kind), path=SAMPLES / f"{kind}.csv", source="test")
    residence = Residence.objects.get(external_id="RES-UZ1")
    for code in LOTS:
        UnitFactory(external_id=code, residence=residence)


def write(tmp_path, *lines, name="leases.csv"):
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    return path


def line(code, number, lots="LOT-T00", signatory="", *, residence="RES-UZ1", start="01/09/2021", end="", **person):
    """A line of the leases file; without a signatory code its person columns are empty."""
    person = {"nom": "MARTIN", "prenom": "Léa", "naissance": "12/04/1980", "courriel": "", "tel": "", **person}
    if not signatory:
        person = dict.fromkeys(person, "")
    return ";".join([code, number, residence, lots, start, end, signatory, *person.values(), ""])


def snapshot(first_new_pk):
    """What staff and tenants see of the leases: records keyed by identifier, new ones without their pk (0)."""
    leases = sorted(
        (
            lease.pk if lease.pk < first_new_pk else 0,
            lease.external_id or "",
            lease.tenant_number,
            lease.start_date,
            lease.end_date,
            lease.residence.external_id,
            tuple(sorted(lease.units.values_list("external_id", flat=True))),
        )
        for lease in Lease.objects.select_related("residence")
    )
    signatories = sorted(
        Signatory.objects.values_list(
            "external_id",
            "lease__external_id",
            "last_name",
            "first_name",
            "birth_date",
            "email",
            "phone",
            "mobile_phone",
        )
    )
    content = CacheVersion.objects.filter(scope=CONTENT, lease_id=0).values_list("version", flat=True).first()
    return leases, signatories, content


def outcome(path, apply_good_lines):
    first_new_pk = (Lease.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    run = erp_file_import(kind=ImportKind.LEASES, path=path, source="test", apply_good_lines=apply_good_lines)
    counts = (run.status, run.created_count, run.updated_count, run.unchanged_count, run.error_count)
    return counts, run.error_lines, run.message, snapshot(first_new_pk)


class _Rollback(Exception):
    pass


def import_both_ways(path, monkeypatch, *, apply_good_lines=True):
    """Import `path` by the row path (rolled back), then set-based; both outcomes must be equal."""
    with monkeypatch.context() as patch:
        patch.setattr(LeaseImporter, "run", Importer.run)
        try:
            with transaction.atomic():
                by_rows = outcome(path, apply_good_lines)
                raise _Rollback
        except _Rollback:
            pass
    set_based = outcome(path, apply_good_lines)
    assert set_based == by_rows
    return ImportRunView(*set_based)


class ImportRunView:
    def __init__(self, counts, error_lines, message, records):
        self.status, self.created, self.updated, self.unchanged, self.error_count = counts
        self.errors = [(error["line"], error["reason"]) for error in error_lines]
        self.message = message
        self.leases, self.signatories, self.content_version = records

    @property
    def counts(self):
        return self.created, self.updated, self.unchanged, self.error_count


@pytest.fixture
def set_based_only(caplog):
    """Fails the test if the file was left to the row path."""
    caplog.set_level(logging.INFO, logger="portal.erp.importers")
    yield
    assert "imported line by line" not in caplog.text


def clean_file(tmp_path, leases=30):
    lines = []
    for n in range(leases):
        lines.append(
            line(f"BAIL-{n}", f"70{n:04d}", LOTS[n], f"SIG-{n}-1", nom=f"NOM{n}", courriel=f"n{n}@example.org")
        )
        if n % 3 == 0:
            lines.append(line(f"BAIL-{n}", f"70{n:04d}", LOTS[n], f"SIG-{n}-2", nom=f"NOM{n}", prenom="Jo"))
    return write(tmp_path, *lines)


def test_a_clean_file_creates_every_lease_and_signatory_then_a_reimport_changes_nothing(
    tmp_path, monkeypatch, set_based_only
):
    path = clean_file(tmp_path)

    first = import_both_ways(path, monkeypatch)

    assert first.status == RunStatus.DONE
    assert first.counts == (30 + 40, 0, 0, 0)
    lease = Lease.objects.get(external_id="BAIL-3")
    assert (lease.tenant_number, lease.start_date, lease.end_date) == ("700003", date(2021, 9, 1), None)
    assert list(lease.units.values_list("external_id", flat=True)) == ["LOT-T03"]
    assert sorted(lease.signatories.values_list("external_id", "first_name", "email")) == [
        ("SIG-3-1", "Léa", "n3@example.org"),
        ("SIG-3-2", "Jo", ""),
    ]

    again = import_both_ways(path, monkeypatch)

    assert again.counts == (0, 0, 70, 0)
    assert again.content_version == first.content_version  # nothing changed: no cached page is dropped


def test_a_dry_run_reports_the_counts_and_writes_nothing(tmp_path, set_based_only):
    path = clean_file(tmp_path)

    dry = erp_file_import(kind=ImportKind.LEASES, path=path, source="test", dry_run=True)

    assert (dry.created_count, dry.updated_count, dry.error_count) == (70, 0, 0)
    assert not Lease.objects.exists()
    assert not ImportRun.objects.filter(kind=ImportKind.LEASES).exists()
    # Its staging tables went with the rolled-back transaction: the real import that follows runs.
    assert erp_file_import(kind=ImportKind.LEASES, path=path, source="test").created_count == 70


def test_bad_lines_are_refused_with_their_numbers_and_the_others_are_imported(tmp_path, monkeypatch, set_based_only):
    path = write(
        tmp_path,
        line("BAIL-A", "710001", "LOT-T01", "SIG-A"),
        line("BAIL-B", "710002", "LOT-T02", "SIG-B", naissance="31/02/1980"),
        line("BAIL-C", "710003", "LOT-T03", start="01/09/2021", end="01/01/2020"),
        line("BAIL-D", "710004", "LOT-T04", "SIG-D", courriel="pas-un-courriel"),
        line("BAIL-E", "710005", "LOT-T05", residence="RES-NULLE"),
        line("BAIL-F", "710006", "LOT-T06,LOT-NUL,LOT-NUL2"),
        line("BAIL-G", "", "LOT-T07"),
        line("", "710008", "LOT-T08"),
        line("BAIL-H", "710009", "LOT-T09", "SIG-H", nom=""),
        line("BAIL-I", "710010", " , LOT-T10 ,LOT-T10", "SIG-I"),
    )

    run = import_both_ways(path, monkeypatch)

    assert run.errors == [
        (3, "date invalide « 31/02/1980 » dans date_naissance (attendu JJ/MM/AAAA)"),
        (4, "la date de sortie précède la date d'entrée"),
        (5, "courriel invalide « pas-un-courriel » dans courriel"),
        (8, "champ obligatoire vide : numero_locataire"),
        (9, "champ obligatoire vide : code_bail"),
        (10, "champ obligatoire vide : nom"),
        (6, "résidence inconnu(e) : « RES-NULLE »"),
        (7, "lot inconnu(e) : « LOT-NUL »"),
    ]
    assert run.counts == (2 + 2, 0, 0, 8)
    assert list(Lease.objects.get(external_id="BAIL-I").units.values_list("external_id", flat=True)) == ["LOT-T10"]

    # Without the staff's choice, a file with bad lines applies nothing.
    Lease.objects.all().delete()
    rejected = import_both_ways(path, monkeypatch, apply_good_lines=False)

    assert (rejected.status, rejected.error_count, rejected.leases) == (RunStatus.REJECTED, 8, [])


def test_the_first_failed_check_of_each_line_is_reported_chunk_by_chunk_with_format_errors_first(
    tmp_path, monkeypatch, set_based_only
):
    monkeypatch.setattr(LeaseImporter, "chunk_size", 3)
    monkeypatch.setattr(importers, "MAX_ERRORS_KEPT", 4)
    path = write(
        tmp_path,
        line("BAIL-A", "720001", "LOT-NUL", residence="RES-NULLE"),
        line("BAIL-B", "720002", "LOT-T02", start="1/13/2021"),
        line("BAIL-C", "720003", "LOT-T03"),
        line("BAIL-D", "720004", "LOT-NUL"),
        line("BAIL-E", "720005", "LOT-T05", start=""),
        line("BAIL-F", "720006", "LOT-T06", start="31/04/2021"),
    )

    run = import_both_ways(path, monkeypatch)

    assert run.errors == [
        (3, "date invalide « 1/13/2021 » dans date_entree (attendu JJ/MM/AAAA)"),
        (2, "résidence inconnu(e) : « RES-NULLE »"),
        (6, "champ obligatoire vide : date_entree"),
        (7, "date invalide « 31/04/2021 » dans date_entree (attendu JJ/MM/AAAA)"),
    ]
    assert run.error_count == 5  # the fifth (line 5, an unknown lot) is counted, not listed


def test_a_lease_whose_lots_or_dates_changed_is_updated(tmp_path, monkeypatch, set_based_only):
    import_both_ways(clean_file(tmp_path, leases=6), monkeypatch)
    path = write(
        tmp_path,
        line("BAIL-0", "700000", "LOT-T00,LOT-T20", "SIG-0-1", nom="NOM0", courriel="n0@example.org"),
        line("BAIL-0", "700000", "LOT-T20,LOT-T00", "SIG-0-2", nom="NOM0", prenom="Jo"),
        line("BAIL-1", "700001", "LOT-T21", "SIG-1-1", nom="NOM1", courriel="n1@example.org"),
        line("BAIL-2", "700002", "LOT-T02", "SIG-2-1", nom="NOM2", courriel="n2@example.org", end="30/06/2026"),
        line("BAIL-3", "700003", "LOT-T03", "SIG-3-1", nom="NOM3", courriel="n3@example.org"),
        line("BAIL-3", "700003", "LOT-T03", "SIG-3-2", nom="NOM3", prenom="Joël"),
        line("BAIL-4", "700004", "", "SIG-4-1", nom="NOM4", courriel="n4@example.org"),
        line("BAIL-5", "700005", ",", "SIG-5-1", nom="NOM5", courriel="n5@example.org"),
    )

    run = import_both_ways(path, monkeypatch)

    # Lots added (0), replaced (1), an end date (2), a signatory's first name (3); 5 loses its lot.
    assert run.counts == (0, 5, 1 + 6, 1)
    assert run.errors == [(8, "champ obligatoire vide : codes_lots")]
    assert set(Lease.objects.get(external_id="BAIL-0").units.values_list("external_id", flat=True)) == {
        "LOT-T00",
        "LOT-T20",
    }
    assert list(Lease.objects.get(external_id="BAIL-1").units.values_list("external_id", flat=True)) == ["LOT-T21"]
    assert Lease.objects.get(external_id="BAIL-2").end_date == date(2026, 6, 30)
    assert Signatory.objects.get(external_id="SIG-3-2").first_name == "Joël"
    assert not Lease.objects.get(external_id="BAIL-5").units.exists()


def test_a_lease_created_on_the_portal_is_adopted_by_its_tenant_number(tmp_path, monkeypatch, set_based_only):
    portal = LeaseFactory(external_id=None, tenant_number="730001", start_date=date(2021, 9, 1))
    portal.units.set([Unit.objects.get(external_id="LOT-T01")])
    portal.residence = Residence.objects.get(external_id="RES-UZ1")
    portal.save()
    elsewhere = LeaseFactory(external_id=None, tenant_number="730002", start_date=date(2021, 9, 1))
    path = write(
        tmp_path,
        line("BAIL-P1", "730001", "LOT-T01", "SIG-P1"),
        line("BAIL-P2", "730002", "LOT-T02", "SIG-P2"),
        line("BAIL-P3", "730002", "LOT-T02"),
    )

    run = import_both_ways(path, monkeypatch)

    assert run.errors == [
        (4, "numéro de locataire « 730002 » déjà présent(e) plus haut dans le fichier avec d'autres valeurs")
    ]
    # P1: identical but for its identifier (unchanged); P2: other residence and lot (updated); 2 signatories.
    assert run.counts == (2, 1, 1, 1)
    portal.refresh_from_db()
    elsewhere.refresh_from_db()
    assert (portal.external_id, elsewhere.external_id) == ("BAIL-P1", "BAIL-P2")
    assert list(elsewhere.units.values_list("external_id", flat=True)) == ["LOT-T02"]
    assert Signatory.objects.get(external_id="SIG-P1").lease == portal


def test_an_adopted_lease_is_exported_under_its_new_identifier_and_nothing_twice(
    tmp_path, monkeypatch, settings, set_based_only
):
    settings.ERP_EXPORT_DIR = tmp_path / "outbox"
    portal = LeaseFactory(external_id=None, tenant_number="730009")
    portal.paperless_since = timezone.now()
    portal.save(update_fields=["paperless_since"])
    before = erp_export_run(source="test")

    import_both_ways(write(tmp_path, line("BAIL-P9", "730009", "LOT-T09", "SIG-P9")), monkeypatch)
    portal.refresh_from_db()
    portal.paperless_until = timezone.now()
    portal.save(update_fields=["paperless_until"])
    after = erp_export_run(source="test")

    # The start was sent once, before the adoption; the end goes under the management system's identifier.
    assert [item.rows[0][:2] for item in before.items.all()] == [["", "730009"]]
    assert [item.rows[0][:2] for item in after.items.all()] == [["BAIL-P9", "730009"]]


def test_a_tenant_number_owned_by_another_lease_is_refused(tmp_path, monkeypatch, set_based_only):
    monkeypatch.setattr(LeaseImporter, "chunk_size", 3)
    LeaseFactory(external_id="BAIL-OLD", tenant_number="740001")
    path = write(
        tmp_path,
        line("BAIL-X", "740001", "LOT-T01"),  # owned in the database
        line("BAIL-Y", "740002", "LOT-T02", "SIG-Y"),
        line("BAIL-Z", "740002", "LOT-T03"),  # Y's number, earlier in the same chunk: « repeated »
        line("BAIL-W", "740002", "LOT-T04"),  # Y's number, written by an earlier chunk: « owned »
        line("BAIL-V", "740005", "LOT-T05"),
        line("BAIL-U", "740005", "LOT-T06"),  # V's number, same chunk
        line("BAIL-Y", "740002", "LOT-T02", "SIG-Y2"),
    )

    run = import_both_ways(path, monkeypatch)

    assert run.errors == [
        (2, "le numéro de locataire 740001 appartient déjà au bail « BAIL-OLD »"),
        (4, "numéro de locataire « 740002 » déjà présent(e) plus haut dans le fichier avec d'autres valeurs"),
        (5, "le numéro de locataire 740002 appartient déjà au bail « BAIL-Y »"),
        (7, "numéro de locataire « 740005 » déjà présent(e) plus haut dans le fichier avec d'autres valeurs"),
    ]
    assert run.counts == (4, 0, 0, 4)
    assert Lease.objects.get(tenant_number="740001").external_id == "BAIL-OLD"


def test_a_lease_or_signatory_repeated_with_other_values_is_refused(tmp_path, monkeypatch, set_based_only):
    path = write(
        tmp_path,
        line("BAIL-A", "750001", "LOT-T01", "SIG-A1"),
        line("BAIL-A", "750001", "LOT-T01", "SIG-A2", prenom="Paul"),
        line("BAIL-A", "750001", "LOT-T01", "SIG-A1", prenom="Paule"),  # signatory with other values
        line("BAIL-A", "750001", "LOT-T02", "SIG-A3"),  # lease with other lots
        line("BAIL-B", "750002", "LOT-T02", "SIG-B1"),
        line("BAIL-B", "750002", "LOT-T02", "SIG-A2", prenom="Paul"),  # signatory on another lease
        line("BAIL-A", "750001", "LOT-T01", "SIG-A1"),  # an exact repeat is no error
    )

    run = import_both_ways(path, monkeypatch)

    assert run.errors == [
        (4, "signataire « SIG-A1 » déjà présent(e) plus haut dans le fichier avec d'autres valeurs"),
        (5, "bail « BAIL-A » déjà présent(e) plus haut dans le fichier avec d'autres valeurs"),
        (7, "signataire « SIG-A2 » déjà présent(e) plus haut dans le fichier avec d'autres valeurs"),
    ]
    assert run.counts == (2 + 3, 0, 0, 3)
    assert Signatory.objects.get(external_id="SIG-A2").lease.external_id == "BAIL-A"


@pytest.mark.parametrize(
    "lines",
    [
        # The first line of BAIL-B is refused for its signatory: the row path remembers BAIL-B without writing it.
        [line("BAIL-A", "760001", "LOT-T01", "SIG-1"), line("BAIL-B", "760002", "LOT-T02", "SIG-1", prenom="Ann")],
        # BAIL-OLD takes another number while BAIL-C claims its old one.
        [line("BAIL-OLD", "760099", "LOT-T09"), line("BAIL-C", "760009", "LOT-T03")],
        # BAIL-OLD would adopt the portal lease numbered 760010 (the row path stops on the unique identifier).
        [line("BAIL-OLD", "760010", "LOT-T09")],
    ],
    ids=["lease-first-line-refused-for-its-signatory", "number-moved-and-claimed", "adoption-by-a-known-lease"],
)
def test_the_rare_files_left_to_the_row_path_give_its_outcome(tmp_path, monkeypatch, caplog, lines):
    caplog.set_level(logging.INFO, logger="portal.erp.importers")
    LeaseFactory(external_id="BAIL-OLD", tenant_number="760009")
    LeaseFactory(external_id=None, tenant_number="760010")

    import_both_ways(write(tmp_path, *lines), monkeypatch)

    assert "Leases file imported line by line" in caplog.text


def messy_lines(rng, count=150):
    """Leases 0-3 are known and keep their number; the others take their own, a portal lease's or
    another's. Each lease and signatory has its values, and a line sometimes strays from them."""
    leases = {
        n: {"lots": ",".join(rng.sample(LOTS[:8], rng.choice([1, 1, 2]))), "end": rng.choice(["", "", "31/12/2026"])}
        for n in range(12)
    }
    lines = []
    for _ in range(count):
        n = rng.randrange(12)
        values = dict(leases[n])
        number = f"77{n:04d}"
        if n >= 4:
            number = rng.choice([number] * 4 + [f"78{n % 4:04d}", f"77{rng.randrange(12):04d}"])
        if rng.random() < 0.1:
            values["lots"] = rng.choice(["", "LOT-NUL", f"{LOTS[9]},LOT-NUL", LOTS[10]])
        if rng.random() < 0.1:
            values["end"] = rng.choice(["31/12/2019", "31/12/2027", "3/12/2027", "31-12-2027"])
        signatory = rng.choice(["", f"SIG-{n}-1", f"SIG-{n}-2"])
        lines.append(
            line(
                f"BAIL-{n}",
                number,
                values["lots"],
                signatory,
                residence=rng.choice(["RES-UZ1"] * 30 + ["RES-BE1", "RES-NULLE"]),
                end=values["end"],
                prenom=rng.choice(["Léa"] * 12 + ["Paul"]),
                naissance=rng.choice(["12/04/1980"] * 30 + ["1980"]),
                courriel=f"{signatory.lower()}@example.org" if rng.random() < 0.95 else "pas-un-courriel",
            )
        )
    return lines


@pytest.mark.parametrize("seed", range(6))
def test_a_messy_file_gives_the_row_paths_outcome_whatever_the_chunks(tmp_path, monkeypatch, seed, set_based_only):
    """Random files mixing every kind of line: repeats with the same or other values, numbers
    owned or claimed twice, adoptions, unknown codes, bad formats, in small chunks so that the
    rules meet chunk boundaries."""
    rng = random.Random(seed)
    monkeypatch.setattr(LeaseImporter, "chunk_size", rng.choice([2, 5, 11, 2000]))
    for n in range(4):
        LeaseFactory(external_id=f"BAIL-{n}", tenant_number=f"77{n:04d}", start_date=date(2021, 9, 1))
        LeaseFactory(external_id=None, tenant_number=f"78{n:04d}")
    path = write(tmp_path, *messy_lines(rng))

    run = import_both_ways(path, monkeypatch)

    assert run.error_count > 0 and run.created > 0
    assert import_both_ways(path, monkeypatch).counts == (
        0,
        0,
        run.created + run.updated + run.unchanged,
        run.error_count,
    )
