"""Staff screens: the import and export runs, read only (Service client), and the dashboard panel
of the imports and document generations that failed."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from portal.core.staff_screens import ReadOnlyPermissionPolicy
from portal.documents.selectors import failed_document_runs

from .models import ExportRun, ImportRun
from .selectors import failed_import_runs

register_permission_policy(ImportRun, ReadOnlyPermissionPolicy(ImportRun))
register_permission_policy(ExportRun, ReadOnlyPermissionPolicy(ExportRun))


class ImportRunViewSet(ModelViewSet):
    url_prefix = "erp/imports"
    name = "erp_importrun"
    model = ImportRun
    icon = "download"
    menu_label = _("Imports")
    inspect_view_enabled = True
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
