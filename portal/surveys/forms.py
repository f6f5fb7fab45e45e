"""The survey's forms: household, resources with the avis d'imposition files, the sworn statement;
and the staff forms (campaign with its CSV list of leases, complément)."""

import csv
import io
from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from portal.core import csvfiles
from portal.core.uploads import ACCEPT, clean_upload
from portal.leases.models import Lease
from portal.requests.forms import MultipleFileField, MultipleFileInput

from .enums import CampaignScope, OccupantLink, Situation


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class OccupantForm(forms.Form):
    """One person living in the home on 1 January."""

    last_name = forms.CharField(label=_("Nom"), max_length=100)
    first_name = forms.CharField(label=_("Prénom"), max_length=100)
    birth_date = forms.DateField(
        label=_("Date de naissance"),
        widget=DateInput(),
        error_messages={"invalid": _("Saisissez une date, par exemple 03/05/2012.")},
    )
    link = forms.ChoiceField(label=_("Lien avec le signataire"), choices=[("", "---------"), *OccupantLink.choices])
    situation = forms.ChoiceField(label=_("Situation"), choices=[("", "---------"), *Situation.choices])
    mobility_card = forms.BooleanField(label=_("Titulaire de la carte mobilité inclusion"), required=False)
    signatory_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    household_member_id = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, reference_day: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.reference_day = reference_day
        for name in ("last_name", "first_name", "birth_date", "link", "situation"):
            self.fields[name].error_messages["required"] = _("Ce champ est obligatoire.")

    def clean_birth_date(self):
        birth_date = self.cleaned_data["birth_date"]
        if birth_date > self.reference_day:
            raise ValidationError(
                _("Née ou né après le %(day)s : cette personne n'est pas à déclarer pour cette enquête.")
                % {"day": f"{self.reference_day:%d/%m/%Y}"}
            )
        return birth_date


class BaseOccupantFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        kept = self.occupants()
        if not kept:
            raise ValidationError(_("Déclarez au moins une personne vivant dans le logement."))
        if not any(occupant.get("link") == OccupantLink.SIGNATORY for occupant in kept):
            raise ValidationError(_("Au moins un signataire du bail doit vivre dans le logement."))

    def occupants(self) -> list[dict]:
        return [
            f.cleaned_data
            for f in self.forms
            if f.cleaned_data and not self._should_delete_form(f) and (f.has_changed() or f.initial)
        ]


OccupantFormSet = forms.formset_factory(
    OccupantForm, formset=BaseOccupantFormSet, extra=1, can_delete=True, max_num=20, absolute_max=20
)


