"""Test settings: fast hashing, tasks run inline, no e-mail leaves the process."""

import os

os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production-0123456789")
os.environ.setdefault("FIELD_ENCRYPTION_KEY", "dGVzdC1vbmx5LWZpZWxkLWVuY3J5cHRpb24ta2V5LTE=")

from .base import *  # noqa: F403
from .base import CACHES, Q_CLUSTER, REDIS_URL

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# mail.outbox as Django's tests know it; the outbox path (portal.core.mail) is tested on its own
# by setting EMAIL_BACKEND to it, delivering to locmem.
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "private": {"BACKEND": "portal.core.storage.PrivateFileSystemStorage"},
}
if not REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    # Each test run gets its own key space on the shared Redis.
    CACHES["default"]["KEY_PREFIX"] = f"portail-test-{os.getpid()}"
# Tasks run in the request that queues them, so a test sees their effect at once.
Q_CLUSTER = {**Q_CLUSTER, "sync": True}
ALLOWED_HOSTS = ["*"]
PORTAL_BASE_URL = "http://testserver"
# Static files straight from the source folders: no collectstatic before a test run.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
