"""Survey exports to the management system: accepted answers (one line per lease, one per occupant)
and the leases without an answer at the close, each exactly once."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from portal.erp.services import erp_export_run
from portal.surveys import services
from tests.factories import HouseholdMemberFactory, LeaseFactory, SignatoryFactory, StaffUserFactory, TenantUserFactory
from tests.portal.documents.conftest import private_files_in_tmp  # noqa: F401 - PDFs of « Mes documents » in tmp
from tests.portal.surveys.factories import answer, ceilings, launched, response_of


@pytest.fixture(autouse=True)
def folders(tmp_path, settings):
    settings.ERP_EXPORT_DIR = tmp_path / "outbox"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"


def lines(run, stem):
    name = next(f["name"] for f in run.files if f["name"].startswith(stem))
    return (Path(settings.ERP_EXPORT_DIR) / run.folder_name / name).read_bytes().decode("utf-8").splitlines()


@pytest.fixture
def martin(db):
    lease = LeaseFactory(external_id="BAIL-1", tenant_number="100001")
    claire = TenantUserFactory(
        signatory=SignatoryFactory(lease=lease, external_id="SIG-1", first_name="Claire", last_name="MARTIN")
    )
    HouseholdMemberFactory(lease=lease, external_id="OCC-1", first_name="Inès", last_name="MARTIN")
    return claire


@pytest.mark.django_db
def test_an_accepted_answer_is_exported_once_per_lease_and_per_occupant(martin):
    staff = StaffUserFactory(group="Enquêtes")
    other = TenantUserFactory()
    campaign = launched(martin.signatory.lease, other.signatory.lease)
    ceilings()
    response = response_of(campaign, martin.signatory.lease)
    answer(response, martin, income=30000)
    answer(response_of(campaign, other.signatory.lease), other)  # sent, not accepted: not exported

    assert lines(erp_export_run(source="test"), "enquetes_baux")[1:] == []
    services.response_accept(response=response, by=staff)
    first = erp_export_run(source="test")
    second = erp_export_run(source="test")

    response.refresh_from_db()
    accepted = timezone.localtime(response.accepted_at)
    header, *rows = lines(first, "enquetes_baux")
    assert header.startswith("enquete;annee;code_bail;numero_locataire;")
    residence = martin.signatory.lease.residence
    assert rows == [
        f"SLS;2027;BAIL-1;100001;{residence.external_id or ''};{residence.agency.external_id or ''};2;2;1;30000;"
        f"2026;32473;92,40;{timezone.localtime(response.submitted_at):%d/%m/%Y %H:%M:%S};{accepted:%d/%m/%Y %H:%M:%S}"
    ]
    assert lines(first, "enquetes_occupants")[1:] == [
        "SLS;2027;BAIL-1;100001;SIG-1;;;MARTIN;Claire;15/06/1980;SIGNATAIRE;SALARIE;NON",
        "SLS;2027;BAIL-1;100001;;OCC-1;"
        f"{martin.signatory.lease.household_members.get().pk};MARTIN;Inès;01/02/2015;ENFANT;ENFANT;NON",
    ]
    assert lines(second, "enquetes_baux")[1:] == [] and lines(second, "enquetes_occupants")[1:] == []


@pytest.mark.django_db
def test_the_leases_without_an_answer_are_exported_once_after_the_close(martin):
    answered = TenantUserFactory()
    today = timezone.localdate()
    campaign = launched(martin.signatory.lease, answered.signatory.lease, closes_on=today + timedelta(days=2))
    answer(response_of(campaign, answered.signatory.lease), answered)

    before = erp_export_run(source="test")
    campaign.opens_on, campaign.closes_on = today - timedelta(days=40), today - timedelta(days=1)
    campaign.save()
    after = erp_export_run(source="test")
    again = erp_export_run(source="test")

    assert lines(before, "enquetes_sans_reponse")[1:] == []
    assert lines(after, "enquetes_sans_reponse")[1:] == [
        f"SLS;2027;BAIL-1;100001;NON_COMMENCEE;{campaign.closes_on:%d/%m/%Y}"
    ]
    assert lines(again, "enquetes_sans_reponse")[1:] == []
