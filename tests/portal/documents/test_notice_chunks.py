"""The monthly generation in chunks of leases: each chunk a task, every notice exactly once whatever
runs twice or dies, stuck runs resumed by the schedule, failed ones retried by staff."""

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.utils import timezone

from portal.documents import services
from portal.documents.enums import ChunkStatus, DocumentKind, RunStatus
from portal.documents.models import Document, DocumentRun, DocumentRunChunk
from tests.conftest import assert_admin_refused
from tests.factories import LeaseFactory, SignatoryFactory, TenantUserFactory

from .factories import bill_month, make_paperless

pytestmark = pytest.mark.django_db

NOVEMBER = date(2026, 11, 1)


class CountingBackend(EmailBackend):
    """The locmem backend, counting the connections opened (one per `get_connection`)."""

    opened = 0

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        type(self).opened += 1


@pytest.fixture
def leases(settings):
    settings.NOTICES_CHUNK_SIZE = 2
    made = []
    for _n in range(3):
        lease = make_paperless(LeaseFactory())
        TenantUserFactory(signatory=SignatoryFactory(lease=lease))
        bill_month(lease, NOVEMBER)
        made.append(lease)
    return made


def notices_of(leases):
    return list(
        Document.objects.filter(lease__in=leases, kind=DocumentKind.RENT_NOTICE, period=NOVEMBER).values_list(
            "lease_id", flat=True
        )
    )


def test_the_month_is_cut_into_chunks_each_queued_as_a_task(leases, django_capture_on_commit_callbacks, settings):
    CountingBackend.opened = 0
    settings.EMAIL_BACKEND = "tests.portal.documents.test_notice_chunks.CountingBackend"

    with django_capture_on_commit_callbacks(execute=True) as queued:
        run = services.notices_generate(period=NOVEMBER, triggered_by="test")

    assert len(queued) == 2  # 3 leases by 2
    assert [len(c.lease_ids) for c in DocumentRunChunk.objects.filter(run=run)] == [2, 1]
    run.refresh_from_db()
    assert (run.status, run.created_count, run.error_count) == (RunStatus.DONE, 3, 0)
    assert sorted(notices_of(leases)) == sorted(lease.pk for lease in leases)
    assert len(mail.outbox) == 3
    assert CountingBackend.opened == 2  # one SMTP connection per chunk, not per e-mail


def test_a_chunk_run_twice_gives_each_notice_once_and_each_e_mail_once(leases):
    run = services.notices_generate(period=NOVEMBER, triggered_by="test", enqueue=False)
    first = run.chunks.get(number=1)

    assert services.notices_chunk_generate(chunk_id=first.pk).created_count == 2
    # Delivered again (a broker re-delivery, a resume racing a slow worker): nothing new.
    assert services.notices_chunk_generate(chunk_id=first.pk) is None
    DocumentRunChunk.objects.filter(pk=first.pk).update(status=ChunkStatus.PENDING)
    again = services.notices_chunk_generate(chunk_id=first.pk)

    assert sorted(notices_of(leases[:2])) == sorted(lease.pk for lease in leases[:2])
    assert Document.objects.count() == 2
    assert (again.created_count, again.skipped_count) == (2, 0)  # made by this run, not « déjà présents »
    assert len(mail.outbox) == 2


def test_a_chunk_whose_worker_died_is_resumed_by_the_schedule(leases, settings, commit_callbacks_run_at_once):
    run = services.notices_generate(period=NOVEMBER, triggered_by="test", enqueue=False)
    for chunk in run.chunks.exclude(number=1):
        services.notices_chunk_generate(chunk_id=chunk.pk)
    # The worker running chunk 1 was killed after its first notice: the chunk says « en cours » and
    # its heartbeat stopped.
    services.notice_generate(lease=leases[0], period=NOVEMBER, created_by="test", notify=False)
    long_ago = timezone.now() - timedelta(seconds=settings.NOTICES_STUCK_AFTER_SECONDS + 5)
    run.chunks.filter(number=1).update(status=ChunkStatus.RUNNING, attempts=1, heartbeat_at=long_ago)
    assert DocumentRun.objects.get(pk=run.pk).status == RunStatus.RUNNING
    assert list(services.runs_stuck()) == [run]

    assert services.notices_resume() == 1

    run.refresh_from_db()
    assert run.status == RunStatus.DONE
    assert sorted(notices_of(leases)) == sorted(lease.pk for lease in leases)
    assert services.notices_resume() == 0


