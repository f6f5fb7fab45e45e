"""What every fault drill needs: real processes started and stopped by their pid, a TCP proxy to cut,
tenants browsing over HTTP, and a report of what was sent, what failed and when service came back.

The processes run the production settings (tests/drills/settings.py: config.settings.production
with plain-HTTP cookies and static files from the source folders) on the test database that
pytest-django created, so a drill's test is transactional (its rows are committed, visible to them).
"""

import contextlib
import os
import re
import signal
import socket
import subprocess
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import requests
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
LOGIN_URL = "/compte/connexion/"
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Report:
    """Printed as the drill goes: every line with the seconds since the drill started."""

    def __init__(self, name: str):
        self.name = name
        self.started = time.monotonic()
        print(f"\n== drill: {name}", flush=True)

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def say(self, message: str) -> None:
        print(f"[{self.elapsed():6.1f}s] {message}", flush=True)


def wait_for(what: str, probe, *, timeout: float) -> float:
    """Poll `probe` until it is true; the seconds it took. Fails the drill after `timeout`."""
    started = time.monotonic()
    while True:
        try:
            if probe():
                return time.monotonic() - started
        except (OSError, requests.RequestException):
            pass
        if time.monotonic() - started > timeout:
            raise AssertionError(f"{what}: not within {timeout:.0f}s")
        time.sleep(0.1)


def port_open(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.2)
        return probe.connect_ex(("127.0.0.1", port)) == 0


class Processes:
    """Every process a drill starts, each in its own session, logged to a file, stopped by its pid."""

    def __init__(self, work: Path, report: Report):
        self.work = work
        self.report = report
        self.running: dict[str, subprocess.Popen] = {}

    def start(
        self, name: str, command: list[str], env: dict | None = None, stop_signal: int = signal.SIGTERM
    ) -> subprocess.Popen:
        log = open(self.work / f"{name}.log", "ab")  # noqa: SIM115 - closed when the process is stopped
        process = subprocess.Popen(  # noqa: S603 - the drill's own commands
            command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        process.log = log
        process.stop_signal = stop_signal
        self.running[name] = process
        self.report.say(f"started {name} (pid {process.pid})")
        return process

    def stop(self, name: str, sig: int | None = None, timeout: float = 15) -> None:
        """`sig` (or the process's stop signal) to its own pid (a qcluster or gunicorn stops its
        children itself), then SIGKILL to that pid if it is still there after `timeout`."""
        process = self.running.pop(name)
        sig = process.stop_signal if sig is None else sig
        if process.poll() is None:
            os.kill(process.pid, sig)
            try:
                process.wait(timeout)
            except subprocess.TimeoutExpired:
                os.kill(process.pid, signal.SIGKILL)
                process.wait(5)
        process.log.close()
        self.report.say(f"stopped {name} (pid {process.pid})")

    def log_text(self, name: str) -> str:
        return (self.work / f"{name}.log").read_text(errors="replace")

    def stop_all(self) -> None:
        for name in list(self.running)[::-1]:
            self.stop(name)


def drill_environment(work: Path, **overrides: str) -> dict:
    """The environment of the processes: production settings on the drill's test database."""
    database = connection.settings_dict
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "PYTEST", "DEBUG"))}
    env.update(
        DJANGO_SETTINGS_MODULE="tests.drills.settings",
        PYTHONPATH=str(ROOT),
        # The test process's key: tasks it queues are signed with it, and the clusters check them.
        SECRET_KEY=settings.SECRET_KEY,
        FIELD_ENCRYPTION_KEY=settings.FIELD_ENCRYPTION_KEY,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=(
            f"postgres://{database['USER']}:{database['PASSWORD'] or ''}@{database['HOST'] or '127.0.0.1'}:"
            f"{database['PORT'] or 5432}/{database['NAME']}"
        ),
        REDIS_URL=os.environ["REDIS_URL"],
        CACHE_KEY_PREFIX=f"drill-{os.getpid()}",
        EMAIL_DISABLED="1",
        VAR_DIR=str(work / "var"),
        MEDIA_ROOT=str(work / "var" / "media"),
        PRIVATE_MEDIA_ROOT=str(work / "var" / "private"),
        GUNICORN_WORKERS="3",
        GUNICORN_PIDFILE=str(work / "gunicorn.pid"),
        GUNICORN_LOG_LEVEL="warning",
        GUNICORN_GRACEFUL_TIMEOUT="5",
        Q_WORKERS="1",
        LOG_LEVEL="INFO",
    )
    env.update(overrides)
    return env


def start_gunicorn(processes: Processes, env: dict, port: int, name: str = "gunicorn") -> subprocess.Popen:
    env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}"}
    # SIGQUIT: gunicorn's quick shutdown (the drill is over, no request to finish).
    process = processes.start(
        name, [GUNICORN, "-c", "deploy/gunicorn.conf.py", "config.wsgi"], env, stop_signal=signal.SIGQUIT
    )
    took = wait_for(
        f"{name} answers",
        lambda: requests.get(f"http://127.0.0.1:{port}/sante/vivant/", timeout=2).status_code == 200,
        timeout=90,
    )
    workers = len(workers_of(process.pid))
    processes.report.say(f"{name} answers on 127.0.0.1:{port} after {took:.1f}s ({workers} workers)")
    return process


def workers_of(master_pid: int) -> list[int]:
    """The pids of a gunicorn master's workers (its child processes)."""
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children")
    return [int(pid) for pid in children.read_text().split()] if children.exists() else []


