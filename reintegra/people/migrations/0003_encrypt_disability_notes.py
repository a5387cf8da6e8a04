"""Encrypt people's disability notes at rest (reintegra/core/fields.py, reintegra/core/crypto.py).

Existing rows, empty ones included, are encrypted in place while the field is still a plain
TextField, then the field becomes an EncryptedTextField. Reversible.
"""

from django.db import migrations

import reintegra.core.fields
from reintegra.core.fields import decrypt_existing, encrypt_existing


def encrypt(apps, schema_editor):
    encrypt_existing(apps.get_model("people", "Person"), "disability_notes")


def decrypt(apps, schema_editor):
    decrypt_existing(apps.get_model("people", "Person"), "disability_notes")


class Migration(migrations.Migration):

    dependencies = [
        ("people", "0002_places"),
    ]

    operations = [
        migrations.RunPython(encrypt, decrypt),
        migrations.AlterField(
            model_name="person",
            name="disability_notes",
            field=reintegra.core.fields.EncryptedTextField(blank=True, verbose_name="disability notes"),
        ),
    ]
