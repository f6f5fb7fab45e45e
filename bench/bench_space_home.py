"""Throughput of the tenant space's « Accueil » (logged in, demo data) against a bare Django view.

Starts gunicorn on a free loopback port with its own SQLite database in a temporary folder,
loads the demo data, sends a bounded number of requests to each page, prints requests/s and the
ratio, then stops the server and removes the folder.
"""

import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parent.parent
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "300"))
CONCURRENCY = 4
WORKERS = 2
TENANT = "claire.martin@example.org"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _manage(env, *args) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return result.stdout


def _get(url: str, cookie: str | None = None) -> int:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    with urllib.request.urlopen(request, timeout=30) as response:
        response.read()
        return response.status


def _throughput(url: str, cookie: str | None) -> float:
    for _ in range(10):
        _get(url, cookie)
    started = time.perf_counter()
    with ThreadPoolExecutor(CONCURRENCY) as pool:
        statuses = list(pool.map(lambda _: _get(url, cookie), range(REQUESTS)))
    elapsed = time.perf_counter() - started
    assert statuses == [200] * REQUESTS, "the server answered something else than 200"
    return REQUESTS / elapsed


def main() -> None:
    folder = tempfile.mkdtemp(prefix="portail-bench-")
    env = {
        key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "REDIS_URL", "STRIPE_SECRET_KEY")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        VAR_DIR=folder,
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        # The demo data holds SEPA mandates, whose IBANs are encrypted with this key.
        FIELD_ENCRYPTION_KEY=Fernet.generate_key().decode(),
        LOG_LEVEL="ERROR",
    )
    server = None
    try:
        print("Préparation : base SQLite et données de démonstration…", flush=True)
        _manage(env, "migrate", "--no-input", "-v0")
        _manage(env, "createcachetable")
        _manage(env, "load_demo")
        session_key = _manage(
            env,
            "shell",
            "-c",
            "from django.contrib.auth import get_user_model, login\n"
            "from django.contrib.sessions.backends.db import SessionStore\n"
            "from django.http import HttpRequest\n"
            f"user = get_user_model().objects.get(email={TENANT!r})\n"
            "request = HttpRequest(); request.session = SessionStore()\n"
            "login(request, user, backend='django.contrib.auth.backends.ModelBackend')\n"
            "request.session.save(); print(request.session.session_key)",
        ).split()[-1]
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(WORKERS),
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
        )
        deadline = time.monotonic() + 30
        while True:
            try:
                _get(f"{base}/bench/bare/")
                break
            except urllib.error.HTTPError:
                raise
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("the benchmark server did not start") from None
                time.sleep(0.2)
        cookie = f"sessionid={session_key}"
        assert (
            "Mon compte locataire"
            in urllib.request.urlopen(urllib.request.Request(f"{base}/espace/", headers={"Cookie": cookie}), timeout=30)
            .read()
            .decode()
        ), "not logged in as the demo tenant"

        bare = _throughput(f"{base}/bench/bare/", None)
        home = _throughput(f"{base}/espace/", cookie)
        print(f"{REQUESTS} requêtes par page, {CONCURRENCY} en parallèle, gunicorn {WORKERS} workers, SQLite")
        print(f"vue Django nue          : {bare:8.1f} req/s")
        print(f"« Accueil » connecté    : {home:8.1f} req/s")
        print(f"ratio accueil / vue nue : {home / bare:8.2f}")
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)
