"""Forms of « MON DOSSIER »: every change the tenant types, checked with French messages next to the field."""

from crispy_forms.helper import FormHelper
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.core.phones import phone_to_e164
from portal.core.uploads import clean_upload
from portal.leases.enums import Relationship

from .fields import CONTACT_FIELDS, INSURANCE_FIELDS, MEMBER_FIELDS, PHONE_FIELDS, value_to_json


def _normalized(name: str, value: str) -> str:
    """Numbers on file may predate E.164 (« 06 12 34 56 78 »): compare them in E.164."""
    if name in PHONE_FIELDS and value:
        try:
            return phone_to_e164(value)
        except ValidationError:
            return value
    return value


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DossierForm(forms.Form):
    """`current`: the values on file now (payload JSON), to tell the tenant when nothing changed."""

    def __init__(self, *args, current: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.current = current or {}
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


class ContactForm(DossierForm):
    phone = forms.CharField(
        label=CONTACT_FIELDS["phone"],
        required=False,
        max_length=30,
        help_text=_("Par exemple 04 66 12 34 56, ou +44 20 7946 0958 pour un numéro étranger."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    mobile_phone = forms.CharField(
        label=CONTACT_FIELDS["mobile_phone"],
        required=False,
        max_length=30,
        help_text=_("Par exemple 06 12 34 56 78."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    email = forms.EmailField(
        label=CONTACT_FIELDS["email"],
        required=False,
        help_text=_(
            "L'adresse à laquelle nous vous écrivons. "
            "Votre identifiant de connexion se change dans « Modifier mes accès »."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"invalid": _("Saisissez une adresse e-mail complète, par exemple prenom.nom@exemple.fr.")},
    )

    def clean_phone(self):
        value = self.cleaned_data["phone"].strip()
        return phone_to_e164(value) if value else ""

    def clean_mobile_phone(self):
        value = self.cleaned_data["mobile_phone"].strip()
        return phone_to_e164(value) if value else ""

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("phone") and not cleaned.get("mobile_phone"):
            raise ValidationError(_("Indiquez au moins un numéro de téléphone pour que nous puissions vous joindre."))
        if not self.errors and all(
            cleaned.get(name, "") == _normalized(name, self.current.get(name, "")) for name in CONTACT_FIELDS
        ):
            raise ValidationError(_("Vous n'avez rien modifié."))
        return cleaned


class HouseholdMemberForm(DossierForm):
    last_name = forms.CharField(label=MEMBER_FIELDS["last_name"], max_length=100)
    first_name = forms.CharField(label=MEMBER_FIELDS["first_name"], max_length=100)
    birth_date = forms.DateField(
        label=MEMBER_FIELDS["birth_date"],
        widget=DateInput(),
        error_messages={"invalid": _("Saisissez une date, par exemple 03/05/2012.")},
    )
    relationship = forms.ChoiceField(
        label=MEMBER_FIELDS["relationship"], choices=[("", "---------"), *Relationship.choices]
    )

    def clean_birth_date(self):
        birth_date = self.cleaned_data["birth_date"]
        if birth_date > timezone.localdate():
            raise ValidationError(_("La date de naissance ne peut pas être dans le futur."))
        return birth_date

    def clean(self):
        cleaned = super().clean()
        if (
            not self.errors
            and self.current
            and all(value_to_json(name, cleaned.get(name)) == self.current.get(name, "") for name in MEMBER_FIELDS)
        ):
            raise ValidationError(_("Vous n'avez rien modifié."))
        return cleaned


class InsuranceForm(DossierForm):
    insurer = forms.CharField(label=INSURANCE_FIELDS["insurer"], max_length=120)
    policy_number = forms.CharField(label=INSURANCE_FIELDS["policy_number"], max_length=60)
    valid_from = forms.DateField(
        label=INSURANCE_FIELDS["valid_from"],
        widget=DateInput(),
        error_messages={"invalid": _("Saisissez une date, par exemple 01/09/2026.")},
    )
    valid_until = forms.DateField(
        label=INSURANCE_FIELDS["valid_until"],
        widget=DateInput(),
        error_messages={"invalid": _("Saisissez une date, par exemple 31/08/2027.")},
    )
    certificate = forms.FileField(
        label=_("Joindre un fichier"),
        error_messages={"required": _("Joignez votre attestation d'assurance : elle est indispensable.")},
        help_text=_("Votre attestation d'assurance : PDF, JPEG ou PNG, 10 Mo au plus."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"}),
    )

    def __init__(self, *args, has_pending_upload: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        # Required (and marked so) until a certificate is kept from an earlier try of this form.
        self.fields["certificate"].required = not has_pending_upload

    def clean_certificate(self):
        file = self.cleaned_data.get("certificate")
        if not file:
            return None
        # Checked from its content; a photo is re-encoded, so its metadata (EXIF) is not kept.
        return clean_upload(file)

    def clean(self):
        cleaned = super().clean()
        valid_from, valid_until = cleaned.get("valid_from"), cleaned.get("valid_until")
        if valid_from and valid_until:
            if valid_until < valid_from:
                self.add_error("valid_until", _("La fin de validité doit suivre son début."))
            elif valid_until < timezone.localdate():
                self.add_error(
                    "valid_until", _("Cette assurance est déjà expirée : joignez votre attestation en cours.")
                )
        return cleaned


class RefuseForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif du refus"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Envoyé au locataire par e-mail."),
        error_messages={"required": _("Indiquez le motif du refus : il est envoyé au locataire.")},
    )
