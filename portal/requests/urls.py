from django.urls import path

from . import views

app_name = "requests"

urlpatterns = [
    path("", views.request_list, name="list"),
    path("nouvelle/", views.request_create, name="create"),
    path("<int:pk>/", views.request_detail, name="detail"),
    path("<int:pk>/envoyee/", views.request_confirmation, name="confirmation"),
    path("<int:pk>/modifier/", views.request_edit, name="edit"),
    path("<int:pk>/complement/", views.request_complement, name="complement"),
    path("<int:pk>/annuler/", views.request_cancel, name="cancel"),
    path("<int:pk>/avis/", views.request_rate, name="rate"),
    path("<int:pk>/rouvrir/", views.request_reopen, name="reopen"),
    path("pieces-jointes/<int:pk>/", views.attachment_download, name="attachment"),
    path("pieces-jointes/<int:pk>/vignette/", views.attachment_download, {"thumbnail": True}, name="thumbnail"),
    path("fichiers-en-attente/<int:pk>/", views.pending_thumbnail, name="pending"),
]
