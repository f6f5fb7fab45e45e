from django.core.management.base import BaseCommand
from django.db import transaction

from portal.core.apps_modules import app_modules


class Command(BaseCommand):
    help = "Load the demo data (idempotent: running it again creates no duplicates)."

    def handle(self, *args, **options):
        # Every app that has demo data keeps it in `<app>/demo.py` with a `load(stdout)` function,
        # run in INSTALLED_APPS order (lease data first, then accounts, then the rest).
        for module in app_modules("demo"):
            with transaction.atomic():
                module.load(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Données de démonstration chargées."))
