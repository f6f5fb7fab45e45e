"""/api/v1/: the tenant space for the landlord's mobile apps, on the web's services and rules."""

import logging

from django.forms import Field
from django.http import Http404
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError

from .errors import ApiError
from .routers import account, auth, billing, documents, dossier, mandates, requests
from .security import DeviceBearer, rate_limits

logger = logging.getLogger(__name__)

DESCRIPTION = """
L'espace locataire pour les applications mobiles du bailleur : les mêmes règles et les mêmes
messages que le site.

**Connexion.** `POST /api/v1/auth/token` avec l'identifiant (e-mail) et le mot de passe du site
donne un jeton d'accès (15 minutes) et un jeton de rafraîchissement (30 jours, à usage unique :
`POST /api/v1/auth/refresh` en donne une nouvelle paire). Chaque appel porte
`Authorization: Bearer <access_token>`. Après 5 mots de passe erronés l'identifiant est bloqué
15 minutes, comme sur le site. Changer de mot de passe ou se désinscrire déconnecte tous les
appareils ; « Modifier mes accès » les liste.

**Erreurs.** Toujours du JSON : `{"code": "...", "message": "...", "fields": {"champ": ["..."]}}`,
messages en français. Codes : `validation_error` (400), `invalid_credentials`, `inactive_account`, `invalid_token`,
`unauthorized` (401), `not_found` (404 : aussi pour ce qui appartient à un autre bail),
`not_allowed` (409), `locked_out`, `rate_limited` (429, avec `Retry-After` en secondes),
`payment_unavailable` (503).

**Limites.** Par jeton et par adresse IP, par minute ; au-delà : 429 et `Retry-After`.

**Dates.** ISO 8601 : `2026-11-29` ; instants avec leur décalage, `2026-11-29T14:05:00+01:00`.
**Montants.** Chaînes en euros à deux décimales, `"125.50"` ; positif : dû par le locataire.
**Pagination.** `?page=1&page_size=20` (100 au plus) ; réponse
`{"items": [...], "count": ..., "page": ..., "pages": ..., "page_size": ...}`.

Les pages publiques (FAQ, livret locataire) sont servies par l'API de Wagtail : `/api/cms/pages/`.
"""

api = NinjaAPI(
    title="Portail locataire – API des applications mobiles",
    version="1.0.0",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    auth=DeviceBearer(),
    throttle=rate_limits(),
    docs=Swagger(settings={"persistAuthorization": False, "tryItOutEnabled": False}),
    docs_url="/docs",
    openapi_url="/openapi.json",
)

for module in (auth, account, billing, mandates, documents, requests, dossier):
    api.add_router("/", module.router)


def _error(request, status: int, code: str, message: str, fields=None, headers=None):
    response = api.create_response(request, {"code": code, "message": message, "fields": fields or {}}, status=status)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


@api.exception_handler(ApiError)
def api_error(request, exc: ApiError):
    return _error(request, exc.status_code, exc.code, exc.message, exc.fields)


@api.exception_handler(AuthenticationError)
def unauthorized(request, exc):
    return _error(
        request,
        401,
        "unauthorized",
        _("Connectez-vous : le jeton d'accès est absent, expiré ou révoqué."),
        headers={"WWW-Authenticate": "Bearer"},
    )


@api.exception_handler(Throttled)
def throttled(request, exc: Throttled):
    headers = {"Retry-After": str(exc.wait)} if exc.wait else {}
    return _error(
        request, 429, "rate_limited", _("Trop de requêtes : réessayez dans quelques instants."), headers=headers
    )


@api.exception_handler(Http404)
def not_found(request, exc):
    return _error(request, 404, "not_found", _("Cette ressource n'existe pas ou ne vous est pas accessible."))


REQUIRED = {"missing", "string_too_short"}


@api.exception_handler(NinjaValidationError)
def invalid_input(request, exc: NinjaValidationError):
    """Input that does not even match the schema (a text for a number, a field missing)."""
    fields: dict[str, list[str]] = {}
    for error in exc.errors:
        location = [
            str(part) for part in error.get("loc", ()) if part not in ("body", "payload", "query", "form", "path")
        ]
        name = location[-1] if location else "__all__"
        # The web forms' own wording for a missing field.
        message = (
            str(Field.default_error_messages["required"]) if error.get("type") in REQUIRED else _("Valeur invalide.")
        )
        fields.setdefault(name, []).append(message)
    return _error(request, 400, "validation_error", _("Certaines informations sont à corriger."), fields)


@api.exception_handler(MultiPartParserError)
def unreadable_body(request, exc):
    return _error(request, 400, "validation_error", _("Le contenu envoyé est illisible (multipart mal formé)."))


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    return _error(request, exc.status_code, "error", str(exc))


@api.exception_handler(Exception)
def server_error(request, exc):
    logger.exception("API error on %s", request.path)
    return _error(request, 500, "server_error", _("Une erreur est survenue de notre côté. Réessayez plus tard."))
