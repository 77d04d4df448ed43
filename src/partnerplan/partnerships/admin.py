from django.contrib import admin

from partnerplan.core.admin_audit import AuditedAdmin
from partnerplan.partnerships.models import (
    Membership,
    Organisation,
    Partnership,
    Person,
    ReportingLine,
)


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdmin):
    list_display = ["name", "short_name", "sector"]
    list_filter = ["sector"]
    search_fields = ["name", "short_name"]


@admin.register(Person)
class PersonAdmin(AuditedAdmin):
    list_display = ["name", "job_title", "organisation", "email"]
    search_fields = ["name", "email", "organisation__name"]
    autocomplete_fields = ["organisation", "user"]


@admin.register(Partnership)
class PartnershipAdmin(AuditedAdmin):
    list_display = ["name", "short_name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name"]


@admin.register(ReportingLine)
class ReportingLineAdmin(AuditedAdmin):
    list_display = ["partnership", "reports_to"]
    autocomplete_fields = ["partnership", "reports_to"]


@admin.register(Membership)
class MembershipAdmin(AuditedAdmin):
    list_display = ["partnership", "person", "organisation", "role", "sector"]
    list_filter = ["role", "sector"]
    autocomplete_fields = ["partnership", "person", "organisation"]
