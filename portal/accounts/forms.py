from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    """« Connectez-vous »: identifiant (the e-mail address) and mot de passe."""

    username = forms.EmailField(
        label=_("Identifiant (adresse e-mail)"),
        widget=forms.EmailInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Mot de passe"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )

    error_messages = {
        "invalid_login": _(
            "Identifiant ou mot de passe incorrect. Après 5 essais infructueux, "
            "l'accès à ce compte est bloqué pendant 15 minutes."
        ),
        "inactive": _("Ce compte n'est pas encore activé : cliquez sur le lien reçu par e-mail."),
    }
