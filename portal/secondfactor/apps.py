from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecondFactorConfig(AppConfig):
    """Staff second factor (django-otp): TOTP app or passkey, recovery codes, superuser reset."""

    name = "portal.secondfactor"
    label = "secondfactor"
    verbose_name = _("Second facteur du personnel")
