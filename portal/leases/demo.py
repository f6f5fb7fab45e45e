"""Demo lease data for a landlord in the Gard: 3 agencies, 10 residences, about 200 leases.

Generated from a fixed seed, and keyed on stable identifiers, so that a second run updates the
same rows instead of adding new ones.
"""

import random
from datetime import date

from .enums import Relationship, StaffRole, UnitKind
from .models import Agency, HouseholdMember, Lease, Residence, Signatory, StaffContact, Unit

AGENCIES = [
    ("AG-NIM", "Agence de Nîmes", "12 rue de la République\n30000 Nîmes", "04 66 00 10 10", "agence.nimes@example.org"),
    ("AG-ALE", "Agence d'Alès", "5 place de l'Hôtel de Ville\n30100 Alès", "04 66 00 20 20", "agence.ales@example.org"),
    (
        "AG-BAG",
        "Agence de Bagnols-sur-Cèze",
        "8 avenue Léon Blum\n30200 Bagnols-sur-Cèze",
        "04 66 00 30 30",
        "agence.bagnols@example.org",
    ),
]
OPENING_HOURS = "Du lundi au vendredi, de 8 h 30 à 12 h et de 13 h 30 à 17 h (fermé le jeudi après-midi)."

RESIDENCES = [
    ("RES-01", "Les Jardins de la Fontaine", "3 quai de la Fontaine", "30000", "Nîmes", "AG-NIM"),
    ("RES-02", "Pissevin – Les Lauriers", "21 avenue des Arts", "30000", "Nîmes", "AG-NIM"),
    ("RES-03", "Mas de Mingue", "7 rue Paul Valéry", "30000", "Nîmes", "AG-NIM"),
    ("RES-04", "Le Clos des Oliviers", "14 chemin des Oliviers", "30900", "Nîmes", "AG-NIM"),
    ("RES-05", "Les Prés Saint-Jean", "2 rue Jean Jaurès", "30100", "Alès", "AG-ALE"),
    ("RES-06", "La Royale", "45 avenue Carnot", "30100", "Alès", "AG-ALE"),
    ("RES-07", "Les Cévennes", "9 rue des Mineurs", "30340", "Salindres", "AG-ALE"),
    ("RES-08", "Les Terrasses de la Cèze", "11 rue du Pont", "30200", "Bagnols-sur-Cèze", "AG-BAG"),
    ("RES-09", "Le Bosquet", "6 allée des Pins", "30200", "Bagnols-sur-Cèze", "AG-BAG"),
    ("RES-10", "Les Vignes", "18 route d'Orange", "30130", "Pont-Saint-Esprit", "AG-BAG"),
]

LAST_NAMES = [
    "Garcia",
    "Roux",
    "Fontaine",
    "Lopez",
    "Moreau",
    "Girard",
    "Mercier",
    "Blanc",
    "Guerin",
    "Boyer",
    "Chevalier",
    "Faure",
    "André",
    "Gauthier",
    "Perrin",
    "Robin",
    "Clément",
    "Morin",
    "Nicolas",
    "Henry",
    "Mathieu",
    "Rousseau",
    "Lambert",
    "Bonnet",
    "François",
    "Legrand",
    "Garnier",
    "Benali",
    "Haddad",
    "Nguyen",
    "Da Silva",
    "Ferreira",
    "Aubert",
    "Brun",
    "Vidal",
    "Marchand",
    "Dumas",
    "Barbier",
    "Arnaud",
    "Renaud",
]
FIRST_NAMES = [
    "Marie",
    "Nathalie",
    "Isabelle",
    "Sylvie",
    "Julie",
    "Camille",
    "Léa",
    "Inès",
    "Fatima",
    "Sarah",
    "Jean",
    "Philippe",
    "Michel",
    "Thomas",
    "Nicolas",
    "Julien",
    "Mehdi",
    "Yanis",
    "Antoine",
    "Hugo",
]
CHILD_NAMES = ["Emma", "Louise", "Jade", "Gabriel", "Léo", "Raphaël", "Adam", "Chloé", "Lina", "Nolan"]

# Fixed records listed in the README: the demo journeys rely on them.
FIXED_LEASES = [
    (
        "100001",
        "RES-01",
        [
            ("MARTIN", "Claire", date(1985, 3, 14), "claire.martin@example.org"),
            ("MARTIN", "Karim", date(1983, 11, 2), "karim.martin@example.org"),
        ],
    ),
    ("100002", "RES-05", [("BERNARD", "Sophie", date(1990, 7, 21), "sophie.bernard@example.org")]),
    ("100003", "RES-08", [("PETIT", "Lucas", date(1979, 1, 5), "")]),
]
GENERATED_LEASES = 197
SEED = 30


