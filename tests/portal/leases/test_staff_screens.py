import pytest
from django.contrib.auth.models import Permission

from portal.requests.models import StaffProfile
from tests.conftest import MODEL_BACKEND, assert_admin_refused
from tests.factories import HouseholdMemberFactory, LeaseFactory, SignatoryFactory, StaffUserFactory


@pytest.fixture
def lease(db):
    lease = LeaseFactory(tenant_number="123456")
    SignatoryFactory(lease=lease, last_name="Lefebvre", first_name="Anne")
    return lease


def staff_of(agency, group):
    user = StaffUserFactory(group=group)
    StaffProfile.objects.create(user=user, agency=agency)
    return user


def test_customer_service_finds_a_lease_by_tenant_number_in_the_admin(client, lease):
    client.force_login(staff_of(lease.residence.agency, "Service client"), backend=MODEL_BACKEND)
    response = client.get("/admin/leases/lease/", {"q": "123456"})
    assert response.status_code == 200
    assert "123456" in response.text


def test_customer_service_finds_a_signatory_by_name(client, lease):
    client.force_login(staff_of(lease.residence.agency, "Service client"), backend=MODEL_BACKEND)
    response = client.get("/admin/leases/signatory/", {"q": "lefebvre"})
    assert "Lefebvre" in response.text


def test_communication_staff_cannot_open_lease_data(client, lease):
    client.force_login(StaffUserFactory(group="Communication"), backend=MODEL_BACKEND)
    assert client.get("/admin/").status_code == 200
    response = client.get("/admin/leases/lease/")
    assert_admin_refused(response)
    assert "123456" not in response.text


def test_technical_staff_read_leases_but_cannot_edit_them(client, lease):
    client.force_login(staff_of(lease.residence.agency, "Gestion technique"), backend=MODEL_BACKEND)
    assert client.get("/admin/leases/lease/").status_code == 200
    assert_admin_refused(client.get(f"/admin/leases/lease/edit/{lease.pk}/"))


def test_a_tenant_cannot_enter_the_admin(tenant_client):
    response = tenant_client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


@pytest.fixture
def other_agency_lease(db):
    lease = LeaseFactory(tenant_number="654321")
    SignatoryFactory(lease=lease, last_name="Zidane", first_name="Yasmina", email="y.zidane@example.org")
    HouseholdMemberFactory(lease=lease, last_name="Zidane", first_name="Inès")
    return lease


@pytest.mark.parametrize("group", ["Gestion technique", "Service client"])
def test_staff_list_and_open_only_their_agencys_leases_and_signatories(client, lease, other_agency_lease, group):
    assert lease.residence.agency != other_agency_lease.residence.agency
    client.force_login(staff_of(lease.residence.agency, group), backend=MODEL_BACKEND)

    for screen in ("lease", "signatory"):
        listing = client.get(f"/admin/leases/{screen}/").text
        assert "123456" in listing or "Lefebvre" in listing
        assert "654321" not in listing and "Zidane" not in listing
    assert "Zidane" not in client.get("/admin/leases/signatory/", {"q": "zidane"}).text
    foreign = other_agency_lease.signatories.get()
    assert client.get(f"/admin/leases/signatory/history/{foreign.pk}/").status_code == 404
    assert client.get(f"/admin/leases/lease/history/{other_agency_lease.pk}/").status_code == 404


def test_customer_service_edits_no_signatory_of_another_agency(client, lease, other_agency_lease):
    client.force_login(staff_of(lease.residence.agency, "Service client"), backend=MODEL_BACKEND)
    foreign = other_agency_lease.signatories.get()
    assert client.get(f"/admin/leases/signatory/edit/{foreign.pk}/").status_code == 404
    assert "Zidane" not in client.get("/admin/leases/householdmember/").text


def test_the_see_every_agency_permission_lists_both_agencies(client, lease, other_agency_lease):
    user = staff_of(lease.residence.agency, "Gestion technique")
    user.user_permissions.add(Permission.objects.get(codename="view_all_requests"))
    client.force_login(user, backend=MODEL_BACKEND)

    listing = client.get("/admin/leases/signatory/").text

    assert "Lefebvre" in listing and "Zidane" in listing


def test_staff_without_an_agency_see_no_signatory(client, lease):
    client.force_login(StaffUserFactory(group="Gestion technique"), backend=MODEL_BACKEND)
    listing = client.get("/admin/leases/signatory/")
    assert listing.status_code == 200
    assert "Lefebvre" not in listing.text
