from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from portal.core.client_ip import client_ip
from portal.leases.decorators import tenant_required

from . import lockout, selectors, services
from .forms import EmailChangeForm, EmailForm, LoginForm, PasswordChangeForm, SignupForm, UnsubscribeForm
from .services import LinkOutcome, SignupOutcome
from .signup_codes import signup_code_required


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        # Staff work in the Wagtail admin; tenants land in their space.
        if self.request.user.is_staff:
            return "/admin/"
        return reverse(settings.LOGIN_REDIRECT_URL)


class LogoutView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.info(request, _("Vous êtes déconnecté(e). À bientôt !"))
        return response


@require_http_methods(["GET", "POST"])
def login_unlock(request, token):
    """The link of the slow-down e-mail: a button, so that a mail scanner opening links uses nothing."""
    if request.method == "POST":
        identifiant = services.login_unlock(token=token, client_ip=client_ip(request))
        if identifiant is not None:
            lockout.slow_down_lift(request, identifiant)
            messages.success(request, _("Votre accès est débloqué dans ce navigateur : vous pouvez vous connecter."))
            return redirect("accounts:login")
        return render(request, "accounts/login_unlock.html", {"invalid": True}, status=400)
    return render(request, "accounts/login_unlock.html", {"invalid": False})


SIGNUP_NO_MATCH = gettext_lazy(
    "Nous n'avons pas pu vérifier votre identité avec ces informations. Vérifiez votre numéro de "
    "locataire, vos nom, prénom et date de naissance tels qu'ils figurent sur votre contrat. "
    "Si vous avez déjà un compte, connectez-vous ou utilisez « Mot de passe oublié ? »."
)
SIGNUP_NO_MATCH_WITH_CODE = gettext_lazy(
    "Nous n'avons pas pu vérifier votre identité avec ces informations. Vérifiez votre numéro de "
    "locataire, vos nom, prénom et date de naissance tels qu'ils figurent sur votre contrat, et le code "
    "personnel d'inscription imprimé à votre nom sur votre avis d'échéance (il ne sert qu'une fois). "
    "Si vous avez déjà un compte, connectez-vous ou utilisez « Mot de passe oublié ? »."
)
SIGNUP_PENDING_KEPT = gettext_lazy(
    "Une inscription est déjà en attente de confirmation pour ce signataire du bail, avec une autre "
    "adresse e-mail. Elle est conservée, et la personne qui l'a faite vient d'être prévenue. Si c'est la "
    "vôtre, ouvrez le lien reçu à cette adresse ou demandez « Recevoir un nouveau lien ». Sinon, vous "
    "pourrez recommencer quand ce lien aura expiré (48 heures), ou écrivez-nous avec votre numéro de locataire."
)
SIGNUP_SUSPENDED = gettext_lazy(
    "Le compte de ce signataire du bail est suspendu, à la demande d'un signataire : notre service client "
    "vérifie la situation. Écrivez-nous avec votre numéro de locataire pour le réactiver ou vous réinscrire."
)
SIGNUP_THROTTLED = gettext_lazy(
    "Trop de tentatives d'inscription ont échoué. Pour protéger les comptes, l'inscription est "
    "suspendue pendant une heure. Si vous n'y parvenez pas, écrivez-nous avec votre numéro de locataire."
)

SIGNUP_ERRORS = {
    SignupOutcome.NO_MATCH: SIGNUP_NO_MATCH,
    SignupOutcome.THROTTLED: SIGNUP_THROTTLED,
    SignupOutcome.PENDING_KEPT: SIGNUP_PENDING_KEPT,
    SignupOutcome.SUSPENDED: SIGNUP_SUSPENDED,
}


def signup(request):
    """« Créer mon compte »."""
    if request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL if request.user.is_tenant else "/")
    code_required = signup_code_required()
    form = SignupForm(request.POST or None, code_required=code_required)
    if request.method == "POST" and form.is_valid():
        outcome = services.account_sign_up(
            tenant_number=form.cleaned_data["tenant_number"],
            last_name=form.cleaned_data["last_name"],
            first_name=form.cleaned_data["first_name"],
            birth_date=form.cleaned_data["birth_date"],
            email=form.cleaned_data["email"],
            password=form.cleaned_data["password1"],
            client_ip=client_ip(request),
            signup_code=form.cleaned_data.get("signup_code", ""),
        )
        if outcome is SignupOutcome.ACCEPTED:
            request.session["signup_email"] = form.cleaned_data["email"]
            return redirect("accounts:signup_sent")
        no_match = SIGNUP_NO_MATCH_WITH_CODE if code_required else SIGNUP_NO_MATCH
        form.add_error(None, no_match if outcome is SignupOutcome.NO_MATCH else SIGNUP_ERRORS[outcome])
    return render(request, "accounts/signup.html", {"form": form})


@require_http_methods(["GET", "POST"])
def not_me(request, token):
    """« Ce n'était pas moi », from the e-mail about a new account on the lease: a button, so that
    a mail scanner opening links suspends nothing."""
    if request.method == "POST":
        outcome = services.account_not_me(token=token)
        status = 200 if outcome in (LinkOutcome.DONE, LinkOutcome.ALREADY_DONE) else 400
        return render(request, "accounts/not_me.html", {"outcome": outcome.value}, status=status)
    return render(request, "accounts/not_me.html", {"outcome": None})


def signup_sent(request):
    return render(request, "accounts/signup_sent.html", {"email": request.session.get("signup_email", "")})


