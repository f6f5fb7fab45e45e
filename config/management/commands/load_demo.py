from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = "Load the demo data (idempotent: running it again creates no duplicates)."

    def handle(self, *args, **options):
        # Every app that has demo data keeps it in `<app>/demo.py` with a `load(stdout)` function,
        # run in INSTALLED_APPS order (lease data first, then accounts, then the rest).
        for app_config in apps.get_app_configs():
            try:
                module = import_module(f"{app_config.name}.demo")
            except ModuleNotFoundError as error:
                if error.name != f"{app_config.name}.demo":
                    raise
                continue
            with transaction.atomic():
                module.load(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Données de démonstration chargées."))
