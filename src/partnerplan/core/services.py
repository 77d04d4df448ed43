"""The one way to create, change and delete audited domain objects.

Domain services call these, adding their own rules; each call runs in the
caller's transaction, so the change and its audit row commit together.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models, transaction

from partnerplan.core.audit import Actor, delete_with_audit, record_create, record_update, snapshot
from partnerplan.core.models import AuditEvent

ModelT = TypeVar("ModelT", bound=models.Model)


@transaction.atomic
def create_audited(
    model: type[ModelT], *, actor: Actor, partnership_id: int | None = None, **fields: Any
) -> ModelT:
    obj = model(**fields)
    obj.full_clean()
    obj.save()
    record_create(obj, actor=actor, partnership_id=audit_scope(obj, partnership_id))
    return obj


@transaction.atomic
def update_audited(
    obj: ModelT, *, actor: Actor, partnership_id: int | None = None, **fields: Any
) -> ModelT:
    # Compare with what is stored now, not with what the caller's copy says.
    stored = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
    before = snapshot(stored)
    for name, value in fields.items():
        setattr(stored, name, value)
    stored.full_clean()
    stored.save()
    record_update(stored, before, actor=actor, partnership_id=audit_scope(stored, partnership_id))
    return stored


@transaction.atomic
def delete_audited(
    obj: models.Model, *, actor: Actor, partnership_id: int | None = None
) -> AuditEvent:
    return delete_with_audit(obj, actor=actor, partnership_id=audit_scope(obj, partnership_id))


def audit_scope(obj: models.Model, partnership_id: int | None) -> int | None:
    """The partnership an object's history belongs to, for permission checks."""
    if partnership_id is not None:
        return partnership_id
    if obj._meta.label_lower == "partnerships.partnership":
        return obj.pk
    # Parts of a plan find their partnership through the plan.
    if hasattr(obj, "audit_partnership_id"):
        return obj.audit_partnership_id
    return getattr(obj, "partnership_id", None)
