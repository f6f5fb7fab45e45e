from django.urls import path

from . import views

app_name = "leases"

urlpatterns = [
    path("", views.space_home, name="space_home"),
    path("contacts/", views.contacts, name="contacts"),
]
