"""Changes made in the Django admin go through the audit trail like any other."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models, transaction

from partnerplan.core.audit import Actor, delete_with_audit, record_create, record_update, snapshot
from partnerplan.core.models import AuditSource
from partnerplan.core.services import audit_scope


class AuditedAdmin(admin.ModelAdmin):
    def save_model(self, request: Any, obj: models.Model, form: Any, change: bool) -> None:
        actor = Actor(user=request.user, source=AuditSource.ADMIN)
        with transaction.atomic():
            if change:
                before = snapshot(type(obj)._default_manager.get(pk=obj.pk))
                obj.save()
                record_update(obj, before, actor=actor, partnership_id=audit_scope(obj, None))
            else:
                obj.save()
                record_create(obj, actor=actor, partnership_id=audit_scope(obj, None))

    def delete_model(self, request: Any, obj: models.Model) -> None:
        with transaction.atomic():
            delete_with_audit(
                obj,
                actor=Actor(user=request.user, source=AuditSource.ADMIN),
                partnership_id=audit_scope(obj, None),
            )

    def delete_queryset(self, request: Any, queryset: models.QuerySet) -> None:
        with transaction.atomic():
            for obj in queryset:
                self.delete_model(request, obj)
