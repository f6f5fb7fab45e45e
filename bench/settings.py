"""Settings of the benchmark server: the dev settings, DEBUG off, plus a bare view to compare with."""

from config.settings.dev import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
# Pages are measured without their static files: no collectstatic (manifest) needed.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
# Static files found in the apps, as `make run` does: the admin's scripts for the browser timings
# of bench_faq_editor (the other benchmarks fetch no static file).
WHITENOISE_USE_FINDERS = True
