from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.widgets.button import Button

from . import urls
from .policy import user_is_enrolled


@hooks.register("register_admin_urls")
def register_second_factor_urls():
    return [path("second-facteur/", include(urls, namespace="secondfactor"))]


@hooks.register("register_account_menu_item")
def second_factor_account_item(request):
    return {
        "url": reverse("secondfactor:manage"),
        "label": gettext_lazy("Second facteur"),
        "help_text": gettext_lazy(
            "Application d'authentification, clés d'accès et codes de secours demandés après le mot de passe."
        ),
    }


@hooks.register("register_user_listing_buttons")
def second_factor_reset_button(user, request_user):
    if request_user.is_superuser and user_is_enrolled(user):
        return [
            Button(
                gettext_lazy("Réinitialiser le second facteur"),
                url=reverse("secondfactor:reset", args=[user.pk]),
                priority=60,
            )
        ]
    return []


@hooks.register("register_log_actions")
def register_second_factor_log_actions(actions):
    actions.register_action(
        "secondfactor.reset", gettext_lazy("Second facteur réinitialisé"), gettext_lazy("Second facteur réinitialisé")
    )
