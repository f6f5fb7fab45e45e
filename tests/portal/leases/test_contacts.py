import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from portal.leases.enums import StaffRole
from tests.factories import StaffContactFactory

pytestmark = pytest.mark.django_db


def test_contacts_of_the_residence_with_links_and_the_portal_support(tenant_client, tenant, other_tenant):
    lease = tenant.signatory.lease
    agency = lease.residence.agency
    agency.opening_hours = "Du lundi au vendredi, 9 h - 12 h"
    agency.save()
    manager = StaffContactFactory(role=StaffRole.MANAGER, agency=agency, phone="06 70 01 10 00", last_name="Roux")
    manager.residences.set([lease.residence])
    officer = StaffContactFactory(
        role=StaffRole.CUSTOMER_OFFICER, agency=agency, address="Service clientèle\n4 rue Neuve", last_name="Blanc"
    )
    officer.residences.set([lease.residence])
    elsewhere = StaffContactFactory(role=StaffRole.CARETAKER, last_name="Ailleurs")
    elsewhere.residences.set([other_tenant.signatory.lease.residence])

    response = tenant_client.get(reverse("leases:contacts"))

    assertContains(response, "Gérant / gestionnaire technique de proximité\u00a0: Paul ROUX")
    assertContains(response, 'href="tel:+33670011000"')
    assertContains(response, f'href="mailto:{manager.email}"')
    assertContains(response, "questions techniques")
    assertContains(response, "Chargé(e) de clientèle\u00a0: Paul BLANC")
    assertContains(response, "Service clientèle<br>4 rue Neuve")
    assertContains(response, "Du lundi au vendredi, 9 h - 12 h")
    assertContains(response, agency.address.replace("\n", "<br>"))
    assertContains(response, 'href="mailto:portail-locataire@hdg30.fr"')
    assertContains(response, f"numéro de contrat ({lease.tenant_number})")
    assertNotContains(response, "AILLEURS")


def test_contacts_need_a_tenant_account(client):
    response = client.get(reverse("leases:contacts"))
    assert response.status_code == 302
