"""Each installed app's module of a given name (`demo`, `groups`...), as Django's admin autodiscovers."""

from collections.abc import Iterator
from importlib import import_module
from types import ModuleType

from django.apps import apps
from django.utils.module_loading import module_has_submodule


def app_modules(name: str) -> Iterator[ModuleType]:
    """`<app>.<name>` of every installed app that has one, in INSTALLED_APPS order."""
    for app_config in apps.get_app_configs():
        if module_has_submodule(app_config.module, name):
            yield import_module(f"{app_config.name}.{name}")
