"""Every recurring background job, in one place. `manage.py sync_schedules` (run by `make run` and
at deploy) writes them to django-q2's Schedule table, keyed by name.

Each job names its task function itself (a thin wrapper in <app>/tasks.py), so that a renamed or
moved task fails here, at start-up, instead of in the worker.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.utils import timezone
from django_q.models import Schedule

from portal.accounts import tasks as accounts_tasks
from portal.billing import tasks as billing_tasks
from portal.core import tasks as core_tasks
from portal.documents import tasks as documents_tasks
from portal.dossier import tasks as dossier_tasks
from portal.erp import tasks as erp_tasks
from portal.surveys import tasks as surveys_tasks


@dataclass(frozen=True)
class Job:
    name: str
    func: object
    schedule_type: str
    minutes: int | None = None
    # Time of day of the first run (landlord's time zone), for daily and monthly jobs: a deploy at
    # 15:00 must not move the nightly export to 15:00.
    at: time | None = None
    day: int | None = None  # day of the month of a monthly job

    @property
    def func_path(self) -> str:
        return f"{self.func.__module__}.{self.func.__qualname__}"

    def first_run(self) -> datetime:
        now = timezone.localtime()
        if self.at is None:
            return now
        start = now.replace(hour=self.at.hour, minute=self.at.minute, second=0, microsecond=0)
        if self.day is not None:
            start = start.replace(day=self.day)
            if start <= now:
                year, month = (start.year + start.month // 12, start.month % 12 + 1)
                start = start.replace(year=year, month=month)
        elif start <= now:
            start = start + timedelta(days=1)
        return start


SCHEDULES: list[Job] = [
    # A lost Stripe webhook must not lose a payment: ask Stripe about payments pending > 15 min.
    Job("billing: rapprochement des paiements en ligne", billing_tasks.online_payments_reconcile, Schedule.MINUTES, 5),
    # Tenant file: insurance reminders, 30 days before the end of the policy and on the day (each sent once).
    Job("dossier.insurance_reminders", dossier_tasks.insurance_reminders_daily, Schedule.DAILY, at=time(7, 0)),
    # Management system: import the files it drops every 15 minutes, export the portal's changes nightly.
    Job("erp: import du dossier de dépôt", erp_tasks.erp_drop_folder_import, Schedule.MINUTES, 15),
    Job("erp: export quotidien", erp_tasks.erp_export_run, Schedule.DAILY, at=time(2, 0)),
    # An import whose process died shows « interrompu » instead of « en cours » for ever.
    Job("erp: imports interrompus", erp_tasks.erp_imports_interrupted_close, Schedule.MINUTES, 5),
    # Exchange files (IBANs, names) are deleted ERP_FILE_RETENTION_HOURS after they were written or imported.
    Job("erp: purge des fichiers d'échange", erp_tasks.erp_files_purge, Schedule.HOURLY),
    # « Mes documents »: the management system's drop folder every hour; the month's rent notices on
    # the 1st at 6:00 (idempotent, so a second run the same month creates nothing).
    Job("documents: import du dossier de dépôt", documents_tasks.documents_import, Schedule.HOURLY),
    Job("documents: avis d'échéance du mois", documents_tasks.notices_generate, Schedule.MONTHLY, at=time(6, 0), day=1),
    # A notice chunk whose worker died (no sign of life for NOTICES_STUCK_AFTER_SECONDS) is queued again.
    Job("documents: reprise des avis d'échéance interrompus", documents_tasks.notices_resume, Schedule.MINUTES, 1),
    # Files joined to forms never sent are deleted, bytes included, once PENDING_UPLOAD_MAX_AGE has passed.
    Job("fichiers en attente: purge", core_tasks.pending_uploads_purge, Schedule.HOURLY),
    # E-mails the mail server refused, sent again when their backoff is over (portal/core/mail.py).
    Job("e-mails: nouvel essai des envois refusés", core_tasks.outgoing_emails_retry, Schedule.MINUTES, 1),
    # Enquêtes SLS et OPS: reminders 15 days and 1 day before each close (each sent once), and the
    # avis d'imposition files deleted SURVEY_TAX_DOCUMENTS_RETENTION_DAYS after the close.
    Job("surveys: rappels et purge des avis d'imposition", surveys_tasks.surveys_daily, Schedule.DAILY, at=time(8, 0)),
    # Retention listed on the privacy page (portal/core/retention.py): expired sessions, and login
    # attempts and account history past LOGIN_RECORDS_RETENTION_DAYS / ACCOUNT_EVENTS_RETENTION_DAYS.
    Job("sessions expirées: purge", core_tasks.sessions_purge, Schedule.DAILY, at=time(3, 30)),
    Job(
        "comptes: purge des journaux de connexion", accounts_tasks.account_records_purge, Schedule.DAILY, at=time(3, 45)
    ),
]
