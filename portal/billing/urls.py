from django.urls import path

from . import views, views_mandate

app_name = "billing"

urlpatterns = [
    path("", views.payments, name="payments"),
    path("payer/", views.online_payment_new, name="online_payment_new"),
    path("en-ligne/<str:reference>/", views.online_payment_return, name="online_payment_return"),
    path("en-ligne/<str:reference>/annule/", views.online_payment_cancel, name="online_payment_cancel"),
    path("rib/", views_mandate.mandate_details, name="mandate_details"),
    path("rib/mandat/", views_mandate.mandate_accept, name="mandate_accept"),
    path("rib/signature/", views_mandate.mandate_sign, name="mandate_sign"),
    path("rib/mandats/<str:rum>.pdf", views_mandate.mandate_pdf, name="mandate_pdf"),
]
