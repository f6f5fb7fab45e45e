# The landlord's settings become one generic Wagtail setting (one landlord, one row): the default
# site's row is kept, its site column dropped, the table renamed; existing permissions follow the
# content type to the core app.

from django.db import migrations


def keep_default_site_row(apps, schema_editor):
    SiteSettings = apps.get_model("core", "SiteSettings")
    rows = list(SiteSettings.objects.order_by("-site__is_default_site", "pk").values_list("pk", flat=True))
    SiteSettings.objects.filter(pk__in=rows[1:]).delete()


def content_type_to_core(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="core", model="sitesettings").exists():
        ContentType.objects.filter(app_label="home", model="sitesettings").update(app_label="core")


def content_type_to_home(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="home", model="sitesettings").exists():
        ContentType.objects.filter(app_label="core", model="sitesettings").update(app_label="home")


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("home", "0005_delete_sitesettings"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(keep_default_site_row, migrations.RunPython.noop),
        migrations.RemoveField(model_name="sitesettings", name="site"),
        migrations.AlterModelTable(name="sitesettings", table=None),
        migrations.RunPython(content_type_to_core, content_type_to_home),
    ]
