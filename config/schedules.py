"""Every recurring background job, in one place. `manage.py sync_schedules` (run by `make run` and
at deploy) writes them to django-q2's Schedule table, keyed by name.

Each entry: name, func (dotted path to a thin task in <app>/tasks.py), schedule_type
(django_q.models.Schedule.MINUTES/HOURLY/DAILY/MONTHLY...), and optional minutes / cron / kwargs.
"""

SCHEDULES: list[dict] = []

# Tenant file: insurance reminders, 30 days before the end of the policy and on the day (each sent once).
SCHEDULES.append(
    {
        "name": "dossier.insurance_reminders",
        "func": "portal.dossier.tasks.insurance_reminders_daily",
        "schedule_type": "D",
    }
)
