from django.apps import AppConfig, apps
from django.db.models.signals import post_delete, post_migrate, post_save
from django.utils.translation import gettext_lazy as _


def _sync_editor_access(sender, **kwargs):
    # post_migrate is sent once per app: act on the last one, when every permission exists.
    with_models = [config for config in apps.get_app_configs() if config.models_module is not None]
    if sender.label != with_models[-1].label:
        return
    from .groups import editor_access_sync

    editor_access_sync()


def _site_settings_saved(sender, created, **kwargs):
    # Settings are created with their defaults on first read: only an edit changes the pages.
    if not created:
        from portal.core.cache import page_cache_clear

        page_cache_clear()


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Accueil et actualités")

    def ready(self):
        from wagtail.models import Page
        from wagtail.signals import page_published, page_unpublished, published, unpublished

        from portal.core.cache import page_cache_clear
        from portal.core.models import SiteSettings

        post_migrate.connect(_sync_editor_access, dispatch_uid="home_editor_access_sync")
        # Anything visitors see changed: cached pages are rendered again.
        for signal in (page_published, page_unpublished, published, unpublished):
            signal.connect(page_cache_clear, dispatch_uid=f"home_page_cache_clear_{id(signal)}")
        post_save.connect(_site_settings_saved, sender=SiteSettings, dispatch_uid="home_page_cache_clear_settings")
        post_delete.connect(page_cache_clear, sender=Page, dispatch_uid="home_page_cache_clear_page_delete")
