"""Settings of the benchmark server: the dev settings, DEBUG off, plus a bare view to compare with."""

from config.settings.dev import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
# Pages are measured without their static files: no collectstatic (manifest) needed.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