def load(*, stdout) -> None:
    rng = random.Random(SEED)
    agencies = {}
    for code, name, address, phone, email in AGENCIES:
        agencies[code], _ = Agency.objects.update_or_create(
            external_id=code,
            defaults={"name": name, "address": address, "phone": phone, "email": email, "opening_hours": OPENING_HOURS},
        )
    residences = {}
    for code, name, address, postcode, city, agency_code in RESIDENCES:
        residences[code], _ = Residence.objects.update_or_create(
            external_id=code,
            defaults={
                "name": name,
                "address": address,
                "postcode": postcode,
                "city": city,
                "agency": agencies[agency_code],
            },
        )
    _load_staff_contacts(rng, agencies, residences)

    for tenant_number, residence_code, signatories in FIXED_LEASES:
        lease = _lease(rng, tenant_number, residences[residence_code], start=date(2019, 9, 1))
        for index, (last_name, first_name, birth_date, email) in enumerate(signatories, start=1):
            Signatory.objects.update_or_create(
                external_id=f"SIG-{tenant_number}-{index}",
                defaults={
                    "lease": lease,
                    "last_name": last_name,
                    "first_name": first_name,
                    "birth_date": birth_date,
                    "email": email,
                    "mobile_phone": f"06 12 34 {tenant_number[-2:]} 0{index}",
                },
            )
    _household(
        lease=Lease.objects.get(tenant_number="100001"),
        members=[
            ("MARTIN", "Inès", date(2012, 5, 3), Relationship.CHILD),
            ("MARTIN", "Yanis", date(2015, 9, 27), Relationship.CHILD),
        ],
    )

    residence_list = list(residences.values())
    for number in range(100004, 100004 + GENERATED_LEASES):
        tenant_number = str(number)
        residence = residence_list[number % len(residence_list)]
        start = date(rng.randint(2005, 2025), rng.randint(1, 12), 1)
        lease = _lease(rng, tenant_number, residence, start=start)
        last_name = rng.choice(LAST_NAMES).upper()
        count = 2 if rng.random() < 0.4 else 1
        for index in range(1, count + 1):
            first_name = rng.choice(FIRST_NAMES)
            birth = date(rng.randint(1945, 2000), rng.randint(1, 12), rng.randint(1, 28))
            Signatory.objects.update_or_create(
                external_id=f"SIG-{tenant_number}-{index}",
                defaults={
                    "lease": lease,
                    "last_name": last_name,
                    "first_name": first_name,
                    "birth_date": birth,
                    "email": f"locataire{tenant_number}-{index}@example.net",
                    "mobile_phone": f"06 {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
                },
            )
        children = rng.choice([0, 0, 1, 2, 3])
        _household(
            lease=lease,
            members=[
                (
                    last_name,
                    rng.choice(CHILD_NAMES),
                    date(rng.randint(2008, 2024), rng.randint(1, 12), rng.randint(1, 28)),
                    Relationship.CHILD,
                )
                for _ in range(children)
            ],
        )
    stdout.write(
        f"Baux : {Lease.objects.count()} dans {Residence.objects.count()} résidences, {Agency.objects.count()} agences."
    )


def _lease(rng, tenant_number, residence, *, start) -> Lease:
    lease, _ = Lease.objects.update_or_create(
        tenant_number=tenant_number,
        defaults={"external_id": f"BAIL-{tenant_number}", "residence": residence, "start_date": start},
    )
    dwelling, _ = Unit.objects.update_or_create(
        external_id=f"LOT-{tenant_number}",
        defaults={
            "residence": residence,
            "kind": UnitKind.DWELLING,
            "reference": f"Bât. {'ABC'[int(tenant_number) % 3]}, logement {int(tenant_number) % 100:02d}",
            "address": f"{residence.address}, {residence.postcode} {residence.city}",
        },
    )
    units = [dwelling]
    if int(tenant_number) % 4 == 1:
        parking, _ = Unit.objects.update_or_create(
            external_id=f"PARK-{tenant_number}",
            defaults={
                "residence": residence,
                "kind": UnitKind.PARKING,
                "reference": f"Parking n° {int(tenant_number) % 100}",
                "address": f"{residence.address}, {residence.postcode} {residence.city}",
            },
        )
        units.append(parking)
    lease.units.set(units)
    return lease


def _household(*, lease, members) -> None:
    for index, (last_name, first_name, birth_date, relationship) in enumerate(members, start=1):
        HouseholdMember.objects.update_or_create(
            external_id=f"OCC-{lease.tenant_number}-{index}",
            defaults={
                "lease": lease,
                "last_name": last_name,
                "first_name": first_name,
                "birth_date": birth_date,
                "relationship": relationship,
            },
        )


def _load_staff_contacts(rng, agencies, residences) -> None:
    for code, agency in agencies.items():
        officer, _ = StaffContact.objects.update_or_create(
            external_id=f"CC-{code}",
            defaults={
                "role": StaffRole.CUSTOMER_OFFICER,
                "last_name": rng.choice(LAST_NAMES).upper(),
                "first_name": rng.choice(FIRST_NAMES),
                "phone": agency.phone,
                "email": f"clientele.{code[3:].lower()}@example.org",
                "agency": agency,
            },
        )
        officer.residences.set([r for r in residences.values() if r.agency_id == agency.pk])
    for index, (code, residence) in enumerate(residences.items(), start=1):
        for role, prefix in ((StaffRole.MANAGER, "GER"), (StaffRole.CARETAKER, "GAR")):
            contact, _ = StaffContact.objects.update_or_create(
                external_id=f"{prefix}-{code}",
                defaults={
                    "role": role,
                    "last_name": rng.choice(LAST_NAMES).upper(),
                    "first_name": rng.choice(FIRST_NAMES),
                    "phone": f"06 70 {index:02d} {10 if role == StaffRole.MANAGER else 20} 00",
                    "email": f"{prefix.lower()}.{code.lower()}@example.org",
                    "agency": residence.agency,
                    "address": ""
                    if role == StaffRole.MANAGER
                    else f"Loge du gardien, {residence.address}, {residence.postcode} {residence.city}",
                },
            )
            contact.residences.set([residence])
