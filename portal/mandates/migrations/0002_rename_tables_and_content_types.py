"""The mandates' tables take the app's name, and their content types move from billing to mandates.

Moving the content types keeps every permission given on them (validate_bankmandate to a group,
view_full_iban to named people) and the Wagtail log entries of each mandate: they point at the
content type row, which is renamed, not recreated.
"""

from django.db import migrations

MODELS = ("bankmandate", "mandateevent")


def _move(apps, source: str, target: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        if ContentType.objects.filter(app_label=target, model=model).exists():
            # Already there (created by an earlier run): the source row, if any, keeps its permissions.
            continue
        ContentType.objects.filter(app_label=source, model=model).update(app_label=target)


def content_types_to_mandates(apps, schema_editor):
    _move(apps, "billing", "mandates")


def content_types_to_billing(apps, schema_editor):
    _move(apps, "mandates", "billing")


class Migration(migrations.Migration):
    dependencies = [
        ("mandates", "0001_initial"),
        ("billing", "0003_bank_mandates_to_mandates_app"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterModelTable(name="bankmandate", table=None),
        migrations.AlterModelTable(name="mandateevent", table=None),
        migrations.RunPython(content_types_to_mandates, content_types_to_billing),
    ]
