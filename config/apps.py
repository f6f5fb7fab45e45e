from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Run-time plumbing of the project itself (request ids in tasks); no models."""

    name = "config"
    label = "ops"
    verbose_name = "Exploitation"

    def ready(self):
        from django_q.signals import pre_enqueue, pre_execute

        from .logs import task_carries_request_id, worker_takes_request_id

        pre_enqueue.connect(task_carries_request_id, dispatch_uid="ops.request_id.enqueue")
        pre_execute.connect(worker_takes_request_id, dispatch_uid="ops.request_id.execute")
