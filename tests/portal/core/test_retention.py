"""The privacy page lists every retention period from the settings, and a schedule enforces each."""

from datetime import timedelta

from django.utils import timezone

from config.schedules import SCHEDULES
from faq.blocks import RetentionPeriodsBlock
from portal.accounts.enums import AccountEventKind
from portal.accounts.models import AccountEvent
from portal.accounts.tasks import account_records_purge
from portal.core.retention import retention_periods


def test_the_privacy_page_reads_the_periods_from_the_settings(settings):
    settings.ERP_FILE_RETENTION_HOURS = 5
    settings.SURVEY_TAX_DOCUMENTS_RETENTION_DAYS = 45
    settings.PENDING_UPLOAD_MAX_AGE = timedelta(hours=48)
    settings.LOGIN_RECORDS_RETENTION_DAYS = 31
    settings.SESSION_COOKIE_AGE = 8 * 3600

    text = RetentionPeriodsBlock().render(None)

    assert "5 heures après leur transfert" in text
    assert "45 jours après la clôture" in text
    assert "2 jours" in text
    assert "31 jours" in text
    assert "8 heures au plus" in text


def test_every_period_has_a_schedule():
    names = {job.name for job in SCHEDULES}
    assert {period.schedule for period in retention_periods()} <= names


def test_login_records_and_account_history_are_purged_after_their_period(db, settings):
    old = AccountEvent.objects.create(kind=AccountEventKind.SIGNUP_REQUESTED, email="ancien@example.org")
    AccountEvent.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(days=settings.ACCOUNT_EVENTS_RETENTION_DAYS + 1)
    )
    recent = AccountEvent.objects.create(kind=AccountEventKind.SIGNUP_REQUESTED, email="recent@example.org")

    account_records_purge()

    assert list(AccountEvent.objects.all()) == [recent]
