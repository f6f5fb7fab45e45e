from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Accueil et actualités")

    def ready(self):
        from wagtail.models import Page
        from wagtail.signals import page_published, page_unpublished, published, unpublished

        from portal.core.cache import page_cache_clear
        from portal.core.models import SiteSettings

        from . import signals

        post_migrate.connect(signals.editor_access_sync_after_migrate, dispatch_uid="home_editor_access_sync")
        # Anything visitors see changed: cached pages are rendered again.
        for signal in (page_published, page_unpublished, published, unpublished):
            signal.connect(page_cache_clear, dispatch_uid=f"home_page_cache_clear_{id(signal)}")
        post_save.connect(
            signals.page_cache_clear_after_settings_edit, sender=SiteSettings, dispatch_uid="home_page_cache_settings"
        )
        post_delete.connect(page_cache_clear, sender=Page, dispatch_uid="home_page_cache_clear_page_delete")
