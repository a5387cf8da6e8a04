"""Load the default social-cohesion item bank (our own draft; see data/cohesion_v1.json)."""

from django.db import migrations

from reintegra.communities import itembank


def load_default(apps, schema_editor):
    Instrument = apps.get_model("communities", "SurveyInstrument")
    if Instrument.objects.filter(code="reintegra-cohesion", version=1).exists():
        return
    itembank.store(
        itembank.read(itembank.DEFAULT_BANK),
        Instrument,
        apps.get_model("communities", "SurveyScale"),
        apps.get_model("communities", "SurveyItem"),
    )


class Migration(migrations.Migration):
    dependencies = [("communities", "0001_initial")]

    operations = [migrations.RunPython(load_default, migrations.RunPython.noop)]
