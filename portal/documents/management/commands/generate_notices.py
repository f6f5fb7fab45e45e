from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from portal.documents.periods import current_period, period_label, period_parse
from portal.documents.services import notices_generate


class Command(BaseCommand):
    help = "Generate the rent notices (avis d'échéance) of every paperless lease for a month (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--period", help="Mois au format AAAA-MM (par défaut : le mois en cours).")

    def handle(self, *args, **options):
        try:
            period = period_parse(options["period"]) if options["period"] else current_period()
        except ValueError as error:
            raise CommandError(str(error)) from error

        def progress(leases, total):
            return tqdm(leases, total=total, desc=f"Avis {period_label(period)}", unit="bail", file=self.stderr)

        run = notices_generate(period=period, triggered_by="commande generate_notices", progress=progress)
        self.stdout.write(
            f"{run.created_count} avis créé(s), {run.skipped_count} déjà présent(s), {run.error_count} erreur(s)."
        )
        for error in run.errors:
            self.stderr.write(f"  {error}")
