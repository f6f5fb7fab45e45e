from django.urls import path
from django.views.generic import TemplateView

from portal.accounts.decorators import tenant_required

from . import views

app_name = "leases"

urlpatterns = [
    path("", views.space_home, name="space_home"),
    path("contacts/", tenant_required(TemplateView.as_view(template_name="leases/contacts.html")), name="contacts"),
]
