"""The accepted snapshot lives in `snapshot_text` now (0004)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("plans", "0004_plan_text_columns"),
    ]

    operations = [
        migrations.RemoveField(model_name="planversion", name="snapshot"),
    ]
