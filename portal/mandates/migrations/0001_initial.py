"""SEPA mandates move from billing to their own app, without touching a row.

This migration only tells Django's state that the models now belong to `mandates`, on the tables
billing created (billing_bankmandate, billing_mandateevent); billing.0003 removes them from
billing's state; mandates.0002 then renames the tables and moves the content types.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("billing", "0002_bank_mandates"),
        ("leases", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='BankMandate',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('status', models.CharField(choices=[('pending', 'En attente de validation'), ('active', 'Actif'), ('revoked', 'Révoqué'), ('refused', 'Refusé'), ('replaced', 'Remplacé avant validation')], db_index=True, default='pending', max_length=20, verbose_name='statut')),
                        ('rum', models.CharField(help_text='Communiquée à la banque du locataire avec chaque prélèvement.', max_length=35, unique=True, verbose_name='référence unique du mandat (RUM)')),
                        ('holder_name', models.CharField(max_length=140, verbose_name='titulaire du compte')),
                        ('iban_encrypted', models.TextField(help_text='Illisible sans la clé de chiffrement.', verbose_name='IBAN chiffré')),
                        ('iban_fingerprint', models.CharField(db_index=True, help_text='Empreinte non réversible : retrouve un même IBAN sur plusieurs baux sans le stocker en clair.', max_length=64, verbose_name="empreinte de l'IBAN")),
                        ('iban_masked', models.CharField(max_length=50, verbose_name='IBAN (masqué)')),
                        ('bic', models.CharField(max_length=11, verbose_name='BIC')),
                        ('bank_name', models.CharField(blank=True, max_length=140, verbose_name='banque')),
                        ('debtor_address', models.TextField(verbose_name='adresse du débiteur')),
                        ('creditor_name', models.CharField(max_length=120, verbose_name='créancier')),
                        ('creditor_address', models.TextField(verbose_name='adresse du créancier')),
                        ('creditor_id', models.CharField(max_length=35, verbose_name='identifiant créancier SEPA (ICS)')),
                        ('signer_name', models.CharField(blank=True, max_length=210, verbose_name='nom du signataire')),
                        ('signed_at', models.DateTimeField(blank=True, null=True, verbose_name='signé le')),
                        ('signed_place', models.CharField(blank=True, max_length=100, verbose_name='signé à')),
                        ('signed_ip', models.GenericIPAddressField(blank=True, null=True, verbose_name='adresse IP de signature')),
                        ('submission_token', models.UUIDField(blank=True, help_text="Une même signature envoyée deux fois ne crée qu'un mandat.", null=True, unique=True, verbose_name='jeton de signature')),
                        ('created_at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='enregistré le')),
                        ('decided_at', models.DateTimeField(blank=True, null=True, verbose_name='validé ou refusé le')),
                        ('refusal_reason', models.TextField(blank=True, help_text='Envoyé au locataire par e-mail.', verbose_name='motif du refus')),
                        ('revoked_at', models.DateTimeField(blank=True, null=True, verbose_name='révoqué le')),
                        ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='validé ou refusé par')),
                        ('lease', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='mandates', to='leases.lease', verbose_name='bail')),
                        ('signed_by', models.ForeignKey(blank=True, help_text='Le compte locataire qui a signé en ligne ; vide pour un mandat repris du logiciel de gestion.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='signé par')),
                    ],
                    options={
                        'verbose_name': 'mandat SEPA',
                        'verbose_name_plural': 'mandats SEPA',
                        'ordering': ['-created_at'],
                        'db_table': 'billing_bankmandate',
                        'permissions': [('validate_bankmandate', 'Valider ou refuser un mandat SEPA'), ('view_full_iban', "Voir l'IBAN complet d'un mandat SEPA")],
                    },
                ),
                migrations.CreateModel(
                    name='MandateEvent',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('submitted', 'Nouveau RIB signé par le locataire'), ('confirmation_failed', 'Mot de passe erroné à la signature'), ('replaced', 'Remplacé par un RIB plus récent'), ('validated', 'Validé par le service client'), ('refused', 'Refusé par le service client'), ('revoked', 'Révoqué (nouveau mandat actif)'), ('imported', 'Repris du logiciel de gestion'), ('full_iban_viewed', 'IBAN complet consulté')], max_length=30, verbose_name='événement')),
                        ('actor_label', models.CharField(help_text="L'adresse e-mail de l'auteur au moment de l'événement, ou le service.", max_length=254, verbose_name='auteur')),
                        ('ip_address', models.GenericIPAddressField(blank=True, null=True, verbose_name='adresse IP')),
                        ('detail', models.CharField(blank=True, max_length=500, verbose_name='détail')),
                        ('created_at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='date')),
                        ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='par')),
                        ('lease', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='leases.lease', verbose_name='bail')),
                        ('mandate', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='events', to='mandates.bankmandate', verbose_name='mandat')),
                    ],
                    options={
                        'verbose_name': 'événement de mandat',
                        'verbose_name_plural': 'événements de mandat',
                        'ordering': ['created_at', 'id'],
                        'db_table': 'billing_mandateevent',
                    },
                ),
                migrations.AddConstraint(
                    model_name='bankmandate',
                    constraint=models.UniqueConstraint(condition=models.Q(('status', 'active')), fields=('lease',), name='mandate_one_active_per_lease'),
                ),
                migrations.AddConstraint(
                    model_name='bankmandate',
                    constraint=models.UniqueConstraint(condition=models.Q(('status', 'pending')), fields=('lease',), name='mandate_one_pending_per_lease'),
                ),
            ],
        ),
    ]
