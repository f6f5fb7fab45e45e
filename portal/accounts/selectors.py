"""Reads for sign-up and login."""

import re
import unicodedata
from datetime import date

from django.db.models import QuerySet

from portal.leases.models import Signatory

from .models import Device, User


def name_normalize(value: str) -> str:
    """« Éloïse-Marie  » and « eloise marie » compare equal: no accents, case, hyphens or extra spaces."""
    decomposed = unicodedata.normalize("NFKD", value)
    without_accents = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(re.split(r"[\s\-'’]+", without_accents.casefold().strip())).strip()


def tenant_number_normalize(value: str) -> str:
    return re.sub(r"\s+", "", value).upper()


def signatory_for_signup(*, tenant_number: str, last_name: str, first_name: str, birth_date: date) -> Signatory | None:
    """The signatory these details describe, if they have no confirmed login yet; None otherwise."""
    candidates = Signatory.objects.filter(
        lease__tenant_number=tenant_number_normalize(tenant_number), birth_date=birth_date
    ).select_related("lease")
    wanted = (name_normalize(last_name), name_normalize(first_name))
    for signatory in candidates:
        if (name_normalize(signatory.last_name), name_normalize(signatory.first_name)) != wanted:
            continue
        login = User.objects.filter(signatory=signatory).first()
        if login is not None and login.is_active:
            return None
        return signatory
    return None


def user_by_email(*, email: str) -> User | None:
    return User.objects.filter(email__iexact=email.strip()).first()


def lease_has_active_login(*, lease_id: int) -> bool:
    return User.objects.filter(signatory__lease_id=lease_id, is_active=True).exists()


def user_connected_devices(*, user) -> QuerySet[Device]:
    """« Modifier mes accès »: the apps signed in with this login, last used first."""
    return Device.objects.connected().filter(user=user).order_by("-last_used_at", "-pk")


def new_account_notice_recipients(*, user: User) -> list[str]:
    """Who hears of a new login on a lease: the signatory's e-mail on file with the landlord, and
    the other logins of the lease; never the new login's own address, each address once."""
    candidates = [user.signatory.email] if user.signatory_id else []
    candidates += (
        User.objects.filter(signatory__lease_id=user.signatory.lease_id, is_active=True)
        .exclude(pk=user.pk)
        .values_list("email", flat=True)
    )
    recipients: list[str] = []
    for email in candidates:
        email = (email or "").strip().lower()
        if email and email != user.email.lower() and email not in recipients:
            recipients.append(email)
    return recipients
