from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ErpConfig(AppConfig):
    name = "portal.erp"
    label = "erp"
    verbose_name = _("Échanges avec le logiciel de gestion")

    def ready(self):
        # signals connects the receivers; signup_codes registers its importer.
        from . import signals, signup_codes  # noqa: F401
