from django.urls import path

from . import views

app_name = "faq"

urlpatterns = [path("avis/", views.helpfulness_vote, name="helpfulness_vote")]
