from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from reintegra.accounts.models import Agency, Membership, User
from reintegra.core.admin_audit import AuditedAdmin


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ("agency",)


@admin.register(User)
class UserAdmin(AuditedAdmin, BaseUserAdmin):
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        ("Reintegra", {"fields": ("display_name", "preferred_language")}),
    )
    list_display = ("username", "display_name", "email", "is_active", "last_login")
    search_fields = ("username", "display_name", "email")
    inlines = (MembershipInline,)


@admin.register(Agency)
class AgencyAdmin(AuditedAdmin):
    list_display = ("name", "short_name", "agency_type", "region", "is_active")
    list_filter = ("agency_type", "is_active")
    search_fields = ("name", "short_name", "region")
    inlines = (MembershipInline,)
