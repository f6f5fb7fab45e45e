from django.urls import path

from . import views

app_name = "space"

urlpatterns = [
    path("", views.home, name="home"),
    path("mes-donnees/", views.personal_data_download, name="personal_data"),
]
