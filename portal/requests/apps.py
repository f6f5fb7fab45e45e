from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RequestsConfig(AppConfig):
    name = "portal.requests"
    label = "tenant_requests"
    verbose_name = _("Demandes")
