"""django-q2 tasks (scheduled in config/schedules.py): thin wrappers around the services."""

from . import services


def erp_drop_folder_import() -> int:
    return len(services.erp_drop_folder_import())


def erp_export_run() -> int:
    return services.erp_export_run(source="tâche quotidienne").pk


def erp_files_purge() -> int:
    return services.erp_files_purge()


def erp_imports_interrupted_close() -> int:
    return services.erp_imports_interrupted_close()
