from django.core.management.base import BaseCommand
from django_q.models import Schedule

from config.schedules import SCHEDULES


class Command(BaseCommand):
    help = "Write the recurring jobs of config/schedules.py to django-q2 (idempotent)."

    def handle(self, *args, **options):
        names = []
        for entry in SCHEDULES:
            entry = dict(entry)
            name = entry.pop("name")
            Schedule.objects.update_or_create(name=name, defaults=entry)
            names.append(name)
        removed, _ = Schedule.objects.exclude(name__in=names).delete()
        self.stdout.write(f"{len(names)} tâche(s) planifiée(s), {removed} supprimée(s).")
