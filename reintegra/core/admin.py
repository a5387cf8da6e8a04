"""Admin for reference data only. Personal data (people, cases, notes, audit) is never
registered here: the access policy has no superuser bypass."""

from django.contrib import admin

from reintegra.core.admin_audit import AuditedAdmin
from reintegra.core.models import Label


@admin.register(Label)
class LabelAdmin(AuditedAdmin):
    list_display = ("kind", "code", "label_en", "label_fr", "label_ar", "is_active", "order")
    list_filter = ("kind", "is_active")
    list_editable = ("label_en", "label_fr", "label_ar", "is_active", "order")
    search_fields = ("code", "label_en", "label_fr", "label_ar")