class TaxNoticeForm(forms.Form):
    declarants = forms.CharField(
        label=_("Déclarant(s)"),
        max_length=200,
        help_text=_("Les noms inscrits sur l'avis, par exemple « Claire et Karim MARTIN »."),
    )
    reference_income = forms.IntegerField(
        label=_("Revenu fiscal de référence (en euros)"),
        min_value=0,
        max_value=10_000_000,
        help_text=_("Sur la première page de l'avis, dans le cadre « Vos références »."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "invalid": _("Saisissez un montant en euros, sans centimes ni espaces, par exemple 24350."),
            "min_value": _("Le revenu fiscal de référence ne peut pas être négatif : saisissez 0 s'il est nul."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.error_messages["required"] = _("Ce champ est obligatoire.")


class BaseTaxNoticeFormSet(forms.BaseFormSet):
    def notices(self) -> list[dict]:
        return [
            {"declarants": f.cleaned_data["declarants"], "reference_income": f.cleaned_data["reference_income"]}
            for f in self.forms
            if f.cleaned_data and not self._should_delete_form(f) and (f.has_changed() or f.initial)
        ]

    def clean(self):
        if any(self.errors):
            return
        if not self.notices():
            raise ValidationError(_("Déclarez au moins un avis d'imposition, avec son revenu fiscal de référence."))


TaxNoticeFormSet = forms.formset_factory(
    TaxNoticeForm, formset=BaseTaxNoticeFormSet, extra=1, can_delete=True, max_num=6, absolute_max=6
)


class TaxDocumentsForm(forms.Form):
    """The avis d'imposition files: each good file is kept at once, whatever else the page says."""

    files = MultipleFileField(
        label=_("Joindre vos avis d'imposition"),
        required=False,
        help_text=_("Toutes les pages de chaque avis : PDF, JPEG ou PNG, 10 Mo au plus par fichier."),
        widget=MultipleFileInput(attrs={"accept": ACCEPT}),
    )
    remove = forms.MultipleChoiceField(
        label=_("Retirer ces fichiers"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, documents=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["remove"].choices = [(str(d.pk), d.original_name) for d in documents]
        self.valid_files = []

    def clean_files(self):
        errors = []
        for item in self.cleaned_data.get("files") or []:
            try:
                self.valid_files.append(clean_upload(item))
            except ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise ValidationError(errors)
        return self.cleaned_data.get("files")

    def removed_ids(self) -> list[int]:
        return [int(value) for value in self.cleaned_data.get("remove", []) if value.isdigit()]


class SubmitForm(forms.Form):
    complement_answer = forms.CharField(
        label=_("Votre réponse à notre demande de complément"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    sworn = forms.BooleanField(
        label=_(
            "Je certifie sur l'honneur l'exactitude des informations déclarées et que les personnes indiquées "
            "vivaient dans le logement à la date demandée."
        ),
        error_messages={"required": _("Cochez la déclaration sur l'honneur pour envoyer votre réponse.")},
    )

    def __init__(self, *args, complement_required: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not complement_required:
            del self.fields["complement_answer"]
        else:
            self.fields["complement_answer"].required = True
            self.fields["complement_answer"].error_messages["required"] = _(
                "Répondez à notre demande de complément avant d'envoyer."
            )


class ComplementRequestForm(forms.Form):
    message = forms.CharField(
        label=_("Ce qui manque"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Envoyé aux locataires par e-mail et affiché dans leur espace."),
        error_messages={"required": _("Écrivez au locataire ce qui manque : le message lui est envoyé.")},
    )


class CampaignForm(WagtailAdminModelForm):
    """The campaign, and for a list of leases its CSV file (column « code_bail » or « numero_locataire »)."""

    lease_file = forms.FileField(
        label=_("Liste des baux (CSV)"),
        required=False,
        help_text=_(
            "Pour « une liste de baux » : un fichier du logiciel de gestion, séparateur « ; », avec une colonne "
            "code_bail ou numero_locataire. Un nouveau fichier remplace la liste."
        ),
    )

    def clean(self):
        cleaned = super().clean()
        opens_on, closes_on = cleaned.get("opens_on"), cleaned.get("closes_on")
        if opens_on and closes_on and closes_on <= opens_on:
            self.add_error("closes_on", _("La clôture doit suivre l'ouverture."))
        scope = cleaned.get("scope")
        upload = cleaned.get("lease_file")
        self.listed_leases = None
        if upload:
            try:
                self.listed_leases = lease_list_read(upload.read())
            except ValidationError as error:
                self.add_error("lease_file", error)
        if scope == CampaignScope.RESIDENCES and not cleaned.get("residences"):
            self.add_error("residences", _("Choisissez au moins une résidence."))
        if scope == CampaignScope.AGENCIES and not cleaned.get("agencies"):
            self.add_error("agencies", _("Choisissez au moins une agence."))
        if (
            scope == CampaignScope.LIST
            and not upload
            and not (self.instance.pk and self.instance.listed_leases.exists())
            and "lease_file" not in self.errors
        ):
            self.add_error("lease_file", _("Joignez la liste des baux enquêtés."))
        return cleaned

    def save(self, commit=True):
        campaign = super().save(commit=commit)
        if self.listed_leases is not None:
            if commit:
                campaign.listed_leases.set(self.listed_leases)
            else:
                save_m2m = self.save_m2m

                def save_all():
                    save_m2m()
                    campaign.listed_leases.set(self.listed_leases)

                self.save_m2m = save_all
        return campaign


def lease_list_read(raw: bytes) -> list[Lease]:
    """The leases of a CSV list in the management system's format; every unknown code is reported."""
    try:
        text = csvfiles.decode(raw)
    except csvfiles.UnreadableFile as error:
        raise ValidationError(str(error)) from error
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=csvfiles.DELIMITER)
    rows = [row for row in reader if any(cell.strip() for cell in row)]
    if not rows:
        raise ValidationError(_("Le fichier est vide."))
    header = [name.strip().lower() for name in rows[0]]
    column = next((name for name in ("code_bail", "numero_locataire") if name in header), None)
    if column is None:
        raise ValidationError(_("Colonne code_bail ou numero_locataire introuvable dans la première ligne."))
    position = header.index(column)
    codes = {row[position].strip() for row in rows[1:] if position < len(row) and row[position].strip()}
    field = "external_id" if column == "code_bail" else "tenant_number"
    leases = list(Lease.objects.filter(**{f"{field}__in": codes}))
    unknown = sorted(codes - {getattr(lease, field) for lease in leases})
    if unknown:
        raise ValidationError(
            _("Baux inconnus : %(codes)s.") % {"codes": ", ".join(unknown[:20]) + (" …" if len(unknown) > 20 else "")}
        )
    if not leases:
        raise ValidationError(_("Le fichier ne contient aucun bail."))
    return leases
