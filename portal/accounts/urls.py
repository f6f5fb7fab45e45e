from django.contrib.auth import views as auth_views
from django.urls import path
from django.views.generic import TemplateView

from portal.accounts.decorators import tenant_required

from . import views

app_name = "accounts"

urlpatterns = [
    path("connexion/", views.LoginView.as_view(), name="login"),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="logout"),
    path("inscription/", TemplateView.as_view(template_name="accounts/signup.html"), name="signup"),
    path("acces/", tenant_required(TemplateView.as_view(template_name="accounts/access.html")), name="access"),
]

urlpatterns += [
    path(
        "mot-de-passe-oublie/",
        auth_views.PasswordResetView.as_view(template_name="accounts/signup.html"),
        name="password_reset",
    ),
]
