from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django_q.models import Schedule

from config.schedules import SCHEDULES

# Any number unique to this command: two hosts deploying at once take turns on it.
LOCK_KEY = 7_310_442_018


class Command(BaseCommand):
    help = (
        "Write the recurring jobs of config/schedules.py to django-q2 (idempotent, safe to run on two hosts at once)."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
            # (SQLite starts every transaction with the database's write lock: runs take turns too.)
            for job in SCHEDULES:
                self._sync(job)
            removed, _ = Schedule.objects.exclude(name__in=[job.name for job in SCHEDULES]).delete()
        self.stdout.write(f"{len(SCHEDULES)} tâche(s) planifiée(s), {removed} supprimée(s).")

    @staticmethod
    def _sync(job) -> None:
        fields = {"func": job.func_path, "schedule_type": job.schedule_type, "minutes": job.minutes}
        kept, *duplicates = Schedule.objects.filter(name=job.name).order_by("pk") or [None]
        # Duplicates left by an earlier race would run the job twice: the oldest one stays.
        Schedule.objects.filter(pk__in=[schedule.pk for schedule in duplicates]).delete()
        if kept is None:
            # The first run is set once: syncing again at a deploy keeps the job's time of day.
            Schedule.objects.create(name=job.name, next_run=job.first_run(), **fields)
        else:
            Schedule.objects.filter(pk=kept.pk).update(**fields)