def test_a_run_that_is_still_moving_is_left_alone(leases, commit_callbacks_run_at_once):
    run = services.notices_generate(period=NOVEMBER, triggered_by="test", enqueue=False)

    assert services.notices_resume() == 0  # chunks waiting for a worker, heartbeat fresh
    assert Document.objects.count() == 0
    assert DocumentRun.objects.get(pk=run.pk).status == RunStatus.RUNNING


def test_a_chunk_killed_at_every_attempt_is_given_up_and_the_run_fails(leases, settings, commit_callbacks_run_at_once):
    run = services.notices_generate(period=NOVEMBER, triggered_by="test", enqueue=False)
    for chunk in run.chunks.exclude(number=1):
        services.notices_chunk_generate(chunk_id=chunk.pk)
    long_ago = timezone.now() - timedelta(seconds=settings.NOTICES_STUCK_AFTER_SECONDS + 5)
    run.chunks.filter(number=1).update(
        status=ChunkStatus.RUNNING, attempts=settings.NOTICES_CHUNK_MAX_ATTEMPTS, heartbeat_at=long_ago
    )

    services.notices_resume()

    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert "lot 1 : le processus s'est arrêté à chaque tentative (3)" in run.errors


@pytest.fixture
def failed_run(leases, settings, commit_callbacks_run_at_once):
    run = services.notices_generate(period=NOVEMBER, triggered_by="test", enqueue=False)
    for chunk in run.chunks.exclude(number=1):
        services.notices_chunk_generate(chunk_id=chunk.pk)
    run.chunks.filter(number=1).update(status=ChunkStatus.FAILED, errors=["lot 1 : abandonné"], error_count=1)
    services._run_finish(run.pk)
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    return run


def test_staff_see_the_failed_run_and_retry_it(
    failed_run, leases, support_client, support_user, django_capture_on_commit_callbacks
):
    listing = support_client.get("/admin/documents/run/").content.decode()
    assert "Échoué" in listing
    page = support_client.get(f"/admin/documents/run/inspect/{failed_run.pk}/").content.decode()
    assert "Relancer le traitement" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = support_client.post(f"/admin/documents/run/inspect/{failed_run.pk}/", follow=True)

    page = response.content.decode()
    assert "Traitement relancé : 1 lot(s) de baux remis dans la file." in page
    assert f"Relancé par {support_user.get_full_name()}" in page  # the run's history names who retried
    failed_run.refresh_from_db()
    assert (failed_run.status, failed_run.created_count) == (RunStatus.DONE, 3)
    assert sorted(notices_of(leases)) == sorted(lease.pk for lease in leases)


def test_staff_see_a_stuck_run_as_blocked(leases, support_client, settings):
    run = services.notices_generate(period=NOVEMBER, triggered_by="test", enqueue=False)
    long_ago = timezone.now() - timedelta(seconds=settings.NOTICES_STUCK_AFTER_SECONDS + 5)
    run.chunks.update(heartbeat_at=long_ago)

    listing = support_client.get("/admin/documents/run/").content.decode()
    page = support_client.get(f"/admin/documents/run/inspect/{run.pk}/").content.decode()

    assert "Bloqué (aucun signe de vie depuis le" in listing
    assert "Ce traitement est bloqué" in page and "Relancer le traitement" in page


def test_retrying_needs_the_permission(failed_run, support_client, support_user):
    group = support_user.groups.get()
    group.permissions.remove(Permission.objects.get(codename="retry_documentrun"))

    page = support_client.get(f"/admin/documents/run/inspect/{failed_run.pk}/").content.decode()
    response = support_client.post(f"/admin/documents/run/inspect/{failed_run.pk}/")

    assert "Relancer le traitement" not in page
    assert_admin_refused(response)
    assert DocumentRun.objects.get(pk=failed_run.pk).status == RunStatus.FAILED
