"""Staff screens for the landlord's records, in the Wagtail admin."""

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.admin.views import generic
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.usage import UsageView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from .models import Agency, HouseholdMember, Lease, Residence, Signatory, StaffContact, Unit
from .selectors import staff_agency_filter


class AgencyScopedViewMixin:
    """A staff member sees (and opens) only their agency's records, like the requests."""

    agency_path = ""

    def _scope(self):
        return staff_agency_filter(user=self.request.user, agency_path=self.agency_path)

    def get_base_queryset(self):
        return super().get_base_queryset().filter(self._scope())

    def get_object(self, *args, **kwargs):
        instance = super().get_object(*args, **kwargs)
        if not type(instance)._default_manager.filter(self._scope(), pk=instance.pk).exists():
            raise Http404
        return instance


def _scoped(view_class):
    return type(f"AgencyScoped{view_class.__name__}", (AgencyScopedViewMixin, view_class), {})


class AgencyScopedViewSet(ModelViewSet):
    """Records that name tenants: listed and opened within the staff member's agency."""

    agency_path: str
    index_view_class = _scoped(generic.IndexView)
    edit_view_class = _scoped(generic.EditView)
    delete_view_class = _scoped(generic.DeleteView)
    inspect_view_class = _scoped(generic.InspectView)
    copy_view_class = _scoped(generic.CopyView)
    history_view_class = _scoped(HistoryView)
    usage_view_class = _scoped(UsageView)

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(agency_path=self.agency_path, **kwargs)


class AgencyViewSet(ModelViewSet):
    url_prefix = "leases/agency"
    name = "leases_agency"
    model = Agency
    icon = "home"
    menu_label = _("Agences")
    list_display = ["name", "phone", "email"]
    search_fields = ["name", "address"]
    form_fields = ["external_id", "name", "address", "phone", "email", "opening_hours"]


class ResidenceViewSet(ModelViewSet):
    url_prefix = "leases/residence"
    name = "leases_residence"
    model = Residence
    icon = "site"
    menu_label = _("Résidences")
    list_display = ["name", "city", "agency"]
    list_filter = ["agency"]
    search_fields = ["name", "city", "address"]
    form_fields = ["external_id", "name", "address", "postcode", "city", "agency"]


class UnitViewSet(ModelViewSet):
    url_prefix = "leases/unit"
    name = "leases_unit"
    model = Unit
    icon = "doc-empty"
    menu_label = _("Lots")
    list_display = ["reference", "kind", "residence"]
    list_filter = ["kind", "residence__agency"]
    search_fields = ["reference", "address", "residence__name"]
    form_fields = ["external_id", "residence", "kind", "reference", "address"]


class LeaseViewSet(AgencyScopedViewSet):
    url_prefix = "leases/lease"
    name = "leases_lease"
    model = Lease
    agency_path = "residence__agency"
    icon = "clipboard-list"
    menu_label = _("Baux")
    list_display = ["tenant_number", "residence", "start_date", "paperless_since"]
    list_filter = ["residence__agency", "residence"]
    search_fields = ["tenant_number", "signatories__last_name", "signatories__first_name"]
    panels = [
        FieldPanel("external_id"),
        FieldPanel("tenant_number"),
        FieldPanel("residence"),
        FieldPanel("units"),
        FieldPanel("start_date"),
        FieldPanel("end_date"),
        FieldPanel("paperless_since", read_only=True),
        FieldPanel("paperless_until", read_only=True),
    ]


class SignatoryViewSet(AgencyScopedViewSet):
    url_prefix = "leases/signatory"
    name = "leases_signatory"
    model = Signatory
    agency_path = "lease__residence__agency"
    icon = "user"
    menu_label = _("Signataires")
    list_display = ["last_name", "first_name", "lease", "email"]
    list_filter = ["lease__residence__agency"]
    search_fields = ["last_name", "first_name", "email", "lease__tenant_number"]
    form_fields = ["external_id", "lease", "last_name", "first_name", "birth_date", "email", "phone", "mobile_phone"]


class HouseholdMemberViewSet(AgencyScopedViewSet):
    url_prefix = "leases/householdmember"
    name = "leases_householdmember"
    model = HouseholdMember
    agency_path = "lease__residence__agency"
    icon = "group"
    menu_label = _("Occupants")
    list_display = ["last_name", "first_name", "relationship", "lease"]
    search_fields = ["last_name", "first_name", "lease__tenant_number"]
    form_fields = ["external_id", "lease", "last_name", "first_name", "birth_date", "relationship"]


class StaffContactViewSet(ModelViewSet):
    url_prefix = "leases/staffcontact"
    name = "leases_staffcontact"
    model = StaffContact
    icon = "group"
    menu_label = _("Interlocuteurs")
    list_display = ["last_name", "first_name", "role", "agency", "phone"]
    list_filter = ["role", "agency"]
    search_fields = ["last_name", "first_name", "email"]
    form_fields = [
        "external_id",
        "role",
        "last_name",
        "first_name",
        "phone",
        "email",
        "address",
        "agency",
        "residences",
    ]


class LeasesViewSetGroup(ViewSetGroup):
    menu_label = _("Patrimoine")
    menu_icon = "home"
    menu_order = 200
    items = (
        AgencyViewSet,
        ResidenceViewSet,
        UnitViewSet,
        LeaseViewSet,
        SignatoryViewSet,
        HouseholdMemberViewSet,
        StaffContactViewSet,
    )


@hooks.register("register_admin_viewset")
def register_viewsets():
    return LeasesViewSetGroup()
