# The model is named TenantRequest so that views read `request` (HTTP) next to `tenant_request`.
# The table is renamed with it; the default permissions given to groups keep working under their
# new codenames (view_request -> view_tenantrequest...); the custom ones keep their names.

from django.conf import settings
from django.db import migrations

ACTIONS = ("add", "change", "delete", "view")


def rename_permissions(apps, schema_editor, old="request", new="tenantrequest"):
    Permission = apps.get_model("auth", "Permission")
    for action in ACTIONS:
        stale = Permission.objects.filter(content_type__app_label="tenant_requests", codename=f"{action}_{old}")
        if Permission.objects.filter(content_type__app_label="tenant_requests", codename=f"{action}_{new}").exists():
            continue
        stale.update(codename=f"{action}_{new}", name=f"Can {action} tenant request")


def restore_permissions(apps, schema_editor):
    rename_permissions(apps, schema_editor, old="tenantrequest", new="request")


class Migration(migrations.Migration):
    dependencies = [
        ("leases", "0001_initial"),
        ("tenant_requests", "0002_alter_attachment_file_alter_attachment_thumbnail_and_more"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameModel(old_name="Request", new_name="TenantRequest"),
        migrations.RunPython(rename_permissions, restore_permissions),
    ]
