"""Phone numbers as tenants type them (« 06 12 34 56 78 », « +44 20 7946 0958 »), stored in E.164."""

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

DEFAULT_REGION = "FR"


def phone_to_e164(value: str) -> str:
    """The number in E.164 (« +33612345678 »); ValidationError in French when it cannot be a real number."""
    try:
        number = phonenumbers.parse(value, DEFAULT_REGION)
    except phonenumbers.NumberParseException as error:
        raise ValidationError(
            _("Saisissez un numéro de téléphone, par exemple 06 12 34 56 78 ou +44 20 7946 0958."), code="invalid"
        ) from error
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _("Ce numéro de téléphone n'existe pas : vérifiez le nombre de chiffres et l'indicatif du pays."),
            code="invalid",
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def phone_display(value: str) -> str:
    """French numbers the French way (« 06 12 34 56 78 »), others in international form; unknown text as is."""
    if not value:
        return ""
    try:
        number = phonenumbers.parse(value, DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return value
    if not phonenumbers.is_valid_number(number):
        return value
    if phonenumbers.region_code_for_number(number) == DEFAULT_REGION:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def phone_uri(value: str) -> str:
    """The tel: link target of a number (E.164 when it parses)."""
    try:
        number = phonenumbers.parse(value, DEFAULT_REGION)
        return "tel:" + phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    except phonenumbers.NumberParseException:
        return "tel:" + "".join(ch for ch in value if ch.isdigit() or ch == "+")
