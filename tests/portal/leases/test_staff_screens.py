import pytest

from tests.conftest import MODEL_BACKEND, assert_admin_refused
from tests.factories import LeaseFactory, SignatoryFactory, StaffUserFactory


@pytest.fixture
def lease(db):
    lease = LeaseFactory(tenant_number="123456")
    SignatoryFactory(lease=lease, last_name="Lefebvre", first_name="Anne")
    return lease


def test_customer_service_finds_a_lease_by_tenant_number_in_the_admin(client, lease):
    client.force_login(StaffUserFactory(group="Service client"), backend=MODEL_BACKEND)
    response = client.get("/admin/leases/lease/", {"q": "123456"})
    assert response.status_code == 200
    assert "123456" in response.text


def test_customer_service_finds_a_signatory_by_name(client, lease):
    client.force_login(StaffUserFactory(group="Service client"), backend=MODEL_BACKEND)
    response = client.get("/admin/leases/signatory/", {"q": "lefebvre"})
    assert "Lefebvre" in response.text


def test_communication_staff_cannot_open_lease_data(client, lease):
    client.force_login(StaffUserFactory(group="Communication"), backend=MODEL_BACKEND)
    assert client.get("/admin/").status_code == 200
    response = client.get("/admin/leases/lease/")
    assert_admin_refused(response)
    assert "123456" not in response.text


def test_technical_staff_read_leases_but_cannot_edit_them(client, lease):
    client.force_login(StaffUserFactory(group="Gestion technique"), backend=MODEL_BACKEND)
    assert client.get("/admin/leases/lease/").status_code == 200
    assert_admin_refused(client.get(f"/admin/leases/lease/edit/{lease.pk}/"))


def test_a_tenant_cannot_enter_the_admin(tenant_client):
    response = tenant_client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
