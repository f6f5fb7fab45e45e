import re
from decimal import Decimal

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .services import online_payment_amount_check

# Digits, optionally grouped by spaces, then at most a few decimals after a comma or a point.
AMOUNT_PATTERN = re.compile(r"^(?P<sign>[-+]?)(?P<units>\d+)(?:[.,](?P<cents>\d+))?$")
MAX_DIGITS = 9


class EuroAmountField(forms.CharField):
    """An amount in euros as the French type it: « 125,50 », « 1 234,56 € », « 10.5 »."""

    def to_python(self, value):
        text = super().to_python(value)
        if not text:
            return None
        compact = re.sub(r"[\s\u00a0\u202f]", "", text).removesuffix("€").removesuffix("EUR")
        match = AMOUNT_PATTERN.match(compact)
        if not match:
            raise ValidationError(_("Saisissez un montant en chiffres, par exemple 125,50."), code="invalid")
        if match["sign"] == "-":
            raise ValidationError(_("Le montant doit être positif."), code="negative")
        if match["cents"] and len(match["cents"]) > 2:
            raise ValidationError(_("Indiquez au plus deux chiffres après la virgule (les centimes)."), code="decimals")
        if len(match["units"].lstrip("0")) > MAX_DIGITS:
            raise ValidationError(_("Ce montant est trop élevé."), code="too_large")
        return Decimal(f"{match['units']}.{match['cents'] or '0'}").quantize(Decimal("0.01"))


class OnlinePaymentForm(forms.Form):
    amount = EuroAmountField(
        label=_("Montant à régler (en euros)"),
        error_messages={"required": _("Indiquez le montant à régler.")},
        help_text=_("Tout ou partie de la somme due, à partir de 1,00 €. Exemple : 125,50"),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "maxlength": 30}),
    )
    lease = forms.CharField(widget=forms.HiddenInput)
    submission_token = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, lease, **kwargs):
        super().__init__(*args, **kwargs)
        self.lease_obj = lease
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.add_input(Submit("submit", _("Continuer vers le paiement sécurisé")))

    def payment_fields(self) -> dict:
        """What online_payment_start takes from a valid form (web page or app)."""
        return {"amount": self.cleaned_data["amount"], "submission_token": self.cleaned_data["submission_token"]}

    def clean(self):
        cleaned = super().clean()
        # The lease always comes from the session; another number in the form is a forgery.
        if self.data.get("lease") != self.lease_obj.tenant_number:
            raise ValidationError(_("Ce paiement ne correspond pas à votre contrat. Rechargez la page et recommencez."))
        if cleaned.get("amount") is not None:
            try:
                online_payment_amount_check(lease=self.lease_obj, amount=cleaned["amount"])
            except ValidationError as error:
                self.add_error("amount", error)
        return cleaned
