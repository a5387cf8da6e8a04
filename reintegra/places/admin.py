from django.contrib import admin

from reintegra.core.admin_audit import AuditedAdmin
from reintegra.places.models import Place


@admin.register(Place)
class PlaceAdmin(AuditedAdmin):
    list_display = ("name_en", "name_fr", "name_ar", "level", "parent", "code", "is_active")
    list_filter = ("level", "is_active")
    search_fields = ("name_en", "name_fr", "name_ar", "code")
    autocomplete_fields = ("parent",)
