"""What a tenant types as a RIB: checked with French messages; stored encrypted; shown masked."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from portal.mandates import crypto
from portal.mandates import iban as iban_rules
from portal.mandates.forms import BankDetailsForm
from portal.mandates.models import BankMandate

from .factories import NEW_IBAN, OLD_IBAN, martin_household


def form_errors(**data):
    form = BankDetailsForm({"holder_name": "Claire MARTIN", "iban": NEW_IBAN, "bic": "", **data})
    assert not form.is_valid()
    return form.errors


def test_a_valid_iban_with_spaces_gets_its_bic_from_schwifty():
    form = BankDetailsForm(
        {"holder_name": "  Claire   MARTIN ", "iban": "fr76 3000 6000 0112 3456 7890 189", "bic": ""}
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {
        "holder_name": "Claire MARTIN",
        "iban": "FR7630006000011234567890189",
        "bic": "AGRIFRPPXXX",
    }


@pytest.mark.parametrize(
    ("iban", "message"),
    [
        ("FR76 3000 6000 0112 3456 7890 188", "la clé de contrôle ne correspond pas"),
        ("FR76 3000 6000 0112 3456 7890 18", "Un IBAN de ce pays compte 27 caractères ; vous en avez saisi 26."),
        ("US64 SVBK US6S 3300 9588 79", "zone SEPA (« US » n'en fait pas partie)"),
        ("BR18 0036 0305 0000 1000 9795 493C 1", "zone SEPA (« BR » n'en fait pas partie)"),
        ("3000 6000 0112", "Un IBAN commence par deux lettres"),
        ("", "Indiquez l'IBAN du compte à prélever."),
    ],
)
def test_bad_ibans_are_refused_with_a_french_message_next_to_the_field(iban, message):
    errors = form_errors(iban=iban)
    assert list(errors) == ["iban"]
    assert message in errors["iban"][0]


def test_empty_holder_is_refused():
    assert form_errors(holder_name="   ") == {
        "holder_name": ["Indiquez le nom du titulaire du compte, tel qu'il figure sur le RIB."]
    }


def test_a_bic_of_another_bank_is_refused_and_a_branch_variant_accepted():
    errors = form_errors(bic="BNPAFRPPXXX")
    assert errors["bic"] == ["Ce BIC ne correspond pas à la banque de l'IBAN (CREDIT AGRICOLE SA, BIC AGRIFRPPXXX)."]
    assert "bic" in form_errors(bic="AGRI")
    form = BankDetailsForm({"holder_name": "C M", "iban": NEW_IBAN, "bic": "agrifrpp"})
    assert form.is_valid() and form.cleaned_data["bic"] == "AGRIFRPP"


def test_masked_form_keeps_the_first_and_last_four_characters():
    assert iban_rules.masked(NEW_IBAN) == "FR76 **** **** **** **** ***0 189"
    assert iban_rules.masked("DE89370400440532013000") == "DE89 **** **** **** **30 00"


@pytest.mark.django_db
def test_the_raw_database_column_does_not_contain_the_iban():
    martin_household()
    mandate = BankMandate.objects.get()
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM mandates_bankmandate WHERE id = %s", [mandate.pk])
        row = " ".join(str(value) for value in cursor.fetchone())
    assert OLD_IBAN not in row and "0001234567843" not in row and "3000 4001" not in row
    assert "FR76 **** **** **** **** ***7 843" in row  # the masked form is stored for display
    assert mandate.iban == OLD_IBAN


def test_a_missing_key_is_a_clear_error_unless_debug(settings):
    settings.FIELD_ENCRYPTION_KEY = ""
    settings.DEBUG = False
    with pytest.raises(ImproperlyConfigured, match="FIELD_ENCRYPTION_KEY is not set"):
        crypto.encrypt("FR76")
    settings.DEBUG = True
    assert crypto.decrypt(crypto.encrypt("FR76")) == "FR76"


def test_keys_can_be_rotated_and_a_wrong_key_is_an_error(settings):
    old_key = settings.FIELD_ENCRYPTION_KEY
    token = crypto.encrypt(OLD_IBAN)
    settings.FIELD_ENCRYPTION_KEY = "bm90LXRoZS1zYW1lLWtleS1ub3QtdGhlLXNhbWUta2U="
    with pytest.raises(ImproperlyConfigured, match="cannot be read"):
        crypto.decrypt(token)
    settings.FIELD_ENCRYPTION_KEY = f"bm90LXRoZS1zYW1lLWtleS1ub3QtdGhlLXNhbWUta2U=,{old_key}"
    assert crypto.decrypt(token) == OLD_IBAN
    settings.FIELD_ENCRYPTION_KEY = "too-short"
    with pytest.raises(ImproperlyConfigured, match="not a valid Fernet key"):
        crypto.encrypt("x")
