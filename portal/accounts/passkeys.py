"""Passkeys (WebAuthn), on top of django-otp-webauthn.

Tenants add a passkey from « Modifier mes accès » and log in with it instead of their password;
staff use one as their second factor (portal.secondfactor). The ceremonies are the library's views,
narrowed here: the relying party is the site's host (PORTAL_BASE_URL, or PASSKEY_RP_ID), a login
whose account is no longer active is refused, and a tenant's passkey is a way in, not a second
factor, so adding another one never asks for the first.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest
from django.shortcuts import redirect, resolve_url
from django.urls import path
from django.views.decorators.http import require_POST
from django_otp_webauthn import exceptions
from django_otp_webauthn import views as webauthn_views
from django_otp_webauthn.backends import WebAuthnBackend
from django_otp_webauthn.helpers import WebAuthnHelper
from django_otp_webauthn.models import WebAuthnCredential

from portal.core.client_ip import client_ip
from portal.leases.decorators import tenant_required

from . import throttling
from .models import User


def relying_party_id(request: HttpRequest | None = None) -> str:
    """The host passkeys are bound to: changing it makes every registered passkey unusable."""
    return settings.PASSKEY_RP_ID or urlsplit(settings.PORTAL_BASE_URL).hostname or "localhost"


def allowed_origin() -> str:
    parts = urlsplit(settings.PORTAL_BASE_URL)
    return f"{parts.scheme}://{parts.netloc}"


class PortalWebAuthnHelper(WebAuthnHelper):
    """Reads the relying party from the settings at each ceremony (tests move the site's address)."""

    def get_relying_party_domain(self) -> str:
        return relying_party_id(self.request)

    def get_relying_party_name(self) -> str:
        return settings.PASSKEY_RP_NAME

    def get_allowed_origins(self) -> list[str]:
        return [allowed_origin()]


def user_can_use_passkey(user: User | None) -> bool:
    """A suspended account (inactive) cannot come in with a passkey any more than with its password."""
    return bool(user and user.is_active)


class PasskeyBackend(WebAuthnBackend):
    def user_can_authenticate(self, user):
        return user_can_use_passkey(user)


class UnusableAccount(exceptions.OTPWebAuthnApiError):
    status_code = 403
    default_code = "account_unusable"
    default_detail = "Ce compte ne peut pas se connecter."


class RegistrationBeginView(webauthn_views.BeginCredentialRegistrationView):
    def user_is_mfa_enrolled(self, user):
        return not user.is_tenant and super().user_is_mfa_enrolled(user)


class RegistrationCompleteView(webauthn_views.CompleteCredentialRegistrationView):
    def user_is_mfa_enrolled(self, user):
        return not user.is_tenant and super().user_is_mfa_enrolled(user)


class PasskeyLoginThrottled(exceptions.OTPWebAuthnApiError):
    status_code = 429
    default_code = "login_throttled"
    default_detail = "Trop de tentatives de connexion depuis votre adresse : réessayez dans une heure."


class PasskeyLoginThrottleMixin:
    """A passkey login counts like a password login: failed ceremonies are failures of the client
    address (throttling.login_failure_record's « login-address » counter), and an address over
    LOGIN_FAILURES_PER_ADDRESS is refused before any challenge is made or checked."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        failures = throttling.failures_count(scope="login-address", value=client_ip(request))
        if failures >= settings.LOGIN_FAILURES_PER_ADDRESS:
            raise PasskeyLoginThrottled()


class AuthenticationBeginView(PasskeyLoginThrottleMixin, webauthn_views.BeginCredentialAuthenticationView):
    pass


class AuthenticationCompleteView(PasskeyLoginThrottleMixin, webauthn_views.CompleteCredentialAuthenticationView):
    def handle_exception(self, exc):
        if isinstance(exc, exceptions.OTPWebAuthnApiError) and not isinstance(exc, PasskeyLoginThrottled):
            throttling.failure_record(scope="login-address", value=client_ip(self.request))
        return super().handle_exception(exc)

    def check_device_usable(self, device):
        super().check_device_usable(device)
        if not user_can_use_passkey(device.user):
            raise UnusableAccount()

    def get_success_url(self):
        user = self.request.user
        default = "/admin/" if user.is_staff else resolve_url(settings.LOGIN_REDIRECT_URL)
        return self.get_redirect_url() or default


def user_passkeys(*, user: User) -> list[WebAuthnCredential]:
    return list(WebAuthnCredential.objects.filter(user=user, confirmed=True).order_by("created_at"))


def passkey_remove(*, user: User, passkey_id: int) -> bool:
    """Only the owner's own passkey goes; the answer says whether one did."""
    deleted, _ = WebAuthnCredential.objects.filter(user=user, pk=passkey_id).delete()
    return bool(deleted)


@require_POST
@tenant_required
def passkey_delete(request, passkey_id: int):
    if passkey_remove(user=request.user, passkey_id=passkey_id):
        messages.success(request, "Votre clé d'accès est supprimée : elle ne permet plus de vous connecter.")
    return redirect("accounts:access")


# Included by accounts/urls.py: the JSON endpoints the static passkeys.js calls, and the tenant's removal.
urlpatterns = [
    path("cles-d-acces/enregistrer/debut/", RegistrationBeginView.as_view(), name="passkey_register_begin"),
    path("cles-d-acces/enregistrer/fin/", RegistrationCompleteView.as_view(), name="passkey_register_complete"),
    path("cles-d-acces/connexion/debut/", AuthenticationBeginView.as_view(), name="passkey_login_begin"),
    path("cles-d-acces/connexion/fin/", AuthenticationCompleteView.as_view(), name="passkey_login_complete"),
    path("cles-d-acces/<int:passkey_id>/supprimer/", passkey_delete, name="passkey_delete"),
]
