"""SEPA mandates now live in the mandates app: remove them from billing's state only.

The tables stay as they are (mandates.0001 took them over in its state); nothing is dropped.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("billing", "0002_bank_mandates"),
        ("mandates", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel(name="MandateEvent"),
                migrations.DeleteModel(name="BankMandate"),
            ],
        ),
    ]
