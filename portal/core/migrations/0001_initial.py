# SiteSettings moves here from home without touching its table (home.0005 drops it from home's state).

import django.db.models.deletion
import portal.core.models
import portal.core.storage
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('home', '0004_homepage_features_announcement'),
        ('wagtailcore', '0098_apitoken'),
        ('wagtailimages', '0027_image_description'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='PendingUpload',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('file', models.FileField(max_length=255, storage=portal.core.storage.private_storage, upload_to=portal.core.models._stored_file_path, verbose_name='fichier')),
                ('thumbnail', models.FileField(blank=True, max_length=255, storage=portal.core.storage.private_storage, upload_to=portal.core.models._stored_file_path, verbose_name='vignette')),
                ('original_name', models.CharField(max_length=255, verbose_name="nom d'origine")),
                ('content_type', models.CharField(max_length=50, verbose_name='type')),
                ('size', models.PositiveIntegerField(verbose_name='taille (octets)')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('form_token', models.UUIDField(db_index=True)),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': "fichier en attente d'envoi",
                'verbose_name_plural': "fichiers en attente d'envoi",
                'ordering': ['created_at', 'pk'],
            },
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='SiteSettings',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('landlord_name', models.CharField(default='Habitat du Gard', help_text='Affiché en pied de page et dans les e-mails.', max_length=120, verbose_name='nom du bailleur')),
                        ('support_email', models.EmailField(default='portail-locataire@hdg30.fr', help_text='Adresse à laquelle les locataires écrivent en cas de difficulté avec le portail.', max_length=254, verbose_name="e-mail d'assistance")),
                        ('support_phone', models.CharField(default='04 66 00 00 00', help_text='Numéro affiché en pied de page.', max_length=30, verbose_name="téléphone d'assistance")),
                        ('postal_address', models.TextField(default="Habitat du Gard\n1 rue de l'exemple\n30000 Nîmes", help_text='Adresse du siège, utilisée dans les documents et le mandat SEPA.', verbose_name='adresse postale')),
                        ('sepa_creditor_id', models.CharField(default='FR00ZZZ000000', help_text="Figure sur les mandats de prélèvement et les avis d'échéance.", max_length=35, verbose_name='identifiant créancier SEPA (ICS)')),
                        ('livret_page', models.ForeignKey(blank=True, help_text='Lien proposé dans « Mes demandes » sur les réparations à la charge du locataire.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.WAGTAIL_PAGE_MODEL, verbose_name='page du livret locataire')),
                        ('logo', models.ForeignKey(blank=True, help_text='Affiché en haut de chaque page ; sans logo, le nom du portail est affiché.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailimages.image', verbose_name='logo')),
                        ('site', models.OneToOneField(editable=False, on_delete=django.db.models.deletion.CASCADE, to='wagtailcore.site')),
                    ],
                    options={
                        'verbose_name': 'réglages du site',
                        'db_table': 'home_sitesettings',
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
