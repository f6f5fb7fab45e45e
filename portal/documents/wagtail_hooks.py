"""Staff screens of « Mes documents »: the documents of each lease (and filing one), and the runs."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from .forms import DocumentUploadForm
from .models import Document, DocumentRun


class DocumentViewSet(ModelViewSet):
    url_prefix = "documents/document"
    name = "documents_document"
    model = Document
    icon = "doc-full"
    menu_label = _("Documents des baux")
    copy_view_enabled = False
    inspect_view_enabled = True
    list_display = ["title", "lease", "kind", "period", "source", "issued_at", "notified_at"]
    list_filter = ["kind", "source"]
    search_fields = ["lease__tenant_number", "title"]
    inspect_view_fields = ["lease", "kind", "period", "title", "source", "issued_at", "created_by", "notified_at"]
    edit_handler = ObjectList(
        [
            FieldPanel("tenant_number"),
            FieldPanel("kind"),
            FieldPanel("period"),
            FieldPanel("title"),
            FieldPanel("upload"),
        ],
        base_form_class=DocumentUploadForm,
    )


class DocumentRunViewSet(ModelViewSet):
    url_prefix = "documents/run"
    name = "documents_run"
    model = DocumentRun
    icon = "history"
    menu_label = _("Générations et imports")
    copy_view_enabled = False
    inspect_view_enabled = True
    list_display = ["__str__", "status", "period", "created_count", "skipped_count", "error_count", "triggered_by"]
    list_filter = ["kind", "status"]
    inspect_view_fields = [
        "kind",
        "status",
        "period",
        "started_at",
        "finished_at",
        "created_count",
        "skipped_count",
        "error_count",
        "errors_text",
        "triggered_by",
    ]
    form_fields = ["kind"]


class DocumentsViewSetGroup(ViewSetGroup):
    menu_label = _("Documents")
    menu_icon = "doc-full"
    menu_order = 250
    items = (DocumentViewSet, DocumentRunViewSet)


@hooks.register("register_admin_viewset")
def register_viewsets():
    return DocumentsViewSetGroup()
