from csp.middleware import CSPMiddleware
from django.conf import settings

from portal.core.typography import french_spacing_html


class SecurityHeadersMiddleware:
    """Adds the headers Django has no setting for (Permissions-Policy)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class PortalCSPMiddleware(CSPMiddleware):
    """Strict CSP everywhere; the staff admins get inline styles and scripts, which they need.

    Tenants and visitors never load an admin page, so their pages keep the strict policy.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path_info.startswith(settings.CONTENT_SECURITY_POLICY_ADMIN_PREFIXES):
            parts.update = {
                "script-src": ["'self'", "'unsafe-inline'"],
                "style-src": ["'self'", "'unsafe-inline'"],
                "img-src": ["'self'", "data:", "blob:"],
                "frame-ancestors": ["'self'"],
            }
        return parts


class FrenchTypographyMiddleware:
    """Non-breaking spaces of French typography in every public and tenant page (portal.core.typography).

    The staff admins are left alone: their pages are built by Wagtail's and Django's own scripts.
    Pages from the caches of portal.core.cache were set once before being stored (`typography_done`).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            not response.streaming
            and not getattr(response, "typography_done", False)
            and response.get("Content-Type", "").startswith("text/html")
            and not request.path_info.startswith(settings.CONTENT_SECURITY_POLICY_ADMIN_PREFIXES)
            and response.content
        ):
            charset = response.charset
            response.content = french_spacing_html(response.content.decode(charset)).encode(charset)
            if response.has_header("Content-Length"):
                response["Content-Length"] = str(len(response.content))
        return response
