"""Drill: kill -9 of one gunicorn worker under load, twice. Required: at most one failed request per
kill (the one that worker was answering), and the master replaces the worker by itself."""

import os
import signal

import pytest
import requests

from tests.factories import PASSWORD, TenantUserFactory

from .harness import (
    Processes,
    Report,
    Traffic,
    drill_environment,
    logged_in_session,
    start_gunicorn,
    wait_for,
    workers_of,
)

pytestmark = pytest.mark.fault_drill

WEB_PORT = 8245
KILLS = 2
TENANT_PAGES = ["/espace/", "/espace/documents/", "/espace/paiements/"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_killed_worker_costs_at_most_one_request(tmp_path):
    report = Report("kill -9 of one gunicorn worker under load")
    processes = Processes(tmp_path, report)
    tenants = TenantUserFactory.create_batch(3)
    base = f"http://127.0.0.1:{WEB_PORT}"
    traffic = Traffic(base, report)
    try:
        master = start_gunicorn(processes, drill_environment(tmp_path), WEB_PORT)
        for tenant in tenants:
            traffic.browse(tenant.email, logged_in_session(base, tenant.email, PASSWORD), TENANT_PAGES, pause=0)
        traffic.browse("visiteur", requests.Session(), ["/compte/connexion/", "/sante/vivant/"], pause=0)
        wait_for("traffic flowing", lambda: len(traffic.outcomes) >= 30, timeout=60)
        for kill in range(1, KILLS + 1):
            before = workers_of(master.pid)
            victim, count = before[0], len(before)
            os.kill(victim, signal.SIGKILL)
            report.say(f"kill -9 worker {victim} ({kill}/{KILLS})")
            took = wait_for(
                "the master replaces the worker",
                lambda victim=victim, count=count: (
                    len(workers_of(master.pid)) == count and victim not in workers_of(master.pid)
                ),
                timeout=30,
            )
            report.say(f"worker replaced after {took:.1f}s: {workers_of(master.pid)}")
            sent = len(traffic.outcomes)
            wait_for("traffic after the kill", lambda sent=sent: len(traffic.outcomes) >= sent + 30, timeout=60)
        traffic.stop()

        failed = [o for o in traffic.outcomes if o.status != 200]
        report.say(f"sent {len(traffic.outcomes)} requests: {traffic.summary()}")
        for outcome in failed:
            report.say(f"failed at {outcome.at:.1f}s: {outcome.who} {outcome.path} -> {outcome.status}")
        assert len(traffic.outcomes) >= 90, "the drill must be under load"
        assert len(failed) <= KILLS, f"{len(failed)} failed requests for {KILLS} kills"
    finally:
        traffic.stop()
        processes.stop_all()
