from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SpaceConfig(AppConfig):
    """The tenant space's « Accueil »: what the tenant owes, the last lines of their account, news."""

    name = "portal.space"
    label = "space"
    verbose_name = _("Espace locataire")
