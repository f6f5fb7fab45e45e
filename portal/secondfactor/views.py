"""Staff screens of the second factor, under /admin/second-facteur/ (Wagtail's admin shell)."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login

from . import services
from .forms import CodeForm, TotpConfirmForm
from .policy import second_factor_required, user_is_enrolled

RECOVERY_SESSION_KEY = "secondfactor_new_recovery_codes"


def _next_url(request) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("wagtailadmin_home")


THROTTLED = "Trop de codes erronés : patientez quelques secondes, puis saisissez le code affiché à ce moment-là."


TOTP_MISMATCH = (
    "Ce code ne correspond pas. Vérifiez l'heure de votre téléphone et saisissez le code affiché maintenant."
)


def _with_next(name: str, request) -> str:
    return f"{reverse(name)}?{urlencode({'next': _next_url(request)})}"


def _context(request, **extra):
    return {"next": _next_url(request), **extra}


@require_http_methods(["GET", "POST"])
def verify(request):
    """« Vérification en deux étapes »: a code of the app, a recovery code, or a passkey."""
    if request.user.is_verified() or not user_is_enrolled(request.user):
        return redirect(_next_url(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        throttled = services.user_is_throttled(user=request.user)
        device = None if throttled else services.token_verify(user=request.user, token=form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            if device.name == services.RECOVERY_NAME:
                left = services.recovery_codes_left(user=request.user)
                messages.warning(
                    request,
                    f"Vous avez utilisé un code de secours : il vous en reste {left}. "
                    "Générez-en de nouveaux depuis « Second facteur » dans votre compte.",
                )
            return redirect(_next_url(request))
        form.add_error(
            "code", THROTTLED if throttled else "Ce code n'est pas valide ou a déjà servi. Vérifiez-le et réessayez."
        )
    factors = services.user_second_factors(user=request.user)
    return render(request, "secondfactor/verify.html", _context(request, form=form, **factors))


def setup(request):
    """Choose how to enrol: an authentication app or a passkey."""
    if user_is_enrolled(request.user) and not request.user.is_verified():
        return redirect(_with_next("secondfactor:verify", request))
    return render(request, "secondfactor/setup.html", _context(request, required=second_factor_required()))


@require_http_methods(["GET", "POST"])
def setup_totp(request):
    if user_is_enrolled(request.user) and not request.user.is_verified():
        return redirect(reverse("secondfactor:verify"))
    device = services.totp_device_pending(user=request.user)
    form = TotpConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        throttled = not device.verify_is_allowed()[0]
        if not throttled and services.totp_device_confirm(device=device, token=form.cleaned_data["code"]):
            otp_login(request, device)
            messages.success(request, "Votre application d'authentification est enregistrée.")
            return _after_enrolment(request)
        form.add_error("code", THROTTLED if throttled else TOTP_MISMATCH)
    context = _context(
        request,
        form=form,
        qr_svg=services.totp_qr_svg(device=device),
        secret=services.totp_secret_display(device=device),
    )
    return render(request, "secondfactor/setup_totp.html", context)


def passkey_added(request):
    """Where the passkey ceremony of the setup page lands (the library has verified the session)."""
    if not request.user.is_verified():
        return redirect(reverse("secondfactor:setup"))
    messages.success(request, "Votre clé d'accès est enregistrée.")
    return _after_enrolment(request)


def _after_enrolment(request):
    """First enrolment: recovery codes come with it, shown once."""
    if not services.user_has_recovery_codes(user=request.user):
        request.session[RECOVERY_SESSION_KEY] = services.recovery_codes_generate(user=request.user)
        return redirect(_with_next("secondfactor:recovery_codes", request))
    return redirect(_next_url(request))


@require_http_methods(["GET", "POST"])
def recovery_codes(request):
    """The codes just generated (shown once), and « Générer de nouveaux codes »."""
    if not request.user.is_verified():
        return redirect(reverse("secondfactor:setup"))
    if request.method == "POST":
        request.session[RECOVERY_SESSION_KEY] = services.recovery_codes_generate(user=request.user)
        return redirect(reverse("secondfactor:recovery_codes"))
    codes = request.session.pop(RECOVERY_SESSION_KEY, None)
    left = services.recovery_codes_left(user=request.user)
    return render(request, "secondfactor/recovery_codes.html", _context(request, codes=codes, left=left))


def manage(request):
    """« Second facteur » of the staff member's account: what is enrolled, and adding more."""
    factors = services.user_second_factors(user=request.user)
    return render(
        request,
        "secondfactor/manage.html",
        {**factors, "required": second_factor_required(), "verified": request.user.is_verified()},
    )


@require_http_methods(["GET", "POST"])
def reset(request, user_id: int):
    """Superusers only: remove every second factor of a staff member who lost them."""
    if not request.user.is_superuser:
        raise PermissionDenied
    target = get_object_or_404(get_user_model(), pk=user_id)
    if request.method == "POST":
        removed = services.second_factor_reset(user=target, by=request.user)
        messages.success(
            request,
            f"Second facteur de {target.get_full_name()} réinitialisé ({removed} élément(s) supprimé(s)) : "
            "il ou elle en configurera un nouveau à sa prochaine connexion.",
        )
        return redirect(reverse("wagtailusers_users:index"))
    factors = services.user_second_factors(user=target)
    return render(request, "secondfactor/reset.html", {"target": target, **factors})
