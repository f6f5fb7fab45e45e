"""Staff screens: the import and export runs, read only (Service client)."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from portal.core.staff_screens import ReadOnlyPermissionPolicy

from .models import ExportRun, ImportRun

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
