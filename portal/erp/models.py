"""Records of the exchanges with the landlord's management system (ERP).

Staff see every import run (file, counts, rejected lines with their reason) and every export
run (files written, what each one carried). See portal/erp/importers.py and exporters.py.
"""

from django.db import models
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from .enums import ExportSource, ImportKind, RunStatus


class ImportRun(models.Model):
    """One import of one file from the management system: staff see what it created, updated,
    left unchanged and which lines it rejected (line number and reason)."""

    kind = models.CharField(_("type de fichier"), max_length=20, choices=ImportKind.choices)
    file_name = models.CharField(_("fichier"), max_length=255)
    source = models.CharField(
        _("lancé par"),
        max_length=30,
        help_text=_("« commande » (manage.py erp_import) ou « dépôt » (dossier d'échange)."),
    )
    status = models.CharField(_("statut"), max_length=10, choices=RunStatus.choices, default=RunStatus.RUNNING)
    started_at = models.DateTimeField(_("commencé le"), auto_now_add=True, db_index=True)
    finished_at = models.DateTimeField(_("terminé le"), null=True, blank=True)
    created_count = models.PositiveIntegerField(_("créés"), default=0)
    updated_count = models.PositiveIntegerField(_("modifiés"), default=0)
    unchanged_count = models.PositiveIntegerField(_("inchangés"), default=0)
    error_count = models.PositiveIntegerField(_("lignes rejetées"), default=0)
    error_lines = models.JSONField(
        _("lignes rejetées"),
        default=list,
        blank=True,
        help_text=_("Numéro de ligne et motif de chaque ligne rejetée (les 1 000 premières)."),
    )
    message = models.TextField(
        _("message"), blank=True, help_text=_("Pourquoi le fichier n'a pas pu être lu, ou n'a rien appliqué.")
    )
    apply_good_lines = models.BooleanField(
        _("lignes valides appliquées malgré les erreurs"),
        default=False,
        help_text=_(
            "Choisi par l'équipe (--apply-good-lines) : sinon un fichier avec des lignes rejetées n'applique rien."
        ),
    )

    class Meta:
        verbose_name = _("import depuis le logiciel de gestion")
        verbose_name_plural = _("imports depuis le logiciel de gestion")
        ordering = ["-started_at", "-pk"]
        permissions = [("retry_importrun", _("Peut relancer un import échoué ou bloqué"))]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.file_name}"

    def get_error_lines_display(self) -> str:
        """What staff read in the admin: one line per rejected line of the file."""
        if not self.error_lines:
            return "—"
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li>{}, ligne {} : {}</li>",
                ((self.file_name, error["line"], error["reason"]) for error in self.error_lines),
            ),
        )


class ExportCursor(models.Model):
    """Where the last export of one source stopped. Locked by each export run (one at a time)."""

    source = models.CharField(_("source"), max_length=20, choices=ExportSource.choices, unique=True)
    position = models.DateTimeField(_("position"), null=True, blank=True)

    class Meta:
        verbose_name = _("curseur d'export")
        verbose_name_plural = _("curseurs d'export")

    def __str__(self):
        return f"{self.get_source_display()} : {self.position}"


class ExportRun(models.Model):
    """One export to the management system: the files written and what each one carried."""

    started_at = models.DateTimeField(_("lancé le"), db_index=True)
    finished_at = models.DateTimeField(_("terminé le"), null=True, blank=True)
    source = models.CharField(_("lancé par"), max_length=30)
    item_count = models.PositiveIntegerField(_("lignes exportées"), default=0)
    files = models.JSONField(
        _("fichiers"), default=list, blank=True, help_text=_("Nom et empreinte SHA-256 de chaque fichier écrit.")
    )

    class Meta:
        verbose_name = _("export vers le logiciel de gestion")
        verbose_name_plural = _("exports vers le logiciel de gestion")
        ordering = ["-started_at", "-pk"]

    def __str__(self):
        return f"Export n° {self.pk} du {self.started_at:%d/%m/%Y %H:%M}"

    def get_files_display(self) -> str:
        return ", ".join(file["name"] for file in self.files) or "—"

    @property
    def folder_name(self) -> str:
        return f"{self.started_at:%Y%m%d-%H%M%S}-export-{self.pk}"


class ExportItem(models.Model):
    """One change sent to the management system, exactly once: (source, key) is unique.

    `rows` holds the exported lines (a change may take several, e.g. one per field changed) as
    written, so that a past run's files can be rebuilt byte for byte whatever happened since.
    """

    run = models.ForeignKey(ExportRun, verbose_name=_("export"), on_delete=models.PROTECT, related_name="items")
    source = models.CharField(_("source"), max_length=20, choices=ExportSource.choices)
    key = models.CharField(
        _("clé"), max_length=120, help_text=_("Identifie le changement exporté : jamais deux fois le même.")
    )
    happened_at = models.DateTimeField(_("changement du"))
    rows = models.JSONField(_("lignes du fichier"), help_text=_("Les valeurs écrites dans le fichier."))

    class Meta:
        verbose_name = _("ligne exportée")
        verbose_name_plural = _("lignes exportées")
        ordering = ["run", "source", "happened_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["source", "key"], name="erp_export_item_once")]

    def __str__(self):
        return f"{self.get_source_display()} {self.key}"


class DepartedOccupant(models.Model):
    """The occupant named by a departure request, kept when the departure is accepted: the tenant
    file then forgets the occupant, but the export must tell the management system whom to remove.

    Written by portal.erp.signals when the occupant is deleted; staff read it through the export.
    """

    change_request = models.OneToOneField(
        "dossier.ChangeRequest", verbose_name=_("demande"), on_delete=models.CASCADE, related_name="+"
    )
    occupant_code = models.CharField(
        _("code occupant"), max_length=50, blank=True, help_text=_("Identifiant de l'occupant au logiciel de gestion.")
    )
    occupant_portal_id = models.PositiveIntegerField(_("identifiant portail de l'occupant"))

    class Meta:
        verbose_name = _("occupant parti")
        verbose_name_plural = _("occupants partis")

    def __str__(self):
        return self.occupant_code or str(self.occupant_portal_id)
