from typing import Any

from django.contrib import admin

from partnerplan.core.admin_audit import AuditedAdmin, admin_actor
from partnerplan.partnerships import services
from partnerplan.partnerships.forms import ReportingLineAdminForm
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

    def delete_model(self, request: Any, obj: Organisation) -> None:
        # The service files the deletion under the partnerships the organisation sat on,
        # so that their managers can restore it, as after a delete in the service itself.
        services.organisation_delete(organisation=obj, actor=admin_actor(request))


@admin.register(Person)
class PersonAdmin(AuditedAdmin):
    list_display = ["name", "job_title", "organisation", "email"]
    search_fields = ["name", "email", "organisation__name"]
    autocomplete_fields = ["organisation", "user"]

    def delete_model(self, request: Any, obj: Person) -> None:
        # As for an organisation: filed under the partnerships the person sat on.
        services.person_delete(person=obj, actor=admin_actor(request))


@admin.register(Partnership)
class PartnershipAdmin(AuditedAdmin):
    list_display = ["name", "short_name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name"]


@admin.register(ReportingLine)
class ReportingLineAdmin(AuditedAdmin):
    form = ReportingLineAdminForm
    list_display = ["partnership", "reports_to"]
    autocomplete_fields = ["partnership", "reports_to"]


@admin.register(Membership)
class MembershipAdmin(AuditedAdmin):
    list_display = ["partnership", "person", "organisation", "role", "sector"]
    list_filter = ["role", "sector"]
    autocomplete_fields = ["partnership", "person", "organisation"]
