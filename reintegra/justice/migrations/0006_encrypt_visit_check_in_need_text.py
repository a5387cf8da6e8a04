"""Encrypt check-in reasons, family-visit notes and arrival-need descriptions at rest
(reintegra/core/fields.py), bound to each row's seal key. Existing rows first. Reversible."""

import reintegra.core.fields
from django.db import migrations

from reintegra.core.fields import encrypt_existing_rows

FIELDS = [
    ("ArrivalNeed", "description", "seal_key"),
    ("CheckIn", "reason", "seal_key"),
    ("FamilyVisit", "notes", "seal_key"),
]


class Migration(migrations.Migration):

    dependencies = [
        ("justice", "0005_seal_keys_unique"),
    ]

    operations = [
        encrypt_existing_rows("justice", FIELDS),
        migrations.AlterField(
            model_name="arrivalneed",
            name="description",
            field=reintegra.core.fields.EncryptedTextField(
                blank=True, row_key="seal_key", verbose_name="description"
            ),
        ),
        migrations.AlterField(
            model_name="checkin",
            name="reason",
            field=reintegra.core.fields.EncryptedTextField(
                blank=True,
                help_text="Why it was missed or excused, as far as known.",
                row_key="seal_key",
                verbose_name="reason",
            ),
        ),
        migrations.AlterField(
            model_name="familyvisit",
            name="notes",
            field=reintegra.core.fields.EncryptedTextField(
                blank=True, row_key="seal_key", verbose_name="how it went"
            ),
        ),
    ]
