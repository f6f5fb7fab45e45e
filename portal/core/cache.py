"""The caches of the public pages and of the tenant pages, and the versions they are keyed on.

Versions. A `CacheVersion` row counts the changes of what a page shows: the published content
(scope « content »: pages, settings, announcements, residences, survey campaigns) and, per lease,
its own data (« lease », « documents », « requests »); the ledger's version is
`LeaseAccount.version` (portal.billing). Every write bumps its counter in the database, in the
transaction of the write (`cache_versions_bump`, called by the services, by the receivers that
config/cache_versions.py connects, and by the bulk writers). A page read after the commit reads
the new counter, so it is rendered again; a page rendered before the commit was stored under the
old counter, which nobody asks for any more. A stale page can therefore never be served under
the new key, on any process, whatever the cache holds.

Tenant pages (`tenant_page_cached`): one query finds the user's lease and reads every counter of
it and of the content; the key is made of them, the user, the URL and the day; a hit sends the
stored HTML with the visitor's CSRF token put back in, without loading the lease nor the view.
A page with a flash message is never cached. Cache-Control: private, no-store.

Public pages (`PublicPageCacheMiddleware`, `CachedPageMixin`): anonymous visitors without a
session get the page from the cache before URL resolution, Wagtail's routing, the session and
the authentication; the counter of the content is mirrored in the cache when the write commits
(the database stays the reference when the cache lost it). A public page is the same bytes for
every anonymous visitor: it sets no cookie and does not vary on Cookie, so that nginx may keep it
a minute (deploy/nginx). Its forms (« Connectez-vous » on the home page, the FAQ votes) carry no
CSRF token: static/js/portal.js fetches the visitor's own from `csrf_token_view` before they are
sent, and a browser without script gets the form back with a token (`config.errors.csrf_failure`).

French typography (portal.core.typography) is applied once, before a page is stored: hits skip it.
"""

import hashlib
import logging
import re
from collections.abc import Callable, Iterable
from datetime import UTC, datetime

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.core.signals import setting_changed
from django.db import connection, transaction
from django.db.models import DateTimeField, Q, Subquery, Value
from django.http import HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.functional import SimpleLazyObject
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .models import CacheVersion
from .typography import french_spacing_html

logger = logging.getLogger(__name__)

CONTENT = "content"
LEASE = "lease"
DOCUMENTS = "documents"
REQUESTS = "requests"

PUBLIC_TIMEOUT = 60 * 60 * 24
TENANT_TIMEOUT = 60 * 60
# The content counter as last committed, mirrored from the database; short-lived, so that two
# publications committed at the same instant cannot leave an older number here for long.
GENERATION_KEY = "pagecache:generation"
GENERATION_TIMEOUT = 60
# How long nginx may keep a public page (X-Accel-Expires, deploy/nginx).
PROXY_CACHE_SECONDS = 60

CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="[A-Za-z0-9]+"')
CSRF_PLACEHOLDER = b'name="csrfmiddlewaretoken" value="__csrf__"'
# A public page's tokens, emptied: the form input and the passkey button's attribute.
CSRF_ATTRIBUTE = re.compile(rb'data-csrf-token="[A-Za-z0-9]+"')
CSRF_INPUT_EMPTY = b'name="csrfmiddlewaretoken" value=""'
CSRF_ATTRIBUTE_EMPTY = b'data-csrf-token=""'
# What a public page does not depend on, though the middleware say it may.
_NOT_VARIED = {"Cookie", "Accept-Language"}
# Headers of a stored public page that belong to one answer only.
_NOT_REPLAYED = {"content-length", "set-cookie", "vary", "x-page-cache", "x-request-id", "date", "expires"}

# Other versions of a lease a tenant page depends on, read in the same query: portal.billing
# registers the account's (`LeaseAccount.version`). Each gives a query of (scope, version) rows.
_LEASE_VERSION_SOURCES: dict[str, Callable] = {}
_LEASE_OF_USER: list[Callable] = []


# --- Versions -------------------------------------------------------------------------------


