"""Imports from the management system: the sample files, idempotence, bad lines, encodings,
dry runs, unreadable files, the drop folder and what staff see of the runs."""

import shutil
from datetime import date
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Sum

from portal.billing.models import LeaseAccount, LedgerEntry
from portal.erp.enums import ImportKind, RunStatus
from portal.erp.importers import LedgerImporter
from portal.erp.models import ImportRun
from portal.erp.services import erp_drop_folder_import, erp_file_import
from portal.leases.models import Agency, HouseholdMember, Lease, Residence, Signatory, StaffContact, Unit
from tests.conftest import assert_admin_refused
from tests.factories import StaffUserFactory

SAMPLES = Path(__file__).resolve().parents[3] / "portal" / "erp" / "samples"
ORDER = ["agencies", "residences", "leases", "household", "contacts", "ledger"]

pytestmark = pytest.mark.django_db
IMPORTED_MODELS = {
    "agencies": Agency,
    "residences": Residence,
    "leases": Lease,
    "household": HouseholdMember,
    "contacts": StaffContact,
    "ledger": LedgerEntry,
}


def import_file(kind, path, **kwargs):
    return erp_file_import(kind=ImportKind(kind), path=Path(path), source="test", **kwargs)


def import_samples():
    return {kind: import_file(kind, SAMPLES / f"{kind}.csv") for kind in ORDER}


