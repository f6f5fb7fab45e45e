"""Settings shared by every environment.

Everything that differs between a laptop and production comes from the environment, with an
embedded default that lets `make run` work on a fresh machine (SQLite, files and e-mails in var/,
django-q2 on the ORM, demo payment backend).
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from whitenoise.compress import Compressor

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "dev-only-insecure-key-never-used-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Project apps first so that their templates override the third-party ones; `load_demo` runs
    # each app's demo module in this order.
    "config",
    "portal.core",
    "portal.leases",
    "portal.accounts",
    "portal.billing",
    "portal.mandates",
    "portal.documents",
    "portal.requests",
    "portal.dossier",
    "portal.surveys",
    "portal.erp",
    "portal.space",
    "portal.api",
    "portal.secondfactor",
    "home",
    "faq",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.api.v2",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "filer",
    "easy_thumbnails",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_q",
    "axes",
    "csp",
    "ninja",
    "rest_framework",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "config.logs.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Anonymous hits of the public pages' cache leave here, before sessions and URL resolution.
    "portal.core.cache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "portal.secondfactor.middleware.StaffSecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "config.middleware.SecurityHeadersMiddleware",
    "config.middleware.PortalCSPMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "config.middleware.FrenchTypographyMiddleware",
    # AxesMiddleware last: it turns a lockout raised by the backend into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "portal.leases.context_processors.tenant_lease",
                "portal.core.cache.content_version_context",
            ],
        },
    },
]

# Database: SQLite in var/ by default, PostgreSQL (or anything dj-database-url reads) via DATABASE_URL.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # Write-ahead log: the web workers read while the task cluster writes (notices, imports), and a
    # commit syncs one file instead of a rollback journal and the database; FULL keeps every
    # committed transaction through a power cut.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
# The task broker may live on another Redis than the cache (README: a cache may evict keys, a
# queue must not): QUEUE_REDIS_URL, defaulting to REDIS_URL.
QUEUE_REDIS_URL = os.environ.get("QUEUE_REDIS_URL", REDIS_URL)
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "portail"),
            # A Redis outage is a cache miss with a log line, never an error page: pages render
            # without the cache, counters restart from zero, sessions are read from the database.
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": float(os.environ.get("REDIS_CONNECT_TIMEOUT", "0.5")),
                "SOCKET_TIMEOUT": float(os.environ.get("REDIS_TIMEOUT", "0.5")),
            },
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
    DJANGO_REDIS_LOGGER = "portal.cache"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "cache_table"}}
# Sessions are kept in the database, with the cache in front for speed: a cache outage or
# eviction never logs a tenant out.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "portal.accounts.lockout.LoginThrottleBackend",
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "portal.accounts.passkeys.PasskeyBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "space:home"
LOGOUT_REDIRECT_URL = "/"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # a reset link is valid for one day
ACCOUNT_CONFIRMATION_MAX_AGE = 60 * 60 * 48  # sign-up and e-mail change links: 48 h
# « Ce n'était pas moi », in the e-mail telling the lease's other signatories about a new account.
ACCOUNT_NOT_ME_LINK_MAX_AGE = 60 * 60 * 24 * 30

# API for the mobile apps (/api/v1/): a short-lived access token, a refresh token replaced at
# each use; a device unused for API_REFRESH_TOKEN_DAYS must sign in again.
API_ACCESS_TOKEN_TTL = timedelta(minutes=int(os.environ.get("API_ACCESS_TOKEN_MINUTES", "15")))
API_REFRESH_TOKEN_TTL = timedelta(days=int(os.environ.get("API_REFRESH_TOKEN_DAYS", "30")))
# Requests per minute, counted in the cache: per access token, and per client address (every
# call, signed in or not, and the sign-in and refresh calls much lower).
API_RATE_PER_TOKEN = os.environ.get("API_RATE_PER_TOKEN", "120/min")
API_RATE_PER_ADDRESS = os.environ.get("API_RATE_PER_ADDRESS", "600/min")
API_RATE_SIGN_IN_PER_ADDRESS = os.environ.get("API_RATE_SIGN_IN_PER_ADDRESS", "20/min")

# Failed logins (portal/accounts/lockout.py), three counters:
# - django-axes locks one identifiant *from one address* for 15 minutes after 5 failures, so that
#   someone elsewhere cannot lock the tenant out;
# - one client address is refused after LOGIN_FAILURES_PER_ADDRESS failures in an hour, whatever
#   the identifiants tried (password spraying);
# - one identifiant, from anywhere, is only slowed down after LOGIN_FAILURES_PER_IDENTIFIANT
#   failures in an hour (one try every LOGIN_SLOWDOWN_SECONDS), and its owner receives an e-mail
#   with a one-time link that lifts the slow-down in their browser.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/lockout.html"
AXES_VERBOSE = False
LOGIN_FAILURES_PER_ADDRESS = int(os.environ.get("LOGIN_FAILURES_PER_ADDRESS", "20"))
LOGIN_FAILURES_PER_IDENTIFIANT = int(os.environ.get("LOGIN_FAILURES_PER_IDENTIFIANT", "10"))
LOGIN_SLOWDOWN_SECONDS = int(os.environ.get("LOGIN_SLOWDOWN_SECONDS", "60"))
LOGIN_UNLOCK_LINK_MAX_AGE = 60 * 60 * 24  # the unlock link of the slow-down e-mail: one day
# Retention (listed on the privacy page by portal/core/retention.py, enforced by config/schedules.py):
# django-axes's records of login attempts (identifiant, IP, browser), and each login's history.
LOGIN_RECORDS_RETENTION_DAYS = int(os.environ.get("LOGIN_RECORDS_RETENTION_DAYS", "30"))
ACCOUNT_EVENTS_RETENTION_DAYS = int(os.environ.get("ACCOUNT_EVENTS_RETENTION_DAYS", "365"))
# E-mails a visitor can trigger without being logged in (« Mot de passe oublié ? », « Recevoir un
# nouveau lien »): per recipient address and per client address, per hour.
ACCOUNT_EMAILS_PER_RECIPIENT = int(os.environ.get("ACCOUNT_EMAILS_PER_RECIPIENT", "3"))
ACCOUNT_EMAILS_PER_ADDRESS = int(os.environ.get("ACCOUNT_EMAILS_PER_ADDRESS", "10"))
# The client's address, read one way everywhere (portal/core/client_ip.py): behind the reverse
# proxy, from the header the proxy overwrites (deploy/ sets X-Real-IP); otherwise the socket peer.
CLIENT_IP_HEADER = os.environ.get("CLIENT_IP_HEADER", "")
AXES_CLIENT_IP_CALLABLE = "portal.core.client_ip.client_ip"
# "Claire@Example.org" and "claire@example.org" are one identifiant for the lockout count.
AXES_USERNAME_CALLABLE = "portal.accounts.lockout.axes_username"
AXES_LOCKOUT_CALLABLE = "portal.accounts.lockout.lockout_response"

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
# From node_modules, only the files the pages load (config/staticfinders.py).
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "config.staticfinders.NodeModulesFinder",
]
# Source maps are for developers' tools, never sent to visitors compressed: don't compress them.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [*Compressor.SKIP_COMPRESS_EXTENSIONS, "map"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "config.staticstorage.PortalStaticFilesStorage"},
    # Every private file (portal/core/storage.py): documents, attachments, proofs, pending uploads.
    "private": {"BACKEND": "portal.core.storage.PrivateFileSystemStorage"},
}
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"
# Private files (tenant documents, attachments, proofs) are never under a public URL:
# they are read by permission-checked views only, from one root (STORAGES["private"]).
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", VAR_DIR / "private"))
# In production the reverse proxy serves private files handed over with X-Accel-Redirect.
PRIVATE_MEDIA_X_ACCEL_PREFIX = os.environ.get("PRIVATE_MEDIA_X_ACCEL_PREFIX", "")

FILER_IS_PUBLIC_DEFAULT = False
FILER_ENABLE_PERMISSIONS = True
FILER_STORAGES = {
    "public": {
        "main": {
            "ENGINE": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(MEDIA_ROOT / "filer"), "base_url": "/media/filer/"},
            "UPLOAD_TO": "filer.utils.generate_filename.randomized",
            "UPLOAD_TO_PREFIX": "filer_public",
        }
    },
    "private": {
        "main": {
            # The portal's one private storage: document names start with "filer/" below its root.
            "ENGINE": "portal.core.storage.PrivateStorage",
            "OPTIONS": {},
            "UPLOAD_TO": "filer.utils.generate_filename.randomized",
            "UPLOAD_TO_PREFIX": "filer/filer_private",
        },
        "thumbnails": {
            "ENGINE": "portal.core.storage.PrivateFileSystemStorage",
            "OPTIONS": {"subfolder": "filer_thumbnails"},
        },
    },
}
FILER_SERVERS = {
    "private": {
        "main": {"ENGINE": "filer.server.backends.default.DefaultServer"},
        "thumbnails": {"ENGINE": "filer.server.backends.default.DefaultServer"},
    }
}
# Object storage (S3-compatible, django-storages): with AWS_STORAGE_BUCKET_NAME, public media go to
# the bucket's media/ prefix and every private file below private/ (portal/core/storage.py).
# Credentials: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, read by boto3 from the environment.
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
AWS_S3_ENDPOINT_URL = os.environ.get("AWS_S3_ENDPOINT_URL") or None
AWS_S3_REGION_NAME = os.environ.get("AWS_S3_REGION_NAME") or None
AWS_S3_ADDRESSING_STYLE = os.environ.get("AWS_S3_ADDRESSING_STYLE", "path")
AWS_S3_SIGNATURE_VERSION = "s3v4"
AWS_DEFAULT_ACL = None
AWS_S3_FILE_OVERWRITE = False
# A presigned URL handed to the proxy for one private download lives this long (seconds).
PRIVATE_MEDIA_URL_EXPIRE = int(os.environ.get("PRIVATE_MEDIA_URL_EXPIRE", "60"))
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {"BACKEND": "portal.core.storage.PublicMediaS3Storage"}
    STORAGES["private"] = {"BACKEND": "portal.core.storage.PrivateS3Storage"}
    FILER_STORAGES["public"]["main"]["ENGINE"] = "portal.core.storage.PublicMediaS3Storage"
    FILER_STORAGES["public"]["main"]["OPTIONS"] = {"location": "media/filer", "base_url": "/media/filer/"}
    FILER_STORAGES["private"]["thumbnails"]["ENGINE"] = "portal.core.storage.PrivateS3Storage"
    FILER_STORAGES["private"]["thumbnails"]["OPTIONS"] = {"location": "private-thumbnails"}

# Files joined to a form that was never sent are deleted after this (hourly schedule).
PENDING_UPLOAD_MAX_AGE = timedelta(hours=int(os.environ.get("PENDING_UPLOAD_MAX_AGE_HOURS", "24")))
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 60 * 1024 * 1024

# E-mail: written to var/mail/ unless EMAIL_HOST (SMTP) is set.
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Portail locataire <portail-locataire@hdg30.fr>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Every e-mail goes through the outbox (portal/core/mail.py): stored, then sent by a task with
# EMAIL_DELIVERY_BACKEND, retried with backoff while the server refuses, never sent twice.
EMAIL_BACKEND = "portal.core.mail.QueuedEmailBackend"
if os.environ.get("EMAIL_HOST"):
    EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"
# A mail server that hangs must not hold a worker for long.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "20"))
# First retry after this many seconds, then twice as long each time (one hour at most).
EMAIL_RETRY_BASE_SECONDS = int(os.environ.get("EMAIL_RETRY_BASE_SECONDS", "60"))
# After this many refused attempts (about 7 hours with the defaults) the e-mail is « En échec ».
EMAIL_MAX_ATTEMPTS = int(os.environ.get("EMAIL_MAX_ATTEMPTS", "12"))
EMAIL_MESSAGE_ID_DOMAIN = os.environ.get("EMAIL_MESSAGE_ID_DOMAIN", "portail-locataire.local")

# Absolute links in e-mails.
PORTAL_BASE_URL = os.environ.get("PORTAL_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

# Second factor of every account that can open /admin/ or /django-admin/ (portal.secondfactor):
# "required" (production's default): no admin page without a TOTP app or a passkey, checked at
# each session; "offered": staff may enrol and, once enrolled, are asked for it (make run's demo).
STAFF_SECOND_FACTOR = os.environ.get("STAFF_SECOND_FACTOR", "offered")
if STAFF_SECOND_FACTOR not in ("required", "offered"):
    raise ImproperlyConfigured('STAFF_SECOND_FACTOR is "required" or "offered".')
# Passkeys (WebAuthn, django-otp-webauthn) are bound to the site's host, from PORTAL_BASE_URL
# unless PASSKEY_RP_ID says otherwise: changing it makes every registered passkey unusable.
PASSKEY_RP_ID = os.environ.get("PASSKEY_RP_ID", "")
PASSKEY_RP_NAME = os.environ.get("PASSKEY_RP_NAME", "Portail locataire")
OTP_WEBAUTHN_RP_ID_CALLABLE = "portal.accounts.passkeys.relying_party_id"
OTP_WEBAUTHN_RP_NAME = PASSKEY_RP_NAME
OTP_WEBAUTHN_HELPER_CLASS = "portal.accounts.passkeys.PortalWebAuthnHelper"
# Read at each ceremony from PORTAL_BASE_URL (PortalWebAuthnHelper); this copy satisfies the
# library's start-up check, which wants https:// or http://localhost.
OTP_WEBAUTHN_ALLOWED_ORIGINS = ["http://localhost"]
OTP_TOTP_ISSUER = PASSKEY_RP_NAME
# /django-admin/ never shows a TOTP secret nor the recovery codes: a lost factor is reset, not read.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# django-q2: the ORM is the broker by default, Redis when REDIS_URL is set.
Q_CLUSTER = {
    "name": "portail",
    "workers": int(os.environ.get("Q_WORKERS", "2")),
    # The longest task is one ERP file (1.2 million ledger lines, 350,000 leases: see
    # ERP_IMPORT_TIMEOUT); notice chunks take seconds. django-q2 re-delivers a task after `retry`
    # seconds, so it must exceed the timeout or a running task would be started twice.
    "timeout": int(os.environ.get("Q_TIMEOUT", "900")),
    "retry": int(os.environ.get("Q_RETRY", "960")),
    "max_attempts": 5,
    "ack_failures": True,
    "save_limit": 1000,
    "catch_up": False,
    "label": "Tâches de fond",
}
if QUEUE_REDIS_URL:
    Q_CLUSTER["redis"] = QUEUE_REDIS_URL
else:
    Q_CLUSTER["orm"] = "default"

# Stripe: without a secret key the demo payment backend is used (refused when DEBUG is off).
STRIPE_SECRET_KEY = os.environ.get("STRIPE_SECRET_KEY", "")
STRIPE_WEBHOOK_SECRET = os.environ.get("STRIPE_WEBHOOK_SECRET", "")
STRIPE_API_BASE = os.environ.get("STRIPE_API_BASE", "")  # a local fake server in tests
STRIPE_MAX_NETWORK_RETRIES = int(os.environ.get("STRIPE_MAX_NETWORK_RETRIES", "1"))
# An online payment not completed within this delay expires (« Abandonné »): Stripe Checkout
# sessions are opened with an expiry just after it, the demo page refuses to pay after it.
ONLINE_PAYMENT_EXPIRY_MINUTES = int(os.environ.get("ONLINE_PAYMENT_EXPIRY_MINUTES", "30"))
# "stripe" or "demo"; empty: Stripe with a secret key, the demo page with DEBUG on, else none.
PAYMENT_BACKEND = os.environ.get("PAYMENT_BACKEND", "")

# Encryption key for IBANs at rest (Fernet, urlsafe base64 of 32 bytes).
FIELD_ENCRYPTION_KEY = os.environ.get("FIELD_ENCRYPTION_KEY", "")

# Enquêtes SLS et OPS: the avis d'imposition files are deleted this many days after a campaign's close
# (shown to tenants in the survey and on the « Données personnelles » page).
SURVEY_TAX_DOCUMENTS_RETENTION_DAYS = int(os.environ.get("SURVEY_TAX_DOCUMENTS_RETENTION_DAYS", "90"))

# Wagtail
WAGTAILADMIN_USER_LOGIN_FORM = "portal.accounts.forms.StaffLoginForm"
WAGTAIL_SITE_NAME = "Portail locataire"
WAGTAILADMIN_BASE_URL = PORTAL_BASE_URL
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = [("fr", "Français")]
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILEMBEDS_FINDERS = []  # embeds would fetch from outside; none are allowed
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILADMIN_LOGIN_URL = "/admin/login/"
WAGTAIL_PASSWORD_RESET_ENABLED = True

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Security headers. Production turns on HSTS and secure cookies (config/settings/production.py).
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
# A form refused for its token: the public pages' login and FAQ votes come back filled in, with a
# token, for a browser without script (their page, kept by nginx, carries none); else « Formulaire expiré ».
CSRF_FAILURE_VIEW = "config.errors.csrf_failure"
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(self), usb=()"

# Strict CSP on every page: no inline script or style, nothing from another origin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'", "https://checkout.stripe.com"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
        "manifest-src": ["'self'"],
    },
}
# Paths never looked up in the public pages' cache (portal.core.cache): no Wagtail page lives there.
PUBLIC_PAGE_CACHE_EXCLUDED_PREFIXES = (
    "/admin/",
    "/django-admin/",
    "/espace/",
    "/compte/",
    "/api/",
    "/paiement/",
    "/static/",
    "/sante/",
    "/aide/",
    "/documents/",
)
# The Wagtail and Django admins still rely on inline styles and scripts of their own.
CONTENT_SECURITY_POLICY_ADMIN_PREFIXES = ("/admin/", "/django-admin/")

# JSON lines in UTC on stderr (journald), with the request id; LOG_FORMAT=text for a terminal.
LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "config.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if os.environ.get("LOG_FORMAT", "json") == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "portal": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
        "config": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # Requests are logged by nginx; Django logs 4xx/5xx answers here (WARNING and up).
        "django.request": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "django-q": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
        # Third-party chatter (WeasyPrint prints several lines per PDF at INFO).
        **{
            name: {"handlers": ["console"], "level": "WARNING", "propagate": False}
            for name in ("weasyprint", "fontTools", "PIL", "botocore", "boto3", "s3transfer", "urllib3", "stripe")
        },
    },
}

# /sante/pret/ says "degraded" when the oldest queued task waits longer than this (seconds).
HEALTH_QUEUE_MAX_AGE = int(os.environ.get("HEALTH_QUEUE_MAX_AGE", "600"))

# Exchanges with the landlord's management system (portal/erp): files dropped by the management
# system are imported from ERP_DROP_DIR, then moved to ERP_DONE_DIR or ERP_FAILED_DIR; exports are
# written to ERP_EXPORT_DIR, one folder per run.
ERP_DROP_DIR = Path(os.environ.get("ERP_DROP_DIR", VAR_DIR / "erp" / "inbox"))
ERP_DONE_DIR = Path(os.environ.get("ERP_DONE_DIR", VAR_DIR / "erp" / "done"))
ERP_FAILED_DIR = Path(os.environ.get("ERP_FAILED_DIR", VAR_DIR / "erp" / "failed"))
ERP_EXPORT_DIR = Path(os.environ.get("ERP_EXPORT_DIR", VAR_DIR / "erp" / "outbox"))
# An import « en cours » for longer than the task timeout lost its process (killed, machine down):
# it is then shown as interrupted, and its file, still in the drop folder, is taken again.
ERP_IMPORT_STUCK_AFTER_SECONDS = int(os.environ.get("ERP_IMPORT_STUCK_AFTER_SECONDS", str(Q_CLUSTER["timeout"] + 60)))
# Exported, imported and refused exchange files are deleted this long after they were written.
ERP_FILE_RETENTION_HOURS = int(os.environ.get("ERP_FILE_RETENTION_HOURS", "72"))

# « Mes documents »: the folder where the management system drops its PDF files
# (<tenant_number>_<kind>_<YYYY-MM>.pdf); placed files move to traites/, the others to rejetes/.
DOCUMENTS_DROP_DIR = Path(os.environ.get("DOCUMENTS_DROP_DIR", VAR_DIR / "depot-documents"))
# Rent is paid at the end of the month it covers: a notice is due (or debited) on this day of the next month.
DOCUMENTS_DUE_DAY = int(os.environ.get("DOCUMENTS_DUE_DAY", "5"))
# Monthly notices: leases per background task (about 10 s of work on one core), how long a running
# chunk may stay silent before its worker is taken for dead and the chunk queued again, and how
# many attempts a chunk gets before it is given up (the run then shows « Échoué » to staff).
NOTICES_CHUNK_SIZE = int(os.environ.get("NOTICES_CHUNK_SIZE", "100"))
NOTICES_STUCK_AFTER_SECONDS = int(os.environ.get("NOTICES_STUCK_AFTER_SECONDS", "180"))
NOTICES_CHUNK_MAX_ATTEMPTS = int(os.environ.get("NOTICES_CHUNK_MAX_ATTEMPTS", "3"))
