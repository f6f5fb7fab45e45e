"""Demo accounts, all with the password below (listed in README and printed by `make run`)."""

from datetime import timedelta

from django.contrib.auth.models import Group
from django.utils import timezone

from portal.leases.models import Lease, Signatory

from .groups import COMMUNICATION, CUSTOMER_SERVICE, TECHNICAL, staff_groups_sync
from .models import User
from .signup_codes import signup_codes_set

DEMO_PASSWORD = "Portail-Demo-2026!"  # noqa: S105 - published demo password, never a real account

TENANT_ACCOUNTS = [
    ("100001", "Claire", "claire.martin@example.org"),
    ("100001", "Karim", "karim.martin@example.org"),
    ("100002", "Sophie", "sophie.bernard@example.org"),
]
# Mode renforcé (off in the demo): Lucas PETIT's personal sign-up code, as the management system
# would send it; it is asked only once « code personnel exigé à l'inscription » is ticked.
LUCAS_SIGNUP_CODE = "DEMO-LUCAS-2026"
STAFF_ACCOUNTS = [
    ("support@example.org", "Samia", "Support", CUSTOMER_SERVICE),
    ("technique@example.org", "Thierry", "Technique", TECHNICAL),
    ("communication@example.org", "Chloé", "Communication", COMMUNICATION),
]


def load(*, stdout) -> None:
    staff_groups_sync()
    now = timezone.now()
    # Lease 100001 went paperless 14 months ago, so a year of notices is on the portal.
    paperless_since = {"100001": now - timedelta(days=426), "100002": now - timedelta(days=200)}
    for tenant_number, first_name, email in TENANT_ACCOUNTS:
        signatory = Signatory.objects.get(lease__tenant_number=tenant_number, first_name=first_name)
        user = _user(email, first_name=signatory.first_name, last_name=signatory.last_name, signatory=signatory)
        user.date_joined = paperless_since[tenant_number]
        user.email_confirmed_at = paperless_since[tenant_number]
        user.save(update_fields=["date_joined", "email_confirmed_at"])
    for tenant_number, since in paperless_since.items():
        Lease.objects.filter(tenant_number=tenant_number).update(paperless_since=since, paperless_until=None)

    lucas = Signatory.objects.filter(lease__tenant_number="100003", first_name="Lucas").first()
    if lucas is not None:
        signup_codes_set(codes={lucas.pk: LUCAS_SIGNUP_CODE})

    for email, first_name, last_name, group_name in STAFF_ACCOUNTS:
        user = _user(email, first_name=first_name, last_name=last_name, is_staff=True)
        user.groups.set([Group.objects.get(name=group_name)])
    _user("admin@example.org", first_name="Admin", last_name="Portail", is_staff=True, is_superuser=True)

    stdout.write(f"Comptes de démonstration (mot de passe commun : {DEMO_PASSWORD})")
    for tenant_number, _first_name, email in TENANT_ACCOUNTS:
        stdout.write(f"  locataire, bail {tenant_number} : {email}")
    stdout.write(
        "  bail 100003 : Lucas PETIT, né le 05/01/1979, sans compte (pour essayer l'inscription ; "
        f"code personnel {LUCAS_SIGNUP_CODE} si le mode renforcé est activé)"
    )
    for email, _first, _last, group_name in STAFF_ACCOUNTS:
        stdout.write(f"  personnel ({group_name}) : {email}")
    stdout.write("  super-utilisateur : admin@example.org")


def _user(email, **fields) -> User:
    user = User.objects.filter(email__iexact=email).first() or User(email=email)
    for name, value in fields.items():
        setattr(user, name, value)
    user.is_active = True
    user.set_password(DEMO_PASSWORD)
    user.save()
    return user