def cache_versions_bump(*, scope: str, lease_ids: Iterable[int] = (0,)) -> None:
    """Count a change of `scope` for these leases (0: the published content), in the current
    transaction: pages keyed on the old counters are never served again once it commits.

    One statement per 500 leases, in lease order (two writers cannot deadlock).
    """
    ids = sorted({int(pk) for pk in lease_ids})
    table = connection.ops.quote_name(CacheVersion._meta.db_table)
    with connection.cursor() as cursor:
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            # Only the quoted table name and placeholders are formatted in: the values are parameters.
            values = ", ".join(["(%s, %s, 1)"] * len(chunk))
            sql = (
                f"INSERT INTO {table} (scope, lease_id, version) VALUES {values} "  # noqa: S608
                f"ON CONFLICT (lease_id, scope) DO UPDATE SET version = {table}.version + 1"
            )
            cursor.execute(sql, [value for pk in chunk for value in (scope, pk)])
    if scope == CONTENT:
        # Forgotten now (this transaction's own reads see the new counter in the database), and
        # the committed counter mirrored once the write is visible to every other process. The
        # cache failing never spoils the write: the mirror then lives its minute at most.
        try:
            with transaction.atomic():  # a savepoint, for a cache kept in this very database
                cache.delete(GENERATION_KEY)
        except Exception as error:
            logger.warning("Page cache unreachable, the content version is mirrored within a minute: %s", error)
        transaction.on_commit(_generation_publish, robust=True)


def content_version_bump(**kwargs) -> None:
    """Signal receiver: something every visitor or tenant sees was published or changed."""
    cache_versions_bump(scope=CONTENT)


# The name the publication receivers have always used (home.apps).
page_cache_clear = content_version_bump


def lease_version_source_register(name: str, rows: Callable) -> None:
    """Make the tenant pages depend on one more version of the lease: `rows(lease_id, now)` gives a
    query of (scope, number) rows, `lease_id` being an SQL expression (see _LEASE_VERSION_SOURCES)."""
    _LEASE_VERSION_SOURCES[name] = rows
    _COMPILED.clear()


def lease_of_user_register(rows: Callable) -> None:
    """How to find a signed-in user's lease in SQL: `rows(signatory_id)` gives a query of the
    signatory's row, with its `lease_id` (config registers it)."""
    _LEASE_OF_USER[:] = [rows]
    _COMPILED.clear()


def _versions_query(signatory_id, now):
    lease_of = _LEASE_OF_USER[0]
    lease_id = Subquery(lease_of(signatory_id).values("lease_id")[:1])
    own = CacheVersion.objects.filter(Q(lease_id=0, scope=CONTENT) | Q(lease_id=lease_id))
    which = lease_of(signatory_id).annotate(scope=Value("lease_id")).values_list("scope", "lease_id").order_by()
    sources = [rows(lease_id, now).order_by() for rows in _LEASE_VERSION_SOURCES.values()]
    return own.values_list("scope", "version").union(which, *sources, all=True)


# The query above is compiled once per process (its ORM compilation cost more than running it):
# two compilations with different markers show which parameters are the signatory and the time.
_COMPILED: dict[str, tuple] = {}
_MARKERS = ((-7_000_001, datetime(1901, 1, 1, tzinfo=UTC)), (-7_000_002, datetime(1902, 2, 2, tzinfo=UTC)))


def _compiled_forget(**kwargs) -> None:
    _COMPILED.clear()


# The sources may read settings (the online payments' expiry) when compiled.
setting_changed.connect(_compiled_forget, dispatch_uid="portal.core.cache.compiled_forget")


def _versions_sql() -> tuple:
    compiled = _COMPILED.get(connection.alias)
    if compiled is None:
        (sql, first), (_sql, second) = (_versions_query(*marker).query.sql_with_params() for marker in _MARKERS)
        ids = [i for i, value in enumerate(first) if value == _MARKERS[0][0]]
        times = [i for i, (a, b) in enumerate(zip(first, second, strict=True)) if a != b and i not in ids]
        compiled = _COMPILED[connection.alias] = (sql, list(first), ids, times)
    return compiled


def lease_versions(*, user) -> tuple[tuple[str, int], ...]:
    """The user's lease (row « lease_id ») and every counter its tenant pages depend on, in one query."""
    sql, params, ids, times = _versions_sql()
    params = params.copy()
    for i in ids:
        params[i] = user.signatory_id
    if times:
        now = DateTimeField().get_db_prep_value(timezone.now(), connection)
        for i in times:
            params[i] = now
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return tuple(sorted(tuple(row) for row in cursor.fetchall()))


