"""Encrypt the free text of consents and break-glass grants at rest (reintegra/core/fields.py):
the child's views on sharing, notes, withdrawal reasons, emergency reasons and review notes.
Existing rows first. Reversible."""

import reintegra.core.fields
from django.db import migrations

from reintegra.core.fields import encrypt_existing_rows

FIELDS = [
    ("BreakGlassGrant", "reason"),
    ("BreakGlassGrant", "review_notes"),
    ("SharingBasis", "child_views"),
    ("SharingBasis", "notes"),
    ("SharingBasis", "withdrawal_reason"),
]


class Migration(migrations.Migration):

    dependencies = [
        ('sharing', '0002_community_actor_recipients'),
    ]

    operations = [
        encrypt_existing_rows("sharing", FIELDS),
        migrations.AlterField(
            model_name='breakglassgrant',
            name='reason',
            field=reintegra.core.fields.EncryptedTextField(verbose_name='reason'),
        ),
        migrations.AlterField(
            model_name='breakglassgrant',
            name='review_notes',
            field=reintegra.core.fields.EncryptedTextField(blank=True, verbose_name='review notes'),
        ),
        migrations.AlterField(
            model_name='sharingbasis',
            name='child_views',
            field=reintegra.core.fields.EncryptedTextField(blank=True, help_text='What the child said about sharing, in their own words where possible.', verbose_name="the child's own views"),
        ),
        migrations.AlterField(
            model_name='sharingbasis',
            name='notes',
            field=reintegra.core.fields.EncryptedTextField(blank=True, verbose_name='notes'),
        ),
        migrations.AlterField(
            model_name='sharingbasis',
            name='withdrawal_reason',
            field=reintegra.core.fields.EncryptedTextField(blank=True, verbose_name='reason for withdrawal'),
        ),
    ]
