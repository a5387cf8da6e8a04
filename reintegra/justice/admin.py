from django.contrib import admin

from reintegra.core.admin_audit import AuditedAdmin
from reintegra.justice.models import Facility


@admin.register(Facility)
class FacilityAdmin(AuditedAdmin):
    """The facility register is reference data; personal justice records are never here."""

    list_display = ("name", "kind", "population", "place", "operator", "capacity", "is_active")
    list_filter = ("kind", "population", "is_active")
    search_fields = ("name",)
