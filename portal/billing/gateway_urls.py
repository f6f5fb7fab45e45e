"""Payment provider endpoints, outside the tenant space: Stripe's webhook and the demo page."""

from django.urls import path

from . import views

app_name = "payment_gateway"

urlpatterns = [
    path("stripe/webhook/", views.stripe_webhook, name="stripe_webhook"),
    path("demonstration/<str:reference>/", views.demo_checkout, name="demo_checkout"),
]
