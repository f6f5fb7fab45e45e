"""E-mails of the surveys: the launch and the reminders, the acknowledgement, a complément asked."""

from datetime import datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from portal.accounts.models import User
from portal.core.models import SiteSettings

from .enums import NoticeKind
from .models import Campaign, Response


def _context(**context) -> dict:
    site = SiteSettings.load()
    return {
        **context,
        "landlord_name": site.landlord_name,
        "support_email": site.support_email,
        "survey_url": settings.PORTAL_BASE_URL + reverse("surveys:index"),
    }


def _lease_accounts(response: Response) -> list[str]:
    return list(
        User.objects.filter(signatory__lease=response.lease_id, is_active=True)
        .order_by("pk")
        .values_list("email", flat=True)
    )


def campaign_notice_send(*, campaign: Campaign, kind: NoticeKind, user: User) -> None:
    subjects = {
        NoticeKind.LAUNCH: _("%(campaign)s : répondez avant le %(date)s"),
        NoticeKind.REMINDER_15: _("Rappel – %(campaign)s : répondez avant le %(date)s"),
        NoticeKind.REMINDER_1: _("Dernier rappel – %(campaign)s : répondez avant demain soir, le %(date)s"),
    }
    subject = subjects[kind] % {"campaign": campaign.title, "date": f"{campaign.closes_on:%d/%m/%Y}"}
    body = render_to_string(
        "surveys/emails/campaign_notice.txt",
        _context(campaign=campaign, kind=kind, user=user, reminder=kind != NoticeKind.LAUNCH),
    )
    site = SiteSettings.load()
    EmailMessage(subject=subject, body=body, to=[user.email], reply_to=[site.support_email]).send()


def acknowledgement_send(*, response: Response, received_at: datetime, pdf: bytes) -> None:
    to = _lease_accounts(response)
    if not to:
        return
    campaign = response.campaign
    subject = _("Accusé de réception – %(campaign)s") % {"campaign": campaign.title}
    body = render_to_string(
        "surveys/emails/acknowledgement.txt", _context(response=response, campaign=campaign, received_at=received_at)
    )
    site = SiteSettings.load()
    message = EmailMessage(subject=subject, body=body, to=to, reply_to=[site.support_email])
    message.attach(
        f"accuse-reception-enquete-{campaign.kind}-{campaign.year}-{response.lease.tenant_number}.pdf",
        pdf,
        "application/pdf",
    )
    message.send()


def complement_request_send(*, response: Response) -> None:
    to = _lease_accounts(response)
    if not to:
        return
    subject = _("%(campaign)s : un complément est nécessaire") % {"campaign": response.campaign.title}
    body = render_to_string("surveys/emails/complement_request.txt", _context(response=response))
    site = SiteSettings.load()
    EmailMessage(subject=subject, body=body, to=to, reply_to=[site.support_email]).send()