def write(tmp_path, name, text, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def sample_with(tmp_path, kind, *extra_lines, replace=None):
    text = (SAMPLES / f"{kind}.csv").read_text("utf-8")
    for old, new in (replace or {}).items():
        assert old in text
        text = text.replace(old, new)
    return write(tmp_path, f"{kind}.csv", text + "".join(line + "\n" for line in extra_lines))


def test_sample_files_import_into_the_lease_records():
    runs = import_samples()

    assert {kind: (run.status, run.error_count) for kind, run in runs.items()} == dict.fromkeys(
        ORDER, (RunStatus.DONE, 0)
    )
    agency = Agency.objects.get(external_id="AG-UZE")
    assert agency.name == "Agence d'Uzès"
    assert agency.address == "4 boulevard Gambetta\n30700 Uzès"
    assert Residence.objects.get(external_id="RES-BE2").units.count() == 0
    assert Unit.objects.get(external_id="PARK-UZ1-07").get_kind_display() == "Garage / parking"
    lease = Lease.objects.get(external_id="BAIL-UZ-0001")
    assert lease.tenant_number == "300001"
    assert lease.start_date == date(2021, 9, 1)
    assert set(lease.units.values_list("external_id", flat=True)) == {"LOT-UZ1-A01", "PARK-UZ1-07"}
    assert sorted(lease.signatories.values_list("first_name", flat=True)) == ["François", "Hélène"]
    assert Lease.objects.get(external_id="BAIL-BE-0001").end_date == date(2026, 12, 31)
    assert Signatory.objects.get(external_id="SIG-UZ-0002-1").last_name == "N'DIAYE"
    assert HouseholdMember.objects.get(external_id="OCC-UZ-0002-1").get_relationship_display() == "Conjoint(e)"
    contact = StaffContact.objects.get(external_id="CC-BEA")
    assert set(contact.residences.values_list("external_id", flat=True)) == {"RES-BE1", "RES-BE2"}
    # The ledger goes through billing: the balance follows the lines.
    balances = dict(LeaseAccount.objects.values_list("lease__external_id", "balance"))
    assert balances == {
        "BAIL-UZ-0001": Decimal("0.00"),
        "BAIL-UZ-0002": Decimal("499.20"),
        "BAIL-BE-0001": Decimal("0.00"),
    }
    assert LedgerEntry.objects.get(external_ref="erp:E2026110005").amount == Decimal("1034.20")
    assert (runs["residences"].created_count, runs["leases"].created_count, runs["ledger"].created_count) == (
        3 + 4,
        3 + 4,
        9,
    )


def test_importing_the_same_files_again_changes_nothing():
    import_samples()
    ledger_ids = list(LedgerEntry.objects.order_by("pk").values_list("pk", flat=True))

    again = import_samples()

    assert {
        kind: (run.created_count, run.updated_count, run.error_count) for kind, run in again.items()
    } == dict.fromkeys(ORDER, (0, 0, 0))
    assert again["ledger"].unchanged_count == 9
    assert again["leases"].unchanged_count == 3 + 4
    assert list(LedgerEntry.objects.order_by("pk").values_list("pk", flat=True)) == ledger_ids
    assert LeaseAccount.objects.get(lease__external_id="BAIL-UZ-0002").balance == Decimal("499.20")


def test_a_changed_row_updates_its_record(tmp_path):
    import_samples()
    changed = sample_with(
        tmp_path,
        "leases",
        replace={
            "SIG-UZ-0002-1;N'DIAYE;Aïssatou;05/11/1992;aissatou.ndiaye@example.net;;07 11 22 33 44": (
                "SIG-UZ-0002-1;N'DIAYE;Aïssatou;05/11/1992;a.ndiaye@example.net;;07 11 22 33 45"
            ),
            "BAIL-BE-0001;300003;RES-BE1;LOT-BE1-B12;01/02/2015;31/12/2026": (
                "BAIL-BE-0001;300003;RES-BE1;LOT-BE1-B12;01/02/2015;15/01/2027"
            ),
            "LOT-UZ1-A01,PARK-UZ1-07": "LOT-UZ1-A01",
        },
    )

    run = import_file("leases", changed)

    # Three records changed: a signatory, a lease's end date, a lease's lots (two lines, one lease).
    assert (run.created_count, run.updated_count, run.unchanged_count, run.error_count) == (0, 3, 4, 0)
    signatory = Signatory.objects.get(external_id="SIG-UZ-0002-1")
    assert (signatory.email, signatory.mobile_phone) == ("a.ndiaye@example.net", "07 11 22 33 45")
    assert Lease.objects.get(external_id="BAIL-BE-0001").end_date == date(2027, 1, 15)
    assert list(Lease.objects.get(external_id="BAIL-UZ-0001").units.values_list("external_id", flat=True)) == [
        "LOT-UZ1-A01"
    ]


@pytest.mark.parametrize(
    ("kind", "line", "reason"),
    [
        ("ledger", "E9;BAIL-INCONNU;01/11/2026;LOYER;Loyer;100,00", "bail inconnu(e) : « BAIL-INCONNU »"),
        ("ledger", "E9;BAIL-UZ-0001;01/11/2026;LOYER;Loyer;12.34.5", "montant invalide « 12.34.5 » dans montant"),
        ("ledger", "E9;BAIL-UZ-0001;01/11/2026;LOYER;Loyer;douze", "montant invalide « douze »"),
        ("ledger", "E9;BAIL-UZ-0001;31/02/2026;LOYER;Loyer;100,00", "date invalide « 31/02/2026 » dans date"),
        ("ledger", "E9;BAIL-UZ-0001;01/11/2026;PIZZA;Loyer;100,00", "valeur inconnue « PIZZA » dans nature"),
        ("ledger", "E2026110001;BAIL-UZ-0001;01/11/2026;LOYER;Loyer novembre 2026;612,40", "déjà au compte"),
        ("household", "OCC-9;BAIL-UZ-0001;LEFÈVRE;Lou;2012-06-02;ENFANT", "date invalide « 2012-06-02 »"),
        ("household", "OCC-9;BAIL-UZ-0001;;Lou;02/06/2012;ENFANT", "champ obligatoire vide : nom"),
        ("household", "OCC-9;BAIL-X;LEFÈVRE;Lou;02/06/2012;ENFANT", "bail inconnu(e) : « BAIL-X »"),
        ("agencies", "AG-X;;1 rue Haute;04 66 00 00 00;x@example.org;", "champ obligatoire vide : nom"),
        ("agencies", "AG-X;Agence X;1 rue Haute;04 66 00 00 00;pas-un-courriel;", "courriel invalide"),
        ("residences", "RES-X;X;1 rue;3070;Uzès;AG-UZE;;;;", "code postal invalide « 3070 »"),
        ("residences", "RES-X;X;1 rue;30700;Uzès;AG-NULLE;;;;", "agence inconnu(e) : « AG-NULLE »"),
        (
            "leases",
            "BAIL-X;300001;RES-UZ1;LOT-UZ1-A02;01/01/2026;;;;;;;;",
            "le numéro de locataire 300001 appartient déjà au bail « BAIL-UZ-0001 »",
        ),
        ("leases", "BAIL-X;399999;RES-UZ1;LOT-NUL;01/01/2026;;;;;;;;", "lot inconnu(e) : « LOT-NUL »"),
        (
            "leases",
            "BAIL-UZ-0002;300002;RES-UZ1;LOT-UZ1-A02;16/03/2024;;SIG-UZ-0002-9;DIALLO;Awa;01/01/2000;;;",
            "bail « BAIL-UZ-0002 » déjà présent(e) plus haut dans le fichier avec d'autres valeurs",
        ),
        ("contacts", "GAR-X;CONCIERGE;X;Y;06;x@example.org;;AG-UZE;", "valeur inconnue « CONCIERGE » dans role"),
        ("contacts", "GAR-X;GARDIEN;X;Y;06;x@example.org;;AG-UZE;RES-UZ1,RES-NUL", "résidence inconnu(e)"),
    ],
)
def test_a_bad_line_is_reported_with_its_number_and_nothing_is_applied_unless_staff_choose_so(
    tmp_path, kind, line, reason
):
    import_samples()
    sample_lines = len((SAMPLES / f"{kind}.csv").read_text("utf-8").splitlines())
    path = sample_with(tmp_path, kind, line, good_line(kind))
    model = IMPORTED_MODELS[kind]
    before = model.objects.count()

    run = import_file(kind, path)

    assert run.status == RunStatus.REJECTED
    assert "rien n'a été importé" in run.message
    assert run.error_count == 1
    assert run.error_lines[0]["line"] == sample_lines + 1
    assert reason in run.error_lines[0]["reason"]
    assert run.created_count == 0  # the good line after the bad one is not applied either
    assert model.objects.count() == before
    assert f"{path.name}, ligne {sample_lines + 1} : " in run.get_error_lines_display()

    chosen = import_file(kind, path, apply_good_lines=True)

    assert (chosen.status, chosen.apply_good_lines, chosen.error_count) == (RunStatus.DONE, True, 1)
    assert chosen.created_count == 1  # the good line after the bad one
    assert model.objects.count() == before + 1


def good_line(kind):
    return {
        "ledger": "E-OK;BAIL-UZ-0001;30/11/2026;CARTE;Paiement;-1 000,00",
        "household": "OCC-OK;BAIL-UZ-0001;LEFÈVRE;Lou;02/06/2016;ENFANT",
        "agencies": "AG-OK;Agence OK;1 rue Basse;04 66 00 00 01;ok@example.org;",
        "residences": "RES-OK;OK;1 rue;30700;Uzès;AG-UZE;;;;",
        "leases": "BAIL-OK;399998;RES-UZ1;LOT-UZ1-A02;01/01/2026;;;;;;;;",
        "contacts": "GAR-OK;GARDIEN;X;Y;06;y@example.org;;AG-UZE;RES-UZ1",
    }[kind]


def test_a_ledger_line_is_never_duplicated_even_twice_in_one_file(tmp_path):
    import_samples()
    line = "E-NEW;BAIL-UZ-0002;30/11/2026;CARTE;Paiement en agence;-99,20"
    path = sample_with(tmp_path, "ledger", line, line)

    run = import_file("ledger", path)

    assert (run.created_count, run.unchanged_count, run.error_count) == (1, 10, 0)
    assert LedgerEntry.objects.filter(external_ref="erp:E-NEW").count() == 1
    assert LeaseAccount.objects.get(lease__external_id="BAIL-UZ-0002").balance == Decimal("400.00")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "latin-1", "cp1252"])
