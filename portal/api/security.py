"""Who calls: the bearer access token of a connected device; how often: throttles in the cache."""

import math

from django.conf import settings
from ninja.errors import Throttled
from ninja.security import HttpBearer
from ninja.throttling import SimpleRateThrottle

from portal.accounts import services as account_services
from portal.core.client_ip import client_ip
from portal.leases.selectors import lease_for_user


class DeviceBearer(HttpBearer):
    """`Authorization: Bearer <access_token>` of a tenant's connected device.

    The request then carries the same things a tenant's web page has: `request.user` and
    `request.lease`, the only lease its reads and writes may touch.
    """

    openapi_description = "Jeton d'accès (access_token) obtenu par POST /api/v1/auth/token, valable 15 minutes."

    def __call__(self, request):
        # Counted per address before the token is read, so that calls with bad tokens count too.
        per_address = SettingRateThrottle("API_RATE_PER_ADDRESS", per="address")
        if not per_address.allow_request(request):
            raise Throttled(wait=math.ceil(per_address.wait()))
        return super().__call__(request)

    def authenticate(self, request, token):
        device = account_services.device_authenticate(access_token=token, client_ip=client_ip(request) or None)
        if device is None:
            return None
        lease = lease_for_user(user=device.user)
        if lease is None:
            return None
        request.user = device.user
        request.lease = lease
        request.device = device
        return device


class SettingRateThrottle(SimpleRateThrottle):
    """A rate from settings (read at each call, so tests and deployments can change it), counted
    per connected device or per client address."""

    cache_format = "api-rate:%(scope)s:%(ident)s"

    def __init__(self, setting: str, *, per: str):
        self.setting = setting
        self.scope = setting.lower()
        self.per = per

    def allow_request(self, request) -> bool:
        self.rate = getattr(settings, self.setting)
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)

    def get_cache_key(self, request) -> str | None:
        if self.per == "device":
            device = getattr(request, "auth", None)
            ident = getattr(device, "pk", None)
            if ident is None:
                return None
        else:
            ident = client_ip(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}

    def wait(self) -> float:
        # Retry-After: when the oldest call of the window leaves it.
        if self.history:
            return max(1.0, self.duration - (self.now - self.history[-1]))
        return float(self.duration)


def rate_limits() -> list[SettingRateThrottle]:
    """After authentication: per connected device (the address was counted by DeviceBearer)."""
    return [SettingRateThrottle("API_RATE_PER_TOKEN", per="device")]


def sign_in_rate_limits() -> list[SettingRateThrottle]:
    return [
        SettingRateThrottle("API_RATE_SIGN_IN_PER_ADDRESS", per="address"),
        SettingRateThrottle("API_RATE_PER_ADDRESS", per="address"),
    ]
