from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from config import errors, health
from home import views as home_views
from portal.core import cache as page_cache

from .api import api, cms_api

# A database that does not answer is a French 503 page (Retry-After), not a 500 (config/errors.py).
handler500 = errors.server_error

urlpatterns = [
    path("sante/vivant/", health.live, name="health_live"),
    path("sante/pret/", health.ready, name="health_ready"),
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("manifest.webmanifest", home_views.manifest, name="manifest"),
    # The visitor's CSRF token for the forms of the public pages, which nginx keeps without one.
    path("jeton-csrf/", page_cache.csrf_token_view, name="csrf_token"),
    path("compte/", include("portal.accounts.urls")),
    path("espace/", include("portal.space.urls")),
    path("espace/", include("portal.leases.urls")),
    path("espace/paiements/", include("portal.billing.urls")),
    path("espace/paiements/rib/", include("portal.mandates.urls")),
    path("paiement/", include("portal.billing.gateway_urls")),
    path("espace/documents/", include("portal.documents.urls")),
    path("espace/demandes/", include("portal.requests.urls")),
    path("espace/dossier/", include("portal.dossier.urls")),
    path("espace/enquete/", include("portal.surveys.urls")),
    path("aide/", include("faq.urls")),
    path("api/v1/", api.urls),
    path("api/cms/", cms_api.urls),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()

# Wagtail serves every other path (home page, FAQ, livret, help pages): keep it last.
urlpatterns += [path("", include(wagtail_urls))]
