from django.db import migrations


class Migration(migrations.Migration):
    """The themes and questions now live in their own pages (0004 moved them there)."""

    dependencies = [
        ("faq", "0004_faq_questions_to_pages"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="faqindexpage",
            name="body",
        ),
    ]
