from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """What every app of the portal uses: the landlord's settings, private files, uploads, tasks."""

    name = "portal.core"
    label = "core"
    verbose_name = _("Réglages et fichiers partagés")
