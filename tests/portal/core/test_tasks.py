"""Work queued after a commit is never lost when the task broker (Redis) is down."""

import logging

import pytest
from redis.exceptions import ConnectionError as RedisConnectionError

from portal.core import tasks

done: list[str] = []


def remember(what: str) -> None:
    done.append(what)


def broker_down(*args, **kwargs):
    raise RedisConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")


@pytest.mark.django_db
def test_work_runs_in_the_request_when_the_broker_does_not_answer(
    monkeypatch, caplog, django_capture_on_commit_callbacks
):
    done.clear()
    monkeypatch.setattr(tasks, "async_task", broker_down)
    with (
        caplog.at_level(logging.WARNING, logger="portal.core.tasks"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        tasks.enqueue_on_commit(remember, "accusé de réception")
        assert done == []  # nothing before the commit

    assert done == ["accusé de réception"]
    assert "task broker unreachable" in caplog.text
