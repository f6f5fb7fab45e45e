"""What each kind of change is made of: the fields compared before/after, with their French labels."""

from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from portal.core.phones import phone_display
from portal.leases.enums import Relationship

from .enums import ChangeKind

CONTACT_FIELDS = {
    "phone": _("Téléphone fixe"),
    "mobile_phone": _("Téléphone mobile"),
    "email": _("E-mail pour les avis et courriers"),
}
MEMBER_FIELDS = {
    "last_name": _("Nom"),
    "first_name": _("Prénom"),
    "birth_date": _("Date de naissance"),
    "relationship": _("Lien avec le locataire"),
}
INSURANCE_FIELDS = {
    "insurer": _("Assureur"),
    "policy_number": _("Numéro de contrat"),
    "valid_from": _("Valable du"),
    "valid_until": _("Valable jusqu'au"),
}
FIELDS_BY_KIND = {
    ChangeKind.CONTACT: CONTACT_FIELDS,
    ChangeKind.HOUSEHOLD_ADD: MEMBER_FIELDS,
    ChangeKind.HOUSEHOLD_CHANGE: MEMBER_FIELDS,
    ChangeKind.HOUSEHOLD_REMOVE: MEMBER_FIELDS,
    ChangeKind.INSURANCE: INSURANCE_FIELDS,
}
DATE_FIELDS = {"birth_date", "valid_from", "valid_until"}
PHONE_FIELDS = {"phone", "mobile_phone"}


def value_to_json(name: str, value):
    """Payload values are JSON: dates as ISO text, everything else as text."""
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else str(value)


def value_display(name: str, value: str) -> str:
    if not value:
        return "—"
    if name in DATE_FIELDS:
        return date_format(date.fromisoformat(value), "d/m/Y")
    if name in PHONE_FIELDS:
        return phone_display(value)
    if name == "relationship":
        return str(Relationship(value).label) if value in Relationship.values else value
    return value


def change_rows(kind: str, before: dict, after: dict) -> list[dict]:
    """Rows « champ / avant / après » of a change, as the tenant and staff read them."""
    rows = []
    for name, label in FIELDS_BY_KIND[kind].items():
        old = value_display(name, before.get(name, ""))
        new = value_display(name, after.get(name, ""))
        # Compared as read: « 0612340101 » and « 06 12 34 01 01 » are the same number.
        rows.append({"label": label, "before": old, "after": new, "changed": old != new})
    return rows
