from django.apps import AppConfig


class ConfigConfig(AppConfig):
    """The composition root: holds the commands that span every app (schedules, demo data), and
    carries the request id of the logs into the tasks a request enqueues (config/logs.py)."""

    name = "config"
    verbose_name = "Configuration"

    def ready(self):
        from django_q.signals import pre_enqueue, pre_execute

        from .cache_versions import cache_versions_connect
        from .logs import task_carries_request_id, worker_takes_request_id

        cache_versions_connect()
        pre_enqueue.connect(task_carries_request_id, dispatch_uid="config.request_id.enqueue")
        pre_execute.connect(worker_takes_request_id, dispatch_uid="config.request_id.execute")
