"""« Mes documents »: the PDF documents of a lease, and the runs that produce them.

The files live in django-filer, in a private folder per lease; they are never under a public URL
and are served only by `views.document_download`, which checks the tenant's lease.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from .enums import ONE_PER_PERIOD_KINDS, ChunkStatus, DocumentKind, DocumentSource, RunKind, RunStatus


class Document(models.Model):
    """A document of a lease: avis d'échéance, bulletin de régularisation de charges or other.

    Staff see the lease, kind, period, where it came from and when the tenants were told. Tenants
    see, in « Mes documents », those issued since their lease went paperless.
    """

    lease = models.ForeignKey(
        "leases.Lease", verbose_name=_("bail"), on_delete=models.PROTECT, related_name="documents"
    )
    kind = models.CharField(_("type de document"), max_length=30, choices=DocumentKind.choices)
    period = models.DateField(
        _("période"),
        help_text=_("Premier jour du mois concerné (pour une régularisation : le mois d'émission)."),
    )
    title = models.CharField(
        _("intitulé"),
        max_length=150,
        help_text=_("Affiché au locataire, par exemple « Avis d'échéance novembre 2026 »."),
    )
    file = models.ForeignKey(
        "filer.File",
        verbose_name=_("fichier"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Fichier PDF, rangé dans le dossier privé du bail."),
    )
    source = models.CharField(_("origine"), max_length=20, choices=DocumentSource.choices)
    issued_at = models.DateTimeField(
        _("émis le"),
        default=timezone.now,
        help_text=_("Seuls les documents émis depuis la dématérialisation du bail sont montrés au locataire."),
    )
    created_at = models.DateTimeField(_("enregistré le"), auto_now_add=True)
    created_by = models.CharField(
        _("enregistré par"), max_length=150, help_text=_("Commande, tâche ou agent à l'origine du document.")
    )
    notified_at = models.DateTimeField(
        _("locataires prévenus le"), null=True, blank=True, help_text=_("Envoi de l'e-mail « document disponible ».")
    )

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-period", "-issued_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["lease", "kind", "period"],
                condition=models.Q(kind__in=ONE_PER_PERIOD_KINDS),
                name="document_one_per_lease_kind_period",
            )
        ]
        indexes = [models.Index(fields=["lease", "-issued_at"], name="document_lease_recent")]

    def __str__(self):
        return f"{self.lease} – {self.title}"

    @property
    def kind_enum(self) -> DocumentKind:
        return DocumentKind(self.kind)

    @property
    def period_label(self) -> str:
        return date_format(self.period, "F Y")

    @property
    def download_name(self) -> str:
        """A name that says what the file is once saved: avis-echeance-2026-11.pdf."""
        if self.kind == DocumentKind.OTHER:
            return f"{slugify(self.title) or 'document'}-{self.period:%Y-%m}.pdf"
        return f"{self.kind_enum.slug}-{self.period:%Y-%m}.pdf"


class DocumentRunQuerySet(models.QuerySet):
    def with_last_sign_of_life(self):
        """Annotated with the newest heartbeat of the run's chunks « en cours », else of any chunk."""
        running = models.Q(chunks__status=ChunkStatus.RUNNING)
        return self.annotate(
            last_sign_of_life=models.functions.Coalesce(
                models.Min("chunks__heartbeat_at", filter=running), models.Max("chunks__heartbeat_at")
            )
        )


class DocumentRun(models.Model):
    """One run of the notice generation or of the drop-folder import.

    Staff (Service client) see when it ran, what it created, what it skipped and every error.
    """

    kind = models.CharField(_("traitement"), max_length=20, choices=RunKind.choices)
    status = models.CharField(_("état"), max_length=20, choices=RunStatus.choices, default=RunStatus.RUNNING)
    period = models.DateField(_("période"), null=True, blank=True)
    started_at = models.DateTimeField(_("commencé le"), default=timezone.now)
    finished_at = models.DateTimeField(_("terminé le"), null=True, blank=True)
    created_count = models.PositiveIntegerField(_("documents créés"), default=0)
    skipped_count = models.PositiveIntegerField(
        _("déjà présents"), default=0, help_text=_("Documents qui existaient déjà : rien n'est créé deux fois.")
    )
    error_count = models.PositiveIntegerField(_("erreurs"), default=0)
    errors = models.JSONField(
        _("détail des erreurs"), default=list, blank=True, help_text=_("Un message par bail ou par fichier en erreur.")
    )
    triggered_by = models.CharField(_("lancé par"), max_length=150)

    objects = DocumentRunQuerySet.as_manager()

    class Meta:
        verbose_name = _("traitement de documents")
        verbose_name_plural = _("traitements de documents")
        ordering = ["-started_at"]
        permissions = [("retry_documentrun", _("Peut relancer une génération échouée ou bloquée"))]

    def __str__(self):
        return f"{self.get_kind_display()} – {timezone.localtime(self.started_at):%d/%m/%Y %H:%M}"

    @property
    def errors_text(self) -> str:
        return "\n".join(self.errors)

    @property
    def state(self) -> str:
        """The status staff read in the list: « Bloqué » for a run « en cours » whose workers are gone."""
        last = getattr(self, "last_sign_of_life", None)
        if self.status == RunStatus.RUNNING and last is not None:
            stale = timezone.now() - timedelta(seconds=settings.NOTICES_STUCK_AFTER_SECONDS)
            if last < stale:
                return str(_("Bloqué (aucun signe de vie depuis le %(when)s)")) % {
                    "when": f"{timezone.localtime(last):%d/%m/%Y %H:%M}"
                }
        return self.get_status_display()

    state.fget.short_description = _("état")


class DocumentRunChunk(models.Model):
    """One batch of leases of a notice generation, generated by one background task.

    A chunk is claimed by the worker that runs it (status « En cours », `heartbeat_at` moved after
    each notice); a chunk whose heartbeat stops (worker killed) is claimed again by the resume
    schedule. Generating a notice twice is impossible (one per lease and month), so running a
    chunk again only does what is missing.
    """

    run = models.ForeignKey(DocumentRun, verbose_name=_("traitement"), on_delete=models.CASCADE, related_name="chunks")
    number = models.PositiveIntegerField(_("lot n°"))
    lease_ids = models.JSONField(_("baux"), default=list)
    status = models.CharField(_("état"), max_length=20, choices=ChunkStatus.choices, default=ChunkStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    started_at = models.DateTimeField(_("commencé le"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("dernier signe de vie"), null=True, blank=True)
    worker = models.CharField(
        _("processus"), max_length=100, blank=True, help_text=_("Machine et numéro du processus qui a pris le lot.")
    )
    finished_at = models.DateTimeField(_("terminé le"), null=True, blank=True)
    created_count = models.PositiveIntegerField(_("documents créés"), default=0)
    skipped_count = models.PositiveIntegerField(_("déjà présents"), default=0)
    error_count = models.PositiveIntegerField(_("erreurs"), default=0)
    errors = models.JSONField(_("détail des erreurs"), default=list, blank=True)

    class Meta:
        verbose_name = _("lot de baux")
        verbose_name_plural = _("lots de baux")
        ordering = ["run", "number"]
        constraints = [models.UniqueConstraint(fields=["run", "number"], name="document_run_chunk_once")]
        indexes = [models.Index(fields=["status", "heartbeat_at"], name="document_chunk_status")]

    def __str__(self):
        return f"{self.run} – lot {self.number}"
