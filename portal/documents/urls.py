from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("", views.document_list, name="list"),
    path("<int:document_id>/telecharger/", views.document_download, name="download"),
    path("quittances/<str:period>/", views.receipt_download, name="receipt"),
    path("attestation-paiement-a-jour/", views.certificate_download, name="certificate"),
]
