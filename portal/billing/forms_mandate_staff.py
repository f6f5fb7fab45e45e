"""Service client's decision on a pending SEPA mandate."""

from django import forms
from django.utils.translation import gettext_lazy as _


class MandateRefuseForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif du refus (envoyé au locataire)"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Indiquez le motif du refus : il est envoyé au locataire.")},
    )
