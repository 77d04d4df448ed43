"""Changes made in the Django admin go through the audit trail like any other."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models, transaction

from partnerplan.core.audit import Actor, delete_with_audit, record_create, record_update, snapshot
from partnerplan.core.models import AuditSource
from partnerplan.core.services import audit_scope


def admin_actor(request: Any) -> Actor:
    """The signed-in administrator, acting through the site administration."""
    return Actor(user=request.user, source=AuditSource.ADMIN)


class AuditedAdmin(admin.ModelAdmin):
    # Web addresses typed without a scheme are taken as https, as in the service's own
    # forms. Without this, Django 5.2's admin falls back to http and warns that the
    # default changes in Django 6.0, which the test settings turn into an error.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def save_model(self, request: Any, obj: models.Model, form: Any, change: bool) -> None:
        actor = admin_actor(request)
        with transaction.atomic():
            if change:
                # What is stored now, locked until the change and its record commit.
                stored = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
                before = snapshot(stored)
                obj.save()
                record_update(obj, before, actor=actor, partnership_id=audit_scope(obj, None))
            else:
                obj.save()
                record_create(obj, actor=actor, partnership_id=audit_scope(obj, None))

    def delete_model(self, request: Any, obj: models.Model) -> None:
        with transaction.atomic():
            delete_with_audit(
                obj, actor=admin_actor(request), partnership_id=audit_scope(obj, None)
            )

    def delete_queryset(self, request: Any, queryset: models.QuerySet) -> None:
        with transaction.atomic():
            for obj in queryset:
                self.delete_model(request, obj)
