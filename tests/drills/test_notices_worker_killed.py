"""Drill: kill -9 of the qcluster worker running a chunk of the monthly notices (200 leases, two
qclusters on PostgreSQL + the Redis broker). Required: the generation resumes by itself (the resume
schedule, with the stuck bound lowered for the drill), ends with every notice exactly once, and no
run stays « en cours »."""

import os
import signal
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.db.models import Count
from django.utils import timezone
from django_q.models import Schedule

from bench.notices_data import paperless_leases_make
from portal.documents.enums import ChunkStatus, DocumentKind, RunStatus
from portal.documents.models import Document, DocumentRun, DocumentRunChunk

pytestmark = pytest.mark.fault_drill

ROOT = Path(__file__).resolve().parents[2]
LEASES = 200
PERIOD = date(2026, 11, 1)
STUCK_AFTER = 10  # seconds without a heartbeat before a chunk's worker is taken for dead
BOUND = 240  # the whole drill, seconds


class Drill:
    def __init__(self, work: Path):
        self.work = work
        self.started = time.monotonic()
        self.processes: dict[str, subprocess.Popen] = {}

    def say(self, message: str) -> None:
        print(f"[{time.monotonic() - self.started:6.1f}s] {message}", flush=True)

    def left(self) -> float:
        remaining = BOUND - (time.monotonic() - self.started)
        assert remaining > 0, "drill over its time bound"
        return remaining

    def start(self, name: str, command: list[str], env: dict) -> subprocess.Popen:
        log = open(self.work / f"{name}.log", "ab")  # noqa: SIM115 - closed with the process
        process = subprocess.Popen(  # noqa: S603 - the drill's own command
            command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        process.log = log
        self.processes[name] = process
        self.say(f"started {name} (pid {process.pid})")
        return process

    def stop_all(self) -> None:
        """SIGTERM to each qcluster's own pid (it stops its workers), SIGKILL to that pid if stuck."""
        for name, process in reversed(list(self.processes.items())):
            if process.poll() is None:
                os.kill(process.pid, signal.SIGTERM)
                try:
                    process.wait(30)
                except subprocess.TimeoutExpired:
                    os.kill(process.pid, signal.SIGKILL)
                    process.wait(5)
            process.log.close()
            self.say(f"stopped {name} (pid {process.pid})")

    def wait_for(self, what: str, probe, timeout: float) -> None:
        deadline = time.monotonic() + min(timeout, self.left())
        while time.monotonic() < deadline:
            if probe():
                self.say(what)
                return
            time.sleep(0.5)
        raise AssertionError(f"not seen in time: {what}")


def cluster_environment(work: Path) -> dict:
    database = connection.settings_dict
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "PYTEST"))}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.dev",
        DEBUG="1",
        DATABASE_URL=(
            f"postgres://{database['USER']}:{database['PASSWORD'] or ''}@{database['HOST'] or '127.0.0.1'}:"
            f"{database['PORT'] or 5432}/{database['NAME']}"
        ),
        VAR_DIR=str(work / "var"),
        Q_WORKERS="1",
        NOTICES_CHUNK_SIZE="10",
        NOTICES_STUCK_AFTER_SECONDS=str(STUCK_AFTER),
        LOG_FORMAT="text",
    )
    return env


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_killed_worker_s_chunk_is_resumed_and_every_notice_made_once(tmp_path):
    drill = Drill(tmp_path)
    env = cluster_environment(tmp_path)
    paperless_leases_make(count=LEASES, period=PERIOD, prefix="7")
    # The resume schedule, as sync_schedules writes it (django-q2 runs it at most once a minute).
    Schedule.objects.create(
        name="documents: reprise des avis d'échéance interrompus",
        func="portal.documents.tasks.notices_resume",
        schedule_type=Schedule.MINUTES,
        minutes=1,
        next_run=timezone.now(),
        repeats=-1,
    )
    try:
        for name in ("qcluster-1", "qcluster-2"):
            drill.start(name, [sys.executable, "manage.py", "qcluster"], env)
        subprocess.run(
            [sys.executable, "manage.py", "generate_notices", "--queue", "--period", "2026-11"],
            cwd=ROOT,
            env=env,
            check=True,
            timeout=60,
        )
        run = DocumentRun.objects.get()
        drill.say(f"generation {run.pk} queued: {run.chunks.count()} chunks of 10 leases")

        def running_chunk():
            return (
                DocumentRunChunk.objects.filter(status=ChunkStatus.RUNNING, created_count=0).exclude(worker="").first()
            )

        drill.wait_for("a worker is running a chunk", lambda: running_chunk() is not None, timeout=120)
        victim = running_chunk()
        pid = int(victim.worker.rsplit(":", 1)[1])
        os.kill(pid, signal.SIGKILL)
        drill.say(f"kill -9 of worker pid {pid} while it ran chunk {victim.number}")
        killed_at = time.monotonic()

        def finished():
            return DocumentRun.objects.get(pk=run.pk).status != RunStatus.RUNNING

        drill.wait_for("the run finished by itself", finished, timeout=BOUND)
        drill.say(f"service back: generation finished {time.monotonic() - killed_at:.1f}s after the kill")
    finally:
        drill.stop_all()

    run.refresh_from_db()
    victim.refresh_from_db()
    per_lease = (
        Document.objects.filter(kind=DocumentKind.RENT_NOTICE, period=PERIOD).values("lease").annotate(n=Count("pk"))
    )
    drill.say(
        f"run: {run.get_status_display()}, {run.created_count} created, {run.skipped_count} already there, "
        f"{run.error_count} errors; killed chunk {victim.number}: {victim.attempts} attempts"
    )
    assert run.status == RunStatus.DONE, run.errors
    assert run.created_count == LEASES
    assert len(per_lease) == LEASES and {row["n"] for row in per_lease} == {1}
    assert victim.attempts >= 2 and victim.status == ChunkStatus.DONE
    assert not DocumentRun.objects.filter(status=RunStatus.RUNNING).exists()
    assert timezone.now() - run.finished_at < timedelta(seconds=BOUND)
