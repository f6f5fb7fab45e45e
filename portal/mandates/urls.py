from django.urls import path

from . import views

app_name = "mandates"

# Included at /espace/paiements/rib/: the RIB change lives under « Mes paiements ».
urlpatterns = [
    path("", views.mandate_details, name="mandate_details"),
    path("mandat/", views.mandate_accept, name="mandate_accept"),
    path("signature/", views.mandate_sign, name="mandate_sign"),
    path("mandats/<str:rum>.pdf", views.mandate_pdf, name="mandate_pdf"),
]
