"""The e-mail outbox: every e-mail is stored, sent by a task, retried while the server refuses,
never sent twice; staff see what failed and send it again."""

import smtplib
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail import EmailMessage, EmailMultiAlternatives, send_mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.db import transaction
from django.utils import timezone

from portal.core import mail as outbox
from portal.core.models import OutgoingEmail
from portal.core.typography import NBSP

REFUSED = {"count": 0}


class RefusingBackend(LocmemBackend):
    """A mail server that answers « 421 » to the next REFUSED["count"] deliveries."""

    def send_messages(self, messages):
        if REFUSED["count"] > 0:
            REFUSED["count"] -= 1
            raise smtplib.SMTPConnectError(421, "Service not available, try again later")
        return super().send_messages(messages)


@pytest.fixture
def queued(settings, db, commit_callbacks_run_at_once):
    settings.EMAIL_BACKEND = "portal.core.mail.QueuedEmailBackend"
    settings.EMAIL_DELIVERY_BACKEND = f"{__name__}.RefusingBackend"
    settings.EMAIL_RETRY_BASE_SECONDS = 60
    settings.EMAIL_MAX_ATTEMPTS = 3
    REFUSED["count"] = 0
    yield
    REFUSED["count"] = 0


def _due_now():
    OutgoingEmail.objects.update(next_attempt_at=timezone.now() - timedelta(seconds=1))


def test_an_email_is_stored_then_sent_once_by_its_task(queued):
    message = EmailMultiAlternatives("Votre demande", "Bonjour", to=["claire@example.org"], cc=["agence@example.org"])
    message.attach_alternative("<p>Bonjour</p>", "text/html")
    message.attach("recu.pdf", b"%PDF-1.4 bytes", "application/pdf")
    message.send()

    stored = OutgoingEmail.objects.get()
    assert stored.status == OutgoingEmail.Status.SENT
    assert stored.attempts == 1
    assert stored.recipients == "claire@example.org, agence@example.org"
    assert stored.payload == {}, "the body is not kept once sent"
    (sent,) = mail.outbox
    assert sent.to == ["claire@example.org"] and sent.cc == ["agence@example.org"]
    assert sent.alternatives[0][0] == "<p>Bonjour</p>"
    assert sent.attachments[0][:2] == ("recu.pdf", b"%PDF-1.4 bytes")
    assert sent.extra_headers["Message-ID"] == stored.message_id

    # The same task again (a replayed or retried task): nothing more is sent.
    assert outbox.outgoing_email_send(email_id=stored.pk) is False
    assert len(mail.outbox) == 1


def test_subject_and_bodies_get_french_typography(queued):
    message = EmailMultiAlternatives(
        "Paiement « confirmé » : merci !", "Montant : 10 €. Lien : http://x.fr/a?b=1 à 12:30 ; voilà !", to=["a@b.fr"]
    )
    message.attach_alternative('<p title="a : b">Question ? <a href="http://x.fr">« ici »</a></p>', "text/html")
    message.send()

    (sent,) = mail.outbox
    assert sent.subject == f"Paiement «{NBSP}confirmé{NBSP}»{NBSP}: merci{NBSP}!"
    assert sent.body == f"Montant{NBSP}: 10 €. Lien{NBSP}: http://x.fr/a?b=1 à 12:30{NBSP}; voilà{NBSP}!"
    assert (
        sent.alternatives[0][0] == f'<p title="a : b">Question{NBSP}? <a href="http://x.fr">«{NBSP}ici{NBSP}»</a></p>'
    )


def test_a_refusing_server_means_later_never_twice(queued, caplog):
    REFUSED["count"] = 1
    send_mail("Avis disponible", "Votre avis est en ligne.", None, ["claire@example.org", "paul@example.org"])

    stored = OutgoingEmail.objects.get()
    assert (stored.status, stored.attempts, mail.outbox) == (OutgoingEmail.Status.PENDING, 1, [])
    assert "421" in stored.last_error
    assert timedelta(seconds=55) < stored.next_attempt_at - timezone.now() <= timedelta(seconds=60)
    assert "retried later" in caplog.text

    # Not due yet: the minute schedule leaves it.
    assert outbox.outgoing_emails_retry() == 0
    _due_now()
    assert outbox.outgoing_emails_retry() == 1
    assert outbox.outgoing_emails_retry() == 0

    stored.refresh_from_db()
    assert (stored.status, stored.attempts) == (OutgoingEmail.Status.SENT, 2)
    assert [m.to for m in mail.outbox] == [["claire@example.org", "paul@example.org"]]


def test_the_wait_doubles_then_staff_see_the_failure_and_send_it_again(
    queued, admin_client, django_capture_on_commit_callbacks
):
    REFUSED["count"] = 3
    EmailMessage("Confirmez votre adresse", "Lien", to=["claire@example.org"]).send()
    stored = OutgoingEmail.objects.get()
    first_wait = stored.next_attempt_at - timezone.now()
    _due_now()
    outbox.outgoing_emails_retry()
    stored.refresh_from_db()
    assert stored.next_attempt_at - timezone.now() > first_wait + timedelta(seconds=50)
    _due_now()
    outbox.outgoing_emails_retry()
    stored.refresh_from_db()
    assert (stored.status, stored.attempts, stored.next_attempt_at) == (OutgoingEmail.Status.FAILED, 3, None)
    assert outbox.outgoing_emails_retry() == 0

    listing = admin_client.get("/django-admin/core/outgoingemail/?status__exact=failed")
    assert "Confirmez votre adresse" in listing.text
    assert "En échec" in listing.text

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            "/django-admin/core/outgoingemail/", {"action": "send_again", "_selected_action": [stored.pk]}, follow=True
        )
    assert "1 e-mail renvoyé." in response.text
    stored.refresh_from_db()
    assert stored.status == OutgoingEmail.Status.SENT
    assert len(mail.outbox) == 1


def test_a_broker_down_when_queuing_is_no_error_and_the_schedule_sends_it(queued, monkeypatch, caplog):
    def broker_down(*args, **kwargs):
        raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    with monkeypatch.context() as patched:
        patched.setattr("portal.core.tasks.async_task", broker_down)
        EmailMessage("Demande reçue", "Merci", to=["claire@example.org"]).send()
    stored = OutgoingEmail.objects.get()
    assert (stored.status, stored.attempts, mail.outbox) == (OutgoingEmail.Status.PENDING, 0, [])
    assert "Connection refused" in caplog.text

    _due_now()
    assert outbox.outgoing_emails_retry() == 1
    assert len(mail.outbox) == 1


def test_a_rolled_back_transaction_sends_nothing(queued):
    with pytest.raises(RuntimeError), transaction.atomic():
        EmailMessage("Demande reçue", "Merci", to=["claire@example.org"]).send()
        raise RuntimeError("the service failed after writing its e-mail")
    assert mail.outbox == []
    assert not OutgoingEmail.objects.exists()
