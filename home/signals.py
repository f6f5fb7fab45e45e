"""Receivers connected by HomeConfig.ready: editors' access after migrate, fresh pages after an edit."""

from django.apps import apps

from portal.core.cache import page_cache_clear

from .groups import editor_access_sync


def editor_access_sync_after_migrate(sender, **kwargs):
    # post_migrate is sent once per app: act on the last one, when every permission exists.
    with_models = [config for config in apps.get_app_configs() if config.models_module is not None]
    if sender.label == with_models[-1].label:
        editor_access_sync()


def page_cache_clear_after_settings_edit(sender, created, **kwargs):
    # Settings are created with their defaults on first read: only an edit changes the pages.
    if not created:
        page_cache_clear()
