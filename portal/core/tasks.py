"""Background work: queue a django-q2 task once the current transaction has committed."""

from collections.abc import Callable

from django.db import transaction
from django_q.tasks import async_task

from . import retention, uploads


def enqueue_on_commit(func: Callable, *args, **kwargs) -> None:
    """Queue `func(*args, **kwargs)` after the commit (at once outside a transaction).

    `func` is the task function itself, so that a renamed or moved task fails at import time, not
    in the worker. A rolled-back transaction queues nothing: a task never sees rows that do not exist.
    """
    transaction.on_commit(lambda: async_task(func, *args, **kwargs))


def pending_uploads_purge() -> int:
    """Hourly: delete the files joined to forms that were never sent (see portal.core.uploads)."""
    return uploads.pending_uploads_purge()


def sessions_purge() -> None:
    """Daily: expired sessions are deleted (the privacy page says how long a session lasts)."""
    retention.sessions_purge()
