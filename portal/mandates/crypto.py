"""Bank details at rest: encrypted with Fernet (AES + HMAC) under settings.FIELD_ENCRYPTION_KEY.

A database dump alone reveals no IBAN. FIELD_ENCRYPTION_KEY may hold several comma-separated
keys to rotate them: the first one encrypts, every one decrypts. Without a key, only a developer
machine (DEBUG on) gets a key derived from SECRET_KEY; anything else refuses to start the feature.
"""

import base64
import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

KEY_HELP = (
    "Generate one with: python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())' "
    "and set it in the FIELD_ENCRYPTION_KEY environment variable."
)


def _keys() -> list[bytes]:
    keys = [key.strip().encode() for key in settings.FIELD_ENCRYPTION_KEY.split(",") if key.strip()]
    if keys:
        return keys
    if settings.DEBUG:
        # Development only: data encrypted with it is lost when SECRET_KEY changes, which is fine there.
        # The salt keeps the app's former name: a new one would make every stored IBAN unreadable.
        digest = hashlib.sha256(b"portal.billing.field-encryption:" + settings.SECRET_KEY.encode()).digest()
        return [base64.urlsafe_b64encode(digest)]
    raise ImproperlyConfigured(f"FIELD_ENCRYPTION_KEY is not set: bank details cannot be stored. {KEY_HELP}")


def _fernet() -> MultiFernet:
    try:
        return MultiFernet([Fernet(key) for key in _keys()])
    except ValueError as error:
        raise ImproperlyConfigured(
            f"FIELD_ENCRYPTION_KEY is not a valid Fernet key (32 bytes, url-safe base64). {KEY_HELP}"
        ) from error


def encrypt(text: str) -> str:
    return _fernet().encrypt(text.encode()).decode()


def decrypt(token: str) -> str:
    """Raises ImproperlyConfigured when no configured key opens the value (key lost or changed)."""
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken as error:
        raise ImproperlyConfigured(
            "An encrypted IBAN cannot be read with the configured FIELD_ENCRYPTION_KEY."
        ) from error


def fingerprint(text: str) -> str:
    """A keyed, non-reversible digest: finds the same IBAN on two mandates without storing it."""
    # Former app name kept on purpose: fingerprints already stored must keep matching.
    key = hashlib.sha256(b"portal.billing.fingerprint:" + _keys()[0]).digest()
    return hmac.new(key, text.encode(), hashlib.sha256).hexdigest()
