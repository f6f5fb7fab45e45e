"""Settings of the benchmark server: the dev settings, DEBUG off, plus bare views to compare with."""

from config.settings.dev import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
# Pages are measured without their static files: no collectstatic (manifest) needed.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
# First, so that it counts every query of a request (only when asked: X-Bench-Count).
MIDDLEWARE = ["bench.middleware.QueryCountMiddleware", *MIDDLEWARE]  # noqa: F405
# The bare views are no public page: no lookup in the public pages' cache for them.
PUBLIC_PAGE_CACHE_EXCLUDED_PREFIXES = (*PUBLIC_PAGE_CACHE_EXCLUDED_PREFIXES, "/bench/")  # noqa: F405
# Static files found in the apps, as `make run` does: the admin's scripts for the browser timings
# of bench_faq_editor (the other benchmarks fetch no static file).
WHITENOISE_USE_FINDERS = True
