"""Plans, their objectives and actions, leads, links, milestones and progress updates."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from partnerplan.core.links import link_to
from partnerplan.core.periods import FinancialYear, Quarter
from partnerplan.plans.choices import (
    DEFAULT_COLUMNS,
    DEFAULT_LABELS,
    DONE_STATUSES,
    TABLE_COLUMNS,
    LinkKind,
    PlanKind,
    PlanStatus,
    Priority,
    ProgressStatus,
    StatusScale,
    label_in,
    plural,
    statuses_shown,
    with_article,
)
from partnerplan.timescales.reader import Reading


def _default_labels() -> dict[str, str]:
    return dict(DEFAULT_LABELS)


def _default_columns() -> list[str]:
    return list(DEFAULT_COLUMNS)


class Plan(models.Model):
    """An improvement plan, work programme or development plan of one partnership."""

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="plans"
    )
    title = models.CharField(max_length=300)
    kind = models.CharField(max_length=30, choices=PlanKind.choices)
    first_year = models.PositiveSmallIntegerField(
        "first financial year", help_text="The year the plan's first financial year starts in."
    )
    last_year = models.PositiveSmallIntegerField("last financial year")
    status = models.CharField(max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    adopted_on = models.DateField("adopted on", null=True, blank=True)
    adopted_at = models.CharField("adopted at", max_length=300, blank=True)
    scale = models.CharField(
        "status scale", max_length=20, choices=StatusScale.choices, default=StatusScale.THREE_POINT
    )
    labels = models.JSONField(default=_default_labels, blank=True)
    columns = models.JSONField(default=_default_columns, blank=True)
    # Raised by every save, so that an edit form loaded earlier can tell it is stale.
    version = models.PositiveIntegerField(default=1)

    audit_exclude = ("version",)

    class Meta:
        ordering = ["partnership__name", "-first_year", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(last_year__gte=models.F("first_year")), name="plan_ends_after_it_starts"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.period})"

    def get_absolute_url(self) -> str:
        return link_to("plans:plan", self.pk)

    @property
    def period(self) -> str:
        first, last = FinancialYear(self.first_year), FinancialYear(self.last_year)
        return first.label if first == last else f"{first.label} to {last.label}"

    def label(self, key: str) -> str:
        """The plan's own word for one of its parts."""
        return label_in(self.labels, key)

    def labels_of(self, key: str) -> str:
        """The plural of the plan's word: "Activities" where it says "Activity"."""
        return plural(self.label(key))

    def a_label(self, key: str) -> str:
        """The plan's word, lower case, with its article: "an activity"."""
        return with_article(self.label(key).lower())

    @property
    def table_columns(self) -> list[str]:
        return [c for c in (self.columns or DEFAULT_COLUMNS) if c in TABLE_COLUMNS]

    @property
    def statuses(self) -> list[str]:
        return statuses_shown(self.scale)

    def clean(self) -> None:
        unknown = set(self.labels or {}) - set(DEFAULT_LABELS)
        if unknown:
            raise ValidationError({"labels": f"Unknown labels: {', '.join(sorted(unknown))}."})
        if any(c not in TABLE_COLUMNS for c in self.columns or []):
            raise ValidationError({"columns": "Choose columns from the list."})
        if len(set(self.columns or [])) != len(self.columns or []):
            raise ValidationError({"columns": "Each column can be shown once."})


class Objective(models.Model):
    """A numbered aim of a plan (its strategic aim, issue, outcome, theme or priority)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="objectives")
    number = models.CharField(max_length=20, blank=True)
    position = models.PositiveIntegerField(default=0)
    title = models.CharField(max_length=500)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["plan", "position", "id"]

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip()

    def get_absolute_url(self) -> str:
        return f"{self.plan.get_absolute_url()}#objective-{self.pk}"

    @property
    def audit_partnership_id(self) -> int:
        return self.plan.partnership_id


class ReadTimescale:
    """For a milestone or an action, whose timescale is stored as read (`schedule`)."""

    schedule: dict

    @property
    def timescale_flagged(self) -> bool:
        """Its timescale could not be read for certain: a person should check it."""
        return bool(self.schedule) and Reading.from_json(self.schedule).flagged


class ActionQuerySet(models.QuerySet["Action"]):
    def not_updated_in(self, quarter: Quarter) -> ActionQuerySet:
        return self.filter(Q(last_period__isnull=True) | Q(last_period__lt=quarter.key))

    def still_to_do(self) -> ActionQuerySet:
        """Not done, in a plan not closed."""
        return self.exclude(status__in=DONE_STATUSES).exclude(plan__status=PlanStatus.CLOSED)


class Action(ReadTimescale, models.Model):
    """A numbered piece of work under an objective, with its leads and milestones."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="actions")
    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="actions")
    number = models.CharField(max_length=20, blank=True)
    position = models.PositiveIntegerField(default=0)
    title = models.CharField(max_length=1000)
    description = models.TextField(blank=True)
    resources = models.TextField("resource implication", blank=True)
    resource_amount = models.DecimalField(
        "amount (£)", max_digits=12, decimal_places=2, null=True, blank=True
    )
    priority = models.PositiveSmallIntegerField(choices=Priority.choices, null=True, blank=True)
    source = models.CharField("source or reference", max_length=500, blank=True)
    timescale = models.CharField(max_length=300, blank=True)
    due_on = models.DateField("due on", null=True, blank=True)
    due_set_by_hand = models.BooleanField("due date set by hand", default=False)
    # The timescale as read (timescales.reader.Reading.as_json()): derived from the words,
    # so its changes are the timescale's and not audited twice.
    schedule = models.JSONField(default=dict, blank=True)
    target = models.TextField("target or indicator", blank=True)
    comments = models.TextField(blank=True)
    # The latest update's status and quarter, kept here so that a plan of hundreds of
    # actions is filtered and counted without reading its history.
    status = models.CharField(max_length=20, choices=ProgressStatus.choices, blank=True)
    last_period = models.PositiveIntegerField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = ActionQuerySet.as_manager()

    # The status and quarter are copies of the latest update, which has its own history.
    audit_exclude = ("version", "status", "last_period", "schedule")

    class Meta:
        ordering = ["plan", "objective__position", "position", "id"]
        indexes = [models.Index(fields=["plan", "status"]), models.Index(fields=["due_on"])]

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip()[:300]

    def get_absolute_url(self) -> str:
        return link_to("plans:action", self.pk)

    @property
    def is_done(self) -> bool:
        return self.status in DONE_STATUSES

    @property
    def audit_partnership_id(self) -> int:
        return self.plan.partnership_id

    def clean(self) -> None:
        if self.objective_id and self.plan_id and self.objective.plan_id != self.plan_id:
            raise ValidationError({"objective": "Choose an objective of the same plan."})
        if self.resource_amount is not None and self.resource_amount < 0:
            raise ValidationError({"resource_amount": "The amount cannot be negative."})