def test_utf8_with_or_without_bom_and_latin1_are_read(tmp_path, encoding):
    import_file("agencies", SAMPLES / "agencies.csv")
    import_file("residences", SAMPLES / "residences.csv")
    text = (SAMPLES / "leases.csv").read_text("utf-8")
    path = write(tmp_path, "leases.csv", text, encoding)

    run = import_file("leases", path)

    assert (run.created_count, run.error_count) == (7, 0)
    assert Signatory.objects.get(external_id="SIG-BE-0001-1").first_name == "Jean-Noël"
    assert Signatory.objects.get(external_id="SIG-BE-0001-1").last_name == "MÜLLER"
    assert Signatory.objects.get(external_id="SIG-UZ-0002-1").first_name == "Aïssatou"


def test_dry_run_reports_and_writes_nothing():
    out = StringIO()
    call_command("erp_import", "agencies", str(SAMPLES / "agencies.csv"), "--dry-run", stdout=out)

    summary = "Simulation (rien n'a été enregistré) : 2 créés, 0 modifiés, 0 inchangés, 0 lignes rejetées."
    assert summary in out.getvalue()
    assert not Agency.objects.filter(external_id__in=["AG-UZE", "AG-BEA"]).exists()
    assert not ImportRun.objects.exists()


def test_dry_run_of_a_ledger_moves_no_balance():
    for kind in ORDER[:-1]:
        import_file(kind, SAMPLES / f"{kind}.csv")

    run = import_file("ledger", SAMPLES / "ledger.csv", dry_run=True)

    assert run.created_count == 9
    assert not LedgerEntry.objects.exists()
    assert not LeaseAccount.objects.exclude(balance=0).exists()


