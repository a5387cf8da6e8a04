"""Default beneficiary types (neutral wording; programmes may reword or add their own)."""

from django.db import migrations

DEFAULTS = [
    ("convicted_offender", "Convicted offender", "Personne condamnée", "شخص محكوم عليه"),
    ("pre_trial_detainee", "Pre-trial detainee", "Personne en détention provisoire", "محتجز رهن المحاكمة"),
    ("returnee", "Returnee", "Personne rapatriée", "عائد"),
    ("family_member", "Family member", "Membre de la famille", "فرد من الأسرة"),
    ("child_associated", "Child associated with a group", "Enfant associé à un groupe", "طفل مرتبط بجماعة"),
    ("self_referred_leaver", "Self-referred person leaving a group", "Personne quittant un groupe de sa propre initiative", "شخص يترك جماعة بمبادرة منه"),
]


def add_defaults(apps, schema_editor):
    Label = apps.get_model("core", "Label")
    for order, (code, en, fr, ar) in enumerate(DEFAULTS):
        Label.objects.get_or_create(
            kind="beneficiary_type", code=code,
            defaults={"label_en": en, "label_fr": fr, "label_ar": ar, "order": order},
        )


class Migration(migrations.Migration):
    dependencies = [("core", "0002_audit_append_only")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
