from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MandatesConfig(AppConfig):
    name = "portal.mandates"
    label = "mandates"
    verbose_name = _("RIB et mandats de prélèvement SEPA")
