from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ErpConfig(AppConfig):
    name = "portal.erp"
    label = "erp"
    verbose_name = _("Échanges avec le logiciel de gestion")

    def ready(self):
        from . import signals  # noqa: F401  (connects the receivers)
        from . import signup_codes  # noqa: F401  (registers its importer)