def signup_confirm(request, token):
    outcome = services.account_confirm(token=token)
    if outcome is LinkOutcome.DONE:
        messages.success(request, _("Votre compte est activé. Vous pouvez maintenant vous connecter."))
        return redirect("accounts:login")
    if outcome is LinkOutcome.ALREADY_DONE:
        messages.info(request, _("Votre compte était déjà activé. Connectez-vous."))
        return redirect("accounts:login")
    return render(
        request,
        "accounts/signup_link_invalid.html",
        {"expired": outcome is LinkOutcome.EXPIRED, "form": EmailForm()},
        status=400,
    )


def signup_resend(request):
    """« Recevoir un nouveau lien »: same answer whether the address waits for confirmation or not."""
    form = EmailForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.account_confirmation_resend(email=form.cleaned_data["email"], client_ip=client_ip(request))
        request.session["signup_email"] = form.cleaned_data["email"]
        return redirect("accounts:signup_sent")
    return render(request, "accounts/signup_resend.html", {"form": form})


def password_reset(request):
    """« Mot de passe oublié ? »: same answer whether the address is known or not."""
    form = EmailForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.account_password_reset_request(email=form.cleaned_data["email"], client_ip=client_ip(request))
        return redirect("accounts:password_reset_done")
    return render(request, "accounts/password_reset_form.html", {"form": form})


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.fields["new_password1"].help_text = SignupForm.base_fields["password1"].help_text
        return form

    def form_valid(self, form):
        response = super().form_valid(form)
        services.account_password_reset_done(user=form.user)
        return response


def _access_page(request, *, email_form=None, password_form=None, status=200):
    context = {
        "email_form": email_form or EmailChangeForm(request=request, user=request.user, prefix="email"),
        "password_form": password_form or PasswordChangeForm(request=request, user=request.user, prefix="password"),
        "devices": selectors.user_connected_devices(user=request.user),
    }
    return render(request, "accounts/access.html", context, status=status)


def _locked_out(request) -> bool:
    """Too many wrong passwords: axes shows its lockout page, and the session ends with it."""
    if getattr(request, "axes_locked_out", False):
        logout(request)
        return True
    return False


@tenant_required
def access(request):
    """« Modifier mes accès »."""
    return _access_page(request)


def _access_section(section_id: str):
    """A form of « Modifier mes accès » opened by its address (a bookmark, a reload after an
    error) shows the page at that form instead of an empty « method not allowed »."""
    return redirect(reverse("accounts:access") + f"#{section_id}")


@require_http_methods(["GET", "POST"])
@tenant_required
def access_email(request):
    if request.method == "GET":
        return _access_section("titre-adresse")
    form = EmailChangeForm(request.POST, request=request, user=request.user, prefix="email")
    if form.is_valid():
        services.account_email_change_request(user=request.user, new_email=form.cleaned_data["new_email"])
        messages.success(
            request,
            _(
                "Nous avons envoyé un lien de confirmation à %(email)s. Votre identifiant change quand vous "
                "l'ouvrez ; d'ici là, continuez à utiliser votre adresse actuelle."
            )
            % {"email": form.cleaned_data["new_email"]},
        )
        return redirect("accounts:access")
    if _locked_out(request):
        return redirect("accounts:login")
    return _access_page(request, email_form=form, status=400)


@require_http_methods(["GET", "POST"])
@tenant_required
def access_password(request):
    if request.method == "GET":
        return _access_section("titre-mot-de-passe")
    form = PasswordChangeForm(request.POST, request=request, user=request.user, prefix="password")
    if form.is_valid():
        services.account_password_change(user=request.user, new_password=form.cleaned_data["new_password1"])
        update_session_auth_hash(request, request.user)
        messages.success(request, _("Votre mot de passe a été modifié."))
        return redirect("accounts:access")
    if _locked_out(request):
        return redirect("accounts:login")
    return _access_page(request, password_form=form, status=400)


@require_POST
@tenant_required
def device_disconnect(request, device_id):
    """« Déconnecter » one app: its tokens stop working at once."""
    if services.device_revoke(user=request.user, device_id=device_id):
        messages.success(request, _("L'appareil a été déconnecté."))
    return redirect("accounts:access")


@require_POST
@tenant_required
def devices_disconnect(request):
    """« Déconnecter tous les appareils »."""
    if services.devices_revoke_all(user=request.user):
        messages.success(request, _("Tous vos appareils ont été déconnectés."))
    return redirect("accounts:access")


def email_confirm(request, token):
    outcome = services.account_email_change_confirm(token=token)
    if outcome in (LinkOutcome.DONE, LinkOutcome.ALREADY_DONE):
        messages.success(request, _("Votre nouvelle adresse e-mail est confirmée : c'est désormais votre identifiant."))
        return redirect("accounts:access" if request.user.is_authenticated else "accounts:login")
    return render(request, "accounts/email_link_invalid.html", {"outcome": outcome.value}, status=400)


@tenant_required
def unsubscribe(request):
    """« Me désinscrire »: deletes the login, never the lease data."""
    form = UnsubscribeForm(request.POST or None, request=request, user=request.user)
    if request.method == "POST":
        if form.is_valid():
            user = request.user
            logout(request)
            services.account_unsubscribe(user=user)
            messages.success(
                request,
                _("Votre compte a été supprimé. Vous pouvez vous réinscrire à tout moment avec « Créer mon compte »."),
            )
            return redirect("/")
        if _locked_out(request):
            return redirect("accounts:login")
    return render(request, "accounts/unsubscribe.html", {"form": form}, status=400 if form.errors else 200)
