"""Optional error reporting: sentry-sdk when SENTRY_DSN is set, with personal data kept out.

No cookies, headers, request bodies, query strings, user e-mail or IP address leave the server;
messages and exception values go through the same masking as the logs (IBANs, passwords, tokens).
"""

import sentry_sdk
from sentry_sdk.integrations.django import DjangoIntegration
from sentry_sdk.integrations.logging import LoggingIntegration

from .logs import mask_secrets


def scrub_event(event: dict, hint: dict) -> dict:
    request = event.get("request")
    if request:
        event["request"] = {key: request[key] for key in ("url", "method") if key in request}
    user = event.get("user")
    if user:
        event["user"] = {"id": user["id"]} if "id" in user else {}
    event.pop("breadcrumbs", None)
    for exception in (event.get("exception") or {}).get("values", []):
        if exception.get("value"):
            exception["value"] = mask_secrets(exception["value"])
        for frame in (exception.get("stacktrace") or {}).get("frames", []):
            frame.pop("vars", None)
    logentry = event.get("logentry")
    if logentry:
        logentry.pop("params", None)
        if logentry.get("message"):
            logentry["message"] = mask_secrets(logentry["message"])
        if logentry.get("formatted"):
            logentry["formatted"] = mask_secrets(logentry["formatted"])
    if event.get("message"):
        event["message"] = mask_secrets(event["message"])
    return event


def sentry_init(*, dsn: str, environment: str, release: str) -> None:
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release or None,
        integrations=[DjangoIntegration(), LoggingIntegration(event_level=None)],
        send_default_pii=False,
        include_local_variables=False,
        max_request_body_size="never",
        traces_sample_rate=0.0,
        before_send=scrub_event,
    )
