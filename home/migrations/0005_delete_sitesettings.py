# SiteSettings moved to portal.core (core.0001 took it over, table included): drop it from home's state only.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0004_homepage_features_announcement"),
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="SiteSettings")],
            database_operations=[],
        ),
    ]
