from django.urls import path

from . import views

app_name = "surveys"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/foyer/", views.household, name="household"),
    path("<int:pk>/ressources/", views.resources, name="resources"),
    path("<int:pk>/envoi/", views.submit, name="submit"),
]
