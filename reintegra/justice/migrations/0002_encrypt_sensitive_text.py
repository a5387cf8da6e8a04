"""Encrypt the justice pathway's sensitive free text at rest (reintegra/core/fields.py):
charges and circumstances, conditions, custody notes, programme notes, return notes.
Existing rows are encrypted first. Reversible."""

import reintegra.core.fields
from django.db import migrations

from reintegra.core.fields import encrypt_existing_rows

FIELDS = [
    ("CustodyNote", "body"),
    ("CustodyParticipation", "notes"),
    ("LegalEvent", "conditions"),
    ("LegalEvent", "details"),
    ("ReturnEvent", "notes"),
]


class Migration(migrations.Migration):

    dependencies = [
        ('justice', '0001_initial'),
    ]

    operations = [
        encrypt_existing_rows("justice", FIELDS),
        migrations.AlterField(
            model_name='custodynote',
            name='body',
            field=reintegra.core.fields.EncryptedTextField(verbose_name='note'),
        ),
        migrations.AlterField(
            model_name='custodyparticipation',
            name='notes',
            field=reintegra.core.fields.EncryptedTextField(blank=True, verbose_name='notes'),
        ),
        migrations.AlterField(
            model_name='legalevent',
            name='conditions',
            field=reintegra.core.fields.EncryptedTextField(blank=True, verbose_name='conditions'),
        ),
        migrations.AlterField(
            model_name='legalevent',
            name='details',
            field=reintegra.core.fields.EncryptedTextField(blank=True, verbose_name='details'),
        ),
        migrations.AlterField(
            model_name='returnevent',
            name='notes',
            field=reintegra.core.fields.EncryptedTextField(blank=True, verbose_name='notes'),
        ),
    ]
