from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from portal.documents.periods import current_period, period_label, period_parse
from portal.documents.services import notices_chunk_generate, notices_generate


class Command(BaseCommand):
    help = (
        "Generate the rent notices (avis d'échéance) of every paperless lease for a month (idempotent). "
        "The chunks run in this process, or in the background workers with --queue."
    )

    def add_arguments(self, parser):
        parser.add_argument("--period", help="Mois au format AAAA-MM (par défaut : le mois en cours).")
        parser.add_argument(
            "--queue",
            action="store_true",
            help="Confier les lots de baux aux workers (qcluster).",
        )

    def handle(self, *args, **options):
        try:
            period = period_parse(options["period"]) if options["period"] else current_period()
        except ValueError as error:
            raise CommandError(str(error)) from error
        run = notices_generate(period=period, triggered_by="commande generate_notices", enqueue=options["queue"])
        if options["queue"]:
            self.stdout.write(f"Génération n° {run.pk} : {run.chunks.count()} lot(s) confié(s) aux workers.")
            return
        total = sum(len(ids) for ids in run.chunks.values_list("lease_ids", flat=True))
        with tqdm(total=total, desc=f"Avis {period_label(period)}", unit="bail", file=self.stderr) as bar:
            for chunk_id in run.chunks.order_by("number").values_list("pk", flat=True):
                notices_chunk_generate(chunk_id=chunk_id, progress=bar.update)
        run.refresh_from_db()
        self.stdout.write(
            f"{run.created_count} avis créé(s), {run.skipped_count} déjà présent(s), {run.error_count} erreur(s)."
        )
        for error in run.errors:
            self.stderr.write(f"  {error}")
