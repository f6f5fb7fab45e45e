"""Exports to the management system: every change once, never missed (also when it commits while
an export runs), and a past run rebuilt byte for byte."""

import threading
import uuid
from datetime import timedelta
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from portal.billing.enums import PaymentBackend, PaymentStatus
from portal.billing.models import OnlinePayment
from portal.billing.services import online_payment_settle
from portal.core.csvfiles import csv_cell
from portal.dossier.enums import ChangeKind
from portal.dossier.services import change_request_accept, change_request_refuse, change_request_submit
from portal.erp.models import ExportItem, ExportRun
from portal.erp.services import erp_export_rerun, erp_export_run
from portal.leases.models import HouseholdMember, Lease
from portal.mandates.enums import MandateEventKind
from portal.mandates.models import BankMandate, MandateEvent
from portal.mandates.services import mandate_rum_new, mandate_submit, mandate_validate
from tests.factories import HouseholdMemberFactory, LeaseFactory, StaffUserFactory, TenantUserFactory
from tests.portal.dossier.factories import ChangeRequestFactory
from tests.portal.mandates.factories import NEW_IBAN, martin_household


@pytest.fixture(autouse=True)
def export_dir(tmp_path, settings):
    settings.ERP_EXPORT_DIR = tmp_path / "outbox"
    return settings.ERP_EXPORT_DIR


def paid(lease, amount="42.50"):
    payment = OnlinePayment.objects.create(
        reference=f"PEL-{uuid.uuid4().hex[:8].upper()}",
        lease=lease,
        amount=Decimal(amount),
        backend=PaymentBackend.DEMO,
        submission_token=uuid.uuid4(),
    )
    return online_payment_settle(payment_id=payment.pk, status=PaymentStatus.SUCCEEDED, actor="test")


def paperless(lease):
    lease.paperless_since = timezone.now()
    lease.save(update_fields=["paperless_since"])
    return lease


def lines(run, stem):
    path = Path(run_folder(run)) / next(f["name"] for f in run.files if f["name"].startswith(stem))
    return path.read_bytes().decode("utf-8").splitlines()[1:]


def run_folder(run):
    from django.conf import settings

    return Path(settings.ERP_EXPORT_DIR) / run.folder_name


def exported_keys():
    return sorted(ExportItem.objects.values_list("key", flat=True))


@pytest.mark.django_db
def test_an_export_writes_each_change_then_nothing_the_next_time():
    lease = LeaseFactory(external_id="BAIL-1", tenant_number="500001")
    payment = paid(lease, "1234.56")
    paperless(lease)
    LeaseFactory()  # never paperless, never paid: not exported

    first = erp_export_run(source="test")
    second = erp_export_run(source="test")

    assert first.item_count == 2
    settled = timezone.localtime(payment.settled_at)
    assert lines(first, "paiements_en_ligne") == [
        f"{payment.reference};BAIL-1;500001;1234,56;{settled:%d/%m/%Y %H:%M:%S};"
    ]
    since = timezone.localtime(lease.paperless_since)
    assert lines(first, "dematerialisation") == [f"BAIL-1;500001;DEBUT;{since:%d/%m/%Y %H:%M:%S}"]
    assert second.item_count == 0
    assert lines(second, "paiements_en_ligne") == []
    assert lines(second, "dematerialisation") == []


@pytest.mark.django_db
def test_changes_after_an_export_go_to_the_next_one_only():
    lease = paperless(LeaseFactory())
    first = erp_export_run(source="test")
    payment = paid(lease)
    lease.paperless_until = timezone.now()
    lease.save(update_fields=["paperless_until"])

    second = erp_export_run(source="test")
    third = erp_export_run(source="test")

    assert (first.item_count, second.item_count, third.item_count) == (1, 2, 0)
    assert [line.split(";")[0] for line in lines(second, "paiements_en_ligne")] == [payment.reference]
    assert [line.split(";")[2] for line in lines(second, "dematerialisation")] == ["FIN"]
    assert len(exported_keys()) == len(set(exported_keys())) == 3


