"""The staff groups and their permissions.

Each app declares what its screens allow in `<app>/groups.py` (GROUP_PERMISSIONS); this module
gathers them so that the groups are complete after every `migrate`.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q

from portal.core.apps_modules import app_modules

COMMUNICATION = "Communication"
CUSTOMER_SERVICE = "Service client"
TECHNICAL = "Gestion technique"
STAFF_GROUPS = (COMMUNICATION, CUSTOMER_SERVICE, TECHNICAL)

# Every staff group signs in to the Wagtail admin.
BASE_PERMISSIONS = ["wagtailadmin.access_admin"]


def declared_group_permissions() -> dict[str, set[str]]:
    declared: dict[str, set[str]] = {name: set(BASE_PERMISSIONS) for name in STAFF_GROUPS}
    for module in app_modules("groups"):
        for group_name, codenames in getattr(module, "GROUP_PERMISSIONS", {}).items():
            declared.setdefault(group_name, set(BASE_PERMISSIONS)).update(codenames)
    return declared


@transaction.atomic
def staff_groups_sync() -> dict[str, int]:
    """Create the staff groups and give each exactly the permissions the apps declare."""
    counts = {}
    for group_name, perms in declared_group_permissions().items():
        group, _created = Group.objects.get_or_create(name=group_name)
        query = Q(pk__in=[])
        for perm in perms:
            app_label, codename = perm.split(".", 1)
            query |= Q(content_type__app_label=app_label, codename=codename)
        permissions = list(Permission.objects.filter(query))
        group.permissions.set(permissions)
        counts[group_name] = len(permissions)
    return counts
