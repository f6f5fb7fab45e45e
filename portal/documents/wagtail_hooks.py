"""Staff screens of « Mes documents »: the documents of each lease (and filing one), and the runs."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import ModelLogEntry

from . import services
from .forms import DocumentUploadForm
from .models import Document, DocumentRun

RETRY_PERMISSION = "documents.retry_documentrun"


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


class DocumentRunInspectView(InspectView):
    """A run's counts and errors, whether it is stuck, and « Relancer » for a failed or stuck run."""

    template_name = "documents/admin/run_inspect.html"

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm(RETRY_PERMISSION):
            raise PermissionDenied
        try:
            queued = services.notices_run_retry(run_id=self.object.pk, user=request.user)
        except services.RunNotRetryable as error:
            messages.warning(request, str(error))
        else:
            messages.success(
                request, _t("Traitement relancé : %(count)s lot(s) de baux remis dans la file.") % {"count": queued}
            )
        return redirect(request.path)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        run = self.object
        context.update(
            run=run,
            stuck=services.runs_stuck().filter(pk=run.pk).exists(),
            can_retry=self.request.user.has_perm(RETRY_PERMISSION) and services.run_is_retryable(run),
            history=ModelLogEntry.objects.for_instance(run).select_related("user").order_by("timestamp", "pk"),
        )
        return context


class DocumentRunIndexView(IndexView):
    def get_base_queryset(self):
        return DocumentRun.objects.with_last_sign_of_life()


class DocumentRunViewSet(ModelViewSet):
    url_prefix = "documents/run"
    name = "documents_run"
    model = DocumentRun
    icon = "history"
    menu_label = _("Générations et imports")
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_class = DocumentRunInspectView
    index_view_class = DocumentRunIndexView
    list_display = ["__str__", "state", "period", "created_count", "skipped_count", "error_count", "triggered_by"]
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


@hooks.register("register_log_actions")
def register_documents_log_actions(actions):
    actions.register_action("documents.run_retried", _("Traitement relancé"), _("Relancé"))