def _content_version_read() -> int:
    return CacheVersion.objects.filter(lease_id=0, scope=CONTENT).values_list("version", flat=True).first() or 0


def _generation_publish() -> None:
    try:
        cache.set(GENERATION_KEY, _content_version_read(), GENERATION_TIMEOUT)
    except Exception as error:
        logger.warning("Page cache unreachable, content version not mirrored: %s", error)


def content_version() -> int:
    """The content counter: from the cache, else from the database (then mirrored)."""
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        generation = _content_version_read()
        # add, not set: a publication committing meanwhile has already put the newer number.
        cache.add(GENERATION_KEY, generation, GENERATION_TIMEOUT)
    return generation


def content_version_context(request) -> dict:
    """`content_version` in every template, for the fragments that change only on publication
    ({% cache ... content_version %}: the footer, the residence alerts); read only when used."""
    return {"content_version": SimpleLazyObject(content_version)}


# --- What both caches do to a page ------------------------------------------------------------


def _typography_apply(response) -> None:
    """French typography once, before a page is stored (config.middleware skips marked answers)."""
    charset = response.charset
    response.content = french_spacing_html(response.content.decode(charset)).encode(charset)
    response.typography_done = True


def _csrf_restore(request, content: bytes) -> bytes:
    if CSRF_PLACEHOLDER not in content:
        return content
    return content.replace(CSRF_PLACEHOLDER, f'name="csrfmiddlewaretoken" value="{get_token(request)}"'.encode())


def _no_messages(request) -> bool:
    return len(get_messages(request)) == 0


# --- Tenant pages -----------------------------------------------------------------------------


def tenant_page_key(request, versions: tuple) -> str:
    """Everything a tenant page shows comes from these: the user, the versions of their lease and of
    the content (`lease_versions`, which also names the lease), the day and the URL."""
    user = request.user
    parts = (
        request.get_host(),
        request.get_full_path(),
        user.pk,
        user.email,
        user.first_name,
        user.last_name,
        user.is_staff,
        user.is_superuser,
        versions,
        timezone.localdate().isoformat(),
    )
    return "tenantpage:" + hashlib.sha256(repr(parts).encode()).hexdigest()


def _private(response):
    add_never_cache_headers(response)
    patch_cache_control(response, private=True)
    return response


def tenant_page_cached(view):
    """Serve a tenant page from the per-tenant page cache. Put it above `tenant_required`: a hit
    needs neither the lease nor the view (one query for the versions); a miss runs both."""

    def wrapper(request, *args, **kwargs):
        user = request.user
        if (
            request.method not in ("GET", "HEAD")
            or not getattr(user, "signatory_id", None)
            or not user.is_authenticated
            or not _no_messages(request)
        ):
            return _private(view(request, *args, **kwargs))
        versions = lease_versions(user=user)
        if not any(scope == "lease_id" for scope, _value in versions):
            return _private(view(request, *args, **kwargs))
        key = tenant_page_key(request, versions)
        cached = cache.get(key)
        if cached is not None:
            content, content_type = cached
            response = HttpResponse(_csrf_restore(request, content), content_type=content_type)
            response.typography_done = True
            response["X-Page-Cache"] = "hit"
            return _private(response)
        response = view(request, *args, **kwargs)
        if hasattr(response, "render"):
            response.render()
        # A message added while the page was made is shown in it: such a page is not stored.
        if response.status_code == 200 and not response.streaming and _no_messages(request):
            _typography_apply(response)
            content = CSRF_INPUT.sub(CSRF_PLACEHOLDER, response.content)
            cache.set(key, (content, response["Content-Type"]), TENANT_TIMEOUT)
            response["X-Page-Cache"] = "miss"
        return _private(response)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    wrapper.__module__ = view.__module__
    wrapper.__wrapped__ = view
    return wrapper


# --- Public pages -----------------------------------------------------------------------------


def _public_key(request) -> str:
    # « v2 »: pages stored before their tokens were emptied are not served again.
    return f"pagecache:v2:{request.get_host()}:{request.path}"


def _tokens_empty(content: bytes) -> bytes:
    """The page without any visitor's CSRF token: the same bytes for everyone (see the module docstring)."""
    return CSRF_ATTRIBUTE.sub(CSRF_ATTRIBUTE_EMPTY, CSRF_INPUT.sub(CSRF_INPUT_EMPTY, content))


