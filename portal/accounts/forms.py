from django import forms
from django.contrib.auth import authenticate, password_validation
from django.contrib.auth.forms import AuthenticationForm, SetPasswordForm
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm

from .models import User
from .throttling import LoginThrottle

NEW_PASSWORD_HELP = _("Au moins 12 caractères ; évitez un mot de passe trop courant ou proche de votre nom.")


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
            "Identifiant ou mot de passe incorrect. Après 5 essais infructueux depuis votre connexion, "
            "l'accès à ce compte est bloqué pendant 15 minutes."
        ),
        LoginThrottle.ADDRESS: _(
            "Trop d'essais de connexion ont échoué depuis votre connexion internet. Pour protéger les "
            "comptes, les connexions sont suspendues pendant une heure. Vous avez oublié votre mot de "
            "passe ? Utilisez « Mot de passe oublié ? »."
        ),
        LoginThrottle.SLOW_DOWN: _(
            "Trop d'essais ont échoué pour cet identifiant : par sécurité, un seul essai est possible par "
            "minute. Si c'est votre compte, nous vous avons envoyé un e-mail avec un lien qui lève ce "
            "ralentissement dans votre navigateur."
        ),
        "inactive": _(
            "Ce compte n'est pas encore activé : cliquez sur le lien reçu par e-mail après votre inscription."
        ),
        "suspended": _(
            "Ce compte est suspendu : un signataire du bail a signalé qu'il n'en était pas à l'origine. "
            "Notre service client vérifie la situation ; écrivez-lui avec votre numéro de locataire."
        ),
    }

    def clean_username(self):
        # One identifiant whatever the case typed: axes counts failures per identifiant.
        return self.cleaned_data["username"].strip().lower()

    def clean(self):
        try:
            return super().clean()
        except forms.ValidationError as error:
            throttled = getattr(self.request, "login_throttled", None)
            if throttled is not None and not getattr(self.request, "axes_locked_out", False):
                raise forms.ValidationError(self.error_messages[throttled], code=throttled) from error
            # The right password of a login not yet confirmed deserves a useful answer; it tells
            # nothing to someone who does not know that password.
            if getattr(self.request, "axes_locked_out", False) or getattr(error, "code", None) != "invalid_login":
                raise
            pending = User.objects.filter(email__iexact=self.cleaned_data.get("username", ""), is_active=False).first()
            if pending is not None and pending.check_password(self.cleaned_data.get("password") or ""):
                code = "suspended" if pending.suspended_at else "inactive"
                raise forms.ValidationError(self.error_messages[code], code=code) from error
            raise


class StaffLoginForm(WagtailLoginForm):
    """The Wagtail admin's login (WAGTAILADMIN_USER_LOGIN_FORM): Wagtail leaves the password
    field without a label, which Django then shows in English (« Password »)."""

    password = forms.CharField(
        label=_("Mot de passe"),
        widget=forms.PasswordInput(attrs={"placeholder": _("Entrez votre mot de passe")}),
        strip=False,
    )


class SignupForm(forms.Form):
    """« Créer mon compte »: the details must match a signatory of the lease."""

    tenant_number = forms.CharField(
        label=_("Numéro de locataire"),
        max_length=20,
        help_text=_("Il figure en haut de votre avis d'échéance."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )
    last_name = forms.CharField(
        label=_("Nom"), max_length=100, widget=forms.TextInput(attrs={"autocomplete": "family-name"})
    )
    first_name = forms.CharField(
        label=_("Prénom"), max_length=100, widget=forms.TextInput(attrs={"autocomplete": "given-name"})
    )
    birth_date = forms.DateField(
        label=_("Date de naissance"),
        widget=forms.DateInput(attrs={"type": "date", "autocomplete": "bday"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Saisissez une date de naissance valide, par exemple 05/01/1979.")},
    )
    email = forms.EmailField(
        label=_("Adresse e-mail"),
        help_text=_("Elle sera votre identifiant. Chaque signataire du bail a sa propre adresse."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password1 = forms.CharField(
        label=_("Mot de passe"),
        strip=False,
        help_text=NEW_PASSWORD_HELP,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Confirmation du mot de passe"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, code_required: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if code_required:
            self.fields["signup_code"] = forms.CharField(
                label=_("Code personnel d'inscription"),
                max_length=40,
                help_text=_(
                    "Il figure sur votre avis d'échéance, à votre nom : chaque signataire du bail a le sien. "
                    "Il ne sert qu'une fois."
                ),
                widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
            )
            self.order_fields(["tenant_number", "signup_code"])

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1:
            candidate = User(
                email=cleaned.get("email", ""),
                first_name=cleaned.get("first_name", ""),
                last_name=cleaned.get("last_name", ""),
            )
            try:
                password_validation.validate_password(password1, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("Les deux mots de passe ne sont pas identiques."))
        return cleaned


class EmailForm(forms.Form):
    """« Recevoir un nouveau lien » and « Mot de passe oublié ? »: just the address."""

    email = forms.EmailField(
        label=_("Adresse e-mail"), widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True})
    )


class CurrentPasswordMixin:
    """Checks the current password through `authenticate`, so wrong guesses count toward the lockout."""

    current_password_field = "password"  # noqa: S105 - a field name

    def __init__(self, *args, request, user, **kwargs):
        self.request = request
        self.user = user
        super().__init__(*args, **kwargs)

    def _check_current_password(self):
        password = self.cleaned_data.get(self.current_password_field) or ""
        if authenticate(self.request, username=self.user.email, password=password) != self.user:
            raise forms.ValidationError(_("Mot de passe incorrect."), code="password_incorrect")
        return password


class EmailChangeForm(CurrentPasswordMixin, forms.Form):
    new_email = forms.EmailField(
        label=_("Nouvelle adresse e-mail"),
        help_text=_("Nous y enverrons un lien : votre identifiant change quand vous l'ouvrez."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password = forms.CharField(
        label=_("Mot de passe actuel"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def clean_new_email(self):
        new_email = self.cleaned_data["new_email"].strip().lower()
        if new_email == self.user.email.lower():
            raise forms.ValidationError(_("C'est déjà votre adresse actuelle."))
        return new_email

    def clean_password(self):
        return self._check_current_password()


class PasswordChangeForm(CurrentPasswordMixin, SetPasswordForm):
    """Current password, then the new one twice (Django's validators, messages in French)."""

    current_password_field = "old_password"  # noqa: S105 - a field name
    field_order = ["old_password", "new_password1", "new_password2"]

    old_password = forms.CharField(
        label=_("Mot de passe actuel"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, request, user, **kwargs):
        self.request = request
        SetPasswordForm.__init__(self, user, *args, **kwargs)
        self.fields["new_password1"].help_text = NEW_PASSWORD_HELP

    def clean_old_password(self):
        return self._check_current_password()


class UnsubscribeForm(CurrentPasswordMixin, forms.Form):
    password = forms.CharField(
        label=_("Mot de passe"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def clean_password(self):
        return self._check_current_password()
