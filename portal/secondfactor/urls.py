from django.urls import path

from . import views

app_name = "secondfactor"

urlpatterns = [
    path("", views.manage, name="manage"),
    path("verifier/", views.verify, name="verify"),
    path("configurer/", views.setup, name="setup"),
    path("configurer/application/", views.setup_totp, name="setup_totp"),
    path("configurer/cle-ajoutee/", views.passkey_added, name="passkey_added"),
    path("codes-de-secours/", views.recovery_codes, name="recovery_codes"),
    path("reinitialiser/<int:user_id>/", views.reset, name="reset"),
]
