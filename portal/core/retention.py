"""How long the portal keeps what it keeps, read from the settings that the purges use.

The privacy page (« Données personnelles », faq.blocks.RetentionPeriodsBlock) lists these periods,
so that it always says what the schedules do; each period names the job of config/schedules.py
that enforces it.
"""

from dataclasses import dataclass
from datetime import timedelta
from importlib import import_module

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


@dataclass(frozen=True)
class RetentionPeriod:
    what: str
    duration: str
    schedule: str  # the name of the job in config/schedules.py


def _hours(count: int) -> str:
    if count % 24 == 0:
        return _days(count // 24)
    return ngettext("%(count)d heure", "%(count)d heures", count) % {"count": count}


def _days(count: int) -> str:
    return ngettext("%(count)d jour", "%(count)d jours", count) % {"count": count}


def _timedelta_hours(value: timedelta) -> int:
    return int(value.total_seconds() // 3600)


def retention_periods() -> list[RetentionPeriod]:
    return [
        RetentionPeriod(
            _("Fichiers joints à un formulaire jamais envoyé"),
            _hours(_timedelta_hours(settings.PENDING_UPLOAD_MAX_AGE)),
            "fichiers en attente: purge",
        ),
        RetentionPeriod(
            _("Fichiers d'échange avec notre logiciel de gestion (coordonnées bancaires, noms)"),
            _("%(duration)s après leur transfert") % {"duration": _hours(settings.ERP_FILE_RETENTION_HOURS)},
            "erp: purge des fichiers d'échange",
        ),
        RetentionPeriod(
            _("Avis d'imposition joints aux enquêtes SLS et OPS"),
            _("%(duration)s après la clôture de l'enquête")
            % {"duration": _days(settings.SURVEY_TAX_DOCUMENTS_RETENTION_DAYS)},
            "surveys: rappels et purge des avis d'imposition",
        ),
        RetentionPeriod(
            _("Session de connexion (cookie de session)"),
            _("%(duration)s au plus") % {"duration": _hours(max(1, settings.SESSION_COOKIE_AGE // 3600))},
            "sessions expirées: purge",
        ),
        RetentionPeriod(
            _("Journal des essais de connexion (identifiant, adresse IP, navigateur)"),
            _days(settings.LOGIN_RECORDS_RETENTION_DAYS),
            "comptes: purge des journaux de connexion",
        ),
        RetentionPeriod(
            _("Historique de votre compte (inscription, changements d'accès, appareils)"),
            _days(settings.ACCOUNT_EVENTS_RETENTION_DAYS),
            "comptes: purge des journaux de connexion",
        ),
    ]


def sessions_purge() -> None:
    """Delete expired sessions (database sessions; the cache expires its own)."""
    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()
