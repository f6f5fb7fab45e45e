"""Drill: the mail server stopped (connection refused), then overloaded (« 421 »), then back, with
two qclusters delivering. Required: every e-mail arrives, exactly once, after the server comes back
(replayed delivery tasks included), with nothing but the minute schedule to retry them."""

import json
import os
import time
from collections import Counter

import pytest
import redis
from django.utils import timezone
from django_q.models import Schedule
from django_q.tasks import async_task

from config.schedules import SCHEDULES
from portal.core import tasks as core_tasks
from portal.core.models import OutgoingEmail
from portal.core.typography import NBSP

from .harness import Processes, Report, drill_environment, python_in_drill_env, start_qclusters, start_smtp, wait_for

pytestmark = pytest.mark.fault_drill

SMTP_PORT = 8244
PER_BATCH = 6
SEND = (
    "from django.core.mail import send_mail\n"
    "for n in range({count}):\n"
    "    send_mail(f'Votre avis d\\'échéance {batch}{{n}} : disponible', 'Bonjour, votre avis est en ligne !',"
    " None, [f'locataire{batch}{{n}}@example.org'])\n"
)


def _rows(prefix: str):
    return OutgoingEmail.objects.filter(subject__contains=f"échéance {prefix}")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_every_email_arrives_once_after_the_mail_server_comes_back(tmp_path):
    report = Report("mail server down, then refusing (421), then back")
    processes = Processes(tmp_path, report)
    received = tmp_path / "received.jsonl"
    broker = redis.Redis.from_url(os.environ["REDIS_URL"])
    broker.delete("django_q:portail:q")
    retry_job = next(job for job in SCHEDULES if job.func is core_tasks.outgoing_emails_retry)
    Schedule.objects.create(
        name=retry_job.name,
        func=retry_job.func_path,
        schedule_type=Schedule.MINUTES,
        minutes=1,
        next_run=timezone.now(),
    )
    env = drill_environment(
        tmp_path, EMAIL_HOST="127.0.0.1", EMAIL_PORT=str(SMTP_PORT), EMAIL_USE_TLS="0", EMAIL_RETRY_BASE_SECONDS="1"
    )
    env.pop("EMAIL_DISABLED")
    try:
        start_qclusters(processes, env, ["qcluster-1", "qcluster-2"])

        python_in_drill_env(env, SEND.format(count=PER_BATCH, batch="A"))
        report.say(f"sent {PER_BATCH} e-mails (batch A) while the mail server is stopped")
        wait_for("batch A refused", lambda: _rows("A").filter(attempts__gte=1).count() == PER_BATCH, timeout=30)
        errors = Counter(error.split(":")[0] for error in _rows("A").values_list("last_error", flat=True))
        report.say(f"batch A: every delivery failed and waits for its retry ({dict(errors)})")

        start_smtp(processes, SMTP_PORT, received, refuse=True, name="smtp-421")
        python_in_drill_env(env, SEND.format(count=PER_BATCH, batch="B"))
        report.say(f"sent {PER_BATCH} e-mails (batch B) while the mail server answers 421")
        wait_for("batch B refused", lambda: _rows("B").filter(attempts__gte=1).count() == PER_BATCH, timeout=30)
        assert all("421" in error for error in _rows("B").values_list("last_error", flat=True))
        report.say("batch B: every delivery refused with 421, waiting for its retry")
        assert not received.exists()
        processes.stop("smtp-421")

        start_smtp(processes, SMTP_PORT, received, refuse=False)
        back_at = report.elapsed()
        report.say("mail server accepting again")
        took = wait_for(
            "every e-mail sent",
            lambda: OutgoingEmail.objects.filter(status=OutgoingEmail.Status.SENT).count() == 2 * PER_BATCH,
            timeout=75,
        )
        report.say(f"all {2 * PER_BATCH} e-mails sent {took:.1f}s after the server came back (minute schedule)")

        for email_id in OutgoingEmail.objects.values_list("pk", flat=True):
            async_task(core_tasks.outgoing_email_send, email_id, sync=False)
        report.say("every delivery task replayed once more")
        wait_for("the replayed tasks done", lambda: broker.llen("django_q:portail:q") == 0, timeout=30)
        time.sleep(3)

        lines = [json.loads(line) for line in received.read_text().splitlines()]
        per_message = Counter(line["message_id"] for line in lines)
        report.say(
            f"received {len(lines)} e-mails, {len(per_message)} distinct; "
            f"attempts per e-mail: {sorted(OutgoingEmail.objects.values_list('attempts', flat=True))}"
        )
        assert set(per_message) == set(OutgoingEmail.objects.values_list("message_id", flat=True))
        assert set(per_message.values()) == {1}, "an e-mail was sent twice"
        assert len(lines) == 2 * PER_BATCH
        assert all(f"{NBSP}: disponible" in line["subject"] for line in lines)
        assert back_at > 0
    finally:
        processes.stop_all()
        broker.delete("django_q:portail:q")
