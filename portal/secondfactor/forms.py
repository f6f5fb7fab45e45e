from django import forms


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code de vérification",
        help_text="Les 6 chiffres affichés par votre application, ou l'un de vos codes de secours.",
        max_length=32,
        error_messages={"required": "Saisissez le code affiché par votre application ou un code de secours."},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autocapitalize": "off", "spellcheck": "false"}),
    )


class TotpConfirmForm(forms.Form):
    code = forms.CharField(
        label="Code à 6 chiffres",
        help_text="Le code affiché par votre application après avoir ajouté le compte.",
        max_length=12,
        error_messages={"required": "Saisissez le code à 6 chiffres affiché par votre application."},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
