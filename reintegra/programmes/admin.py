from django.contrib import admin

from reintegra.core.admin_audit import AuditedAdmin
from reintegra.programmes.models import Programme


@admin.register(Programme)
class ProgrammeAdmin(AuditedAdmin):
    list_display = ("name", "code", "lead_agency", "is_active", "started_on")
    list_filter = ("is_active",)
    search_fields = ("name", "code")
