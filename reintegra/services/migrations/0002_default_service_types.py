"""The default service taxonomy (issue #5), in three languages; programmes add their own."""

from django.db import migrations

# code, English, French, Arabic, areas of need met
DEFAULTS = [
    ("job_placement", "Job placement", "Placement en emploi", "التوظيف", ["economic"]),
    ("vocational_training", "Vocational training", "Formation professionnelle", "التدريب المهني", ["economic", "education"]),
    (
        "business_grants",
        "Business development and small grants",
        "Création d'entreprise et petites subventions",
        "تنمية المشاريع والمنح الصغيرة",
        ["economic"],
    ),
    ("financial_services", "Financial services", "Services financiers", "الخدمات المالية", ["economic"]),
    ("housing", "Housing", "Logement", "السكن", ["social"]),
    ("primary_health", "Primary health", "Soins de santé primaires", "الرعاية الصحية الأولية", ["health"]),
    (
        "mental_health",
        "Mental health and psychotherapy",
        "Santé mentale et psychothérapie",
        "الصحة النفسية والعلاج النفسي",
        ["psychosocial", "health"],
    ),
    ("education", "Education and schooling", "Éducation et scolarisation", "التعليم والتمدرس", ["education"]),
    (
        "legal_aid",
        "Legal aid and documents",
        "Aide juridique et documents",
        "المساعدة القانونية والوثائق",
        ["legal"],
    ),
    ("psychosocial", "Psychosocial support", "Soutien psychosocial", "الدعم النفسي والاجتماعي", ["psychosocial"]),
    ("religious_guidance", "Religious guidance", "Accompagnement religieux", "الإرشاد الديني", ["spiritual"]),
    ("family_support", "Family support", "Soutien aux familles", "دعم الأسرة", ["family"]),
    ("childcare", "Childcare", "Garde d'enfants", "رعاية الأطفال", ["family", "education"]),
    ("sport_arts", "Sport and arts", "Sport et arts", "الرياضة والفنون", ["social", "psychosocial"]),
    ("media_literacy", "Media literacy", "Éducation aux médias", "التربية الإعلامية", ["education", "spiritual"]),
]


def add_defaults(apps, schema_editor):
    ServiceType = apps.get_model("services", "ServiceType")
    for order, (code, en, fr, ar, areas) in enumerate(DEFAULTS):
        ServiceType.objects.get_or_create(
            code=code,
            defaults={"label_en": en, "label_fr": fr, "label_ar": ar, "need_areas": areas, "order": order},
        )


class Migration(migrations.Migration):
    dependencies = [("services", "0001_initial")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
