"""Encrypt case note bodies at rest (reintegra/core/fields.py, reintegra/core/crypto.py).

Existing rows are encrypted in place while the field is still a plain TextField, then the
field becomes an EncryptedTextField (the column stays a text column). Reversible.
"""

from django.db import migrations

import reintegra.core.fields
from reintegra.core.fields import encrypt_existing_rows


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0001_initial"),
    ]

    operations = [
        encrypt_existing_rows("cases", [('CaseNote', 'body')]),
        migrations.AlterField(
            model_name="casenote",
            name="body",
            field=reintegra.core.fields.EncryptedTextField(verbose_name="note"),
        ),
    ]
