"""IBAN and BIC as a tenant types them: normalised, checked with schwifty, masked for display.

Masked form, everywhere an IBAN is shown: the first 4 and the last 4 characters, the rest as
stars, in groups of four: « FR76 **** **** **** **** ***0 189 ».
"""

import re
import warnings

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from schwifty import BIC, IBAN, exceptions

EXAMPLE = "FR76 3000 6000 0112 3456 7890 189"


def compact(value: str) -> str:
    """What was typed, without spaces, dashes or dots, in capitals."""
    return re.sub(r"[\s\u00a0\u202f.\-]", "", value or "").upper()


def grouped(value: str) -> str:
    return " ".join(value[i : i + 4] for i in range(0, len(value), 4))


def masked(iban: str) -> str:
    value = compact(iban)
    if len(value) <= 8:
        return grouped("*" * len(value))
    return grouped(value[:4] + "*" * (len(value) - 8) + value[-4:])


def last4(iban: str) -> str:
    return compact(iban)[-4:]


def iban_check(value: str) -> IBAN:
    """A valid IBAN of a SEPA country, or a ValidationError in French saying what is wrong."""
    text = compact(value)
    if not text:
        raise ValidationError(_("Indiquez l'IBAN du compte à prélever."), code="required")
    if not re.fullmatch(r"[A-Z]{2}[0-9]{2}[A-Z0-9]+", text):
        raise ValidationError(
            _("Un IBAN commence par deux lettres (FR pour la France) et deux chiffres, par exemple %(example)s.")
            % {"example": EXAMPLE},
            code="structure",
        )
    try:
        with warnings.catch_warnings():
            # Countries whose national check digits schwifty cannot verify are still accepted.
            warnings.simplefilter("ignore", exceptions.NationalChecksumNotVerified)
            iban = IBAN(text, validate_bban=True)
    except exceptions.InvalidCountryCode as error:
        raise _not_sepa(text[:2]) from error
    except exceptions.InvalidLength as error:
        expected = IBAN(text, allow_invalid=True).spec.iban_length
        raise ValidationError(
            _("Un IBAN de ce pays compte %(expected)s caractères ; vous en avez saisi %(typed)s.")
            % {"expected": expected, "typed": len(text)},
            code="length",
        ) from error
    except (exceptions.InvalidChecksumDigits, exceptions.InvalidBBANChecksum) as error:
        raise ValidationError(
            _("Cet IBAN n'est pas valide (la clé de contrôle ne correspond pas) : vérifiez-le chiffre par chiffre."),
            code="checksum",
        ) from error
    except exceptions.SchwiftyException as error:
        raise ValidationError(
            _("Cet IBAN n'a pas la forme attendue pour ce pays : recopiez-le tel qu'il figure sur votre RIB."),
            code="structure",
        ) from error
    if not iban.in_sepa_zone:
        raise _not_sepa(iban.country_code)
    return iban


def _not_sepa(country_code: str) -> ValidationError:
    return ValidationError(
        _(
            "Le prélèvement n'est possible que sur un compte d'un pays de la zone SEPA "
            "(« %(country)s » n'en fait pas partie)."
        )
        % {"country": country_code},
        code="not_sepa",
    )


def bic_for(iban: IBAN) -> str:
    """The BIC of the IBAN's bank when schwifty knows it, else ''."""
    bic = iban.bic
    return str(bic) if bic else ""


def bic_check(value: str, *, iban: IBAN | None) -> str:
    """The BIC, normalised; it must belong to the IBAN's bank when schwifty knows that bank."""
    text = compact(value)
    if not text:
        raise ValidationError(_("Indiquez le BIC de votre banque (il figure sur votre RIB)."), code="required")
    try:
        bic = BIC(text)
    except exceptions.SchwiftyException as error:
        raise ValidationError(
            _("Un BIC compte 8 ou 11 lettres et chiffres, par exemple AGRIFRPP ou AGRIFRPPXXX."), code="bic_structure"
        ) from error
    if iban is None:
        return str(bic)
    try:
        candidates = BIC.candidates_from_bank_code(iban.country_code, iban.bank_code)
    except exceptions.SchwiftyException:
        candidates = []
    # The bank (4 letters) and its country (2) must match; the branch part varies within one bank.
    if candidates and not any(str(candidate)[:6] == str(bic)[:6] for candidate in candidates):
        raise ValidationError(
            _("Ce BIC ne correspond pas à la banque de l'IBAN (%(bank)s, BIC %(expected)s).")
            % {"bank": iban.bank_short_name or iban.bank_name or iban.bank_code, "expected": candidates[0]},
            code="bic_mismatch",
        )
    return str(bic)
