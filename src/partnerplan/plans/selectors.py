"""Reads for the plan pages: each a fixed number of queries, whatever the size of the plan."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from partnerplan.core.links import link_to
from partnerplan.core.periods import Quarter, quarters_between
from partnerplan.core.permissions import visible_partnerships
from partnerplan.partnerships.selectors import descendants_of
from partnerplan.plans.choices import (
    LINK_REVERSE_LABEL,
    NOT_UPDATED,
    LinkKind,
    ProgressStatus,
    status_label,
)
from partnerplan.plans.models import (
    Action,
    ActionLead,
    ActionLink,
    Milestone,
    Objective,
    Plan,
    ProgressUpdate,
)


def overdue_milestones(today: date) -> QuerySet[Milestone]:
    return Milestone.objects.filter(due_on__lt=today, completed_on__isnull=True)


# --- the plan page --------------------------------------------------------------------


@dataclass(frozen=True)
class PlanFilters:
    """What the plan page is narrowed to; every field empty shows the whole plan."""

    status: str = ""
    lead: int | None = None
    organisation: int | None = None
    priority: int | None = None
    overdue: bool = False
    not_updated: bool = False

    @property
    def active(self) -> bool:
        return any(
            [
                self.status,
                self.lead,
                self.organisation,
                self.priority,
                self.overdue,
                self.not_updated,
            ]
        )


@dataclass
class Cell:
    """One cell of a plan's table, as the page and every export show it."""

    column: str
    lines: list[str]
    numbered: bool = False  # milestones: a numbered list
    status: str | None = None  # progress: a status tag
    overdue: list[bool] = field(default_factory=list)

    @property
    def text(self) -> str:
        if self.numbered:
            return "\n".join(f"{n}. {line}" for n, line in enumerate(self.lines, start=1))
        return "\n".join(self.lines)


@dataclass
class ActionRow:
    """One action as a row of its plan's table: plain values, no model behind it, because
    a plan page draws hundreds of them."""

    pk: int
    number: str
    title: str
    cells: list[Cell]

    @property
    def heading(self) -> str:
        return f"{self.number} {self.title}".strip()

    @property
    def url(self) -> str:
        return link_to("plans:action", self.pk)


@dataclass
class ObjectiveRows:
    objective: Objective
    actions: list[ActionRow]

    @property
    def heading(self) -> str:
        return f"{self.objective.number}: {self.objective.title}".lstrip(": ")


def _money(amount: Any) -> str:
    return f"£{amount:,.0f}" if amount == int(amount) else f"£{amount:,.2f}"


ACTION_VALUES = ("pk", "objective_id", "number", "title", "timescale", "target", "resources")
ACTION_VALUES += ("resource_amount", "priority", "source", "comments", "status")


@dataclass(frozen=True)
class LeadText:
    name: str
    job_title: str

    def __str__(self) -> str:
        return f"{self.name} ({self.job_title})" if self.job_title else self.name


@dataclass(frozen=True)
class MilestoneText:
    text: str
    timescale: str
    due_on: date | None
    completed_on: date | None


def action_cells(
    action: dict[str, Any],
    leads: list[LeadText],
    milestones: list[MilestoneText],
    columns: list[str],
    today: date,
) -> list[Cell]:
    """An action's cells in the plan's columns, from its values, leads and milestones."""
    cells = []
    for column in columns:
        if column == "lead":
            cells.append(Cell(column, [str(lead) for lead in leads]))
        elif column == "milestones":
            overdue = [
                bool(m.due_on and m.due_on < today and not m.completed_on) for m in milestones
            ]
            texts = []
            for milestone, late in zip(milestones, overdue, strict=True):
                text = milestone.text
                if milestone.timescale:
                    text += f" ({milestone.timescale})"
                if milestone.completed_on:
                    text += " – done"
                elif late:
                    text += " – overdue"
                texts.append(text)
            cells.append(Cell(column, texts, numbered=True, overdue=overdue))
        elif column == "when":
            cells.append(Cell(column, _lines(action["timescale"])))
        elif column == "resources":
            lines = _lines(action["resources"])
            # The amount is shown when the words do not already give a sum.
            amount = action["resource_amount"]
            if amount is not None and "£" not in action["resources"]:
                lines.append(_money(amount))
            cells.append(Cell(column, lines))
        elif column == "priority":
            priority = action["priority"]
            cells.append(Cell(column, [str(priority)] if priority else []))
        elif column == "progress":
            status = action["status"]
            cells.append(Cell(column, [status_label(status)], status=status or NOT_UPDATED))
        else:
            cells.append(Cell(column, _lines(action[column])))
    return cells


def _lines(text: str) -> list[str]:
    return [line for line in (text or "").splitlines() if line.strip()]


@dataclass
class StatusCount:
    status: str
    count: int


@dataclass
class PlanSummary:
    counts: list[StatusCount]
    total: int
    updated_this_quarter: int
    quarter: Quarter

    @property
    def percent_updated(self) -> int:
        return round(100 * self.updated_this_quarter / self.total) if self.total else 0


