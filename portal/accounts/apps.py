from django.apps import AppConfig
from django.contrib.auth.signals import user_login_failed
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "portal.accounts"
    label = "accounts"
    verbose_name = _("Comptes")

    def ready(self):
        from . import lockout, signals

        post_migrate.connect(signals.staff_groups_sync_after_migrate, dispatch_uid="portal_staff_groups_sync")
        user_login_failed.connect(lockout.login_failed, dispatch_uid="portal_login_failed_count")
