"""Prepare the plan's free text for encryption: goal and action wording become text columns
(an envelope is longer than 300 characters; the 300-character limit stays on the text), and
the accepted snapshot moves from a JSON column to a text column. 0005 drops the JSON column,
0006 encrypts."""

import json

from django.db import migrations, models


def snapshot_to_text(apps, schema_editor):
    PlanVersion = apps.get_model("plans", "PlanVersion")
    for pk, snapshot in PlanVersion.objects.values_list("pk", "snapshot"):
        PlanVersion.objects.filter(pk=pk).update(snapshot_text=json.dumps(snapshot or {}, ensure_ascii=False))


def text_to_snapshot(apps, schema_editor):
    PlanVersion = apps.get_model("plans", "PlanVersion")
    for pk, text in PlanVersion.objects.values_list("pk", "snapshot_text"):
        PlanVersion.objects.filter(pk=pk).update(snapshot=json.loads(text) if text else {})


class Migration(migrations.Migration):

    dependencies = [
        ("plans", "0003_encrypt_sensitive_text"),
    ]

    operations = [
        migrations.AlterField(model_name="goal", name="title", field=models.TextField(verbose_name="goal")),
        migrations.AlterField(
            model_name="planaction", name="description", field=models.TextField(verbose_name="action")
        ),
        migrations.AddField(
            model_name="planversion",
            name="snapshot_text",
            field=models.TextField(blank=True, default="", verbose_name="goals as accepted"),
        ),
        migrations.RunPython(snapshot_to_text, text_to_snapshot),
    ]
