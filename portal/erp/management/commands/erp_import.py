from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from portal.erp.enums import ImportKind, RunStatus
from portal.erp.services import erp_drop_folder_import, erp_file_import


class Command(BaseCommand):
    help = "Importe un fichier CSV du logiciel de gestion (formats : README.md, exemples : portal/erp/samples/)."
    # The system checks (a second of start-up: URLs, Wagtail's hooks) run at each deployment
    # (`check --deploy` in CI and deploy); an import run by hand or by cron would rerun them for nothing.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("kind", nargs="?", choices=[kind.value for kind in ImportKind])
        parser.add_argument("file", nargs="?", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Contrôle le fichier sans rien enregistrer.")
        parser.add_argument(
            "--apply-good-lines",
            action="store_true",
            help="Applique les lignes valides d'un fichier qui a des lignes rejetées (sinon il n'applique rien).",
        )
        parser.add_argument(
            "--drop-folder",
            action="store_true",
            help="Importe maintenant les fichiers du dossier de dépôt (ERP_DROP_DIR), comme la tâche planifiée.",
        )

    def handle(self, *args, kind, file, dry_run, apply_good_lines, drop_folder, **options):
        if drop_folder:
            for run in erp_drop_folder_import(apply_good_lines=apply_good_lines):
                self.stdout.write(f"{run.file_name} : {run.get_status_display()}. {run.message}".strip())
            return
        if kind is None or file is None:
            raise CommandError("Indiquez le type et le fichier, ou --drop-folder.")
        if not file.is_file():
            raise CommandError(f"Fichier introuvable : {file}")
        run = erp_file_import(
            kind=ImportKind(kind),
            path=file,
            source="commande",
            dry_run=dry_run,
            apply_good_lines=apply_good_lines,
            progress=lambda total: tqdm(total=total, unit=" lignes", desc=file.name, disable=None, file=self.stderr),
        )
        if run.status == RunStatus.FAILED:
            raise CommandError(run.message)
        for error in run.error_lines:
            self.stderr.write(f"{file.name}, ligne {error['line']} : {error['reason']}")
        if run.error_count > len(run.error_lines):
            self.stderr.write(f"… et {run.error_count - len(run.error_lines)} autres lignes rejetées.")
        if run.status == RunStatus.REJECTED:
            raise CommandError(run.message)
        prefix = "Simulation (rien n'a été enregistré) : " if dry_run else ""
        self.stdout.write(
            f"{prefix}{run.created_count} créés, {run.updated_count} modifiés, "
            f"{run.unchanged_count} inchangés, {run.error_count} lignes rejetées."
        )
