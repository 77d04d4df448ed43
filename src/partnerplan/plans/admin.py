from typing import Any

from django.contrib import admin
from django.db import models

from partnerplan.core.admin_audit import AuditedAdmin
from partnerplan.plans.models import Action, Milestone, Objective, Plan, ProgressUpdate


class VersionedAdmin(AuditedAdmin):
    """An admin save moves the version on, so that edit forms open elsewhere notice it."""

    def save_model(self, request: Any, obj: models.Model, form: Any, change: bool) -> None:
        if change:
            obj.version = type(obj)._default_manager.get(pk=obj.pk).version + 1  # type: ignore[attr-defined]
        super().save_model(request, obj, form, change)


@admin.register(Plan)
class PlanAdmin(VersionedAdmin):
    list_display = ["title", "partnership", "kind", "status", "first_year", "last_year"]
    list_filter = ["kind", "status", "scale"]
    search_fields = ["title", "partnership__name"]
    autocomplete_fields = ["partnership"]
    exclude = ["version"]


@admin.register(Objective)
class ObjectiveAdmin(AuditedAdmin):
    list_display = ["number", "title", "plan"]
    search_fields = ["title", "plan__title"]
    autocomplete_fields = ["plan"]


@admin.register(Action)
class ActionAdmin(VersionedAdmin):
    list_display = ["number", "title", "plan", "status", "priority"]
    list_filter = ["status", "priority"]
    search_fields = ["title", "plan__title"]
    autocomplete_fields = ["plan", "objective"]
    # The status and its quarter follow the latest progress update; they are not typed in.
    readonly_fields = ["status", "last_period"]
    exclude = ["version"]


@admin.register(Milestone)
class MilestoneAdmin(AuditedAdmin):
    list_display = ["number", "text", "action", "due_on", "completed_on"]
    search_fields = ["text", "action__title"]
    autocomplete_fields = ["action"]


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(admin.ModelAdmin):
    """Read only: an update is a record of what a lead reported, never rewritten."""

    list_display = ["action", "period", "status", "author_name", "written_on"]
    list_filter = ["status"]
    search_fields = ["action__title", "narrative"]

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False
