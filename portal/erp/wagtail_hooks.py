"""Staff screens: the import and export runs, read only (Service client), and the dashboard panel
of the imports and document generations that failed."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic import InspectView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import ModelLogEntry
from wagtail.permissions import register_permission_policy

from portal.core.staff_screens import ReadOnlyPermissionPolicy
from portal.documents.selectors import failed_document_runs

from . import services
from .enums import RunStatus
from .models import ExportRun, ImportRun
from .selectors import failed_import_runs

RETRY_PERMISSION = "erp.retry_importrun"

register_permission_policy(ImportRun, ReadOnlyPermissionPolicy(ImportRun))
register_permission_policy(ExportRun, ReadOnlyPermissionPolicy(ExportRun))


class ImportRunInspectView(InspectView):
    """An import's counts and rejected lines, whether it is stuck, and « Relancer » for a failed or
    stuck import of the drop folder."""

    template_name = "erp/admin/import_run_inspect.html"

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm(RETRY_PERMISSION):
            raise PermissionDenied
        try:
            services.erp_import_retry(run_id=self.object.pk, user=request.user)
        except services.ImportNotRetryable as error:
            messages.warning(request, str(error))
        else:
            messages.success(
                request,
                _t("Import relancé : le fichier %(name)s est de nouveau dans le dossier de dépôt.")
                % {"name": self.object.file_name},
            )
        return redirect(request.path)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        run = self.object
        context.update(
            stuck=run.status == RunStatus.RUNNING and services.erp_imports_stuck().filter(pk=run.pk).exists(),
            can_retry=self.request.user.has_perm(RETRY_PERMISSION) and services.import_run_is_retryable(run),
            history=ModelLogEntry.objects.for_instance(run).select_related("user").order_by("timestamp", "pk"),
        )
        return context


class ImportRunViewSet(ModelViewSet):
    url_prefix = "erp/imports"
    name = "erp_importrun"
    model = ImportRun
    icon = "download"
    menu_label = _("Imports")
    inspect_view_enabled = True
    inspect_view_class = ImportRunInspectView
    copy_view_enabled = False
    exclude_form_fields = []
    list_display = [
        "started_at",
        "kind",
        "file_name",
        "status",
        "created_count",
        "updated_count",
        "unchanged_count",
        "error_count",
    ]
    list_filter = ["kind", "status"]
    search_fields = ["file_name"]
    inspect_view_fields = [
        "kind",
        "file_name",
        "source",
        "status",
        "started_at",
        "finished_at",
        "created_count",
        "updated_count",
        "unchanged_count",
        "error_count",
        "apply_good_lines",
        "message",
        "error_lines",
    ]


class ExportRunViewSet(ModelViewSet):
    url_prefix = "erp/exports"
    name = "erp_exportrun"
    model = ExportRun
    icon = "upload"
    menu_label = _("Exports")
    inspect_view_enabled = True
    copy_view_enabled = False
    exclude_form_fields = []
    list_display = ["__str__", "started_at", "finished_at", "item_count", "source"]
    inspect_view_fields = ["started_at", "finished_at", "source", "item_count", "files"]


class ErpViewSetGroup(ViewSetGroup):
    menu_label = _("Progiciel")
    menu_icon = "resubmit"
    menu_order = 900
    items = (ImportRunViewSet, ExportRunViewSet)


@hooks.register("register_admin_viewset")
def register_viewsets():
    return ErpViewSetGroup()


IMPORT_VIEW_PERMISSION = "erp.view_importrun"
DOCUMENT_RUN_VIEW_PERMISSION = "documents.view_documentrun"
PANEL_SIZE = 5


class FailedRunsPanel(Component):
    """Dashboard panel « Traitements en échec »: ERP imports and document generations or imports
    that failed and were not run again successfully, oldest first, each linked to its detail."""

    name = "traitements_en_echec"
    order = 80
    template_name = "erp/admin/failed_runs_panel.html"

    def __init__(self, *, show_imports: bool, show_documents: bool):
        self.show_imports = show_imports
        self.show_documents = show_documents

    def get_context_data(self, parent_context):
        imports = failed_import_runs() if self.show_imports else ImportRun.objects.none()
        documents = failed_document_runs() if self.show_documents else None
        return {
            "show_imports": self.show_imports,
            "show_documents": self.show_documents,
            "import_count": imports.count(),
            "imports": list(imports[:PANEL_SIZE]),
            "document_count": documents.count() if documents is not None else 0,
            "documents": list(documents[:PANEL_SIZE]) if documents is not None else [],
        }


@hooks.register("construct_homepage_panels")
def failed_runs_panel(request, panels):
    show_imports = request.user.has_perm(IMPORT_VIEW_PERMISSION)
    show_documents = request.user.has_perm(DOCUMENT_RUN_VIEW_PERMISSION)
    if show_imports or show_documents:
        panels.append(FailedRunsPanel(show_imports=show_imports, show_documents=show_documents))


@hooks.register("register_log_actions")
def register_erp_log_actions(actions):
    actions.register_action("erp.import_retried", _("Import relancé"), _("Relancé"))
