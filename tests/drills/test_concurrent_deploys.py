"""Drill: two hosts deploy at once, each running `sync_schedules` (5 tries). Required: one schedule per
job whatever the concurrency, neither command crashes, and a later deploy keeps the daily and monthly
jobs at their time of day."""

import subprocess
from collections import Counter

import pytest
from django_q.models import Schedule

from config.schedules import SCHEDULES

from .harness import PY, ROOT, Report, drill_environment

pytestmark = pytest.mark.fault_drill

TRIES = 5


def sync_schedules_twice_at_once(env: dict) -> list[tuple[int, str]]:
    """Both commands started before either ends; each waited for (and killed by its pid if stuck)."""
    both = [
        subprocess.Popen(  # noqa: S603 - the project's own command
            [PY, "manage.py", "sync_schedules"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        for _host in range(2)
    ]
    results = []
    for process in both:
        try:
            output, _ = process.communicate(timeout=120)
        except subprocess.TimeoutExpired:
            process.kill()
            output, _ = process.communicate()
        results.append((process.returncode, output))
    return results


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_deploys_at_once_leave_one_schedule_per_job(tmp_path):
    report = Report(f"two sync_schedules at once (two hosts deploying), {TRIES} tries")
    env = drill_environment(tmp_path)
    expected = {job.name for job in SCHEDULES}
    for attempt in range(1, TRIES + 1):
        Schedule.objects.all().delete()  # a first deploy: the race is on creating them
        results = sync_schedules_twice_at_once(env)
        names = Counter(Schedule.objects.values_list("name", flat=True))
        duplicated = {name: count for name, count in names.items() if count > 1}
        report.say(
            f"try {attempt}: exit codes {[code for code, _ in results]}, {len(names)} jobs, "
            f"{sum(names.values())} schedules, duplicated: {duplicated or 'none'}"
        )
        for code, output in results:
            assert code == 0, output[-2000:]
        assert not duplicated
        assert set(names) == expected

    timed = {job.name for job in SCHEDULES if job.at is not None}
    before = dict(Schedule.objects.filter(name__in=timed).values_list("name", "next_run"))
    results = sync_schedules_twice_at_once(env)
    after = dict(Schedule.objects.filter(name__in=timed).values_list("name", "next_run"))
    report.say(f"a later deploy (twice at once): exit codes {[code for code, _ in results]}")
    for name in sorted(timed):
        report.say(f"  {name}: next run {before[name]:%d/%m %H:%M} -> {after[name]:%d/%m %H:%M}")
    assert [code for code, _ in results] == [0, 0]
    assert after == before
    assert Schedule.objects.count() == len(expected)
