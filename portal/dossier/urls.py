from django.urls import path

from . import views
from .enums import ChangeKind

app_name = "dossier"

urlpatterns = [
    path("", views.index, name="index"),
    path("coordonnees/modifier/", views.edit, {"kind": ChangeKind.CONTACT}, name="contact_edit"),
    path("coordonnees/verifier/", views.review, {"kind": ChangeKind.CONTACT}, name="contact_review"),
    path("foyer/ajouter/", views.edit, {"kind": ChangeKind.HOUSEHOLD_ADD}, name="member_add"),
    path("foyer/ajouter/verifier/", views.review, {"kind": ChangeKind.HOUSEHOLD_ADD}, name="member_add_review"),
    path("foyer/<int:member_id>/modifier/", views.edit, {"kind": ChangeKind.HOUSEHOLD_CHANGE}, name="member_edit"),
    path(
        "foyer/<int:member_id>/verifier/",
        views.review,
        {"kind": ChangeKind.HOUSEHOLD_CHANGE},
        name="member_edit_review",
    ),
    path("foyer/<int:member_id>/retirer/", views.member_remove, name="member_remove"),
    path("assurance/modifier/", views.edit, {"kind": ChangeKind.INSURANCE}, name="insurance_edit"),
    path("assurance/verifier/", views.review, {"kind": ChangeKind.INSURANCE}, name="insurance_review"),
    path("assurance/attestation/", views.insurance_certificate, name="insurance_certificate"),
    path("modifications/<int:pk>/justificatif/", views.change_request_certificate, name="change_request_certificate"),
]
