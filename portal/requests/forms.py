"""Tenant and staff forms for requests. Files are checked here; the views keep the good ones as pending uploads."""

import uuid

import phonenumbers
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from portal.core.uploads import ACCEPT, MAX_FILES, clean_upload

from .enums import CONTACT_SLOTS
from .models import RequestCategory
from .selectors import active_categories

COMMON_AREAS = "common"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if not data:
            return []
        items = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in items]


class AttachmentsFormMixin(forms.Form):
    """Files (up to 5, checked from their content) plus the files kept from a previous try of the same form."""

    form_token = forms.UUIDField(widget=forms.HiddenInput)
    files = MultipleFileField(
        label=_("Photos ou documents"),
        required=False,
        help_text=_("Jusqu'à 5 fichiers JPEG, PNG ou PDF de 10 Mo au plus chacun."),
        widget=MultipleFileInput(attrs={"accept": ACCEPT}),
    )
    remove_pending = forms.MultipleChoiceField(
        label=_("Retirer ces fichiers"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, pending=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.pending = list(pending)
        self.fields["remove_pending"].choices = [(str(item.pk), item.original_name) for item in self.pending]
        self.valid_files = []
        if not self.is_bound and not self.initial.get("form_token"):
            self.initial["form_token"] = uuid.uuid4()

    def clean_files(self):
        uploaded = self.cleaned_data.get("files") or []
        removed = set(self.data.getlist("remove_pending")) if hasattr(self.data, "getlist") else set()
        kept = [item for item in self.pending if str(item.pk) not in removed]
        errors = []
        for item in uploaded:
            try:
                self.valid_files.append(clean_upload(item))
            except ValidationError as error:
                errors.extend(error.messages)
        if len(kept) + len(self.valid_files) > MAX_FILES:
            self.valid_files = self.valid_files[: max(0, MAX_FILES - len(kept))]
            errors.append(str(_("5 fichiers au plus : les fichiers en trop n'ont pas été gardés.")))
        if errors:
            raise ValidationError(errors)
        return uploaded


def category_choices():
    categories = list(active_categories())
    children = {}
    for category in categories:
        if category.parent_id:
            children.setdefault(category.parent_id, []).append(category)
    choices = [("", _("Choisissez une catégorie"))]
    for category in categories:
        if category.parent_id:
            continue
        if children.get(category.pk):
            choices.append((category.name, [(str(child.pk), child.name) for child in children[category.pk]]))
        else:
            choices.append((str(category.pk), category.name))
    return choices


class RequestForm(AttachmentsFormMixin):
    """« Saisie de demande », fields in the order of the FAQ."""

    field_order = [
        "category",
        "location",
        "description",
        "files",
        "remove_pending",
        "contact_phone",
        "contact_email",
        "contact_slots",
        "confirm_notice",
        "form_token",
    ]

    category = forms.ChoiceField(
        label=_("Catégorie et sous-catégorie"),
        help_text=_("Par exemple « Logement » puis « Plomberie »."),
    )
    location = forms.ChoiceField(label=_("Où se situe le problème ?"), widget=forms.RadioSelect)
    description = forms.CharField(
        label=_("Description"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Décrivez le problème : ce qui se passe, depuis quand, la pièce concernée."),
    )
    contact_phone = forms.CharField(label=_("Téléphone de contact"), max_length=30)
    contact_email = forms.EmailField(label=_("E-mail de contact"))
    contact_slots = forms.MultipleChoiceField(
        label=_("Quand pouvons-nous vous joindre ?"),
        choices=CONTACT_SLOTS,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choisissez au moins un créneau.")},
        help_text=_("Cochez au moins une demi-journée."),
    )
    confirm_notice = forms.BooleanField(
        label=_("J'ai lu cet avertissement et je souhaite quand même envoyer ma demande."), required=False
    )

    def __init__(self, *args, lease, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = category_choices()
        self.units = {str(unit.pk): unit for unit in lease.units.select_related("residence").order_by("kind", "pk")}
        self.fields["location"].choices = [(pk, str(unit)) for pk, unit in self.units.items()] + [
            (COMMON_AREAS, _("Parties communes de la résidence"))
        ]
        self.order_fields(self.field_order)

    def clean_category(self):
        try:
            category = active_categories().get(pk=self.cleaned_data["category"])
        except (RequestCategory.DoesNotExist, ValueError) as error:
            raise ValidationError(_("Choisissez une catégorie de la liste.")) from error
        if category.children.filter(is_active=True).exists():
            raise ValidationError(_("Choisissez aussi une sous-catégorie."))
        return category

    def clean_location(self):
        value = self.cleaned_data["location"]
        return None if value == COMMON_AREAS else self.units[value]

    def clean_contact_phone(self):
        value = self.cleaned_data["contact_phone"].strip()
        try:
            number = phonenumbers.parse(value, "FR")
        except phonenumbers.NumberParseException as error:
            raise ValidationError(_("Saisissez un numéro de téléphone, par exemple 06 12 34 56 78.")) from error
        if not phonenumbers.is_valid_number(number):
            raise ValidationError(_("Saisissez un numéro de téléphone, par exemple 06 12 34 56 78."))
        return value

    def request_fields(self) -> dict:
        """What request_create and request_update take from a valid form."""
        return {
            "category": self.cleaned_data["category"],
            "unit": self.cleaned_data["location"],
            "description": self.cleaned_data["description"],
            "contact_phone": self.cleaned_data["contact_phone"],
            "contact_email": self.cleaned_data["contact_email"],
            "contact_slots": self.cleaned_data["contact_slots"],
        }

    @property
    def selected_category(self) -> RequestCategory | None:
        value = self.data.get("category") if self.is_bound else self.initial.get("category")
        if not value:
            return None
        return active_categories().filter(pk=value if str(value).isdigit() else None).first()

    def clean(self):
        cleaned = super().clean()
        category = cleaned.get("category")
        if category and category.tenant_responsibility and not cleaned.get("confirm_notice"):
            self.add_error(
                "confirm_notice",
                _("Cette réparation est en principe à votre charge : lisez l'avertissement puis cochez la case."),
            )
        return cleaned


class ComplementForm(AttachmentsFormMixin):
    """« Ajouter un complément d'information »."""

    field_order = ["text", "files", "remove_pending", "form_token"]

    text = forms.CharField(
        label=_("Votre complément d'information"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.order_fields(self.field_order)


class RatingForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Votre note"),
        coerce=int,
        choices=[(n, f"{n} / 5") for n in range(1, 6)],
        widget=forms.RadioSelect,
        help_text=_("1 : pas du tout satisfait, 5 : très satisfait."),
    )
    comment = forms.CharField(
        label=_("Commentaire (facultatif)"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReopenForm(forms.Form):
    text = forms.CharField(
        label=_("Qu'est-ce qui ne fonctionne toujours pas ?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class StaffMessageForm(forms.Form):
    text = forms.CharField(label=_("Message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))


class StaffChoiceField(forms.ModelChoiceField):
    """Staff by name (« Julie FABRE »), not by login address."""

    def label_from_instance(self, obj):
        return obj.get_full_name()


class StaffAssignForm(forms.Form):
    assignee = StaffChoiceField(label=_("Attribuer à"), queryset=None, required=False, empty_label=_("Personne"))

    def __init__(self, *args, handlers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = handlers


class StaffStatusForm(forms.Form):
    transition = forms.ChoiceField(label=_("Nouveau statut"))
    intervention_date = forms.DateField(
        label=_("Date d'intervention"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Obligatoire pour « Planifier une intervention »."),
    )
    text = forms.CharField(
        label=_("Message au locataire (facultatif)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, transitions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["transition"].choices = [(t.name, t.label) for t in transitions]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("transition") == "plan_intervention" and not cleaned.get("intervention_date"):
            self.add_error("intervention_date", _("Indiquez la date de l'intervention."))
        return cleaned
