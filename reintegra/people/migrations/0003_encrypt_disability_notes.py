"""Encrypt people's disability notes at rest (reintegra/core/fields.py, reintegra/core/crypto.py).

Existing rows, empty ones included, are encrypted in place while the field is still a plain
TextField, then the field becomes an EncryptedTextField. Reversible.
"""

from django.db import migrations

import reintegra.core.fields
from reintegra.core.fields import encrypt_existing_rows


class Migration(migrations.Migration):

    dependencies = [
        ("people", "0002_places"),
    ]

    operations = [
        encrypt_existing_rows("people", [('Person', 'disability_notes')]),
        migrations.AlterField(
            model_name="person",
            name="disability_notes",
            field=reintegra.core.fields.EncryptedTextField(blank=True, verbose_name="disability notes"),
        ),
    ]
