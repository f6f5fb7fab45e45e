from django.http import JsonResponse
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import cache_control


@cache_control(max_age=86400, public=True)
def manifest(request):
    """Web app manifest: the portal can be installed on a phone's home screen."""
    return JsonResponse(
        {
            "name": "Portail locataire",
            "short_name": "Mon espace",
            "lang": "fr",
            "start_url": reverse("space:home"),
            "scope": "/",
            "display": "standalone",
            "background_color": "#ffffff",
            "theme_color": "#00586b",
            "icons": [
                {"src": static("img/icon-192.png"), "sizes": "192x192", "type": "image/png"},
                {"src": static("img/icon-512.png"), "sizes": "512x512", "type": "image/png"},
                {"src": static("img/icon.svg"), "sizes": "any", "type": "image/svg+xml"},
            ],
        },
        content_type="application/manifest+json",
    )
