"""The words of plans, defined once: kinds, status scales and their colours, link kinds,
and the labels a plan may rename."""

from __future__ import annotations

from django.db import models


class PlanKind(models.TextChoices):
    IMPROVEMENT_PLAN = "improvement_plan", "Improvement plan"
    WORK_PROGRAMME = "work_programme", "Work programme"
    DEVELOPMENT_PLAN = "development_plan", "Development plan"
    DELIVERY_PLAN = "delivery_plan", "Delivery plan"
    OTHER = "other", "Other"


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    ADOPTED = "adopted", "Adopted"
    CLOSED = "closed", "Closed"


class StatusScale(models.TextChoices):
    THREE_POINT = "three_point", "Three-point: green, amber, red"
    FIVE_POINT = "five_point", "Five-point: green, amber/green, amber, amber/red, red"


class ProgressStatus(models.TextChoices):
    """Worst first among the colours, so that sorting puts trouble at the top."""

    RED = "red", "Red"
    AMBER_RED = "amber_red", "Amber/red"
    AMBER = "amber", "Amber"
    AMBER_GREEN = "amber_green", "Amber/green"
    GREEN = "green", "Green"
    NOT_STARTED = "not_started", "Not started"
    ONGOING = "ongoing", "Ongoing"
    COMPLETED = "completed", "Completed"
    NOT_APPLICABLE = "not_applicable", "Not applicable"
    # An update copied from a document that wrote what happened but gave no colour.
    NOT_STATED = "not_stated", "No status given"


# The states any plan may use beside its colours.
STATES = [
    ProgressStatus.NOT_STARTED,
    ProgressStatus.ONGOING,
    ProgressStatus.COMPLETED,
    ProgressStatus.NOT_APPLICABLE,
]
# An action is done with these statuses; a milestone when it has a completion date.
DONE_STATUSES = (ProgressStatus.COMPLETED, ProgressStatus.NOT_APPLICABLE)
SCALE_COLOURS: dict[str, list[str]] = {
    StatusScale.THREE_POINT: [ProgressStatus.GREEN, ProgressStatus.AMBER, ProgressStatus.RED],
    StatusScale.FIVE_POINT: [
        ProgressStatus.GREEN,
        ProgressStatus.AMBER_GREEN,
        ProgressStatus.AMBER,
        ProgressStatus.AMBER_RED,
        ProgressStatus.RED,
    ],
}

# GOV.UK Frontend tag modifiers: the colour is always beside the status in words.
STATUS_TAG_CLASS: dict[str, str] = {
    ProgressStatus.RED: "govuk-tag--red",
    ProgressStatus.AMBER_RED: "govuk-tag--orange",
    ProgressStatus.AMBER: "govuk-tag--yellow",
    ProgressStatus.AMBER_GREEN: "govuk-tag--turquoise",
    ProgressStatus.GREEN: "govuk-tag--green",
    ProgressStatus.NOT_STARTED: "govuk-tag--grey",
    ProgressStatus.ONGOING: "govuk-tag--blue",
    ProgressStatus.COMPLETED: "govuk-tag--purple",
    ProgressStatus.NOT_APPLICABLE: "govuk-tag--grey",
    ProgressStatus.NOT_STATED: "govuk-tag--grey",
}
# What a plan's table adds after a milestone's words; an import of the table takes it off.
MILESTONE_DONE, MILESTONE_OVERDUE = " – done", " – overdue"

NOT_UPDATED = "not_updated"
NOT_UPDATED_LABEL = "No update yet"

# Cell shading for documents (Word and Excel), matched to the tag colours on screen.
STATUS_FILL: dict[str, str] = {
    ProgressStatus.RED: "F4CDC5",
    ProgressStatus.AMBER_RED: "FCD6C3",
    ProgressStatus.AMBER: "FFF7BF",
    ProgressStatus.AMBER_GREEN: "D4ECEA",
    ProgressStatus.GREEN: "CCE2D8",
    ProgressStatus.NOT_STARTED: "E5E6E7",
    ProgressStatus.ONGOING: "D2E2F1",
    ProgressStatus.COMPLETED: "DBD5E9",
    ProgressStatus.NOT_APPLICABLE: "E5E6E7",
    ProgressStatus.NOT_STATED: "FFFFFF",
}


def statuses_for(scale: str) -> list[str]:
    """The statuses a person may give an update on `scale`: its colours, then the states."""
    return [*SCALE_COLOURS[scale], *STATES]


def statuses_shown(scale: str) -> list[str]:
    """The statuses a plan on `scale` may hold: also "no status given", which only an
    imported update has, so a person never chooses it but the plan still counts it."""
    return [*statuses_for(scale), ProgressStatus.NOT_STATED]


# Each status in words, looked up once: a plan's table says one for every action.
STATUS_LABELS: dict[str, str] = {str(s): str(s.label) for s in ProgressStatus}


def status_label(status: str | None) -> str:
    if not status or status == NOT_UPDATED:
        return NOT_UPDATED_LABEL
    return STATUS_LABELS[status]


class LinkKind(models.TextChoices):
    DEPENDS_ON = "depends_on", "Depends on"
    INCORPORATES = "incorporates", "Incorporates"
    INFLUENCED_BY = "influenced_by", "Influenced by"


# How a link reads from the other action's side.
LINK_REVERSE_LABEL: dict[str, str] = {
    LinkKind.DEPENDS_ON: "Needed by",
    LinkKind.INCORPORATES: "Incorporated in",
    LinkKind.INFLUENCED_BY: "Influences",
}


class Priority(models.IntegerChoices):
    ONE = 1, "1 (act now)"
    TWO = 2, "2"
    THREE = 3, "3"


# The parts of a plan that a plan may call by its own words. The keys are ours; the
# values are what a plan says when it has not chosen its own.
DEFAULT_LABELS: dict[str, str] = {
    "objective": "Objective",
    "action": "Action",
    "lead": "Lead",
    "milestones": "Milestones",
    "when": "Timescale",
    "progress": "Progress",
    "target": "Target",
    "resources": "Resources",
    "priority": "Priority",
    "comments": "Comments",
    "source": "Source",
}
# The columns a plan's table may show, in the order a new plan shows them. The action
# column always comes first, with its number.
TABLE_COLUMNS = [
    "lead",
    "milestones",
    "when",
    "target",
    "resources",
    "priority",
    "source",
    "progress",
    "comments",
]
DEFAULT_COLUMNS = ["lead", "milestones", "when", "progress", "comments"]


def label_in(labels: dict[str, str] | None, key: str) -> str:
    """A plan's word for one of its parts, from its stored labels: for lists that read
    the labels with the rows rather than the plans."""
    return (labels or {}).get(key) or DEFAULT_LABELS[key]


def plural(word: str) -> str:
    """The plural of a plan's label, for the English words plans use: "Activity" gives
    "Activities", "Key task" "Key tasks", "Issue" "Issues"."""
    if not word:
        return word
    head, _, last = word.rpartition(" ")
    lower = last.lower()
    if lower.endswith("y") and len(lower) > 1 and lower[-2] not in "aeiou":
        last = last[:-1] + "ies"
    elif lower.endswith(("s", "x", "ch", "sh")):
        last += "es"
    else:
        last += "s"
    return f"{head} {last}" if head else last


def with_article(word: str) -> str:
    """ "an activity", "a key task": for buttons such as "Add an activity"."""
    return f"{'an' if word[:1].lower() in 'aeiou' else 'a'} {word}"
