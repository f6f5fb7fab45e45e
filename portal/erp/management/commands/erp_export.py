from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db.models import ObjectDoesNotExist

from portal.erp.services import erp_export_rerun, erp_export_run


class Command(BaseCommand):
    help = "Exporte vers le logiciel de gestion ce que le portail a changé depuis le dernier export."

    def add_arguments(self, parser):
        parser.add_argument(
            "--rerun", type=int, metavar="ID", help="Réécrit à l'identique les fichiers d'un export passé."
        )
        parser.add_argument("--output", type=Path, help="Dossier où réécrire les fichiers (avec --rerun).")

    def handle(self, *args, rerun, output, **options):
        if rerun is None:
            run = erp_export_run(source="commande")
            folder = run.folder_name
        else:
            try:
                run, path = erp_export_rerun(run_id=rerun, folder=output)
            except ObjectDoesNotExist as error:
                raise CommandError(f"Aucun export n° {rerun}.") from error
            folder = str(path)
        for file in run.files:
            self.stdout.write(f"{folder}/{file['name']}")
        self.stdout.write(f"Export n° {run.pk} : {run.item_count} changements.")