def test_the_command_reports_bad_lines_with_file_and_line(tmp_path):
    import_file("agencies", SAMPLES / "agencies.csv")
    path = sample_with(tmp_path, "residences", "RES-X;X;1 rue;30700;Uzès;AG-NULLE;;;;")
    out, err = StringIO(), StringIO()

    with pytest.raises(CommandError, match="rien n'a été importé"):
        call_command("erp_import", "residences", str(path), stdout=out, stderr=err)

    assert "residences.csv, ligne 7 : agence inconnu(e) : « AG-NULLE »" in err.getvalue()
    assert not Residence.objects.exists()
    run = ImportRun.objects.get(kind="residences")
    assert (run.kind, run.status, run.error_count, run.source) == ("residences", RunStatus.REJECTED, 1, "commande")
    assert run.apply_good_lines is False

    call_command("erp_import", "residences", str(path), "--apply-good-lines", stdout=out, stderr=err)

    assert "7 créés, 0 modifiés, 0 inchangés, 1 lignes rejetées." in out.getvalue()
    run = ImportRun.objects.filter(kind="residences").first()
    assert (run.status, run.apply_good_lines) == (RunStatus.DONE, True)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "n'est pas un fichier texte CSV"),
        (b"code;nom;adresse\nAG-UZE;Agence;1 rue\n", "manquantes code_agence, telephone, courriel, horaires"),
        (b"code_agence,nom,adresse,telephone,courriel,horaires\nA,B,C,D,e@x.org,\n", "colonnes manquantes"),
        (b"", "le fichier est vide"),
    ],
)
def test_an_unreadable_file_changes_nothing(tmp_path, content, message):
    path = tmp_path / "agencies.csv"
    path.write_bytes(content)

    with pytest.raises(CommandError, match=message):
        call_command("erp_import", "agencies", str(path), stdout=StringIO(), stderr=StringIO())

    assert not Agency.objects.exists()
    run = ImportRun.objects.get()
    assert run.status == RunStatus.FAILED
    assert "Rien n'a été importé" in run.message


