"""Staff see the real task backlog and the e-mails not sent on the admin dashboard."""

import pytest
from django_q.tasks import async_task

from portal.core.models import OutgoingEmail


@pytest.mark.django_db
def test_the_dashboard_shows_the_backlog_and_the_emails_not_sent(admin_client):
    for number in range(3):
        async_task("math.floor", number + 0.5, sync=False)
    OutgoingEmail.objects.create(message_id="<1@x>", subject="A", recipients="a@x.fr", payload={}, status="failed")

    html = admin_client.get("/admin/").content.decode()

    assert "Tâches de fond" in html
    assert "<strong>3</strong> tâches en attente dans la file" in html
    assert "<strong>1</strong> e-mail en échec" in html
    assert "/django-admin/core/outgoingemail/?status__exact=failed" in html


@pytest.mark.django_db
def test_a_broker_that_does_not_answer_is_said_on_the_dashboard(admin_client, monkeypatch):
    def broker_down():
        raise ConnectionError("Connection refused")

    monkeypatch.setattr("config.wagtail_hooks.task_queue_state", broker_down)
    assert "File des tâches injoignable" in admin_client.get("/admin/").content.decode()


def test_support_staff_without_the_right_do_not_see_it(support_client):
    assert "Tâches de fond" not in support_client.get("/admin/").content.decode()
