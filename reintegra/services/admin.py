"""The service taxonomy is reference data a programme extends here (three languages).
Providers and services are edited on the directory's own pages; referrals never appear here."""

from django.contrib import admin

from reintegra.core.admin_audit import AuditedAdmin
from reintegra.services.models import ServiceType


@admin.register(ServiceType)
class ServiceTypeAdmin(AuditedAdmin):
    list_display = ("code", "label_en", "label_fr", "label_ar", "need_areas", "order", "is_active")
    list_editable = ("order", "is_active")
    search_fields = ("code", "label_en", "label_fr", "label_ar")