class ActionLead(models.Model):
    """One of an action's leads, in order: a person, an organisation or a partnership."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="leads")
    position = models.PositiveSmallIntegerField(default=0)
    person = models.ForeignKey(
        "partnerships.Person", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    organisation = models.ForeignKey(
        "partnerships.Organisation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    partnership = models.ForeignKey(
        "partnerships.Partnership",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )

    class Meta:
        ordering = ["action", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(person__isnull=False, organisation__isnull=True, partnership__isnull=True)
                    | Q(person__isnull=True, organisation__isnull=False, partnership__isnull=True)
                    | Q(person__isnull=True, organisation__isnull=True, partnership__isnull=False)
                ),
                name="lead_is_one_thing",
            )
        ]

    def __str__(self) -> str:
        return str(self.lead)

    @property
    def lead(self) -> models.Model | None:
        return self.person or self.organisation or self.partnership


class ActionLink(models.Model):
    """One action depends on, incorporates or is influenced by another."""

    from_action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="links_out")
    to_action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="links_in")
    kind = models.CharField(max_length=20, choices=LinkKind.choices)

    class Meta:
        ordering = ["from_action", "kind", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["from_action", "to_action", "kind"], name="one_link_of_a_kind"
            ),
            models.CheckConstraint(
                condition=~Q(from_action=models.F("to_action")), name="no_link_to_itself"
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.from_action.number} {self.get_kind_display().lower()} {self.to_action.number}"
        )


class Milestone(ReadTimescale, models.Model):
    """A numbered step of an action, with its timescale in the plan's words."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="milestones")
    number = models.CharField(max_length=20, blank=True)
    position = models.PositiveIntegerField(default=0)
    text = models.TextField()
    timescale = models.CharField(max_length=300, blank=True)
    due_on = models.DateField("due on", null=True, blank=True)
    due_set_by_hand = models.BooleanField("due date set by hand", default=False)
    schedule = models.JSONField(default=dict, blank=True)
    completed_on = models.DateField("completed on", null=True, blank=True)

    audit_exclude = ("schedule",)

    class Meta:
        ordering = ["action", "position", "id"]
        # Due lists ask for milestones not yet done, by date: most past ones are done.
        indexes = [
            models.Index(
                fields=["due_on"], condition=Q(completed_on__isnull=True), name="milestone_due"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.text}".strip()[:300]

    def get_absolute_url(self) -> str:
        return self.action.get_absolute_url()

    @property
    def audit_partnership_id(self) -> int:
        return self.action.plan.partnership_id


class ProgressUpdate(models.Model):
    """A lead's report on an action for one quarter: a status and what happened."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    milestone = models.ForeignKey(
        Milestone, null=True, blank=True, on_delete=models.SET_NULL, related_name="updates"
    )
    period = models.PositiveIntegerField(
        "reporting period", help_text="The quarter, as Quarter.key (20073 is 2007/08 Q3)."
    )
    written_on = models.DateTimeField("written on")
    status = models.CharField(max_length=20, choices=ProgressStatus.choices)
    narrative = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="progress_updates",
    )
    # Kept as text too, so an update still says who wrote it after an account goes.
    author_name = models.CharField(max_length=200)
    evidence = models.JSONField("evidence links", default=list, blank=True)

    class Meta:
        ordering = ["action", "-period", "-written_on", "-id"]
        indexes = [models.Index(fields=["action", "period"])]

    def __str__(self) -> str:
        return f"{self.quarter.label}: {self.get_status_display()}"

    @property
    def quarter(self) -> Quarter:
        return Quarter.from_key(self.period)

    @property
    def audit_partnership_id(self) -> int:
        return self.action.plan.partnership_id
