from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_staff_groups(sender, **kwargs):
    # post_migrate is sent once per app: act on the last one, when every permission exists.
    with_models = [config for config in apps.get_app_configs() if config.models_module is not None]
    if sender.label != with_models[-1].label:
        return
    from .groups import staff_groups_sync

    staff_groups_sync()


class AccountsConfig(AppConfig):
    name = "portal.accounts"
    label = "accounts"
    verbose_name = _("Comptes")

    def ready(self):
        post_migrate.connect(_sync_staff_groups, dispatch_uid="portal_staff_groups_sync")
