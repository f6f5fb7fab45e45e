"""Production: DEBUG off, secrets from the environment, HTTPS everywhere."""

import os

from django.core.exceptions import ImproperlyConfigured

os.environ["DEBUG"] = "0"

from .base import *  # noqa: F403
from .base import FIELD_ENCRYPTION_KEY, env_bool

if not FIELD_ENCRYPTION_KEY:
    raise ImproperlyConfigured("FIELD_ENCRYPTION_KEY must be set in production.")

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_AGE = 60 * 60 * 8
# Behind the reverse proxy of deploy/, which sets X-Real-IP to the address it saw.
CLIENT_IP_HEADER = os.environ.get("CLIENT_IP_HEADER", "X-Real-IP")
