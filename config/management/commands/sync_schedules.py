from django.core.management.base import BaseCommand
from django_q.models import Schedule

from config.schedules import SCHEDULES


class Command(BaseCommand):
    help = "Write the recurring jobs of config/schedules.py to django-q2 (idempotent)."

    def handle(self, *args, **options):
        names = []
        for job in SCHEDULES:
            Schedule.objects.update_or_create(
                name=job.name,
                defaults={
                    "func": job.func_path,
                    "schedule_type": job.schedule_type,
                    "minutes": job.minutes,
                },
                # The first run is set once: syncing again at a deploy keeps the jobs' time of day.
                create_defaults={
                    "func": job.func_path,
                    "schedule_type": job.schedule_type,
                    "minutes": job.minutes,
                    "next_run": job.first_run(),
                },
            )
            names.append(job.name)
        removed, _ = Schedule.objects.exclude(name__in=names).delete()
        self.stdout.write(f"{len(names)} tâche(s) planifiée(s), {removed} supprimée(s).")
