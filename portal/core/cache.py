"""Public pages for anonymous visitors come from Django's cache.

A page is rendered once per day and per publication "generation": any publish, unpublish or
settings change starts a new generation, so visitors never see stale content. Only anonymous GET
requests without a query string or pending messages are cached. The CSRF tokens of the cached
HTML (login form, helpfulness votes) are replaced by the current visitor's token on the way out,
so the forms of a cached page keep working.
"""

import re
import time

from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone

CACHE_TIMEOUT = 60 * 30
GENERATION_KEY = "pagecache:generation"
CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="[A-Za-z0-9]+"')
CSRF_PLACEHOLDER = b'name="csrfmiddlewaretoken" value="__csrf__"'


def page_cache_clear(**kwargs) -> None:
    """Start a new generation: every cached page is rendered again on its next visit."""
    cache.set(GENERATION_KEY, time.time_ns(), timeout=None)


def _cache_key(request) -> str:
    generation = cache.get_or_set(GENERATION_KEY, time.time_ns, timeout=None)
    # The day is part of the key: news appear and disappear on their display dates.
    return f"pagecache:{generation}:{timezone.localdate():%Y%m%d}:{request.get_host()}:{request.path}"


def _is_cacheable(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and not request.GET
        and not request.user.is_authenticated
        and len(get_messages(request)) == 0
    )


class CachedPageMixin:
    """Serve the page from the cache to anonymous visitors (see the module docstring)."""

    def serve(self, request, *args, **kwargs):
        if not _is_cacheable(request):
            return super().serve(request, *args, **kwargs)
        key = _cache_key(request)
        cached = cache.get(key)
        if cached is not None:
            content, content_type = cached
            token = f'name="csrfmiddlewaretoken" value="{get_token(request)}"'.encode()
            response = HttpResponse(content.replace(CSRF_PLACEHOLDER, token), content_type=content_type)
            response["X-Page-Cache"] = "hit"
            return response
        response = super().serve(request, *args, **kwargs)
        if response.status_code == 200 and hasattr(response, "render"):
            response.render()
            cache.set(
                key, (CSRF_INPUT.sub(CSRF_PLACEHOLDER, response.content), response["Content-Type"]), CACHE_TIMEOUT
            )
            response["X-Page-Cache"] = "miss"
        return response
