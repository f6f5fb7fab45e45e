"""The monthly generation in chunks of leases: each chunk a task, every notice exactly once whatever
runs twice or dies, stuck runs resumed by the schedule, failed ones retried by staff."""

import hashlib
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.utils import timezone
from wagtail.models import ReferenceIndex

from portal.accounts.models import SignupCode
from portal.accounts.signup_codes import code_hash
from portal.core.models import SiteSettings
from portal.documents import services
from portal.documents.enums import ChunkStatus, DocumentKind, RunStatus
from portal.documents.models import Document, DocumentRun, DocumentRunChunk
from tests.conftest import assert_admin_refused
from tests.factories import LeaseFactory, SignatoryFactory, TenantUserFactory

from .factories import bill_month, make_paperless, pdf_text

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


def test_each_tenant_of_a_chunk_is_e_mailed_about_their_own_notice(leases):
    partner = TenantUserFactory(signatory=SignatoryFactory(lease=leases[0], first_name="Emma", last_name="Petit"))
    TenantUserFactory(signatory=SignatoryFactory(lease=leases[1]), is_active=False)
    run = services.notices_generate(period=NOVEMBER, triggered_by="test", enqueue=False)

    services.notices_chunk_generate(chunk_id=run.chunks.get(number=1).pk)

    first_tenant = leases[0].signatories.exclude(pk=partner.signatory_id).get().user
    second_tenant = leases[1].signatories.get(user__is_active=True).user
    assert sorted(m.to[0] for m in mail.outbox) == sorted([first_tenant.email, partner.email, second_tenant.email])
    to_partner = next(m for m in mail.outbox if m.to == [partner.email])
    assert to_partner.subject == "Votre avis d'échéance de novembre 2026 est disponible"
    assert to_partner.body.startswith("Bonjour Emma PETIT,\n")
    assert "  Avis d'échéance novembre 2026\n" in to_partner.body
    assert not Document.objects.filter(lease__in=leases[:2], notified_at__isnull=True).exists()


def test_in_mode_renforce_each_notice_of_a_chunk_prints_its_own_signatories_codes(leases):
    site_settings = SiteSettings.load()
    site_settings.signup_code_required = True
    site_settings.save()
    without_login = [
        SignatoryFactory(lease=lease, first_name="Paul", last_name=f"Martin{n}") for n, lease in enumerate(leases[:2])
    ]
    for signatory, code in zip(without_login, ["H7KQ2M9X", "P3WZ8R4T"], strict=True):
        SignupCode.objects.create(signatory=signatory, code=code, code_hash=code_hash(code))
    run = services.notices_generate(period=NOVEMBER, triggered_by="test", enqueue=False)

    services.notices_chunk_generate(chunk_id=run.chunks.get(number=1).pk)

    first, second = (stored_text(lease) for lease in leases[:2])
    assert "Paul MARTIN0 : H7KQ2M9X" in first and "P3WZ8R4T" not in first
    assert "Paul MARTIN1 : P3WZ8R4T" in second and "H7KQ2M9X" not in second


def test_a_notices_file_is_private_in_the_lease_folder_with_the_size_and_checksum_of_its_pdf(leases):
    run = services.notices_generate(period=NOVEMBER, triggered_by="test", enqueue=False)

    services.notices_chunk_generate(chunk_id=run.chunks.get(number=1).pk)

    for lease in leases[:2]:
        document = Document.objects.select_related("file__folder__parent").get(lease=lease)
        with document.file.file.open("rb") as stored:
            content = stored.read()
        assert content.startswith(b"%PDF-")
        assert (document.file.size, document.file.sha1) == (
            len(content),
            hashlib.sha1(content, usedforsecurity=False).hexdigest(),
        )
        assert (document.file.mime_type, document.file.is_public) == ("application/pdf", False)
        assert document.file.original_filename == "avis-echeance-2026-11.pdf"
        assert document.file.folder.name == lease.tenant_number
        assert document.file.folder.parent.name == services.ROOT_FOLDER_NAME
        # The admin's usage listings (« Utilisé par ») know the document refers to its lease.
        assert ReferenceIndex.get_references_to(lease).filter(object_id=str(document.pk)).exists()


def stored_text(lease):
    document = Document.objects.get(lease=lease, kind=DocumentKind.RENT_NOTICE, period=NOVEMBER)
    with document.file.file.open("rb") as stored:
        return pdf_text(stored.read())


@pytest.mark.parametrize(("stuck_after", "moves"), [(0, True), (180, False)])
def test_the_heartbeat_moves_ten_times_per_stuck_delay_not_once_per_notice(leases, settings, stuck_after, moves):
    """A worker gives a sign of life ten times before it would be taken for stuck; within that, the
    notices of a chunk are not slowed by an UPDATE each."""
    settings.NOTICES_STUCK_AFTER_SECONDS = stuck_after
    run = services.notices_generate(period=NOVEMBER, triggered_by="test", enqueue=False)
    chunk = run.chunks.order_by("number").first()
    chunk_at = []

    def after_each_lease(_count):
        chunk_at.append(DocumentRunChunk.objects.get(pk=chunk.pk).heartbeat_at)

    # The claim moves it first; then each notice, when it is due.
    services.notices_chunk_generate(chunk_id=chunk.pk, progress=after_each_lease)

    claim, *after_notices = chunk_at
    assert len(after_notices) == 2
    assert all((at > claim) is moves for at in after_notices)
