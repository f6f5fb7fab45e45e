"""Every e-mail goes through an outbox: nothing is lost when the mail server is down, nothing is sent twice.

EMAIL_BACKEND is `QueuedEmailBackend`: `send()` anywhere in the code stores the message (one
OutgoingEmail row per Message-ID) and queues its delivery after the commit. The delivery task sends
it with the real backend (EMAIL_DELIVERY_BACKEND, SMTP in production) under a row lock, and marks
it sent: a second delivery of the same row (a retry, a replayed task) finds it sent and does
nothing. When the server refuses, the row waits EMAIL_RETRY_BASE_SECONDS × 2^(attempts-1) (one
hour at most) and the minute schedule `outgoing_emails_retry` sends it again; after
EMAIL_MAX_ATTEMPTS it is « En échec » for staff, who can send it again from the admin. The same
schedule picks up a message whose task was never queued (broker down at that moment).

French typography (non-breaking spaces, portal.core.typography) is applied to the subject and the
bodies here, whoever wrote them.
"""

import base64
import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.message import make_msgid
from django.db import transaction
from django.utils import timezone

from . import tasks
from .models import OutgoingEmail
from .typography import french_spacing_html, french_spacing_text

logger = logging.getLogger(__name__)

MAX_BACKOFF_SECONDS = 60 * 60
RETRY_BATCH = 500


def _typeset(content: str, mimetype: str) -> str:
    return french_spacing_html(content) if mimetype == "text/html" else french_spacing_text(content)


def _attachment(attachment) -> list:
    filename, content, mimetype = attachment
    if isinstance(content, str):
        return [filename, {"text": content}, mimetype]
    return [filename, {"base64": base64.b64encode(content).decode()}, mimetype]


def email_serialise(message: EmailMessage) -> dict:
    """The message as JSON, typeset (subject, plain and HTML bodies), with its Message-ID."""
    headers = dict(message.extra_headers)
    headers.setdefault("Message-ID", make_msgid(domain=settings.EMAIL_MESSAGE_ID_DOMAIN))
    return {
        "subject": french_spacing_text(str(message.subject)),
        "body": _typeset(str(message.body), f"text/{message.content_subtype}"),
        "content_subtype": message.content_subtype,
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": headers,
        "alternatives": [
            [_typeset(content, mimetype), mimetype] for content, mimetype in getattr(message, "alternatives", [])
        ],
        "attachments": [_attachment(attachment) for attachment in message.attachments],
    }


def email_deserialise(payload: dict) -> EmailMessage:
    message = EmailMultiAlternatives(
        subject=payload["subject"],
        body=payload["body"],
        from_email=payload["from_email"],
        to=payload["to"],
        cc=payload["cc"],
        bcc=payload["bcc"],
        reply_to=payload["reply_to"],
        headers=payload["headers"],
        alternatives=[tuple(alternative) for alternative in payload["alternatives"]],
    )
    message.content_subtype = payload["content_subtype"]
    for filename, content, mimetype in payload["attachments"]:
        data = content["text"] if "text" in content else base64.b64decode(content["base64"])
        message.attach(filename, data, mimetype)
    return message


def outgoing_email_store(*, message: EmailMessage) -> OutgoingEmail:
    """Keep the message and queue its delivery once the current transaction commits."""
    payload = email_serialise(message)
    email = OutgoingEmail.objects.create(
        message_id=payload["headers"]["Message-ID"],
        subject=payload["subject"][:255],
        recipients=", ".join(message.recipients()),
        payload=payload,
        # If the task is lost before it runs (broker down), the retry schedule sends it after this.
        next_attempt_at=timezone.now() + timedelta(seconds=2 * settings.EMAIL_RETRY_BASE_SECONDS),
    )
    tasks.enqueue_on_commit_caught_up(tasks.outgoing_email_send, email.pk)
    return email


def _backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(MAX_BACKOFF_SECONDS, settings.EMAIL_RETRY_BASE_SECONDS * 2 ** (attempts - 1)))


def outgoing_email_send(*, email_id: int) -> bool:
    """Send one stored e-mail with the real backend, at most once. True when this call sent it.

    The row stays locked during the SMTP exchange: a concurrent delivery of the same e-mail skips
    it; a sent or given-up e-mail is never sent again from here (staff requeue it explicitly).
    """
    with transaction.atomic():
        email = (
            OutgoingEmail.objects.select_for_update(skip_locked=True)
            .filter(pk=email_id, status=OutgoingEmail.Status.PENDING)
            .first()
        )
        if email is None:
            return False
        email.attempts += 1
        try:
            with get_connection(settings.EMAIL_DELIVERY_BACKEND, fail_silently=False) as connection:
                connection.send_messages([email_deserialise(email.payload)])
        except (smtplib.SMTPException, OSError) as error:
            email.last_error = f"{type(error).__name__}: {error}"[:2000]
            if email.attempts >= settings.EMAIL_MAX_ATTEMPTS:
                email.status = OutgoingEmail.Status.FAILED
                email.next_attempt_at = None
                logger.error("e-mail not sent, given up after %s attempts: %s", email.attempts, email.last_error)
            else:
                email.next_attempt_at = timezone.now() + _backoff(email.attempts)
                logger.warning("e-mail not sent (attempt %s), retried later: %s", email.attempts, email.last_error)
            email.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
            return False
        email.status = OutgoingEmail.Status.SENT
        email.sent_at = timezone.now()
        email.next_attempt_at = None
        # The body (links with tokens, personal data) is not kept once the server has it.
        email.payload = {}
        email.save(update_fields=["attempts", "status", "sent_at", "next_attempt_at", "payload"])
    return True


def outgoing_emails_retry() -> int:
    """Every minute: queue the delivery of the e-mails whose next attempt is due. Returns how many."""
    due = list(
        OutgoingEmail.objects.filter(status=OutgoingEmail.Status.PENDING, next_attempt_at__lte=timezone.now())
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:RETRY_BATCH]
    )
    for email_id in due:
        tasks.enqueue_on_commit_caught_up(tasks.outgoing_email_send, email_id)
    return len(due)


def outgoing_emails_requeue(*, email_ids: list[int]) -> int:
    """Staff: send failed e-mails again (a fresh series of attempts). Sent e-mails are left alone."""
    with transaction.atomic():
        ids = list(
            OutgoingEmail.objects.select_for_update()
            .filter(pk__in=email_ids, status=OutgoingEmail.Status.FAILED)
            .values_list("pk", flat=True)
        )
        OutgoingEmail.objects.filter(pk__in=ids).update(
            status=OutgoingEmail.Status.PENDING, attempts=0, next_attempt_at=timezone.now()
        )
        for email_id in ids:
            tasks.enqueue_on_commit_caught_up(tasks.outgoing_email_send, email_id)
    return len(ids)


class QueuedEmailBackend(BaseEmailBackend):
    """EMAIL_BACKEND: stores each message and queues its delivery (see the module docstring)."""

    def send_messages(self, email_messages) -> int:
        count = 0
        for message in email_messages:
            if message.recipients():
                outgoing_email_store(message=message)
                count += 1
        return count
