"""E-mails of the tenant file: a refused change (with its reason) and insurance reminders."""

from datetime import date

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.accounts.models import User
from portal.core.models import SiteSettings
from portal.leases.models import Lease

from .models import ChangeRequest, InsuranceReminder


def lease_tenant_emails(*, lease: Lease) -> list[str]:
    """The address of every signatory of the lease: their account's, else the one the landlord knows."""
    emails = set(User.objects.filter(signatory__lease=lease, is_active=True).values_list("email", flat=True))
    for signatory in lease.signatories.filter(user__isnull=True).exclude(email=""):
        emails.add(signatory.email)
    return sorted(email.lower() for email in emails)


def _send(*, subject: str, template: str, context: dict, to: list[str]) -> None:
    if not to:
        return
    site = SiteSettings.load()
    body = render_to_string(
        template,
        {
            **context,
            "landlord_name": site.landlord_name,
            "support_email": site.support_email,
            "dossier_url": settings.PORTAL_BASE_URL + reverse("dossier:index"),
        },
    )
    EmailMessage(subject=subject, body=body, to=to, reply_to=[site.support_email]).send()


def change_request_refused_send(*, change_request: ChangeRequest) -> None:
    to = [change_request.author.email] if change_request.author_id else lease_tenant_emails(lease=change_request.lease)
    _send(
        subject=_("Votre modification de dossier n'a pas pu être prise en compte"),
        template="dossier/emails/change_refused.txt",
        context={"change_request": change_request},
        to=to,
    )


def insurance_reminder_send(*, reminder: InsuranceReminder, today: date | None = None) -> None:
    """Worded for `today`, the day of the daily run in the landlord's time zone: a reminder sent
    late (the job did not run on the day) says the policy has expired, not that it expires today."""
    insurance = reminder.insurance
    today = today or timezone.localdate()
    if reminder.kind == "before_expiry" and insurance.valid_until > today:
        subject = _("Votre assurance habitation arrive à échéance")
    elif insurance.valid_until == today:
        subject = _("Votre assurance habitation expire aujourd'hui")
    else:
        subject = _("Votre assurance habitation a expiré")
    _send(
        subject=subject,
        template="dossier/emails/insurance_reminder.txt",
        context={"reminder": reminder, "insurance": insurance, "lease": insurance.lease, "today": today},
        to=lease_tenant_emails(lease=insurance.lease),
    )
