"""Background work: queue a django-q2 task once the current transaction has committed."""

import logging
from collections.abc import Callable

from django.db import transaction
from django_q.tasks import async_task
from redis.exceptions import RedisError

from . import mail, retention, uploads

logger = logging.getLogger(__name__)


def enqueue_on_commit(func: Callable, *args, **kwargs) -> None:
    """Queue `func(*args, **kwargs)` after the commit (at once outside a transaction).

    `func` is the task function itself, so that a renamed or moved task fails at import time, not
    in the worker. A rolled-back transaction queues nothing: a task never sees rows that do not exist.
    When the broker (Redis) does not answer, the work runs here, in the request that committed it:
    slower for that one visitor, but nothing is lost and nobody gets an error page.
    """
    transaction.on_commit(lambda: _queue_or_run(func, args, kwargs))


def _queue_or_run(func: Callable, args: tuple, kwargs: dict) -> None:
    try:
        async_task(func, *args, **kwargs)
    except (RedisError, OSError):
        logger.warning("task broker unreachable: %s.%s runs in the request", func.__module__, func.__qualname__)
        func(*args, **kwargs)


def enqueue_on_commit_caught_up(func: Callable, *args, **kwargs) -> None:
    """Like `enqueue_on_commit`, for work a schedule catches up anyway (the e-mail outbox): a broker
    that does not answer is logged, never an error page for the request that committed."""
    transaction.on_commit(lambda: async_task(func, *args, **kwargs), robust=True)


def pending_uploads_purge() -> int:
    """Hourly: delete the files joined to forms that were never sent (see portal.core.uploads)."""
    return uploads.pending_uploads_purge()


def sessions_purge() -> None:
    """Daily: expired sessions are deleted (the privacy page says how long a session lasts)."""
    retention.sessions_purge()


def outgoing_email_send(email_id: int) -> bool:
    return mail.outgoing_email_send(email_id=email_id)


def outgoing_emails_retry() -> int:
    """Every minute: the e-mails whose next attempt is due (portal.core.mail)."""
    return mail.outgoing_emails_retry()
