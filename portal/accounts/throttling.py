"""Counters of failed attempts kept in the cache, so that guessing (birth dates...) is not possible.

The window is fixed: it starts at the first failure and lasts WINDOW seconds.
"""

from django.core.cache import cache

WINDOW = 60 * 60
SIGNUP_FAILURES_PER_TENANT_NUMBER = 5
SIGNUP_FAILURES_PER_IP = 20


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


def signup_blocked(*, tenant_number: str, client_ip: str) -> bool:
    return (
        failures_count(scope="signup-lease", value=tenant_number) >= SIGNUP_FAILURES_PER_TENANT_NUMBER
        or failures_count(scope="signup-ip", value=client_ip) >= SIGNUP_FAILURES_PER_IP
    )


def signup_failure_record(*, tenant_number: str, client_ip: str) -> None:
    failure_record(scope="signup-lease", value=tenant_number)
    failure_record(scope="signup-ip", value=client_ip)
