from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BillingConfig(AppConfig):
    name = "portal.billing"
    label = "billing"
    verbose_name = _("Compte locataire et paiements")

    def ready(self):
        from . import signals  # noqa: F401  (connects the receivers)
