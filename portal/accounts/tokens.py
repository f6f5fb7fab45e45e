"""Signed links sent by e-mail: sign-up confirmation, new-address confirmation, login unlock and
« ce n'était pas moi ».

The links carry no secret of their own: they are signed with SECRET_KEY and expire after
settings.ACCOUNT_CONFIRMATION_MAX_AGE. Each one names the address it was sent to, so it stops
working once that address changed or the login was deleted.
"""

import secrets

from django.conf import settings
from django.core import signing

SIGNUP_SALT = "portal.accounts.signup"
EMAIL_CHANGE_SALT = "portal.accounts.email-change"
UNLOCK_SALT = "portal.accounts.login-unlock"
NOT_ME_SALT = "portal.accounts.not-me"


class LinkExpired(Exception):
    pass


class LinkInvalid(Exception):
    pass


def signup_token_make(*, user_id: int, email: str) -> str:
    return signing.dumps({"u": user_id, "e": email.lower()}, salt=SIGNUP_SALT, compress=True)


def email_change_token_make(*, user_id: int, old_email: str, new_email: str) -> str:
    return signing.dumps(
        {"u": user_id, "old": old_email.lower(), "new": new_email.lower()}, salt=EMAIL_CHANGE_SALT, compress=True
    )


def unlock_token_make(*, user_id: int, email: str) -> str:
    # The nonce makes the link single use (throttling.unlock_link_use).
    return signing.dumps({"u": user_id, "e": email.lower(), "n": secrets.token_urlsafe(12)}, salt=UNLOCK_SALT)


def not_me_token_make(*, user_id: int, email: str) -> str:
    return signing.dumps({"u": user_id, "e": email.lower()}, salt=NOT_ME_SALT)


def token_read(token: str, *, salt: str, max_age: int | None = None) -> dict:
    """The payload of a link still valid; LinkExpired or LinkInvalid otherwise."""
    try:
        return signing.loads(token, salt=salt, max_age=max_age or settings.ACCOUNT_CONFIRMATION_MAX_AGE)
    except signing.SignatureExpired as error:
        raise LinkExpired from error
    except signing.BadSignature as error:
        raise LinkInvalid from error
