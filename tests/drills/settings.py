"""The drills' processes run the production settings, with three changes a drill needs on 127.0.0.1
without TLS or collectstatic: cookies over plain HTTP, static files from the source folders, and
the test suite's password hasher (the tenants are created by the drill's test)."""

from config.settings.production import *  # noqa: F403

SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
WHITENOISE_USE_FINDERS = True
# The tenants' passwords were hashed by the test suite's hasher; keeping it first spares the drill a
# slow PBKDF2 upgrade at each login (the hasher is not what a drill measures).
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
