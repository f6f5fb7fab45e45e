from django.urls import path
from django.views.generic import TemplateView

from . import passkeys, views

app_name = "accounts"

urlpatterns = [
    path("connexion/", views.LoginView.as_view(), name="login"),
    path("deconnexion/", views.LogoutView.as_view(), name="logout"),
    path("connexion/debloquer/<str:token>/", views.login_unlock, name="login_unlock"),
    path("inscription/", views.signup, name="signup"),
    path("inscription/envoyee/", views.signup_sent, name="signup_sent"),
    path("inscription/nouveau-lien/", views.signup_resend, name="signup_resend"),
    path("inscription/confirmer/<str:token>/", views.signup_confirm, name="signup_confirm"),
    path("inscription/pas-moi/<str:token>/", views.not_me, name="not_me"),
    path("acces/", views.access, name="access"),
    path("acces/adresse/", views.access_email, name="access_email"),
    path("acces/mot-de-passe/", views.access_password, name="access_password"),
    path("acces/adresse/confirmer/<str:token>/", views.email_confirm, name="email_confirm"),
    path("acces/appareils/<int:device_id>/deconnecter/", views.device_disconnect, name="device_disconnect"),
    path("acces/appareils/deconnecter/", views.devices_disconnect, name="devices_disconnect"),
    path("desinscription/", views.unsubscribe, name="unsubscribe"),
    path("mot-de-passe-oublie/", views.password_reset, name="password_reset"),
    path(
        "mot-de-passe-oublie/envoye/",
        TemplateView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "mot-de-passe-oublie/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "mot-de-passe-oublie/termine/",
        TemplateView.as_view(template_name="accounts/password_reset_complete.html"),
        name="password_reset_complete",
    ),
]
urlpatterns += passkeys.urlpatterns
