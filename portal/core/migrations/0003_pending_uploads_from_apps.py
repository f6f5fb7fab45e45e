# The pending uploads of requests and of the tenant file become one model: rows are copied here
# before requests.0002 and dossier.0002 drop theirs. File names become paths below the one private
# root (requests' files lay under PRIVATE_MEDIA_ROOT/requests, the dossier's under /dossier).

import uuid

from django.db import migrations


def copy_pending_uploads(apps, schema_editor):
    PendingUpload = apps.get_model("core", "PendingUpload")
    for old in apps.get_model("tenant_requests", "PendingUpload").objects.all():
        pending = PendingUpload.objects.create(
            user_id=old.user_id,
            form_token=old.form_token,
            file=f"requests/{old.file.name}",
            thumbnail=f"requests/{old.thumbnail.name}" if old.thumbnail else "",
            original_name=old.original_name,
            content_type=old.content_type,
            size=old.size,
        )
        PendingUpload.objects.filter(pk=pending.pk).update(created_at=old.created_at)
    for old in apps.get_model("dossier", "PendingUpload").objects.all():
        pending = PendingUpload.objects.create(
            user_id=old.user_id,
            form_token=uuid.uuid4(),
            file=f"dossier/{old.file.name}",
            original_name=old.original_name,
            content_type=old.content_type,
            size=0,
        )
        PendingUpload.objects.filter(pk=pending.pk).update(created_at=old.created_at)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_site_settings_generic"),
        ("tenant_requests", "0001_initial"),
        ("dossier", "0001_initial"),
    ]

    operations = [migrations.RunPython(copy_pending_uploads, migrations.RunPython.noop)]
