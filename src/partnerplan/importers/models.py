"""An import in progress: the uploaded document, what was read from it, and the
person's corrections, kept until the plan is saved or the import is abandoned.

Nothing of a plan is saved until the person confirms; this is the working copy the
preview is drawn from, and it belongs to the person who uploaded the document.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ImportState(models.TextChoices):
    READING = "reading", "Reading"
    READ = "read", "Ready to check"
    REFUSED = "refused", "Could not be read"
    SAVED = "saved", "Imported"


class ImportJob(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="import_jobs"
    )
    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="import_jobs"
    )
    file_name = models.CharField(max_length=255)
    # The document itself, until the plan is saved: reading happens after the upload's
    # request has finished.
    data = models.BinaryField(blank=True)
    state = models.CharField(max_length=10, choices=ImportState.choices)
    pages_read = models.PositiveIntegerField(default=0)
    pages = models.PositiveIntegerField(default=0)
    message = models.TextField("why it could not be read", blank=True)
    kind = models.CharField("document type", max_length=20, blank=True)
    read_document = models.JSONField("paragraphs and tables read", null=True, blank=True)
    column_roles = models.JSONField(default=dict, blank=True)
    choices = models.JSONField("corrections", default=dict, blank=True)
    plan = models.ForeignKey(
        "plans.Plan", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(auto_now_add=True)
    changed_at = models.DateTimeField(auto_now=True)

    # The trail says who uploaded which file where; the document and its reading are
    # working copies, and the plan saved from them has its own trail.
    audit_exclude = (
        "data",
        "state",
        "pages_read",
        "pages",
        "message",
        "kind",
        "read_document",
        "column_roles",
        "choices",
        "plan",
        "started_at",
        "changed_at",
    )

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return self.file_name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("importers:job", args=[self.pk])
