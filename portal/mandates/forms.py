"""The three steps of « Mettre à jour le RIB » (bank details, the mandate to accept, the password),
and Service client's refusal of a pending mandate."""

from crispy_forms.helper import FormHelper
from django import forms
from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import iban as iban_rules


def _helper() -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    return helper


class BankDetailsForm(forms.Form):
    holder_name = forms.CharField(
        label=_("Titulaire du compte"),
        max_length=140,
        error_messages={"required": _("Indiquez le nom du titulaire du compte, tel qu'il figure sur le RIB.")},
        help_text=_("Nom et prénom tels qu'ils figurent sur le RIB."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    iban = forms.CharField(
        label=_("IBAN"),
        max_length=50,
        error_messages={"required": _("Indiquez l'IBAN du compte à prélever.")},
        help_text=_("Recopiez-le depuis votre RIB, espaces comprises si vous le souhaitez. Exemple : %(example)s")
        % {"example": iban_rules.EXAMPLE},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "spellcheck": "false",
                "autocapitalize": "characters",
                "class": "font-monospace",
            }
        ),
    )
    bic = forms.CharField(
        label=_("BIC"),
        max_length=20,
        required=False,
        help_text=_("Laissé vide, il est retrouvé à partir de l'IBAN ; vous pouvez le corriger."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "class": "font-monospace"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()
        self.checked_iban = None

    def clean_holder_name(self):
        value = " ".join(self.cleaned_data["holder_name"].split())
        if not value:
            raise ValidationError(self.fields["holder_name"].error_messages["required"])
        return value

    def clean_iban(self):
        self.checked_iban = iban_rules.iban_check(self.cleaned_data["iban"])
        return self.checked_iban.compact

    def clean(self):
        cleaned = super().clean()
        if self.checked_iban is None:
            return cleaned
        bic = cleaned.get("bic") or iban_rules.bic_for(self.checked_iban)
        try:
            cleaned["bic"] = iban_rules.bic_check(bic, iban=self.checked_iban)
        except ValidationError as error:
            self.add_error("bic", error)
        return cleaned


class MandateAcceptForm(forms.Form):
    accepted = forms.BooleanField(
        label=_("J'ai lu et j'accepte ce mandat de prélèvement SEPA"),
        error_messages={
            "required": _("Cochez la case pour accepter le mandat de prélèvement, ou revenez à l'étape précédente.")
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class MandateSignForm(forms.Form):
    """The account password again: wrong guesses go through `authenticate`, so they count toward the lockout."""

    password = forms.CharField(
        label=_("Mot de passe de votre compte"),
        strip=False,
        error_messages={"required": _("Saisissez le mot de passe de votre compte pour signer le mandat.")},
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    submission_token = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        self.helper = _helper()

    def clean_password(self):
        password = self.cleaned_data["password"]
        user = self.request.user
        if authenticate(self.request, username=user.email, password=password) != user:
            raise ValidationError(_("Mot de passe incorrect."), code="password_incorrect")
        return password


class MandateRefuseForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif du refus (envoyé au locataire)"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Indiquez le motif du refus : il est envoyé au locataire.")},
    )