@never_cache
@require_GET
def csrf_token_view(request):
    """The visitor's CSRF token for the forms of a public page (static/js/portal.js), never stored.

    Same-origin only: another site can make a browser call it but cannot read the answer.
    """
    return JsonResponse({"token": get_token(request)})


def _is_cacheable(request) -> bool:
    """Anonymous GET without a query string nor a message waiting (the Wagtail page's view)."""
    return (
        request.method in ("GET", "HEAD")
        and not request.GET
        and not request.user.is_authenticated
        and _no_messages(request)
    )


def _early_candidate(request) -> bool:
    """Before the session is read: a visitor without session nor message cookie, a plain GET."""
    return (
        request.method in ("GET", "HEAD")
        and not request.META.get("QUERY_STRING")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and not request.path_info.startswith(settings.PUBLIC_PAGE_CACHE_EXCLUDED_PREFIXES)
    )


def _public_lookup(request):
    """The stored page, if it is of the current content counter and of today; else None."""
    key = _public_key(request)
    found = cache.get_many([GENERATION_KEY, key])
    stored = found.get(key)
    if stored is None:
        return None
    generation = found.get(GENERATION_KEY)
    if generation is None:
        generation = content_version()
    # The day is part of it: news appear and disappear on their display dates.
    if stored["generation"] != generation or stored["day"] != timezone.localdate().isoformat():
        return None
    return stored


class PublicPageCacheMiddleware:
    """Anonymous hits before everything else (see the module docstring); placed right after
    WhiteNoise, so a hit skips sessions, CSRF, authentication, URL resolution and Wagtail.

    The headers the other middleware add (CSP, X-Frame-Options, Permissions-Policy...) are stored
    with the page and sent again with every hit.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        early = _early_candidate(request)
        if early:
            stored = _public_lookup(request)
            if stored is not None:
                return self._replay(stored)
        response = self.get_response(request)
        if early and getattr(request, "public_page_store", None) is not None and response.status_code == 200:
            self._store(request, response)
        return response

    def _replay(self, stored) -> HttpResponse:
        response = HttpResponse(stored["content"], status=200)
        for name, value in stored["headers"]:
            response[name] = value
        response["X-Page-Cache"] = "hit"
        return response

    def _store(self, request, response) -> None:
        # The first visitor gets what every later one will: no token, no cookie, and nginx may keep
        # it a while for every browser (the portal is in French only, whatever Accept-Language asks,
        # and the page depends on no cookie: neither is a Vary of it).
        response.content = _tokens_empty(response.content)
        if response.has_header("Content-Length"):
            response["Content-Length"] = str(len(response.content))
        response.cookies.pop(settings.CSRF_COOKIE_NAME, None)
        vary = [v.strip() for v in response.get("Vary", "").split(",") if v.strip() and v.strip() not in _NOT_VARIED]
        if vary:
            response["Vary"] = ", ".join(vary)
        elif response.has_header("Vary"):
            del response["Vary"]
        response["X-Accel-Expires"] = str(PROXY_CACHE_SECONDS)
        headers = [(name, value) for name, value in response.items() if name.lower() not in _NOT_REPLAYED]
        cache.set(
            _public_key(request),
            {
                "generation": request.public_page_store,
                "day": timezone.localdate().isoformat(),
                "content": response.content,
                "headers": headers,
            },
            PUBLIC_TIMEOUT,
        )


class CachedPageMixin:
    """Wagtail pages anonymous visitors get from the cache (see the module docstring).

    A visitor with a session but not signed in (after signing out, say) still gets the stored
    page here, after the routing; a visitor without session gets it from the middleware first.
    """

    def serve(self, request, *args, **kwargs):
        if not _is_cacheable(request):
            return super().serve(request, *args, **kwargs)
        stored = _public_lookup(request)
        if stored is not None:
            response = HttpResponse(stored["content"], content_type="text/html; charset=utf-8")
            for name, value in stored["headers"]:
                if name.lower() == "content-type":
                    response[name] = value
            response.typography_done = True
            response["X-Page-Cache"] = "hit"
            return response
        # Read before rendering: a publication committing meanwhile makes this copy outdated at once.
        generation = content_version()
        response = super().serve(request, *args, **kwargs)
        if response.status_code == 200 and hasattr(response, "render"):
            response.render()
            _typography_apply(response)
            request.public_page_store = generation
            response["X-Page-Cache"] = "miss"
        return response
