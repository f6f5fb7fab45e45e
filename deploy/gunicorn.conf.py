"""gunicorn settings for the portal (`gunicorn -c deploy/gunicorn.conf.py config.wsgi`).

Every value can be overridden from the environment (GUNICORN_*), so that one file serves
production and the CI stage. Reload without a failed request: `deploy/gunicorn-reload <master pid>`
(USR2, then the old master stops once the new one has its workers), never `kill -HUP`: HUP
stops the old workers before the new ones have loaded the code.
"""

import multiprocessing
import os

from django.db import connections
from gunicorn import systemd
from gunicorn.http import wsgi


class Response(wsgi.Response):
    """gunicorn writes `Server: gunicorn` on every response, before Django sees it, so no middleware
    can drop it; naming the software tells a scanner which flaws to try (nginx hides it too)."""

    def default_headers(self):
        return [line for line in super().default_headers() if not line.lower().startswith("server:")]


wsgi.Response = Response

# Bound to loopback or a unix socket only: nginx is the only client (gunicorn never exposed).
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")
# Sync workers: 2 per core + 1 (gunicorn's rule for I/O-bound Django), overridable.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
# The code is loaded once in the master and forked: fast worker starts, shared memory, and a
# re-executed master (USR2) has its workers ready as soon as it has forked them.
preload_app = True
# PDFs (notices, receipts, mandates) are drawn in the request: 60 s before a worker is killed.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = 5
# Recycle workers now and then (slow leaks in third-party code); jitter keeps them from
# restarting all at once.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "200"))
# nginx passes X-Forwarded-*; Django reads them (SECURE_PROXY_SSL_HEADER, AXES_IPWARE_PROXY_COUNT).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
pidfile = os.environ.get("GUNICORN_PIDFILE") or None
proc_name = os.environ.get("GUNICORN_PROC_NAME", "portail-web")
# Each instance is driven by signals to its own master: no control socket shared in $HOME.
control_socket_disable = True
# Access lines go to nginx's log; gunicorn's own errors to stderr (journald), Django's JSON logs too.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Workers write their heartbeat in memory, not on a disk that may be slow.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108 - private files of gunicorn


def when_ready(server):
    """A master re-executed by USR2 tells systemd it is the service's main process now."""
    if os.environ.get("GUNICORN_PID") and os.environ.get("NOTIFY_SOCKET"):
        systemd.sd_notify(f"MAINPID={os.getpid()}", server.log)


def pre_fork(server, worker):
    """No database connection opened while loading the code may be shared by the forked workers."""
    connections.close_all()


# gunicorn's own lines in the same JSON format as Django's (config/logs.py).
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "config.logs.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"}},
    "loggers": {"gunicorn.error": {"handlers": ["console"], "level": loglevel.upper(), "propagate": False}},
}