@pytest.mark.django_db
def test_a_change_stamped_before_an_export_but_committed_after_it_goes_to_the_next_one():
    """What a transaction still open while the export reads looks like once it commits."""
    exported = paid(LeaseFactory())
    first = erp_export_run(source="test")
    late = paid(LeaseFactory())
    OnlinePayment.objects.filter(pk=late.pk).update(settled_at=exported.settled_at - timedelta(seconds=2))

    second = erp_export_run(source="test")

    assert [line.split(";")[0] for line in lines(first, "paiements_en_ligne")] == [exported.reference]
    assert [line.split(";")[0] for line in lines(second, "paiements_en_ligne")] == [late.reference]
    assert erp_export_run(source="test").item_count == 0


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite lets one writer at a time: no overlap to test")
def test_a_payment_confirmed_while_an_export_runs_is_exported_once_by_the_next_run():
    lease = LeaseFactory()
    payment = OnlinePayment.objects.create(
        reference="PEL-CONCURRENT",
        lease=lease,
        amount=Decimal("10.00"),
        backend=PaymentBackend.DEMO,
        submission_token=uuid.uuid4(),
    )
    settled, release = threading.Event(), threading.Event()

    def confirm_in_a_long_transaction():
        try:
            with transaction.atomic():
                online_payment_settle(payment_id=payment.pk, status=PaymentStatus.SUCCEEDED, actor="webhook")
                settled.set()
                release.wait(timeout=30)
        finally:
            connection.close()

    worker = threading.Thread(target=confirm_in_a_long_transaction)
    worker.start()
    assert settled.wait(timeout=30)
    try:
        # Confirmed after the one still in flight, but committed first: the export's cursor passes it.
        quicker = paid(LeaseFactory())
        during = erp_export_run(source="test")
    finally:
        release.set()
        worker.join(timeout=30)
    after = erp_export_run(source="test")
    later = erp_export_run(source="test")

    assert [line.split(";")[0] for line in lines(during, "paiements_en_ligne")] == [quicker.reference]
    assert [line.split(";")[0] for line in lines(after, "paiements_en_ligne")] == ["PEL-CONCURRENT"]
    assert later.item_count == 0
    assert ExportItem.objects.filter(key=f"payment:{payment.pk}").count() == 1


@pytest.mark.django_db
def test_rerun_rebuilds_a_past_export_identically(tmp_path):
    lease = paperless(LeaseFactory(external_id="BAIL-R", tenant_number="500009"))
    paid(lease, "99.99")
    first = erp_export_run(source="test")
    paid(lease, "1.00")
    erp_export_run(source="test")
    originals = {f["name"]: (run_folder(first) / f["name"]).read_bytes() for f in first.files}
    # What happened since does not change what that run sent.
    lease.tenant_number = "599999"
    lease.save(update_fields=["tenant_number"])
    for name in originals:
        (run_folder(first) / name).unlink()

    out = StringIO()
    call_command("erp_export", "--rerun", str(first.pk), stdout=out)

    assert {name: (run_folder(first) / name).read_bytes() for name in originals} == originals
    assert f"Export n° {first.pk} : 2 changements." in out.getvalue()
    elsewhere = tmp_path / "copy"
    erp_export_rerun(run_id=first.pk, folder=elsewhere)
    assert {name: (elsewhere / name).read_bytes() for name in originals} == originals
    assert ExportRun.objects.count() == 2


@pytest.mark.django_db
def test_support_staff_see_the_export_runs(client):
    paperless(LeaseFactory())
    run = erp_export_run(source="test")
    client.force_login(StaffUserFactory(group="Service client"))

    detail = client.get(f"/admin/erp/exports/inspect/{run.pk}/")

    assert client.get("/admin/erp/exports/").status_code == 200
    assert f"dematerialisation_{run.pk:06d}.csv" in detail.content.decode()


