from django.core.management.base import BaseCommand

from portal.documents.services import documents_import


class Command(BaseCommand):
    help = "Attach the PDF files of the drop folder (<tenant_number>_<kind>_<YYYY-MM>.pdf) to their lease."

    def add_arguments(self, parser):
        parser.add_argument("--dir", help="Dossier de dépôt (par défaut : settings.DOCUMENTS_DROP_DIR).")

    def handle(self, *args, **options):
        run = documents_import(directory=options["dir"], triggered_by="commande import_documents")
        self.stdout.write(
            f"{run.created_count} document(s) importé(s), {run.skipped_count} déjà présent(s), "
            f"{run.error_count} fichier(s) rejeté(s)."
        )
        for error in run.errors:
            self.stderr.write(f"  {error}")
