from django.urls import path
from django.views.generic import TemplateView

from portal.accounts.decorators import tenant_required

app_name = "billing"

urlpatterns = [
    path("", tenant_required(TemplateView.as_view(template_name="billing/index.html")), name="payments"),
]
