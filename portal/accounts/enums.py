from django.db import models
from django.utils.translation import gettext_lazy as _


class AccountEventKind(models.TextChoices):
    SIGNUP_REQUESTED = "signup_requested", _("Inscription demandée")
    SIGNUP_CONFIRMED = "signup_confirmed", _("Inscription confirmée")
    EMAIL_CHANGE_REQUESTED = "email_change_requested", _("Changement d'adresse demandé")
    EMAIL_CHANGED = "email_changed", _("Adresse e-mail modifiée")
    PASSWORD_CHANGED = "password_changed", _("Mot de passe modifié")
    PASSWORD_RESET = "password_reset", _("Mot de passe réinitialisé")
    UNSUBSCRIBED = "unsubscribed", _("Désinscription")
    PAPERLESS_STARTED = "paperless_started", _("Dématérialisation commencée")
    PAPERLESS_ENDED = "paperless_ended", _("Dématérialisation arrêtée")
    DEVICE_SIGNED_IN = "device_signed_in", _("Application connectée")
    DEVICE_SIGNED_OUT = "device_signed_out", _("Application déconnectée")
    DEVICES_SIGNED_OUT = "devices_signed_out", _("Toutes les applications déconnectées")
    DEVICE_TOKEN_REUSED = "device_token_reused", _("Jeton d'application réutilisé")
    LOGIN_UNLOCKED = "login_unlocked", _("Connexion débloquée par le lien reçu")
    SIGNUP_PENDING_KEPT = "signup_pending_kept", _("Inscription refusée : une autre est en attente")
    SUSPENDED_NOT_ME = "suspended_not_me", _("Compte suspendu : « ce n'était pas moi »")
