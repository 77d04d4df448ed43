from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from partnerplan.accounts.models import RoleGrant, User
from partnerplan.core.admin_audit import AuditedAdmin


@admin.register(User)
class PartnerplanUserAdmin(AuditedAdmin, UserAdmin):
    fieldsets = (*UserAdmin.fieldsets, ("Organisation", {"fields": ["organisation"]}))
    list_display = ["username", "first_name", "last_name", "organisation", "is_superuser"]
    autocomplete_fields = ["organisation"]
    search_fields = ["username", "first_name", "last_name", "email"]


@admin.register(RoleGrant)
class RoleGrantAdmin(AuditedAdmin):
    list_display = ["user", "partnership", "role"]
    list_filter = ["role"]
    autocomplete_fields = ["user", "partnership"]
    search_fields = ["user__username", "partnership__name"]
