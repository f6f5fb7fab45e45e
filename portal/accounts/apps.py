from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "portal.accounts"
    label = "accounts"
    verbose_name = _("Comptes")

    def ready(self):
        from . import signals

        post_migrate.connect(signals.staff_groups_sync_after_migrate, dispatch_uid="portal_staff_groups_sync")