def test_drop_folder_imports_parents_first_and_moves_files(tmp_path, settings):
    settings.ERP_DROP_DIR = tmp_path / "inbox"
    settings.ERP_DONE_DIR = tmp_path / "done"
    settings.ERP_FAILED_DIR = tmp_path / "failed"
    settings.ERP_DROP_DIR.mkdir()
    for kind in ORDER:
        shutil.copy(SAMPLES / f"{kind}.csv", settings.ERP_DROP_DIR / f"{kind}_20261129.csv")
    (settings.ERP_DROP_DIR / "ledger_broken.csv").write_bytes(b"\x00\x01binary")
    (settings.ERP_DROP_DIR / "inventaire.csv").write_text("x;y\n")

    runs = erp_drop_folder_import()

    assert [run.kind for run in runs] == [*ORDER[:-1], "ledger", "ledger"]
    assert [run.error_count for run in runs] == [0] * 7
    assert LedgerEntry.objects.count() == 9
    assert sorted(p.name for p in settings.ERP_DONE_DIR.iterdir()) == sorted(f"{k}_20261129.csv" for k in ORDER)
    assert sorted(p.name for p in settings.ERP_FAILED_DIR.iterdir()) == ["inventaire.csv", "ledger_broken.csv"]
    assert list(settings.ERP_DROP_DIR.iterdir()) == []
    assert ImportRun.objects.filter(source="dépôt", status=RunStatus.FAILED).count() == 1


def test_support_staff_read_the_runs_and_their_rejected_lines(client, tmp_path):
    import_file("agencies", SAMPLES / "agencies.csv")
    run = import_file("residences", sample_with(tmp_path, "residences", "RES-X;X;1 rue;30700;Uzès;AG-NULLE;;;;"))
    client.force_login(StaffUserFactory(group="Service client"))

    listing = client.get("/admin/erp/imports/")
    detail = client.get(f"/admin/erp/imports/inspect/{run.pk}/")

    assert listing.status_code == 200
    assert "residences.csv" in listing.content.decode()
    assert "residences.csv, ligne 7 : agence inconnu(e) : « AG-NULLE »" in detail.content.decode()
    # Runs are a record: nobody may add or edit one, superusers included.
    assert_admin_refused(client.get(f"/admin/erp/imports/edit/{run.pk}/"))
    assert_admin_refused(client.get("/admin/erp/imports/new/"))


def test_technical_staff_do_not_see_the_runs(client):
    client.force_login(StaffUserFactory(group="Gestion technique"))

    assert_admin_refused(client.get("/admin/erp/imports/"))


def test_a_ledger_spread_over_many_chunks_is_imported_once_and_every_balance_is_its_sum(tmp_path, monkeypatch):
    import_samples()
    monkeypatch.setattr(LedgerImporter, "chunk_size", 7)
    leases = list(Lease.objects.order_by("external_id").values_list("external_id", flat=True))
    lines = [
        f"BULK-{n};{leases[n % len(leases)]};{1 + n % 28:02d}/10/2026;{('LOYER', 'APL', 'CHEQUE')[n % 3]};"
        f"Ligne {n};{('412,30', '-215,00', '-100,05')[n % 3]}"
        for n in range(60)
    ]
    path = sample_with(tmp_path, "ledger", *lines)
    before = LedgerEntry.objects.count()

    first, replay = import_file("ledger", path), import_file("ledger", path)

    assert (first.created_count, first.error_count) == (60, 0)
    assert (replay.created_count, replay.unchanged_count, replay.error_count) == (0, first.unchanged_count + 60, 0)
    assert LedgerEntry.objects.count() == before + 60
    for account in LeaseAccount.objects.all():
        total = LedgerEntry.objects.filter(lease_id=account.lease_id).aggregate(total=Sum("amount"))["total"]
        assert account.balance == total