@pytest.mark.django_db
def test_accepted_tenant_file_changes_are_exported_field_by_field_and_refused_ones_never():
    tenant = TenantUserFactory(signatory__external_id="SIG-9", signatory__phone="0466000000")
    lease = tenant.signatory.lease
    Lease.objects.filter(pk=lease.pk).update(external_id="BAIL-9")
    staff = StaffUserFactory(group="Service client")
    contact = change_request_submit(
        lease=lease,
        author=tenant,
        kind=ChangeKind.CONTACT,
        after={"phone": "0466000000", "mobile_phone": "0612345678", "email": ""},
    )
    change_request_accept(change_request_id=contact.pk, by=staff)
    newcomer = ChangeRequestFactory(lease=lease, author=tenant)
    change_request_accept(change_request_id=newcomer.pk, by=staff)
    refused = ChangeRequestFactory(lease=lease, author=tenant)
    change_request_refuse(change_request_id=refused.pk, by=staff, reason="Pièce manquante")
    ChangeRequestFactory(lease=lease, author=tenant)  # still pending

    run = erp_export_run(source="test")

    contact.refresh_from_db()
    newcomer.refresh_from_db()
    at = f"{timezone.localtime(contact.handled_at):%d/%m/%Y %H:%M:%S}"
    member = newcomer.household_member
    added_at = f"{timezone.localtime(newcomer.handled_at):%d/%m/%Y %H:%M:%S}"
    assert lines(run, "modifications_dossier") == [
        f"{contact.pk};BAIL-9;{lease.tenant_number};COORDONNEES;SIG-9;;;mobile;;0612345678;{at}",
        f"{newcomer.pk};BAIL-9;{lease.tenant_number};OCCUPANT_AJOUT;;;{member.pk};nom;;DURAND;{added_at}",
        f"{newcomer.pk};BAIL-9;{lease.tenant_number};OCCUPANT_AJOUT;;;{member.pk};prenom;;Lou;{added_at}",
        f"{newcomer.pk};BAIL-9;{lease.tenant_number};OCCUPANT_AJOUT;;;{member.pk};date_naissance;;02/02/2020;{added_at}",
        f"{newcomer.pk};BAIL-9;{lease.tenant_number};OCCUPANT_AJOUT;;;{member.pk};lien;;ENFANT;{added_at}",
    ]
    assert erp_export_run(source="test").item_count == 0


@pytest.mark.django_db
def test_a_departure_names_the_occupant_by_its_management_code_although_the_file_forgot_it():
    tenant = TenantUserFactory()
    lease = tenant.signatory.lease
    Lease.objects.filter(pk=lease.pk).update(external_id="BAIL-10")
    leaving = HouseholdMemberFactory(lease=lease, external_id="OCC-77", last_name="Martin", first_name="Léa")
    staying = HouseholdMemberFactory(lease=lease, external_id="OCC-78")
    leaving_id = leaving.pk
    staff = StaffUserFactory(group="Service client")
    departure = change_request_submit(
        lease=lease, author=tenant, kind=ChangeKind.HOUSEHOLD_REMOVE, after={}, household_member=leaving
    )
    change_request_accept(change_request_id=departure.pk, by=staff)

    run = erp_export_run(source="test")

    departure.refresh_from_db()
    assert departure.household_member is None
    assert not HouseholdMember.objects.filter(pk=leaving_id).exists()
    at = f"{timezone.localtime(departure.handled_at):%d/%m/%Y %H:%M:%S}"
    start = f"{departure.pk};BAIL-10;{lease.tenant_number};OCCUPANT_DEPART;;OCC-77;{leaving_id}"
    assert lines(run, "modifications_dossier") == [
        f"{start};nom;Martin;;{at}",
        f"{start};prenom;Léa;;{at}",
        f"{start};date_naissance;01/02/2015;;{at}",
        f"{start};lien;ENFANT;;{at}",
    ]
    assert HouseholdMember.objects.filter(pk=staying.pk).exists()
    assert erp_export_run(source="test").item_count == 0


