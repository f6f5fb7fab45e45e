"""Production: DEBUG off, secrets from the environment, HTTPS everywhere."""

import os

from django.core.exceptions import ImproperlyConfigured

os.environ["DEBUG"] = "0"
# Every account that can open /admin/ or /django-admin/ shows a second factor (portal.secondfactor).
os.environ.setdefault("STAFF_SECOND_FACTOR", "required")

from .base import *  # noqa: F403
from .base import FIELD_ENCRYPTION_KEY, VAR_DIR, env_bool

if not FIELD_ENCRYPTION_KEY:
    raise ImproperlyConfigured("FIELD_ENCRYPTION_KEY must be set in production.")

# E-mails are how tenants confirm accounts and reset passwords: no SMTP server is a mistake,
# unless said out loud (a staging copy): then they are written to VAR_DIR/mail and never sent.
if not os.environ.get("EMAIL_HOST"):
    if not env_bool("EMAIL_DISABLED", False):
        raise ImproperlyConfigured("Set EMAIL_HOST (SMTP), or EMAIL_DISABLED=1 to write e-mails to files instead.")
    EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# Probes may call gunicorn directly over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^sante/"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_AGE = 60 * 60 * 8
# Behind the reverse proxy of deploy/, which sets X-Real-IP to the address it saw.
CLIENT_IP_HEADER = os.environ.get("CLIENT_IP_HEADER", "X-Real-IP")

if os.environ.get("SENTRY_DSN"):
    from config.sentry import sentry_init

    sentry_init(
        dsn=os.environ["SENTRY_DSN"],
        environment=os.environ.get("SENTRY_ENVIRONMENT", "production"),
        release=os.environ.get("SENTRY_RELEASE", ""),
    )
