"""JSON log lines in UTC, each with the id of the request (or task) it belongs to.

nginx hands every request an id (X-Request-ID); `RequestIdMiddleware` keeps it for the request's
log lines and answers it back; a task enqueued during the request carries it to the worker
(`config.apps`), whose log lines then show the same id. Values that must never reach a log
(passwords, tokens, IBANs) are masked in the message and in tracebacks.
"""

import contextvars
import json
import logging
import re
import uuid
from datetime import UTC, datetime

logger = logging.getLogger(__name__)

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")

# What nginx's $request_id and uuid4().hex look like; anything else from a client is replaced.
_REQUEST_ID = re.compile(r"^[A-Za-z0-9-]{8,64}$")
_IBAN = re.compile(r"\b([A-Z]{2}\d{2})((?:\s?[A-Z0-9]){8,30})((?:\s?[A-Z0-9]){3})(?!\s?[A-Z0-9])")
_SECRET = re.compile(
    r"(?i)\b(password|passwd|mot_de_passe|token|secret|api[_-]?key|authorization|sessionid|csrftoken)"
    r"(\W{1,3})([^\s\"'&,;]+)"
)


def mask_secrets(text: str) -> str:
    """`FR76 3000 6000 0112 3456 7890 189` -> `FR76 **** 189`; `password=abc` -> `password=[masqué]`."""
    text = _SECRET.sub(r"\1\2[masqué]", text)
    return _IBAN.sub(lambda m: f"{m.group(1)} ****{m.group(3)}", text)


def new_request_id() -> str:
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """Keeps the proxy's request id (or a new one) for the request's logs and its tasks."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        candidate = request.headers.get("X-Request-ID", "")
        request_id = candidate if _REQUEST_ID.match(candidate) else new_request_id()
        # Not reset on the way out: Django logs a 4xx/5xx answer after the middleware chain returns.
        # The next request in this thread sets its own id first.
        request_id_var.set(request_id)
        response = self.get_response(request)
        response["X-Request-ID"] = request_id
        return response


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC), level, logger, request_id, message, exception."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z",
            "level": record.levelname,
            "logger": record.name,
            "request_id": request_id_var.get(),
            "message": mask_secrets(record.getMessage()),
        }
        status_code = getattr(record, "status_code", None)
        if status_code:
            entry["status"] = status_code
        if record.exc_info:
            entry["exception"] = mask_secrets(self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False, default=str)


def task_carries_request_id(sender, task, **kwargs):
    """django-q2 pre_enqueue: the task takes the id of the request (or task) that queues it."""
    task["request_id"] = request_id_var.get() or new_request_id()


def worker_takes_request_id(sender, func, task, **kwargs):
    """django-q2 pre_execute: a worker runs one task at a time, its lines carry the task's request id."""
    request_id_var.set(task.get("request_id") or f"task-{task.get('id', '')}")
    # django-q2 logs "processing" before this signal: this line is the task's first with its id.
    logger.info("task %s (%s) started", task.get("func"), task.get("name"))
