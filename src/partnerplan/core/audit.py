"""Write the audit trail, in the same transaction as the change it records.

Services call these functions; nothing here looks for a current request, so a
change made from the command line or an import is recorded with its actor too.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, models, router, transaction
from django.db.models.deletion import Collector

from partnerplan.core.models import AuditAction, AuditEvent, AuditEventPartnership, AuditSource


@dataclass(frozen=True)
class Actor:
    """Who is making a change, and through which door."""

    user: Any | None
    source: str = AuditSource.WEB

    @property
    def name(self) -> str:
        if self.user is not None and getattr(self.user, "pk", None):
            return self.user.get_full_name() or self.user.get_username()
        return {
            AuditSource.CLI: "command line",
            AuditSource.DEMO: "demo data",
            AuditSource.IMPORT: "import",
        }.get(self.source, "system")

    @classmethod
    def system(cls, source: str = AuditSource.CLI) -> Actor:
        return cls(user=None, source=source)


class RestoreError(Exception):
    """A deleted item cannot be put back as it was."""


def _json_safe(value: Any) -> Any:
    # Most values are already JSON; only dates, decimals and the like need the encoder.
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def _text(obj: models.Model, field: models.Field) -> str:
    if field.choices:
        return str(getattr(obj, f"get_{field.name}_display")())
    if field.is_relation:
        related = getattr(obj, field.name)
        return "" if related is None else str(related)
    value = getattr(obj, field.attname)
    return "" if value is None else str(value)


def snapshot(obj: models.Model) -> dict[str, dict[str, Any]]:
    """Each audited field of obj: its stored value and the words a person reads."""
    values: dict[str, dict[str, Any]] = {}
    for field in obj._meta.concrete_fields:
        if field.primary_key or field.name in getattr(obj, "audit_exclude", ()):
            continue
        values[field.name] = {
            "label": str(field.verbose_name),
            "value": _json_safe(getattr(obj, field.attname)),
            "text": _text(obj, field),
        }
    return values


def _unsaved_event(
    obj: models.Model, action: str, actor: Actor, partnership_id: int | None, **extra: Any
) -> AuditEvent:
    return AuditEvent(
        actor=actor.user if getattr(actor.user, "pk", None) else None,
        actor_name=actor.name,
        source=actor.source,
        action=action,
        content_type=ContentType.objects.get_for_model(obj.__class__),
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        partnership_id=partnership_id,
        **extra,
    )


def _event(
    obj: models.Model, action: str, actor: Actor, partnership_id: int | None, **extra: Any
) -> AuditEvent:
    event = _unsaved_event(obj, action, actor, partnership_id, **extra)
    event.save()
    return event


def creation_event(
    obj: models.Model, *, actor: Actor, partnership_id: int | None = None
) -> AuditEvent:
    """The record of obj's creation, not yet saved: bulk loaders save many at once."""
    changes = {
        name: {"label": f["label"], "before": None, "after": f["value"], "after_text": f["text"]}
        for name, f in snapshot(obj).items()
        if f["value"] not in (None, "")
    }
    return _unsaved_event(obj, AuditAction.CREATE, actor, partnership_id, changes=changes)


def record_create(
    obj: models.Model, *, actor: Actor, partnership_id: int | None = None
) -> AuditEvent:
    event = creation_event(obj, actor=actor, partnership_id=partnership_id)
    event.save()
    return event


def record_update(
    obj: models.Model,
    before: dict[str, dict[str, Any]],
    *,
    actor: Actor,
    partnership_id: int | None = None,
) -> AuditEvent | None:
    """Record the fields that differ from `before`; nothing when nothing changed."""
    after = snapshot(obj)
    changes = {
        name: {
            "label": f["label"],
            "before": before[name]["value"],
            "before_text": before[name]["text"],
            "after": f["value"],
            "after_text": f["text"],
        }
        for name, f in after.items()
        if before.get(name, {}).get("value") != f["value"]
    }
    if not changes:
        return None
    return _event(obj, AuditAction.UPDATE, actor, partnership_id, changes=changes)


def record_related_change(
    obj: models.Model, description: dict[str, Any], *, actor: Actor, partnership_id: int | None
) -> AuditEvent:
    """A change to something that hangs off obj (its reporting lines, say)."""
    return _event(obj, AuditAction.UPDATE, actor, partnership_id, changes=description)


