"""Sign-in of a device (the web's login form, through django-axes), refresh, sign-out, devices."""

from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Router

from portal.accounts import selectors as account_selectors
from portal.accounts import services as account_services
from portal.accounts.forms import LoginForm
from portal.core.client_ip import client_ip

from ..errors import AUTHENTICATED, ApiError, errors, form_invalid, not_found
from ..schemas import DeviceOut, RefreshIn, RevokedOut, TokenIn, TokenOut
from ..security import sign_in_rate_limits

router = Router(tags=["Connexion et appareils"])

LOCKED_OUT = "locked_out"


def _tokens_out(tokens: account_services.DeviceTokens) -> dict:
    return {
        "access_token": tokens.access_token,
        "refresh_token": tokens.refresh_token,
        "token_type": "Bearer",
        "expires_in": tokens.access_expires_in,
        "device_id": tokens.device.pk,
    }


@router.post(
    "/auth/token",
    auth=None,
    throttle=sign_in_rate_limits(),
    response={200: TokenOut, **errors(400, 401, 429)},
    summary="Connecter un appareil (identifiant et mot de passe)",
)
def token_create(request, payload: TokenIn):
    """The web's « Connectez-vous » form checks the password: the same messages and the same
    django-axes lockout (5 wrong passwords lock the identifiant for 15 minutes)."""
    form = LoginForm(request=request, data={"username": payload.email, "password": payload.password})
    if not form.is_valid():
        if getattr(request, "axes_locked_out", False):
            raise ApiError(
                429,
                LOCKED_OUT,
                _(
                    "Trop d'essais infructueux : l'accès à ce compte est bloqué pendant 15 minutes. "
                    "Utilisez « Mot de passe oublié ? » sur le site pour le débloquer."
                ),
            )
        invalid = form_invalid(form, extra={"email": "username"})
        if invalid.fields:
            raise invalid
        if getattr(request, "login_throttled", None):
            # Too many failures from this address, or the identifiant slowed down: the web's message.
            raise ApiError(429, "login_throttled", invalid.message)
        inactive = any(error.code == "inactive" for error in form.non_field_errors().as_data())
        raise ApiError(401, "inactive_account" if inactive else "invalid_credentials", invalid.message)
    user = form.get_user()
    if not user.is_tenant:
        raise ApiError(401, "invalid_credentials", _("Cette application est réservée aux locataires."))
    tokens = account_services.device_sign_in(user=user, name=payload.device_name, client_ip=client_ip(request) or None)
    return _tokens_out(tokens)


@router.post(
    "/auth/refresh",
    auth=None,
    throttle=sign_in_rate_limits(),
    response={200: TokenOut, **errors(400, 401, 429)},
    summary="Obtenir un nouveau jeton d'accès (le jeton de rafraîchissement est remplacé)",
)
def token_refresh(request, payload: RefreshIn):
    tokens = account_services.device_refresh(refresh_token=payload.refresh_token, client_ip=client_ip(request) or None)
    if tokens is None:
        raise ApiError(401, "invalid_token", _("Votre session a expiré ou a été fermée : connectez-vous de nouveau."))
    return _tokens_out(tokens)


@router.post(
    "/auth/logout",
    response={204: None, **errors(*AUTHENTICATED)},
    summary="Déconnecter cet appareil",
)
def logout(request):
    account_services.device_revoke(user=request.user, device_id=request.auth.pk)
    return HttpResponse(status=204)


def _device_out(device, current) -> dict:
    return {
        "id": device.pk,
        "name": device.name,
        "created_at": device.created_at,
        "last_used_at": device.last_used_at,
        "current": device.pk == current.pk,
    }


@router.get("/devices", response={200: list[DeviceOut], **errors(*AUTHENTICATED)}, summary="Appareils connectés")
def device_list(request):
    return [_device_out(d, request.auth) for d in account_selectors.user_connected_devices(user=request.user)]


@router.delete(
    "/devices/{device_id}",
    response={204: None, **errors(*AUTHENTICATED, 404)},
    summary="Déconnecter un appareil",
)
def device_revoke(request, device_id: int):
    if not account_services.device_revoke(user=request.user, device_id=device_id):
        raise not_found()
    return HttpResponse(status=204)


@router.delete(
    "/devices",
    response={200: RevokedOut, **errors(*AUTHENTICATED)},
    summary="Déconnecter tous les appareils (celui-ci compris)",
)
def device_revoke_all(request):
    return {"revoked": account_services.devices_revoke_all(user=request.user)}
