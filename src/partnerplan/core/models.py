"""The audit trail: one row for every change to domain data."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models


class AuditSource(models.TextChoices):
    WEB = "web", "Web"
    CLI = "cli", "Command line"
    IMPORT = "import", "Import"
    API = "api", "API"
    ADMIN = "admin", "Site administration"
    DEMO = "demo", "Demo data"


class AuditAction(models.TextChoices):
    CREATE = "create", "Created"
    UPDATE = "update", "Changed"
    DELETE = "delete", "Deleted"
    RESTORE = "restore", "Restored"


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def for_object(self, obj: models.Model) -> AuditEventQuerySet:
        content_type = ContentType.objects.get_for_model(obj.__class__)
        return self.for_key(content_type, obj.pk)

    def for_key(self, content_type: ContentType, object_id: object) -> AuditEventQuerySet:
        return self.filter(content_type=content_type, object_id=str(object_id))

    def restorable(self) -> AuditEventQuerySet:
        return self.filter(action=AuditAction.DELETE, restored_by_event__isnull=True)


class AuditEvent(models.Model):
    """Who changed what, when, from where: fields before and after, and what a delete removed."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Kept as text too, so the trail still says who acted after an account is removed.
    actor_name = models.CharField(max_length=200)
    source = models.CharField(max_length=10, choices=AuditSource.choices)
    action = models.CharField(max_length=10, choices=AuditAction.choices)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(max_length=300)
    # The partnership the object belongs to, so that the deleted-items list and
    # history pages can be filtered by permission without loading every object.
    partnership_id = models.BigIntegerField(null=True, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    # For a delete: every row the delete removed (cascade included) and every
    # field it cleared, serialised so that a restore can put them back.
    removed = models.JSONField(default=dict, blank=True)
    # A deletion is restored at most once (restore_deleted sets this only while it is
    # empty). Not a one-to-one and not indexed on purpose: SQLite would take a unique
    # index on this column for "IS NULL" and walk every change ever made, instead of
    # the restorable_deletions index below.
    restored_by_event = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["content_type", "object_id"]),
            # A partnership's history takes in its members' events: both columns, so that
            # the database need not walk every membership event of every partnership, and
            # the time, so that it can put them in order without reading the events.
            models.Index(
                fields=["partnership_id", "content_type", "at"], name="events_by_partnership"
            ),
            # Deleted items lists the deletions not yet restored, out of every change ever.
            models.Index(
                fields=["-at"],
                condition=models.Q(action="delete", restored_by_event__isnull=True),
                name="restorable_deletions",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.object_repr} by {self.actor_name}"

    def partnership_ids(self) -> set[int]:
        """Every partnership this event is filed under (one query for the further ones)."""
        further = set(self.further_partnerships.values_list("partnership_id", flat=True))
        return further | ({self.partnership_id} if self.partnership_id is not None else set())


class AuditEventPartnership(models.Model):
    """A further partnership an audit event is filed under, when what changed belongs to several.

    An organisation or a person belongs to no one partnership but sits on several; their
    deletion is filed under each, so that only those partnerships' managers see it.
    """

    event = models.ForeignKey(
        AuditEvent, on_delete=models.CASCADE, related_name="further_partnerships"
    )
    # A plain id, like AuditEvent.partnership_id: the trail outlives deleted partnerships.
    # The unique constraint's index (event, partnership) serves the permission filter.
    partnership_id = models.BigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["event", "partnership_id"], name="one_filing_per_partnership"
            )
        ]

    def __str__(self) -> str:
        return f"{self.event} (partnership {self.partnership_id})"