@pytest.mark.parametrize(
    ("cut", "reason"),
    [
        (lambda text: text.rstrip("\n"), "pas de fin de ligne"),
        (lambda text: text.rstrip("\n").rsplit(";", 3)[0] + "\n", "colonnes au lieu de"),
        (lambda text: text + 'E-CUT;BAIL-UZ-0001;30/11/2026;CARTE;"Paiement\n', "guillemet ouvert"),
    ],
    ids=["no-final-newline", "columns-missing", "unterminated-quote"],
)
def test_a_file_whose_last_record_is_cut_is_rejected_whole_with_the_line_number(tmp_path, cut, reason):
    for kind in ORDER[:-1]:
        import_file(kind, SAMPLES / f"{kind}.csv")
    text = (SAMPLES / "ledger.csv").read_text("utf-8")
    path = write(tmp_path, "ledger.csv", cut(text))
    last_line = cut(text).rstrip("\n").count("\n") + 1

    run = import_file("ledger", path, apply_good_lines=True)

    assert run.status == RunStatus.FAILED
    assert f"coupé à la ligne {last_line}" in run.message and reason in run.message
    assert not LedgerEntry.objects.exists()


SAMPLE_RESIDENCES = {"RES-UZ1", "RES-BE1", "RES-BE2"}


def test_a_drop_folder_file_with_bad_lines_applies_nothing_unless_staff_choose_so(tmp_path, settings):
    settings.ERP_DROP_DIR = tmp_path / "inbox"
    settings.ERP_DONE_DIR = tmp_path / "done"
    settings.ERP_FAILED_DIR = tmp_path / "failed"
    settings.ERP_DROP_DIR.mkdir()
    import_file("agencies", SAMPLES / "agencies.csv")
    shutil.copy(sample_with(tmp_path, "residences", "RES-X;X;1 rue;30700;Uzès;AG-NULLE;;;;"), settings.ERP_DROP_DIR)

    [run] = erp_drop_folder_import()

    assert (run.status, run.source) == (RunStatus.REJECTED, "dépôt")
    assert not Residence.objects.exists()
    assert [p.name for p in settings.ERP_FAILED_DIR.iterdir()] == ["residences.csv"]

    shutil.move(settings.ERP_FAILED_DIR / "residences.csv", settings.ERP_DROP_DIR / "residences.csv")
    out = StringIO()
    call_command("erp_import", "--drop-folder", "--apply-good-lines", stdout=out)

    assert set(Residence.objects.values_list("external_id", flat=True)) == SAMPLE_RESIDENCES
    run = ImportRun.objects.filter(source="dépôt").first()
    assert (run.status, run.apply_good_lines) == (RunStatus.DONE, True)
    assert [p.name for p in settings.ERP_DONE_DIR.iterdir()] == ["residences.csv"]


def test_a_lease_whose_first_line_is_refused_for_its_signatory_comes_with_its_next_line(tmp_path):
    """The first line of BAIL-NEW reuses another lease's signatory code with other values: that line
    is refused, and the lease comes in with its next line and that line's signatory (it used to
    be remembered without being written, and its next signatory stopped the import)."""
    import_samples()
    path = sample_with(
        tmp_path,
        "leases",
        "BAIL-NEW;399990;RES-UZ1;LOT-UZ1-A02;01/10/2026;;SIG-UZ-0002-1;AUTRE;Nom;01/01/1990;;;",
        "BAIL-NEW;399990;RES-UZ1;LOT-UZ1-A02;01/10/2026;;SIG-NEW-1;BERNARD;Léa;02/02/1991;;;",
    )
    sample_lines = len((SAMPLES / "leases.csv").read_text("utf-8").splitlines())

    run = import_file("leases", path, apply_good_lines=True)

    assert (run.status, run.error_count) == (RunStatus.DONE, 1)
    assert run.error_lines[0]["line"] == sample_lines + 1
    assert "signataire « SIG-UZ-0002-1 » déjà présent(e) plus haut" in run.error_lines[0]["reason"]
    lease = Lease.objects.get(external_id="BAIL-NEW")
    assert [(s.last_name, s.first_name) for s in lease.signatories.all()] == [("BERNARD", "Léa")]
    assert Signatory.objects.get(external_id="SIG-UZ-0002-1").last_name == "N'DIAYE"