def start_qclusters(processes: Processes, env: dict, names: list[str]) -> None:
    """Start the clusters together, then wait for each (django-q2 logs in the site's language)."""
    for name in names:
        processes.start(name, [PY, "manage.py", "qcluster"], env)
    guarding = ("guarding cluster", "surveillance du cluster")
    for name in names:
        wait_for(f"{name} running", lambda name=name: any(g in processes.log_text(name) for g in guarding), timeout=90)


def start_redis(processes: Processes, port: int, name: str = "redis") -> subprocess.Popen:
    """A throwaway redis-server (no persistence: a restart starts empty, the worst case for a cache)."""
    process = processes.start(
        name,
        [
            "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(processes.work),
        ],
    )
    wait_for(f"{name} accepts connections", lambda: port_open(port), timeout=15)
    return process


def start_smtp(processes: Processes, port: int, received: Path, *, refuse: bool, name: str = "smtp"):
    command = [PY, "-m", "tests.drills.smtp_sink", "--port", str(port), "--received", str(received)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = processes.start(name, [*command, "--refuse"] if refuse else command, env)
    wait_for(f"{name} accepts connections", lambda: port_open(port), timeout=30)
    return process


class TcpProxy:
    """A TCP forwarder in this process (127.0.0.1:port → target), that can be cut like a server
    restart: the listening socket closes and every open connection is reset, then it listens again."""

    def __init__(self, port: int, target: tuple[str, int]):
        self.port = port
        self.target = target
        self.listener: socket.socket | None = None
        self.connections: set[socket.socket] = set()
        self.lock = threading.Lock()

    def start(self):
        self.listener = socket.create_server(("127.0.0.1", self.port))  # SO_REUSEADDR: restarts at once
        threading.Thread(target=self._accept, args=(self.listener,), daemon=True).start()
        return self

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _address = listener.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            with self.lock:
                self.connections |= {client, upstream}
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    def _pipe(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                with self.lock:
                    self.connections.discard(end)
                with contextlib.suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)
                end.close()

    def cut(self) -> None:
        self.listener.close()
        with self.lock:
            open_now, self.connections = set(self.connections), set()
        for end in open_now:
            # shutdown() first: close() alone would not wake the thread blocked in recv() on it, and the
            # connection would live on. Both sides then see the server hang up, as in a restart.
            with contextlib.suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)
            end.close()

    def stop(self) -> None:
        self.cut()


def logged_in_session(base: str, email: str, password: str) -> requests.Session:
    """A browser-like session logged in through the « Connexion » form."""
    browser = requests.Session()
    browser.headers["X-Real-IP"] = "127.0.0.1"
    page = browser.get(base + LOGIN_URL, timeout=10)
    token = CSRF_INPUT.search(page.text).group(1)
    answer = browser.post(
        base + LOGIN_URL,
        {"csrfmiddlewaretoken": token, "username": email, "password": password},
        headers={"Referer": base + LOGIN_URL},
        allow_redirects=False,
        timeout=10,
    )
    assert answer.status_code == 302, (answer.status_code, answer.text[:300])
    assert answer.headers["Location"] == "/espace/", answer.headers["Location"]
    return browser


@dataclass
class Outcome:
    at: float
    who: str
    path: str
    status: int | str  # HTTP status, or the name of the connection error
    location: str = ""
    retry_after: str = ""
    text: str = ""


@dataclass
class Traffic:
    """Threads sending requests in a loop, each outcome kept with its time (seconds since the drill began)."""

    base: str
    report: Report
    outcomes: list[Outcome] = field(default_factory=list)
    stopping: threading.Event = field(default_factory=threading.Event)
    threads: list[threading.Thread] = field(default_factory=list)

    def browse(self, who: str, session: requests.Session, paths: list[str], pause: float = 0.05) -> None:
        def loop():
            index = 0
            while not self.stopping.is_set():
                path = paths[index % len(paths)]
                index += 1
                try:
                    answer = session.get(self.base + path, allow_redirects=False, timeout=30)
                    outcome = Outcome(
                        self.report.elapsed(),
                        who,
                        path,
                        answer.status_code,
                        answer.headers.get("Location", ""),
                        answer.headers.get("Retry-After", ""),
                        answer.text if answer.status_code >= 500 else "",
                    )
                except requests.RequestException as error:
                    outcome = Outcome(self.report.elapsed(), who, path, type(error).__name__)
                self.outcomes.append(outcome)
                time.sleep(pause)

        thread = threading.Thread(target=loop, daemon=True)
        thread.start()
        self.threads.append(thread)

    def stop(self) -> None:
        self.stopping.set()
        for thread in self.threads:
            thread.join(15)

    def between(self, start: float, end: float) -> list[Outcome]:
        return [outcome for outcome in self.outcomes if start <= outcome.at < end]

    def summary(self, outcomes: list[Outcome] | None = None) -> str:
        counts = Counter(str(outcome.status) for outcome in (self.outcomes if outcomes is None else outcomes))
        return ", ".join(f"{status}: {count}" for status, count in sorted(counts.items()))


def python_in_drill_env(env: dict, code: str, timeout: float = 90) -> str:
    """Run Django code the way the portal would (production settings, the drill's broker and database)."""
    done = subprocess.run(  # noqa: S603 - the drill's own command
        [PY, "manage.py", "shell", "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout
