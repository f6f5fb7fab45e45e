"""Liveness and readiness for the proxy, the orchestrator and monitoring: JSON, no secret, cheap.

- /sante/vivant/ : the process answers (no I/O at all).
- /sante/pret/   : database, cache and file storage answer (503 otherwise), plus the task queue's
  state: how many tasks wait, the age of the oldest one and of the last successful scheduled run.
  A late queue makes the status "degraded" (still 200: the site itself works); monitoring alerts on it.
"""

import time
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import default_storage, storages
from django.db import connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django_q.brokers import get_broker
from django_q.models import OrmQ, Success
from django_q.signing import SignedPackage

from config.schedules import SCHEDULES


def _timed(check) -> dict:
    started = time.monotonic()
    try:
        result = {"ok": True, **(check() or {})}
    except Exception as error:  # a failed dependency is the answer, not a crash
        result = {"ok": False, "error": type(error).__name__}
    result["ms"] = round((time.monotonic() - started) * 1000, 1)
    return result


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _cache() -> None:
    cache.set("health:probe", "1", timeout=30)
    if cache.get("health:probe") != "1":
        raise RuntimeError("cache did not keep a value")


def _storage() -> None:
    # One existence check per storage (a HEAD on a bucket): the public one and the private one.
    default_storage.exists("sante/sonde.txt")
    storages["private"].exists("sante/sonde.txt")


def _seconds_since(moment: datetime | None) -> int | None:
    return None if moment is None else max(0, int((timezone.now() - moment).total_seconds()))


def _oldest_queued_payload(broker) -> str | bytes | None:
    if hasattr(broker, "connection") and hasattr(broker.connection, "lindex"):
        return broker.connection.lindex(broker.list_key, 0)  # Redis: rpush at the tail, blpop at the head
    oldest = OrmQ.objects.filter(key=broker.list_key).order_by("id").only("payload").first()
    return oldest.payload if oldest else None


def task_queue_state() -> dict:
    """The real backlog of the broker in use (Redis or the ORM), also shown to staff (config/wagtail_hooks.py)."""
    broker = get_broker()
    payload = _oldest_queued_payload(broker)
    oldest_enqueued = SignedPackage.loads(payload).get("started") if payload else None
    last_success = (
        Success.objects.filter(group__in=[job.name for job in SCHEDULES])
        .order_by("-stopped")
        .values_list("stopped", flat=True)
        .first()
    )
    oldest_age = _seconds_since(oldest_enqueued)
    return {
        "queued": broker.queue_size(),
        "oldest_queued_age_s": oldest_age,
        "last_scheduled_success_age_s": _seconds_since(last_success),
        "late": oldest_age is not None and oldest_age > settings.HEALTH_QUEUE_MAX_AGE,
    }


@never_cache
@require_GET
def live(request):
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def ready(request):
    checks = {
        "database": _timed(_database),
        "cache": _timed(_cache),
        "storage": _timed(_storage),
        "tasks": _timed(task_queue_state),
    }
    if not all(checks[name]["ok"] for name in ("database", "cache", "storage")):
        status = "fail"
    elif not checks["tasks"]["ok"] or checks["tasks"].get("late"):
        status = "degraded"
    else:
        status = "ok"
    return JsonResponse({"status": status, "checks": checks}, status=503 if status == "fail" else 200)
