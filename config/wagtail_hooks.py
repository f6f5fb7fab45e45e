"""The task queue as staff see it on the admin dashboard: the real backlog of the broker in use
(django-q2's own admin lists only the database broker's tasks), and the e-mails not sent."""

from django.urls import reverse
from wagtail import hooks
from wagtail.admin.ui.components import Component

from portal.core.models import OutgoingEmail

from .health import task_queue_state


class TaskQueuePanel(Component):
    name = "file_des_taches"
    order = 200
    template_name = "wagtailadmin/task_queue_panel.html"

    def get_context_data(self, parent_context):
        try:
            queue = task_queue_state()
        except Exception:  # the broker does not answer: that is what staff must see
            queue = None
        statuses = OutgoingEmail.Status
        return {
            "queue": queue,
            "emails_pending": OutgoingEmail.objects.filter(status=statuses.PENDING).count(),
            "emails_failed": OutgoingEmail.objects.filter(status=statuses.FAILED).count(),
            "outbox_url": reverse("admin:core_outgoingemail_changelist"),
            "failures_url": reverse("admin:django_q_failure_changelist"),
        }


@hooks.register("construct_homepage_panels")
def task_queue_panel(request, panels):
    if request.user.is_superuser or request.user.has_perm("core.view_outgoingemail"):
        panels.append(TaskQueuePanel())
