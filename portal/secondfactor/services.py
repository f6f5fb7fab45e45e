"""Every change to a staff member's second factor: enrolment, recovery codes, verification, reset."""

import qrcode
import qrcode.image.svg
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.safestring import SafeString, mark_safe
from django_otp import devices_for_user
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential
from wagtail.log_actions import log

TOTP_NAME = "Application d'authentification"
RECOVERY_NAME = "Codes de secours"
RECOVERY_CODE_COUNT = 10


def totp_device_pending(*, user) -> TOTPDevice:
    """The app being enrolled: the same secret until it is confirmed, so a reload keeps the QR code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    return device or TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)


def totp_qr_svg(*, device: TOTPDevice) -> SafeString:
    """The otpauth:// address as an SVG drawn here: no image service sees the secret."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    return mark_safe(image.to_string(encoding="unicode"))


def totp_secret_display(*, device: TOTPDevice) -> str:
    """The key in base32 by groups of four, for an app that cannot read the QR code."""
    secret = device.config_url.split("secret=", 1)[1].split("&", 1)[0]
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def totp_device_confirm(*, device: TOTPDevice, token: str) -> bool:
    """The first code the app shows proves it holds the secret; then the app counts as enrolled.
    Wrong codes slow the next tries down (django-otp's throttle), as at verification."""
    if not device.verify_token(_clean(token)):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return True


def recovery_codes_generate(*, user) -> list[str]:
    """A new set of single-use codes; the previous set stops working."""
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def recovery_codes_left(*, user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def user_has_recovery_codes(*, user) -> bool:
    return StaticDevice.objects.filter(user=user, confirmed=True).exists()


def user_is_throttled(*, user) -> bool:
    """Too many wrong codes in a row: django-otp refuses every code for a growing delay."""
    return any(
        not device.verify_is_allowed()[0]
        for device in devices_for_user(user, confirmed=None)
        if isinstance(device, TOTPDevice | StaticDevice)
    )


def token_verify(*, user, token: str) -> Device | None:
    """The enrolled TOTP app or recovery code that accepts this code (a recovery code is then used up)."""
    token = _clean(token)
    if not token:
        return None
    for device in devices_for_user(user, confirmed=True):
        # A recovery code is never an app's code: trying it there would only slow the app down.
        if isinstance(device, TOTPDevice) and not token.isdigit():
            continue
        allowed = isinstance(device, TOTPDevice | StaticDevice) and device.verify_is_allowed()[0]
        if allowed and device.verify_token(token):
            return device
    return None


def user_second_factors(*, user) -> dict:
    return {
        "totp_devices": list(TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk")),
        "passkeys": list(WebAuthnCredential.objects.filter(user=user, confirmed=True).order_by("created_at")),
        "recovery_codes_left": recovery_codes_left(user=user),
        "has_recovery_codes": user_has_recovery_codes(user=user),
    }


def second_factor_reset(*, user, by) -> int:
    """A superuser removes every second factor of `user` (lost phone): they enrol again at their
    next admin page. Sessions verified with a removed device lose that verification at once.
    Logged in Wagtail's history. Returns how many devices went."""
    if not by.is_superuser:
        raise PermissionDenied
    with transaction.atomic():
        removed = 0
        for model in (TOTPDevice, StaticDevice, WebAuthnCredential):
            deleted, _ = model.objects.filter(user=user).delete()
            removed += deleted
        log(instance=user, action="secondfactor.reset", user=by, data={"devices": removed})
    return removed


def _clean(token: str) -> str:
    return "".join((token or "").split()).lower()
