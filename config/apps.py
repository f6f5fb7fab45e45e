from django.apps import AppConfig


class ConfigConfig(AppConfig):
    """The composition root: holds the commands that span every app (schedules, demo data)."""

    name = "config"
    verbose_name = "Configuration"
