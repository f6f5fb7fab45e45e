# Attachments are stored in the one private storage: their names become paths below its root
# (they lay under PRIVATE_MEDIA_ROOT/requests). Pending uploads moved to core (core.0003 copied them).

import portal.core.models
import portal.core.storage
from django.db import migrations, models
from django.db.models import CharField, Value
from django.db.models.functions import Concat


def prefix_names(apps, schema_editor):
    Attachment = apps.get_model("tenant_requests", "Attachment")
    Attachment.objects.exclude(file="").update(file=Concat(Value("requests/"), "file", output_field=CharField()))
    Attachment.objects.exclude(thumbnail="").update(thumbnail=Concat(Value("requests/"), "thumbnail", output_field=CharField()))


def unprefix_names(apps, schema_editor):
    Attachment = apps.get_model("tenant_requests", "Attachment")
    for attachment in Attachment.objects.all():
        attachment.file.name = attachment.file.name.removeprefix("requests/")
        attachment.thumbnail.name = (attachment.thumbnail.name or "").removeprefix("requests/")
        attachment.save(update_fields=["file", "thumbnail"])


class Migration(migrations.Migration):

    dependencies = [
        ('tenant_requests', '0001_initial'),
        ('core', '0003_pending_uploads_from_apps'),
    ]

    operations = [
        migrations.RunPython(prefix_names, unprefix_names),
        migrations.AlterField(
            model_name='attachment',
            name='file',
            field=models.FileField(max_length=255, storage=portal.core.storage.private_storage, upload_to=portal.core.models._stored_file_path, verbose_name='fichier'),
        ),
        migrations.AlterField(
            model_name='attachment',
            name='thumbnail',
            field=models.FileField(blank=True, max_length=255, storage=portal.core.storage.private_storage, upload_to=portal.core.models._stored_file_path, verbose_name='vignette'),
        ),
        migrations.DeleteModel(
            name='PendingUpload',
        ),
    ]
