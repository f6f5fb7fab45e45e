"""Staff screens for requests in the Wagtail admin: the work queue, categories, staff agencies."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from portal.core.staff_screens import HistoryView

from . import selectors
from .admin_views import RequestFilterSet, RequestIndexView, RequestProcessView, staff_attachment
from .enums import EventKind
from .models import RequestCategory, StaffProfile, TenantRequest


class RequestViewSet(ModelViewSet):
    """« Demandes des locataires »: staff only view and process; no one creates or edits them raw."""

    model = TenantRequest
    icon = "mail"
    menu_label = _("Demandes des locataires")
    name = "tenant_requests"
    url_prefix = "demandes"
    index_view_class = RequestIndexView
    inspect_view_class = RequestProcessView
    inspect_view_enabled = True
    history_view_class = HistoryView
    copy_view_enabled = False
    index_template_name = "requests/admin/request_index.html"
    list_display = [
        "reference",
        "category",
        "status",
        "lease",
        Column(
            "assigned_to",
            label=_("Attribuée à"),
            accessor=lambda tenant_request: (
                tenant_request.assigned_to.get_full_name() if tenant_request.assigned_to else ""
            ),
        ),
        "created_at",
        "updated_at",
    ]
    filterset_class = RequestFilterSet
    search_fields = ["reference", "lease__tenant_number"]
    ordering = ["-created_at"]
    form_fields = ["status"]


class RequestCategoryViewSet(ModelViewSet):
    model = RequestCategory
    icon = "list-ul"
    menu_label = _("Catégories de demande")
    list_display = ["__str__", "tenant_responsibility", "position", "is_active"]
    list_filter = ["parent", "tenant_responsibility", "is_active"]
    search_fields = ["name"]
    form_fields = ["name", "parent", "tenant_responsibility", "notice", "position", "is_active"]


class StaffProfileViewSet(ModelViewSet):
    model = StaffProfile
    icon = "user"
    menu_label = _("Agences du personnel")
    list_display = ["user", "agency"]
    list_filter = ["agency"]
    search_fields = ["user__email", "user__last_name"]
    form_fields = ["user", "agency"]


class RequestsViewSetGroup(ViewSetGroup):
    menu_label = _("Demandes")
    menu_icon = "mail"
    menu_order = 150
    items = (RequestViewSet, RequestCategoryViewSet, StaffProfileViewSet)


@hooks.register("register_admin_viewset")
def register_viewsets():
    return RequestsViewSetGroup()


@hooks.register("register_admin_urls")
def register_attachment_urls():
    return [
        path("demandes/pieces-jointes/<int:pk>/", staff_attachment, name="tenant_requests_attachment"),
        path(
            "demandes/pieces-jointes/<int:pk>/vignette/",
            staff_attachment,
            {"thumbnail": True},
            name="tenant_requests_thumbnail",
        ),
    ]


@hooks.register("register_log_actions")
def register_request_log_actions(actions):
    # Staff steps of a request, in its History in the admin.
    for kind in EventKind:
        actions.register_action(f"tenant_requests.{kind.value}", kind.label, kind.label)


class WorkQueuePanel(Component):
    """Dashboard panel of staff who handle requests: open requests by status, those given to them
    and the oldest waiting, each linked to the work queue."""

    name = "demandes_a_traiter"
    order = 50
    template_name = "requests/admin/work_queue_panel.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        return {"queue": selectors.staff_work_queue(user=self.user), "user_id": self.user.pk}


@hooks.register("construct_homepage_panels")
def work_queue_panel(request, panels):
    if request.user.has_perm("tenant_requests.process_request"):
        panels.append(WorkQueuePanel(request.user))