def delete_with_audit(
    obj: models.Model, *, actor: Actor, partnership_id: int | None = None
) -> AuditEvent:
    """Delete obj and everything its delete cascades to, keeping all of it for a restore."""
    using = router.db_for_write(obj.__class__)
    collector = Collector(using=using)
    collector.collect([obj])
    rows: list[dict[str, Any]] = []
    for instances in collector.data.values():
        rows.extend(json.loads(serializers.serialize("json", list(instances))))
    # Rows Django deletes in bulk without loading them ("fast deletes") are kept too.
    for queryset in collector.fast_deletes:
        rows.extend(json.loads(serializers.serialize("json", list(queryset))))
    cleared: list[dict[str, Any]] = []
    for (field, _value), querysets in collector.field_updates.items():
        for queryset in querysets:
            for pk, old in queryset.values_list("pk", field.attname):
                cleared.append(
                    {
                        "model": queryset.model._meta.label_lower,
                        "pk": pk,
                        "field": field.attname,
                        "value": _json_safe(old),
                    }
                )
    event = _event(
        obj,
        AuditAction.DELETE,
        actor,
        partnership_id,
        changes={
            name: {
                "label": f["label"],
                "before": f["value"],
                "before_text": f["text"],
                "after": None,
            }
            for name, f in snapshot(obj).items()
            if f["value"] not in (None, "")
        },
        removed={"rows": rows, "cleared": cleared},
    )
    obj.delete()
    return event


def file_under(event: AuditEvent, partnership_ids: Iterable[int]) -> None:
    """File `event` under further partnerships besides its own `partnership_id`.

    For what belongs to several partnerships at once (an organisation, a person): the
    permission layer then shows its deletion to those partnerships' managers only.
    """
    further = set(partnership_ids) - {event.partnership_id}
    AuditEventPartnership.objects.bulk_create(
        [AuditEventPartnership(event=event, partnership_id=pk) for pk in sorted(further)]
    )


def restore_deleted(event: AuditEvent, *, actor: Actor) -> AuditEvent:
    """Put back every row a delete removed and every field it cleared."""
    if event.action != AuditAction.DELETE:
        raise RestoreError("Only a deleted item can be restored.")
    if event.restored_by_event_id is not None:
        raise RestoreError("This item has already been restored.")
    try:
        with transaction.atomic():
            # Foreign keys are checked at commit on SQLite and PostgreSQL alike,
            # so rows can go back in any order; the savepoint keeps a failure clean.
            for deserialised in serializers.deserialize(
                "json", json.dumps(event.removed.get("rows", []))
            ):
                model = type(deserialised.object)
                if model._default_manager.filter(pk=deserialised.object.pk).exists():
                    raise RestoreError(
                        f"{model._meta.verbose_name.capitalize()} “{deserialised.object}” "
                        "exists again already."
                    )
                deserialised.save()
            from django.apps import apps

            for item in event.removed.get("cleared", []):
                model = apps.get_model(item["model"])
                model._default_manager.filter(pk=item["pk"], **{item["field"]: None}).update(
                    **{item["field"]: item["value"]}
                )
            restored = event.content_type.get_object_for_this_type(pk=event.object_id)
            _check_foreign_keys(using=router.db_for_write(type(restored)))
            restore_event = _event(
                restored,
                AuditAction.RESTORE,
                actor,
                event.partnership_id,
                changes={
                    "restored_from": {
                        "label": "Restored from",
                        "after": event.pk,
                        "after_text": f"deletion of {event.at:%d %B %Y %H:%M}",
                    }
                },
            )
            # The restore belongs wherever the deletion did.
            file_under(restore_event, event.partnership_ids())
            # Conditional, so that of two restores racing each other only one lands.
            marked = AuditEvent.objects.filter(pk=event.pk, restored_by_event__isnull=True).update(
                restored_by_event=restore_event
            )
            if not marked:
                raise RestoreError("This item has already been restored.")
            event.restored_by_event = restore_event
    except IntegrityError as error:
        raise RestoreError(
            "It cannot be put back as it was: something it refers to has gone, "
            "or another item now has the same name."
        ) from error
    return restore_event


def _check_foreign_keys(using: str) -> None:
    """Fail now, inside the savepoint, rather than at commit, if a restored row points nowhere."""
    from django.db import connections

    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    elif connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA foreign_key_check")
            if cursor.fetchone():
                raise IntegrityError("foreign key check failed")