@dataclass
class PlanTable:
    plan: Plan
    objectives: list[ObjectiveRows]
    summary: PlanSummary
    shown: int


def filter_actions(
    actions: QuerySet[Action], filters: PlanFilters, today: date
) -> QuerySet[Action]:
    if filters.status == NOT_UPDATED:
        actions = actions.filter(status="")
    elif filters.status:
        actions = actions.filter(status=filters.status)
    if filters.lead:
        actions = actions.filter(leads__person_id=filters.lead)
    if filters.organisation:
        actions = actions.filter(
            Q(leads__organisation_id=filters.organisation)
            | Q(leads__person__organisation_id=filters.organisation)
        )
    if filters.priority:
        actions = actions.filter(priority=filters.priority)
    if filters.overdue:
        actions = actions.filter(Exists(overdue_milestones(today).filter(action=OuterRef("pk"))))
    if filters.not_updated:
        actions = actions.not_updated_in(Quarter.containing(today))
    if filters.lead or filters.organisation:
        actions = actions.distinct()
    return actions


def plan_summary(plan: Plan, today: date) -> PlanSummary:
    """Actions per status and the share updated this quarter (one query)."""
    quarter = Quarter.containing(today)
    counted = Counter[str]()
    updated = 0
    for status, last_period in plan.actions.values_list("status", "last_period"):
        counted[status or NOT_UPDATED] += 1
        updated += last_period == quarter.key
    order = [*plan.statuses, NOT_UPDATED]
    return PlanSummary(
        counts=[StatusCount(s, counted[s]) for s in order if counted[s]],
        total=sum(counted.values()),
        updated_this_quarter=updated,
        quarter=quarter,
    )


def plan_table(plan: Plan, filters: PlanFilters, today: date) -> PlanTable:
    """The plan as its document shows it: objectives, then their actions (five queries:
    objectives, actions, their leads, their milestones, the summary)."""
    objectives = list(plan.objectives.order_by("position", "id"))
    actions = list(
        filter_actions(plan.actions.all(), filters, today)
        .order_by("position", "id")
        .values(*ACTION_VALUES)
    )
    ids = [a["pk"] for a in actions]
    leads: dict[int, list[LeadText]] = defaultdict(list)
    for action_id, *names in (
        ActionLead.objects.filter(action__plan=plan, action_id__in=ids)
        .order_by("action_id", "position", "id")
        .values_list(
            "action_id",
            "person__name",
            "person__job_title",
            "organisation__name",
            "partnership__name",
        )
    ):
        person, job_title, organisation, partnership = names
        leads[action_id].append(
            LeadText(person or organisation or partnership or "", job_title or "")
        )
    milestones: dict[int, list[MilestoneText]] = defaultdict(list)
    for action_id, *values in (
        Milestone.objects.filter(action__plan=plan, action_id__in=ids)
        .order_by("action_id", "position", "id")
        .values_list("action_id", "text", "timescale", "due_on", "completed_on")
    ):
        milestones[action_id].append(MilestoneText(*values))
    by_objective: dict[int, list[ActionRow]] = defaultdict(list)
    columns = plan.table_columns
    for action in actions:
        pk = action["pk"]
        by_objective[action["objective_id"]].append(
            ActionRow(
                pk=pk,
                number=action["number"],
                title=action["title"],
                cells=action_cells(action, leads[pk], milestones[pk], columns, today),
            )
        )
    rows = [
        ObjectiveRows(objective=o, actions=by_objective[o.pk])
        for o in objectives
        if by_objective[o.pk] or not filters.active
    ]
    return PlanTable(
        plan=plan, objectives=rows, summary=plan_summary(plan, today), shown=len(actions)
    )


def lead_choices(plan: Plan) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """The people and the organisations leading the plan's actions, for its filters."""
    people: dict[int, str] = {}
    organisations: dict[int, str] = {}
    rows = ActionLead.objects.filter(action__plan=plan).values_list(
        "person_id",
        "person__name",
        "person__organisation_id",
        "person__organisation__name",
        "organisation_id",
        "organisation__name",
    )
    for person_id, person, staff_of_id, staff_of, organisation_id, organisation in rows:
        if person_id:
            people[person_id] = person
        if staff_of_id:
            organisations[staff_of_id] = staff_of
        if organisation_id:
            organisations[organisation_id] = organisation
    return (
        sorted(people.items(), key=lambda item: item[1].lower()),
        sorted(organisations.items(), key=lambda item: item[1].lower()),
    )


# --- the action page ------------------------------------------------------------------


@dataclass
class TimelineMark:
    quarter: Quarter
    status: str  # "" when no update was made that quarter


@dataclass
class LinkRow:
    label: str
    action: Action


@dataclass
class ActionPage:
    action: Action
    leads: list[ActionLead]
    milestones: list[Milestone]
    updates: list[ProgressUpdate]
    timeline: list[TimelineMark]
    links: list[LinkRow]


