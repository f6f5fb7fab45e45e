from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LeasesConfig(AppConfig):
    name = "portal.leases"
    label = "leases"
    verbose_name = _("Baux et patrimoine")
