"""Give check-ins, family visits and arrival needs a seal key: a UUID per row, assigned on
instantiation, that names the row in the encryption of its free text (their integer primary
keys are assigned by the database, after the text is sealed). Added empty, then filled one
row at a time; 0005 makes it unique and required."""

import uuid

from django.db import migrations, models

MODELS = ["ArrivalNeed", "CheckIn", "FamilyVisit"]


def fill(apps, schema_editor):
    for name in MODELS:
        model = apps.get_model("justice", name)
        for pk in model._base_manager.filter(seal_key__isnull=True).values_list("pk", flat=True):
            model._base_manager.filter(pk=pk).update(seal_key=uuid.uuid4())


class Migration(migrations.Migration):

    dependencies = [
        ("justice", "0003_encrypt_child_and_care_text"),
    ]

    operations = [
        *[
            migrations.AddField(
                model_name=name.lower(),
                name="seal_key",
                field=models.UUIDField(editable=False, null=True, verbose_name="seal key"),
            )
            for name in MODELS
        ],
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
