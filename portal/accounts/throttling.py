"""Counters kept in the cache: failed logins and sign-ups, and the e-mails a visitor can trigger.

Every window is fixed: it starts at the first count and lasts WINDOW seconds. Counters by client
address read it through portal.core.client_ip (behind the reverse proxy, the visitor's address).
"""

from django.conf import settings
from django.core.cache import cache

WINDOW = 60 * 60
# Sign-up: a lease is only counted together with the address that tries it, so that bad tries
# from elsewhere never block the real tenant's sign-up.
SIGNUP_FAILURES_PER_LEASE_AND_ADDRESS = 5
SIGNUP_FAILURES_PER_ADDRESS = 20


def _key(scope: str, value: str) -> str:
    return f"accounts:failures:{scope}:{value}"


def failures_count(*, scope: str, value: str) -> int:
    return cache.get(_key(scope, value), 0)


def failure_record(*, scope: str, value: str) -> int:
    key = _key(scope, value)
    cache.add(key, 0, timeout=WINDOW)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=WINDOW)
        return 1


def counter_reset(*, scope: str, value: str) -> None:
    cache.delete(_key(scope, value))


def signup_blocked(*, tenant_number: str, client_ip: str) -> bool:
    return (
        failures_count(scope="signup-lease-address", value=f"{tenant_number}|{client_ip}")
        >= SIGNUP_FAILURES_PER_LEASE_AND_ADDRESS
        or failures_count(scope="signup-address", value=client_ip) >= SIGNUP_FAILURES_PER_ADDRESS
    )


def signup_failure_record(*, tenant_number: str, client_ip: str) -> None:
    failure_record(scope="signup-lease-address", value=f"{tenant_number}|{client_ip}")
    failure_record(scope="signup-address", value=client_ip)


# Failed logins. The per identifiant + address lock is django-axes's (AXES_LOCKOUT_PARAMETERS).


class LoginThrottle:
    ADDRESS = "address"  # too many failures from this client address, whatever the identifiants
    SLOW_DOWN = "slow_down"  # the identifiant is slowed down: one try every LOGIN_SLOWDOWN_SECONDS


def login_throttle(*, identifiant: str, client_ip: str, slow_down_lifted: bool) -> str | None:
    """Why this login attempt must not be checked (a LoginThrottle value), or None to go on."""
    if failures_count(scope="login-address", value=client_ip) >= settings.LOGIN_FAILURES_PER_ADDRESS:
        return LoginThrottle.ADDRESS
    if slow_down_lifted:
        return None
    slowed = failures_count(scope="login-identifiant", value=identifiant) >= settings.LOGIN_FAILURES_PER_IDENTIFIANT
    # One try per interval from anywhere: the first caller of the interval gets it.
    if slowed and not cache.add(f"accounts:slow-down:{identifiant}", 1, timeout=settings.LOGIN_SLOWDOWN_SECONDS):
        return LoginThrottle.SLOW_DOWN
    return None


def login_failure_record(*, identifiant: str, client_ip: str) -> bool:
    """Count a failed login; True the first time the identifiant reaches its slow-down in the window."""
    failure_record(scope="login-address", value=client_ip)
    count = failure_record(scope="login-identifiant", value=identifiant)
    return count >= settings.LOGIN_FAILURES_PER_IDENTIFIANT and cache.add(
        f"accounts:slow-down-notified:{identifiant}", 1, timeout=WINDOW
    )


def login_identifiant_reset(*, identifiant: str) -> None:
    """The owner proved who they are (password reset): the identifiant is no longer slowed down."""
    counter_reset(scope="login-identifiant", value=identifiant)
    cache.delete_many([f"accounts:slow-down:{identifiant}", f"accounts:slow-down-notified:{identifiant}"])


def email_sending_allowed(*, kind: str, recipient: str, client_ip: str) -> bool:
    """Count one request for an e-mail; False past the hourly limit per recipient or per client address.

    Every request counts, whether the recipient has a login or not, so the answer reveals nothing.
    """
    per_recipient = failure_record(scope=f"mail-{kind}-recipient", value=recipient.strip().lower())
    per_address = failure_record(scope=f"mail-{kind}-address", value=client_ip)
    return per_recipient <= settings.ACCOUNT_EMAILS_PER_RECIPIENT and per_address <= settings.ACCOUNT_EMAILS_PER_ADDRESS


def unlock_link_use(*, nonce: str) -> bool:
    """True the first time an unlock link is used (single use), False afterwards."""
    return cache.add(f"accounts:unlock-used:{nonce}", 1, timeout=settings.LOGIN_UNLOCK_LINK_MAX_AGE + WINDOW)
