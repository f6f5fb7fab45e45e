from io import StringIO

import pytest
from django.core.management import call_command

from portal.accounts.models import User
from portal.leases.models import Agency, HouseholdMember, Lease, Residence, Signatory, StaffContact


def load_demo() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_demo_data_has_the_fixed_records_of_the_readme():
    output = load_demo()

    assert "claire.martin@example.org" in output
    assert "Portail-Demo-2026!" in output
    assert set(Agency.objects.values_list("name", flat=True)) == {
        "Agence de Nîmes",
        "Agence d'Alès",
        "Agence de Bagnols-sur-Cèze",
    }
    assert Residence.objects.count() == 10
    assert 190 <= Lease.objects.count() <= 210
    claire = Signatory.objects.get(lease__tenant_number="100001", first_name="Claire")
    assert (claire.last_name, claire.birth_date.isoformat()) == ("MARTIN", "1985-03-14")
    assert claire.user.email == "claire.martin@example.org"
    assert Signatory.objects.get(lease__tenant_number="100001", first_name="Karim").user.check_password(
        "Portail-Demo-2026!"
    )
    assert Signatory.objects.get(lease__tenant_number="100002").user.email == "sophie.bernard@example.org"
    lucas = Signatory.objects.get(lease__tenant_number="100003")
    assert (lucas.first_name, lucas.birth_date.isoformat()) == ("Lucas", "1979-01-05")
    assert not User.objects.filter(signatory=lucas).exists()
    assert Lease.objects.get(tenant_number="100001").is_paperless
    for email, group in [
        ("support@example.org", "Service client"),
        ("technique@example.org", "Gestion technique"),
        ("communication@example.org", "Communication"),
    ]:
        assert list(User.objects.get(email=email).groups.values_list("name", flat=True)) == [group]
    assert User.objects.get(email="admin@example.org").is_superuser


@pytest.mark.django_db
def test_loading_the_demo_twice_creates_no_duplicates():
    models = (Agency, Residence, Lease, Signatory, HouseholdMember, StaffContact, User)
    load_demo()
    counts = [model.objects.count() for model in models]
    load_demo()
    assert [model.objects.count() for model in models] == counts


@pytest.mark.django_db
def test_every_residence_has_a_manager_a_caretaker_and_a_customer_officer():
    load_demo()
    for residence in Residence.objects.all():
        roles = set(residence.staff_contacts.values_list("role", flat=True))
        assert roles == {"manager", "caretaker", "customer_officer"}, residence
