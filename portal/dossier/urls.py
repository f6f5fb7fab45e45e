from django.urls import path
from django.views.generic import TemplateView

from portal.accounts.decorators import tenant_required

app_name = "dossier"

urlpatterns = [
    path("", tenant_required(TemplateView.as_view(template_name="dossier/index.html")), name="index"),
]