@pytest.mark.django_db
def test_a_validated_mandate_and_the_one_it_revokes_are_exported_once_with_no_clear_iban_kept(tmp_path):
    claire, _karim = martin_household()
    lease = claire.signatory.lease
    Lease.objects.filter(pk=lease.pk).update(external_id="BAIL-11")
    old = BankMandate.objects.get(lease=lease)
    new = mandate_submit(
        lease=lease,
        signer=claire,
        holder_name="Claire MARTIN",
        iban=NEW_IBAN,
        bic="",
        rum=mandate_rum_new(lease=lease),
        submission_token=uuid.uuid4(),
        debtor_address="2 rue des Lilas, 30000 Nîmes",
        signed_place="Nîmes",
        signed_at=timezone.now(),
        ip="203.0.113.7",
    )
    assert erp_export_run(source="test").item_count == 0  # pending: nothing to send yet
    mandate_validate(mandate_id=new.pk, staff=StaffUserFactory(group="Service client"), ip=None)
    new.refresh_from_db()

    run = erp_export_run(source="test")

    # Each line carries the time of its own event (the two can fall on either side of a second).
    validated_at = MandateEvent.objects.get(mandate=new, kind=MandateEventKind.VALIDATED).created_at
    revoked_at = MandateEvent.objects.get(mandate=old, kind=MandateEventKind.REVOKED).created_at
    signed = f"{timezone.localtime(new.signed_at):%d/%m/%Y}"
    compact = NEW_IBAN.replace(" ", "")
    assert sorted(lines(run, "mandats")) == sorted(
        [
            f"BAIL-11;{lease.tenant_number};VALIDATION;{new.rum};Claire MARTIN;{compact};{new.bic};{new.bank_name};"
            f"{signed};{timezone.localtime(validated_at):%d/%m/%Y %H:%M:%S}",
            f"BAIL-11;{lease.tenant_number};REVOCATION;{old.rum};Claire MARTIN;;{old.bic};{old.bank_name};"
            f"{timezone.localtime(old.signed_at):%d/%m/%Y};{timezone.localtime(revoked_at):%d/%m/%Y %H:%M:%S}",
        ]
    )
    stored = str(list(ExportItem.objects.values_list("rows", flat=True)))
    assert compact not in stored and compact[-8:] not in stored
    assert erp_export_run(source="test").item_count == 0
    _run, folder = erp_export_rerun(run_id=run.pk, folder=tmp_path / "again")
    assert (folder / f"mandats_{run.pk:06d}.csv").read_bytes() == (
        run_folder(run) / f"mandats_{run.pk:06d}.csv"
    ).read_bytes()


@pytest.mark.django_db
def test_names_that_a_spreadsheet_would_run_as_formulas_are_exported_as_text_amounts_as_numbers():
    tenant = TenantUserFactory()
    lease = tenant.signatory.lease
    leaving = HouseholdMemberFactory(lease=lease, last_name="=HYPERLINK(1)", first_name="@SUM(1+1)")
    departure = change_request_submit(
        lease=lease, author=tenant, kind=ChangeKind.HOUSEHOLD_REMOVE, after={}, household_member=leaving
    )
    change_request_accept(change_request_id=departure.pk, by=StaffUserFactory(group="Service client"))
    paid(lease, "42.50")

    run = erp_export_run(source="test")

    cells = [line.split(";") for line in lines(run, "modifications_dossier")]
    assert {row[7]: row[8] for row in cells}["nom"] == "'=HYPERLINK(1)"
    assert {row[7]: row[8] for row in cells}["prenom"] == "'@SUM(1+1)"
    assert lines(run, "paiements_en_ligne")[0].split(";")[3] == "42,50"


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=1+2", "'=1+2"),
        ("+33 6 12 34 56 78", "'+33 6 12 34 56 78"),
        ("-cmd|' /C calc'!A0", "'-cmd|' /C calc'!A0"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("-35,00", "-35,00"),
        ("+12", "+12"),
        ("Dupont", "Dupont"),
    ],
)
def test_csv_cells_neutralise_formulas_only(value, written):
    assert csv_cell(value) == written
