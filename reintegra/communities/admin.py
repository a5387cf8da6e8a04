from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from reintegra.communities.models import SurveyInstrument, SurveyItem, SurveyScale
from reintegra.core.admin_audit import AuditedAdmin


class SurveyScaleInline(admin.TabularInline):
    model = SurveyScale
    extra = 0
    can_delete = False
    readonly_fields = ("code", "points")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class SurveyItemInline(admin.TabularInline):
    model = SurveyItem
    extra = 0
    can_delete = False
    readonly_fields = ("order", "code", "dimension", "text_en", "text_fr", "text_ar", "scale", "reverse")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(SurveyInstrument)
class SurveyInstrumentAdmin(AuditedAdmin):
    """Questionnaires are loaded with `manage.py load_survey_instrument` and never edited in
    place (waves refer to their exact items); the admin may only stop offering one."""

    list_display = ("code", "version", "name_en", "is_active")
    list_filter = ("is_active",)
    readonly_fields = (
        "code",
        "version",
        "name_en",
        "name_fr",
        "name_ar",
        "description_en",
        "description_fr",
        "description_ar",
        "provenance",
    )
    inlines = (SurveyScaleInline, SurveyItemInline)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
