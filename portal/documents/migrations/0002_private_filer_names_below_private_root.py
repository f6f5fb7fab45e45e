# Documents live in the portal's one private storage: private filer files lay under
# PRIVATE_MEDIA_ROOT/filer, their names now start with "filer/" below PRIVATE_MEDIA_ROOT itself,
# so that one proxy location serves documents, attachments and proofs alike.

from django.db import migrations
from django.db.models import CharField, Value
from django.db.models.functions import Concat


def prefix_names(apps, schema_editor):
    File = apps.get_model("filer", "File")
    File.objects.filter(is_public=False).exclude(file="").exclude(file__startswith="filer/").update(
        file=Concat(Value("filer/"), "file", output_field=CharField())
    )


def unprefix_names(apps, schema_editor):
    File = apps.get_model("filer", "File")
    for item in File.objects.filter(is_public=False, file__startswith="filer/"):
        item.file.name = item.file.name.removeprefix("filer/")
        item.save(update_fields=["file"])


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial"), ("filer", "0018_alter_file_options")]

    operations = [migrations.RunPython(prefix_names, unprefix_names)]
