"""Install the instruments shipped with Reintegra: the open "Reintegration needs and
strengths" template and the default sustainability-survey question set (both published).
Their JSON files are in reintegra/assessments/data/; programmes load their own by import."""

from types import SimpleNamespace

from django.db import migrations


def install(apps, schema_editor):
    from reintegra.assessments.importer import install_shipped

    names = (
        "InstrumentTemplate", "TemplateVersion", "Scale", "ScaleOption", "RatingDimension",
        "Domain", "Item", "SurveyQuestionSet", "SurveyQuestion",
    )
    install_shipped(SimpleNamespace(**{name: apps.get_model("assessments", name) for name in names}))


class Migration(migrations.Migration):
    dependencies = [("assessments", "0001_initial")]

    # Reversing keeps the rows: assessments may use them, and the tables go with 0001 anyway.
    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
