"""E-mails about requests: the receipt after saving, and every step the tenants should know about."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from portal.accounts.models import User
from portal.core.models import SiteSettings

from .enums import EventKind
from .models import RequestEvent, TenantRequest


def _lease_tenant_emails(tenant_request: TenantRequest) -> list[str]:
    """Every signatory of the lease with an active account."""
    return sorted(
        User.objects.filter(signatory__lease=tenant_request.lease_id, is_active=True).values_list("email", flat=True)
    )


def _send(*, subject: str, template: str, context: dict, to: list[str]) -> None:
    if not to:
        return
    site = SiteSettings.load()
    context = {
        **context,
        "landlord_name": site.landlord_name,
        "support_email": site.support_email,
    }
    body = render_to_string(template, context)
    message = EmailMultiAlternatives(subject=subject, body=body, to=to, reply_to=[site.support_email])
    message.send()


def _detail_url(tenant_request: TenantRequest) -> str:
    return settings.PORTAL_BASE_URL + reverse("requests:detail", args=[tenant_request.pk])


def request_receipt_send(*, tenant_request: TenantRequest) -> None:
    """« Accusé de réception » to the author (and to the contact address given for this request)."""
    recipients = {tenant_request.contact_email.lower()}
    if tenant_request.author_id:
        recipients.add(tenant_request.author.email.lower())
    _send(
        subject=f"Votre demande {tenant_request.reference} a bien été envoyée",
        template="requests/emails/receipt.txt",
        context={"request": tenant_request, "url": _detail_url(tenant_request)},
        to=sorted(recipients),
    )


def request_update_send(*, event: RequestEvent) -> None:
    """A status change or a staff reply, to every tenant of the lease. Internal notes never leave."""
    if event.is_internal:
        return
    tenant_request = event.request
    if event.kind == EventKind.STAFF_REPLY:
        subject = f"Nouvelle réponse à votre demande {tenant_request.reference}"
    else:
        subject = f"Votre demande {tenant_request.reference} : {event.get_to_status_display().lower()}"
    _send(
        subject=subject,
        template="requests/emails/update.txt",
        context={"request": tenant_request, "event": event, "url": _detail_url(tenant_request)},
        to=_lease_tenant_emails(tenant_request),
    )
