"""factory_boy factories for the lease data and accounts every feature builds on."""

from datetime import date

import factory
from django.contrib.auth.models import Group

from portal.accounts.models import User
from portal.leases.enums import StaffRole, UnitKind
from portal.leases.models import Agency, HouseholdMember, Lease, Residence, Signatory, StaffContact, Unit

PASSWORD = "Un-mot-de-passe-solide-2026"


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    name = factory.Sequence(lambda n: f"Agence {n}")
    address = "1 rue de la Gare\n30000 Nîmes"
    phone = "04 66 00 00 00"
    email = factory.Sequence(lambda n: f"agence{n}@example.org")


class ResidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Residence

    name = factory.Sequence(lambda n: f"Résidence {n}")
    address = "2 rue des Lilas"
    postcode = "30000"
    city = "Nîmes"
    agency = factory.SubFactory(AgencyFactory)


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    residence = factory.SubFactory(ResidenceFactory)
    kind = UnitKind.DWELLING
    reference = factory.Sequence(lambda n: f"Logement {n}")
    address = "2 rue des Lilas, 30000 Nîmes"


class LeaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lease
        skip_postgeneration_save = True

    tenant_number = factory.Sequence(lambda n: f"{200000 + n}")
    residence = factory.SubFactory(ResidenceFactory)
    start_date = date(2020, 1, 1)

    @factory.post_generation
    def units(self, create, extracted, **kwargs):
        if not create:
            return
        self.units.set(extracted if extracted is not None else [UnitFactory(residence=self.residence)])


class SignatoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Signatory

    lease = factory.SubFactory(LeaseFactory)
    last_name = factory.Sequence(lambda n: f"Dupont{n}")
    first_name = "Marie"
    birth_date = date(1980, 6, 15)
    email = ""


class HouseholdMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HouseholdMember

    lease = factory.SubFactory(LeaseFactory)
    last_name = "Dupont"
    first_name = "Léo"
    birth_date = date(2015, 2, 1)
    relationship = "child"


class StaffContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffContact

    role = StaffRole.MANAGER
    last_name = factory.Sequence(lambda n: f"Gestion{n}")
    first_name = "Paul"
    phone = "06 00 00 00 00"
    email = factory.Sequence(lambda n: f"contact{n}@example.org")
    agency = factory.SubFactory(AgencyFactory)


class TenantUserFactory(factory.django.DjangoModelFactory):
    """A confirmed tenant account on its own lease."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    signatory = factory.SubFactory(SignatoryFactory)
    email = factory.Sequence(lambda n: f"locataire{n}@example.org")
    first_name = factory.SelfAttribute("signatory.first_name")
    last_name = factory.SelfAttribute("signatory.last_name")
    is_active = True
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(self, create, extracted, **kwargs):
        if create:
            self.save()


class StaffUserFactory(factory.django.DjangoModelFactory):
    """A staff member in one of the staff groups ("Service client" unless told otherwise)."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"agent{n}@example.org")
    first_name = "Agent"
    last_name = factory.Sequence(lambda n: f"Support{n}")
    is_staff = True
    is_active = True
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def group(self, create, extracted, **kwargs):
        if create:
            self.save()
            from portal.accounts.groups import staff_groups_sync

            if not Group.objects.filter(name=extracted or "Service client").exists():
                staff_groups_sync()
            self.groups.add(Group.objects.get(name=extracted or "Service client"))
