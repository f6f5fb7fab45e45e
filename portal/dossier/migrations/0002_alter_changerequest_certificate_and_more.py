# Insurance proofs are stored in the one private storage: their names become paths below its root
# (they lay under PRIVATE_MEDIA_ROOT/dossier). Pending uploads moved to core (core.0003 copied them).

import portal.core.storage
from django.db import migrations, models
from django.db.models import CharField, Value
from django.db.models.functions import Concat


def prefix_names(apps, schema_editor):
    for name in ("ChangeRequest", "Insurance"):
        model = apps.get_model("dossier", name)
        model.objects.exclude(certificate="").update(certificate=Concat(Value("dossier/"), "certificate", output_field=CharField()))


def unprefix_names(apps, schema_editor):
    for name in ("ChangeRequest", "Insurance"):
        for row in apps.get_model("dossier", name).objects.exclude(certificate=""):
            row.certificate.name = row.certificate.name.removeprefix("dossier/")
            row.save(update_fields=["certificate"])


class Migration(migrations.Migration):

    dependencies = [
        ('dossier', '0001_initial'),
        ('core', '0003_pending_uploads_from_apps'),
    ]

    operations = [
        migrations.RunPython(prefix_names, unprefix_names),
        migrations.AlterField(
            model_name='changerequest',
            name='certificate',
            field=models.FileField(blank=True, help_text="Attestation d'assurance jointe par le locataire (fichier privé).", storage=portal.core.storage.private_storage, upload_to='dossier/insurance/%Y/%m/', verbose_name='justificatif'),
        ),
        migrations.AlterField(
            model_name='insurance',
            name='certificate',
            field=models.FileField(blank=True, help_text='Fichier privé : jamais accessible par une adresse publique.', storage=portal.core.storage.private_storage, upload_to='dossier/insurance/%Y/%m/', verbose_name='attestation'),
        ),
        migrations.DeleteModel(
            name='PendingUpload',
        ),
    ]
