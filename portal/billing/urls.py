from django.urls import path

from . import views

app_name = "billing"

urlpatterns = [
    path("", views.payments, name="payments"),
    path("payer/", views.online_payment_new, name="online_payment_new"),
    path("en-ligne/<str:reference>/", views.online_payment_return, name="online_payment_return"),
    path("en-ligne/<str:reference>/annule/", views.online_payment_cancel, name="online_payment_cancel"),
]
