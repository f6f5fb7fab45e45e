"""Registers the « Enquêtes » menu: campaigns, responses, resource ceilings (views in admin_views.py)."""

from django.urls import path
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from portal.core.staff_screens import HistoryView, ReadOnlyPermissionPolicy

from .admin_views import (
    CampaignFollowUpView,
    ResponseDetailView,
    ResponseFilterSet,
    ResponseIndexView,
    tax_document_view,
    unanswered_csv,
)
from .enums import EventKind
from .forms import CampaignForm
from .models import Campaign, ResourceCeiling, Response

# A response moves only through its services (the tenant's steps, complément, acceptance), never
# edited by hand in the admin, superusers included.
register_permission_policy(Response, ReadOnlyPermissionPolicy(Response))


class CampaignViewSet(ModelViewSet):
    model = Campaign
    name = "survey_campaigns"
    url_prefix = "enquetes/campagnes"
    icon = "list-ul"
    menu_label = gettext_lazy("Campagnes")
    edit_handler = ObjectList(
        [
            FieldPanel("kind"),
            FieldPanel("year"),
            FieldPanel("tax_year"),
            FieldPanel("household_on"),
            FieldPanel("opens_on"),
            FieldPanel("closes_on"),
            FieldPanel("zone"),
            FieldPanel("scope"),
            FieldPanel("agencies"),
            FieldPanel("residences"),
            FieldPanel("lease_file"),
            FieldPanel("intro"),
        ],
        base_form_class=CampaignForm,
    )
    list_display = ["title", "opens_on", "closes_on", "launched_at"]
    inspect_view_enabled = True
    inspect_view_class = CampaignFollowUpView
    copy_view_enabled = False

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(), path("<int:pk>/sans-reponse.csv", unanswered_csv, name="unanswered")]


class ResponseViewSet(ModelViewSet):
    model = Response
    name = "survey_responses"
    url_prefix = "enquetes/reponses"
    icon = "form"
    menu_label = gettext_lazy("Réponses")
    index_view_class = ResponseIndexView
    inspect_view_class = ResponseDetailView
    inspect_view_enabled = True
    history_view_class = HistoryView
    add_view_enabled = False
    copy_view_enabled = False
    list_display = ["__str__", "lease__residence", "status", "submitted_at"]
    filterset_class = ResponseFilterSet
    search_fields = ["lease__tenant_number", "lease__signatories__last_name"]
    form_fields = ["status"]

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(), path("avis/<int:pk>/", tax_document_view, name="tax_document")]


class ResourceCeilingViewSet(ModelViewSet):
    model = ResourceCeiling
    name = "survey_ceilings"
    url_prefix = "enquetes/plafonds"
    icon = "table"
    menu_label = gettext_lazy("Plafonds de ressources")
    list_display = ["year", "zone", "category_1", "category_6", "extra_person"]
    list_filter = ["year", "zone"]
    form_fields = [
        "year",
        "zone",
        "category_1",
        "category_2",
        "category_3",
        "category_4",
        "category_5",
        "category_6",
        "extra_person",
    ]


class SurveysViewSetGroup(ViewSetGroup):
    menu_label = gettext_lazy("Enquêtes")
    menu_icon = "list-ul"
    menu_order = 220
    items = (CampaignViewSet, ResponseViewSet, ResourceCeilingViewSet)


@hooks.register("register_admin_viewset")
def register_viewsets():
    return SurveysViewSetGroup()


@hooks.register("register_log_actions")
def register_survey_log_actions(actions):
    # Staff steps on a response, in its History in the admin.
    for kind in (EventKind.COMPLEMENT_REQUESTED, EventKind.ACCEPTED):
        actions.register_action(f"surveys.{kind.value}", kind.label, kind.label)
    actions.register_action("surveys.launched", EventKind.LAUNCHED.label, EventKind.LAUNCHED.label)
