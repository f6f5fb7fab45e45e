"""Tenant pages and public pages from their caches, against bare Django views, in one run.

Starts gunicorn (2 workers) on a free loopback port with its own SQLite database in a temporary
folder (BENCH_DATABASE_URL / BENCH_REDIS_URL for PostgreSQL / Redis instead), loads the demo data,
then sends the requests of every variant in interleaved rounds, so that a slower moment of the
machine weighs on all of them alike. For each variant: requests per second, and the CPU per
request of the gunicorn workers, read from the kernel (/proc/<pid>/schedstat, nanoseconds; SQLite
runs inside the workers, so its CPU is in it), and the SQL queries of one request (the variants
are warmed first: the pages' queries are those of a cache hit). Ratios are the bare view's CPU per
request over the page's (≥ 0.5 is the target of issue #19), and the page's requests/s over the
bare view's.
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
ROUNDS = 5
CONCURRENCY = 4
WORKERS = 2
TENANT = "claire.martin@example.org"

AUTHENTICATED = [
    ("vue nue, connecté", "/bench/bare-user/"),
    ("« Accueil »", "/espace/"),
    ("« Mes paiements »", "/espace/paiements/"),
    ("« Mes documents »", "/espace/documents/"),
    ("« Mes demandes »", "/espace/demandes/"),
]
ANONYMOUS = [
    ("vue nue, anonyme", "/bench/bare/"),
    ("/ (accueil public)", "/"),
    ("/faq/", "/faq/"),
    ("livret locataire", "/livret-locataire/"),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _manage(env, *args) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return result.stdout


def _get(url: str, cookie: str | None = None, headers: dict | None = None):
    request = urllib.request.Request(url, headers={**({"Cookie": cookie} if cookie else {}), **(headers or {})})
    with urllib.request.urlopen(request, timeout=30) as response:
        response.read()
        return response.status, response.headers


def _workers(master: int) -> list[int]:
    try:
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        return [int(pid) for pid in children]
    except OSError:
        found = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == master:
                found.append(int(stat.parent.name))
        return found


def _cpu_ns(pids: list[int]) -> int:
    """CPU time used so far by these processes (all their threads), in nanoseconds."""
    total = 0
    for pid in pids:
        for task in Path(f"/proc/{pid}/task").iterdir():
            total += int((task / "schedstat").read_text().split()[0])
    return total


def _round(url: str, cookie: str | None, count: int, pids: list[int]) -> tuple[float, int]:
    cpu_before = _cpu_ns(pids)
    started = time.perf_counter()
    with ThreadPoolExecutor(CONCURRENCY) as pool:
        statuses = list(pool.map(lambda _: _get(url, cookie)[0], range(count)))
    elapsed = time.perf_counter() - started
    assert statuses == [200] * count, f"{url}: the server answered something else than 200"
    return elapsed, _cpu_ns(pids) - cpu_before


def _measure(variants: list[tuple[str, str]], base: str, cookie: str | None, pids: list[int]) -> dict:
    per_round = max(1, REQUESTS // ROUNDS)
    results = {url: {"elapsed": 0.0, "cpu": 0, "count": 0} for _label, url in variants}
    for _ in range(ROUNDS):
        for _label, url in variants:
            elapsed, cpu = _round(base + url, cookie, per_round, pids)
            results[url]["elapsed"] += elapsed
            results[url]["cpu"] += cpu
            results[url]["count"] += per_round
    for label, url in variants:
        _status, headers = _get(base + url, cookie, {"X-Bench-Count": "1"})
        results[url].update(label=label, queries=headers.get("X-Bench-Queries", "?"), cache=headers.get("X-Page-Cache"))
    return results


def _print(title: str, variants: list[tuple[str, str]], results: dict) -> None:
    bare = results[variants[0][1]]
    bare_cpu = bare["cpu"] / bare["count"]
    bare_rps = bare["count"] / bare["elapsed"]
    print(f"\n{title}")
    print(f"{'':24} {'req/s':>8} {'CPU ms/req':>11} {'SQL':>4} {'cache':>6} {'ratio CPU':>10} {'ratio req/s':>12}")
    for _label, url in variants:
        row = results[url]
        cpu = row["cpu"] / row["count"]
        rps = row["count"] / row["elapsed"]
        print(
            f"{row['label']:24} {rps:8.1f} {cpu / 1e6:11.3f} {row['queries']:>4} {row['cache'] or '-':>6} "
            f"{bare_cpu / cpu:10.2f} {rps / bare_rps:12.2f}"
        )


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
    if os.environ.get("BENCH_DATABASE_URL"):
        env["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
    if os.environ.get("BENCH_REDIS_URL"):
        env["REDIS_URL"] = os.environ["BENCH_REDIS_URL"]
        # Keys of this run only: another database's pages can never be taken for this one's.
        env["CACHE_KEY_PREFIX"] = f"bench-{secrets.token_hex(4)}"
    server = None
    try:
        print("Préparation : base et données de démonstration…", flush=True)
        _manage(env, "migrate", "--no-input", "-v0")
        if "REDIS_URL" not in env:
            _manage(env, "createcachetable")
        _manage(env, "load_demo")
        session_key = _manage(
            env,
            "shell",
            "-c",
            "from django.contrib.auth import get_user_model, login\n"
            "from importlib import import_module\n"
            "from django.conf import settings\n"
            "from django.http import HttpRequest\n"
            f"user = get_user_model().objects.get(email={TENANT!r})\n"
            "request = HttpRequest(); request.session = import_module(settings.SESSION_ENGINE).SessionStore()\n"
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
        pids = _workers(server.pid)
        assert len(pids) == WORKERS, f"gunicorn workers not found: {pids}"
        # Warm-up: every page is in its cache on both workers before anything is measured.
        for variants, who in ((AUTHENTICATED, cookie), (ANONYMOUS, None)):
            for _label, url in variants:
                for _ in range(10):
                    _get(base + url, who)

        authenticated = _measure(AUTHENTICATED, base, cookie, pids)
        anonymous = _measure(ANONYMOUS, base, None, pids)
        backend = "PostgreSQL" if "DATABASE_URL" in env else "SQLite"
        cache = "Redis" if "REDIS_URL" in env else "cache en base"
        print(
            f"{REQUESTS} requêtes par page en {ROUNDS} tours entrelacés, {CONCURRENCY} en parallèle, "
            f"gunicorn {WORKERS} workers, {backend}, {cache} ; CPU des workers lu dans /proc"
        )
        _print("Pages du locataire (session et utilisateur chargés)", AUTHENTICATED, authenticated)
        _print("Pages publiques, visiteur anonyme sans cookie", ANONYMOUS, anonymous)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)