def action_page(action: Action, today: date) -> ActionPage:
    milestones = list(action.milestones.order_by("position", "id"))
    updates = list(
        action.updates.select_related("milestone").order_by("-period", "-written_on", "-id")
    )
    links = [
        LinkRow(LinkKind(link.kind).label, link.to_action)
        for link in ActionLink.objects.filter(from_action=action).select_related("to_action")
    ] + [
        LinkRow(LINK_REVERSE_LABEL[link.kind], link.from_action)
        for link in ActionLink.objects.filter(to_action=action).select_related("from_action")
    ]
    leads = list(
        action.leads.select_related("person", "person__organisation", "organisation", "partnership")
    )
    return ActionPage(
        action=action,
        leads=leads,
        milestones=milestones,
        updates=updates,
        timeline=status_timeline(action.plan, updates, today),
        links=links,
    )


def status_timeline(plan: Plan, updates: list[ProgressUpdate], today: date) -> list[TimelineMark]:
    """One mark per quarter from the plan's start to now: the last status given for it."""
    first = Quarter(plan.first_year, 1)
    last = min(Quarter.containing(today), Quarter(plan.last_year, 4))
    if updates:
        first = min(first, min(u.quarter for u in updates))
        last = max(last, max(u.quarter for u in updates))
    latest: dict[int, str] = {}
    for update in sorted(updates, key=lambda u: (u.period, u.written_on, u.pk)):
        latest[update.period] = update.status
    return [TimelineMark(q, latest.get(q.key, "")) for q in quarters_between(first, last)]


# --- across partnerships ------------------------------------------------------------------


@dataclass
class MyActions:
    needs_update: list[Action] = field(default_factory=list)
    up_to_date: list[Action] = field(default_factory=list)
    quarter: Quarter | None = None


def my_actions(user: Any, today: date) -> MyActions:
    """What the user, or their organisation, leads across every partnership they can see."""
    person_id = _person_id(user)
    organisation_id = getattr(user, "organisation_id", None)
    condition = Q(pk__in=[])
    if person_id:
        condition |= Q(leads__person_id=person_id)
    if organisation_id:
        # An action led by a colleague is the organisation's too: colleagues cover updates.
        condition |= Q(leads__organisation_id=organisation_id) | Q(
            leads__person__organisation_id=organisation_id
        )
    quarter = Quarter.containing(today)
    actions = (
        Action.objects.filter(condition, plan__partnership__in=visible_partnerships(user))
        .distinct()
        .select_related("plan", "plan__partnership", "objective")
        .order_by("plan__partnership__name", "plan__title", "objective__position", "position")
    )
    mine = MyActions(quarter=quarter)
    for action in actions:
        if action.last_period == quarter.key:
            mine.up_to_date.append(action)
        else:
            mine.needs_update.append(action)
    return mine


def _person_id(user: Any) -> int | None:
    from partnerplan.partnerships.models import Person

    return Person.objects.filter(user=user).values_list("pk", flat=True).first()


@dataclass
class RollUp:
    """Actions per status for one partnership's plans, or for a group of partnerships."""

    counts: dict[str, int]
    total: int

    def count(self, status: str) -> int:
        return self.counts.get(status, 0)


@dataclass
class PlanRollUp:
    plan: Plan
    roll_up: RollUp


@dataclass
class SubPartnershipRollUp:
    partnership: Any
    roll_up: RollUp


@dataclass
class Dashboard:
    plans: list[PlanRollUp]
    sub_partnerships: list[SubPartnershipRollUp]
    overall: RollUp
    statuses: list[str]


STATUS_ORDER = [*ProgressStatus.values, NOT_UPDATED]


def partnership_dashboard(partnership: Any, user: Any) -> Dashboard:
    """Status roll-up over the partnership's plans and the partnerships below it."""
    plans = list(Plan.objects.filter(partnership=partnership).order_by("-first_year", "title"))
    below = descendants_of([partnership.pk])
    # The partnership itself is asked for too, so the query runs (and the page costs the
    # same number of queries) whether or not anything reports to it.
    subs = [
        p
        for p in visible_partnerships(user)
        .filter(Q(pk__in=below) | Q(pk=partnership.pk))
        .order_by("name")
        if p.pk != partnership.pk
    ]
    per_plan: dict[int, Counter[str]] = defaultdict(Counter)
    per_partnership: dict[int, Counter[str]] = defaultdict(Counter)
    rows = Action.objects.filter(
        plan__partnership_id__in=[partnership.pk, *(s.pk for s in subs)]
    ).values_list("plan_id", "plan__partnership_id", "status")
    for plan_id, partnership_id, status in rows:
        per_plan[plan_id][status or NOT_UPDATED] += 1
        per_partnership[partnership_id][status or NOT_UPDATED] += 1

    def roll(counter: Counter[str]) -> RollUp:
        return RollUp(dict(counter), sum(counter.values()))

    overall = Counter[str]()
    for counter in per_partnership.values():
        overall.update(counter)
    used = [s for s in STATUS_ORDER if overall[s]]
    return Dashboard(
        plans=[PlanRollUp(p, roll(per_plan[p.pk])) for p in plans],
        sub_partnerships=[SubPartnershipRollUp(s, roll(per_partnership[s.pk])) for s in subs],
        overall=roll(overall),
        statuses=used,
    )
