"""Every recurring background job, in one place. `manage.py sync_schedules` (run by `make run` and
at deploy) writes them to django-q2's Schedule table, keyed by name.

Each entry: name, func (dotted path to a thin task in <app>/tasks.py), schedule_type
(django_q.models.Schedule.MINUTES/HOURLY/DAILY/MONTHLY...), and optional minutes / cron / kwargs.
"""

SCHEDULES: list[dict] = [
    {
        # A lost Stripe webhook must not lose a payment: ask Stripe about payments pending > 15 min.
        "name": "billing: rapprochement des paiements en ligne",
        "func": "portal.billing.tasks.online_payments_reconcile",
        "schedule_type": "I",  # django_q Schedule.MINUTES
        "minutes": 5,
    },
    {
        # Tenant file: insurance reminders, 30 days before the end of the policy and on the day (each sent once).
        "name": "dossier.insurance_reminders",
        "func": "portal.dossier.tasks.insurance_reminders_daily",
        "schedule_type": "D",
    },
]

# Management system: import the files it drops every 15 minutes, export the portal's changes daily.
SCHEDULES.append(
    {
        "name": "erp: import du dossier de dépôt",
        "func": "portal.erp.tasks.erp_drop_folder_import",
        "schedule_type": "I",  # django_q Schedule.MINUTES
        "minutes": 15,
    }
)
SCHEDULES.append(
    {
        "name": "erp: export quotidien",
        "func": "portal.erp.tasks.erp_export_run",
        "schedule_type": "D",
    }
)


def _first_of_next_month_at_six():
    from datetime import datetime, time

    from django.utils import timezone

    today = timezone.localdate()
    first = today.replace(year=today.year + today.month // 12, month=today.month % 12 + 1, day=1)
    return timezone.make_aware(datetime.combine(first, time(6, 0)))


# « Mes documents »: the management system's drop folder every hour; the month's rent notices on
# the 1st at 6:00 (idempotent, so a second run the same month creates nothing).
SCHEDULES += [
    {
        "name": "documents: import du dossier de dépôt",
        "func": "portal.documents.tasks.documents_import",
        "schedule_type": "H",  # django_q Schedule.HOURLY
    },
    {
        "name": "documents: avis d'échéance du mois",
        "func": "portal.documents.tasks.notices_generate",
        "schedule_type": "M",  # django_q Schedule.MONTHLY
        "next_run": _first_of_next_month_at_six(),
    },
]

# Enquêtes SLS et OPS: reminders 15 days and 1 day before each close (each sent once), and the avis
# d'imposition files deleted SURVEY_TAX_DOCUMENTS_RETENTION_DAYS after the close.
SCHEDULES.append(
    {
        "name": "surveys: rappels et suppression des avis d'imposition",
        "func": "portal.surveys.tasks.surveys_daily",
        "schedule_type": "D",
    }
)
