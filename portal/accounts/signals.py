"""Receivers connected by AccountsConfig.ready."""

from django.apps import apps

from .groups import staff_groups_sync


def staff_groups_sync_after_migrate(sender, **kwargs):
    # post_migrate is sent once per app: act on the last one, when every permission exists.
    with_models = [config for config in apps.get_app_configs() if config.models_module is not None]
    if sender.label == with_models[-1].label:
        staff_groups_sync()
