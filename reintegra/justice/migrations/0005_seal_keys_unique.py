"""Seal keys are required and unique from now on (filled by 0004)."""

import uuid

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("justice", "0004_seal_keys"),
    ]

    operations = [
        migrations.AlterField(
            model_name=name,
            name="seal_key",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True, verbose_name="seal key"),
        )
        for name in ("arrivalneed", "checkin", "familyvisit")
    ]
