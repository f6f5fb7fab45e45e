"""Drill: the workers stopped while work waits in the Redis queue. Required: staff (the admin
dashboard) and the readiness check see the real backlog, not the database broker's empty table;
it drains once a worker is back."""

import os

import pytest
import redis
from django_q.models import OrmQ, Success
from django_q.tasks import async_task

from .harness import Processes, Report, drill_environment, start_qclusters, wait_for

pytestmark = pytest.mark.fault_drill

WAITING = 20
QUEUE_KEY = "django_q:portail:q"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_staff_and_readiness_see_the_real_backlog(tmp_path, admin_client):
    report = Report("queue stopped with work waiting")
    processes = Processes(tmp_path, report)
    broker = redis.Redis.from_url(os.environ["REDIS_URL"])
    broker.delete(QUEUE_KEY)
    try:
        for number in range(WAITING):
            async_task("math.floor", number + 0.5, sync=False)
        report.say(f"queued {WAITING} tasks with no worker running")

        readiness = admin_client.get("/sante/pret/").json()
        tasks = readiness["checks"]["tasks"]
        report.say(f"readiness: status {readiness['status']}, tasks {tasks}")
        assert tasks["queued"] == WAITING
        assert OrmQ.objects.count() == 0, "the database broker's table is empty: the old admin showed 0"
        dashboard = admin_client.get("/admin/").content.decode()
        assert f"<strong>{WAITING}</strong> tâches en attente dans la file" in dashboard
        report.say(f"admin dashboard: « {WAITING} tâches en attente dans la file »")

        start_qclusters(processes, drill_environment(tmp_path), ["qcluster"])
        took = wait_for(
            "the backlog drains",
            lambda: admin_client.get("/sante/pret/").json()["checks"]["tasks"]["queued"] == 0,
            timeout=60,
        )
        report.say(f"worker started: the readiness check sees the backlog drained {took:.1f}s after it was running")
        assert "<strong>0</strong> tâche en attente dans la file" in admin_client.get("/admin/").content.decode()
        done = Success.objects.filter(func="math.floor")
        wait_for("every waiting task done", lambda: done.count() == WAITING, timeout=30)
        report.say(f"all {WAITING} waiting tasks ran once the worker was back")
    finally:
        processes.stop_all()
        broker.delete(QUEUE_KEY)
