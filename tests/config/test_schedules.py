"""`sync_schedules`: one schedule per job whatever happens at deploy time, daily jobs at their hour."""

import threading
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django_q.models import Schedule

from config.schedules import SCHEDULES

pytestmark = pytest.mark.django_db


def _sync():
    call_command("sync_schedules", stdout=StringIO())


def _counts():
    return {job.name: Schedule.objects.filter(name=job.name).count() for job in SCHEDULES}


def test_each_job_once_with_its_task_function():
    _sync()
    _sync()
    assert _counts() == {job.name: 1 for job in SCHEDULES}
    for job in SCHEDULES:
        assert Schedule.objects.get(name=job.name).func == job.func_path


def test_a_deploy_keeps_the_time_of_day_of_nightly_jobs():
    _sync()
    export = next(job for job in SCHEDULES if job.name == "erp: export quotidien")
    first = Schedule.objects.get(name=export.name).next_run
    assert timezone.localtime(first).hour == 2 and first > timezone.now()
    _sync()  # a deploy in the middle of the afternoon
    assert Schedule.objects.get(name=export.name).next_run == first


def test_duplicates_left_by_an_old_race_are_removed_without_a_crash():
    _sync()
    job = SCHEDULES[0]
    Schedule.objects.create(name=job.name, func=job.func_path, schedule_type=job.schedule_type, minutes=job.minutes)
    Schedule.objects.create(name="tâche disparue", func="os.getcwd", schedule_type=Schedule.DAILY)
    _sync()
    assert _counts() == {job.name: 1 for job in SCHEDULES}
    assert not Schedule.objects.filter(name="tâche disparue").exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite lets one writer at a time: no overlap to test")
def test_two_hosts_deploying_at_once_leave_one_schedule_per_job():
    start = threading.Barrier(4)
    errors = []

    def deploy():
        try:
            start.wait(timeout=30)
            _sync()
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    hosts = [threading.Thread(target=deploy) for _ in range(4)]
    for host in hosts:
        host.start()
    for host in hosts:
        host.join(timeout=60)
    assert errors == []
    assert _counts() == {job.name: 1 for job in SCHEDULES}
