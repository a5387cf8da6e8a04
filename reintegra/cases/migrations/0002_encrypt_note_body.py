"""Encrypt case note bodies at rest (reintegra/core/fields.py, reintegra/core/crypto.py).

Existing rows are encrypted in place while the field is still a plain TextField, then the
field becomes an EncryptedTextField (the column stays a text column). Reversible.
"""

from django.db import migrations

import reintegra.core.fields
from reintegra.core.fields import decrypt_existing, encrypt_existing


def encrypt(apps, schema_editor):
    encrypt_existing(apps.get_model("cases", "CaseNote"), "body")


def decrypt(apps, schema_editor):
    decrypt_existing(apps.get_model("cases", "CaseNote"), "body")


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(encrypt, decrypt),
        migrations.AlterField(
            model_name="casenote",
            name="body",
            field=reintegra.core.fields.EncryptedTextField(verbose_name="note"),
        ),
    ]
