from datetime import UTC, date, datetime, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from config.schedules import SCHEDULES
from portal.dossier.models import InsuranceReminder
from portal.dossier.services import insurance_reminders_send
from portal.dossier.tasks import insurance_reminders_daily
from tests.factories import SignatoryFactory, TenantUserFactory

from .factories import InsuranceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    def _run(today):
        with django_capture_on_commit_callbacks(execute=True):
            return insurance_reminders_send(today=today)

    return _run


def test_tenants_are_reminded_30_days_before_and_on_the_day_once_each(tenant, run):
    lease = tenant.signatory.lease
    co_tenant = TenantUserFactory(signatory=SignatoryFactory(lease=lease))
    today = timezone.localdate()
    insurance = InsuranceFactory(lease=lease, valid_until=today + timedelta(days=30))
    InsuranceFactory(valid_until=today + timedelta(days=31))  # not yet due

    assert run(today) == 1
    assert run(today) == 0  # a second run the same day sends nothing
    assert len(mail.outbox) == 1
    assert sorted(mail.outbox[0].to) == sorted([tenant.email, co_tenant.email])
    assert "arrive à échéance" in mail.outbox[0].subject
    assert insurance.valid_until.strftime("%d/%m/%Y") in mail.outbox[0].body

    run(today + timedelta(days=10))  # still within 30 days: already reminded
    assert len(mail.outbox) == 1

    expiry_day = insurance.valid_until
    assert run(expiry_day) == 1
    assert run(expiry_day) == 0
    assert len(mail.outbox) == 2
    assert "expire aujourd'hui" in mail.outbox[1].subject


def test_a_renewed_policy_is_reminded_again(tenant, run):
    today = timezone.localdate()
    insurance = InsuranceFactory(lease=tenant.signatory.lease, valid_until=today + timedelta(days=20))
    run(today)
    insurance.valid_until = today + timedelta(days=385)
    insurance.save()
    run(today + timedelta(days=355))
    assert len(mail.outbox) == 2
    assert InsuranceReminder.objects.count() == 2


def test_the_daily_task_is_scheduled():
    assert any(job.func is insurance_reminders_daily for job in SCHEDULES)
    assert insurance_reminders_daily() == 0


@pytest.mark.parametrize(
    ("valid_until", "subject", "sentence"),
    [
        (date(2026, 11, 30), "expire aujourd'hui", "expire aujourd'hui, le 30/11/2026."),
        # The job did not run on the 29th: the catch-up says it has expired, not « aujourd'hui ».
        (date(2026, 11, 29), "a expiré", "a expiré le 29/11/2026."),
    ],
)
def test_reminder_dates_are_those_of_the_landlords_time_zone_just_after_midnight(
    tenant, run, monkeypatch, valid_until, subject, sentence
):
    # 00:30 in Nîmes on 30/11 is still 29/11 in UTC.
    monkeypatch.setattr(timezone, "now", lambda: datetime(2026, 11, 29, 23, 30, tzinfo=UTC))
    InsuranceFactory(lease=tenant.signatory.lease, valid_until=valid_until)
    assert run(None) == 1
    [message] = mail.outbox
    assert subject in message.subject
    assert sentence in message.body
