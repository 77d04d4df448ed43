"""Reads for the plan pages: each a fixed number of queries, whatever the size of the plan."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import connection
from django.db.models import Count, Q

from partnerplan.core.links import link_to
from partnerplan.core.periods import Quarter, quarters_between
from partnerplan.core.permissions import visible_partnerships
from partnerplan.core.sql import among, read_rows
from partnerplan.partnerships.selectors import descendants_of
from partnerplan.plans.choices import (
    LINK_REVERSE_LABEL,
    MILESTONE_DONE,
    MILESTONE_OVERDUE,
    NOT_UPDATED,
    LinkKind,
    ProgressStatus,
    label_in,
    status_label,
)
from partnerplan.plans.models import (
    Action,
    ActionLead,
    Milestone,
    Plan,
    ProgressUpdate,
)

# --- the plan page --------------------------------------------------------------------
#
# A county board's plan has hundreds of actions and over a thousand milestones, so the
# page reads the whole plan in four lean queries (objectives, actions, leads, milestones)
# as plain tuples, never as model instances, and works out everything else from them:
# the filters, the summary bar and the filters' choices of leads.


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


@dataclass(slots=True)
class Cell:
    """One cell of a plan's table, as the page and every export show it."""

    column: str
    lines: list[str]
    numbered: bool = False  # milestones: a numbered list
    status: str | None = None  # progress: a status tag
    overdue: Sequence[bool] = ()  # milestones: which lines are overdue

    @property
    def text(self) -> str:
        if self.numbered:
            return "\n".join(f"{n}. {line}" for n, line in enumerate(self.lines, start=1))
        return "\n".join(self.lines)


@dataclass(frozen=True, slots=True)
class ObjectiveText:
    """An objective as its plan's table heads it."""

    pk: int
    number: str
    title: str
    description: str

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip()


@dataclass
class ObjectiveRows:
    objective: ObjectiveText
    actions: list[ActionRow]

    @property
    def heading(self) -> str:
        return f"{self.objective.number}: {self.objective.title}".lstrip(": ")


def _money(amount: Any) -> str:
    return f"£{amount:,.0f}" if amount == int(amount) else f"£{amount:,.2f}"


# The action's own fields behind each column that shows one as text.
TEXT_COLUMNS = {"when": "timescale", "target": "target", "source": "source", "comments": "comments"}


def action_fields(columns: list[str]) -> list[str]:
    """The action's fields the page reads: those it filters and counts on, and those of
    the plan's columns only."""
    fields = ["pk", "objective_id", "number", "title", "status", "last_period", "priority"]
    fields += [TEXT_COLUMNS[c] for c in columns if c in TEXT_COLUMNS]
    if "resources" in columns:
        fields += ["resources", "resource_amount"]
    return fields


@dataclass(slots=True)
class Milestones:
    """An action's milestones as the table shows them: one line each, and which are late."""

    lines: list[str] = field(default_factory=list)
    overdue: list[bool] = field(default_factory=list)


DONE, OVERDUE = MILESTONE_DONE, MILESTONE_OVERDUE


def _lead_cell(column: str, action: Any, leads: list[str], milestones: Milestones) -> Cell:
    return Cell(column, leads)


def _milestones_cell(column: str, action: Any, leads: list[str], milestones: Milestones) -> Cell:
    return Cell(column, milestones.lines, True, None, milestones.overdue)


def _resources_cell(column: str, action: Any, leads: list[str], milestones: Milestones) -> Cell:
    return Cell(column, _resources(action.resources, action.resource_amount))


def _priority_cell(column: str, action: Any, leads: list[str], milestones: Milestones) -> Cell:
    return Cell(column, [str(action.priority)] if action.priority else [])


def _progress_cell(column: str, action: Any, leads: list[str], milestones: Milestones) -> Cell:
    status = action.status
    return Cell(column, [status_label(status)], status=status or NOT_UPDATED)


def _text_cell(column: str, action: Any, leads: list[str], milestones: Milestones) -> Cell:
    return Cell(column, _lines(getattr(action, TEXT_COLUMNS[column])))


# How each column's cell is made; any other column shows one of the action's text fields.
CELL_MAKERS = {
    "lead": _lead_cell,
    "milestones": _milestones_cell,
    "resources": _resources_cell,
    "priority": _priority_cell,
    "progress": _progress_cell,
}


def action_cells(
    action: Any, leads: list[str], milestones: Milestones, columns: list[str]
) -> list[Cell]:
    """An action's cells in the plan's columns, from its row of values (a named tuple of
    action_fields), its leads' names and its milestones."""
    return [
        CELL_MAKERS.get(column, _text_cell)(column, action, leads, milestones) for column in columns
    ]


def _resources(words: str, amount: Any) -> list[str]:
    lines = _lines(words)
    # The amount is shown when the words do not already give a sum.
    if amount is not None and "£" not in words:
        lines.append(_money(amount))
    return lines


def _lines(text: str) -> list[str]:
    if not text:
        return []
    return [line for line in text.splitlines() if line.strip()]


@dataclass(slots=True)
class ActionRow:
    """One action as a row of its plan's table, from plain values with no model behind
    them: a plan page draws hundreds. Its cells are worked out each time they are asked
    for, so that a page holds one row's cells at a time, not thousands at once (fewer
    live objects, fewer garbage collections)."""

    values: Any  # a named tuple of action_fields(columns)
    leads: list[str]
    milestones: Milestones
    columns: list[str]
    # What the latest update says, for documents (plan_table(..., with_words=True)).
    words: str = ""

    @property
    def pk(self) -> int:
        return self.values.pk

    @property
    def number(self) -> str:
        return self.values.number

    @property
    def title(self) -> str:
        return self.values.title

    @property
    def heading(self) -> str:
        return f"{self.number} {self.title}".strip()

    @property
    def url(self) -> str:
        return link_to("plans:action", self.pk)

    @property
    def cells(self) -> list[Cell]:
        cells = action_cells(self.values, self.leads, self.milestones, self.columns)
        if self.words:
            # A document's progress cell: the status, then what happened, as plans write it.
            for cell in cells:
                if cell.column == "progress" and self.words != cell.lines[0]:
                    cell.lines = [*cell.lines, *_lines(self.words)]
        return cells


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
    # The people and organisations leading the plan's actions, by name: the filters'
    # choices.
    lead_people: list[tuple[int, str]] = field(default_factory=list)
    lead_organisations: list[tuple[int, str]] = field(default_factory=list)


def plan_summary(plan: Plan, actions: list[Any], quarter: Quarter) -> PlanSummary:
    """Actions per status and the share updated this quarter, over the whole plan."""
    counted = Counter(action.status or NOT_UPDATED for action in actions)
    updated = sum(1 for action in actions if action.last_period == quarter.key)
    order = [*plan.statuses, NOT_UPDATED]
    return PlanSummary(
        counts=[StatusCount(s, counted[s]) for s in order if counted[s]],
        total=len(actions),
        updated_this_quarter=updated,
        quarter=quarter,
    )


@dataclass
class PlanLeads:
    """The plan's leads from one query: each action's lead names in order, the people
    and organisations leading any action (the filters' choices), and the actions led
    by the lead and the organisation the filters ask for."""

    names: dict[int, list[str]] = field(default_factory=dict)
    people: dict[int, str] = field(default_factory=dict)
    organisations: dict[int, str] = field(default_factory=dict)
    by_person: set[int] = field(default_factory=set)
    by_organisation: set[int] = field(default_factory=set)


def lead_name(person: str, job_title: str | None, employer: str | None = None) -> str:
    """A person leading an action as plans name them: "Mina Patel (Street Scene
    Manager), Harbourside Council", with what is known of their post and employer."""
    # A post named without a person ("Block leads") is a lead whose name is its post.
    if job_title and job_title.casefold() != person.casefold():
        return f"{person} ({job_title}), {employer}" if employer else f"{person} ({job_title})"
    return f"{person} ({employer})" if employer else person


# The plan page's two largest reads, leads and milestones, are written in SQL: with the
# ORM, building a query that names a plan's hundreds of action ids took longer than the
# database took to run it (measured at county scale: 2.8 ms against 1.1 ms each on
# SQLite). They ask for the rows by the actions' ids rather than through a join on the
# plan, so that PostgreSQL looks each up by its index instead of reading every lead and
# milestone of every plan.
LEADS_SQL = """
SELECT lead.action_id, lead.person_id, person.name, person.job_title,
       person.organisation_id, employer.name, lead.organisation_id, organisation.name,
       partnership.name
FROM plans_actionlead lead
LEFT JOIN partnerships_person person ON person.id = lead.person_id
LEFT JOIN partnerships_organisation employer ON employer.id = person.organisation_id
LEFT JOIN partnerships_organisation organisation ON organisation.id = lead.organisation_id
LEFT JOIN partnerships_partnership partnership ON partnership.id = lead.partnership_id
WHERE {among}
ORDER BY lead.action_id, lead.position, lead.id
"""

# What the table adds to a milestone's words, asked of the database as text so that no
# date is read back and parsed: DONE, OVERDUE or nothing.
MILESTONES_SQL = """
SELECT action_id, text, timescale,
       CASE WHEN completed_on IS NOT NULL THEN %s WHEN due_on < %s THEN %s ELSE '' END
FROM plans_milestone
WHERE {among}
ORDER BY action_id, position, id
"""


def _rows_of_actions(
    sql: str, params: list[Any], column: str, action_ids: list[int]
) -> list[tuple]:
    """The rows `sql` finds for these actions: its `{among}` becomes the condition that
    `column` is one of their ids."""
    if not action_ids:
        return []
    condition, ids = among(column, action_ids)
    return read_rows(sql.format(among=condition), [*params, *ids])


def plan_leads(action_ids: list[int], filters: PlanFilters) -> PlanLeads:
    leads = PlanLeads()
    rows = _rows_of_actions(LEADS_SQL, [], "lead.action_id", action_ids)
    for action_id, person_id, person, job, staff_of_id, staff_of, org_id, org, group in rows:
        if person_id:
            name = lead_name(person, job, staff_of)
            leads.people[person_id] = person
            if person_id == filters.lead:
                leads.by_person.add(action_id)
        else:
            name = org or group or ""
        names = leads.names.get(action_id)
        if names is None:
            leads.names[action_id] = [name]
        else:
            names.append(name)
        # An action led by someone on an organisation's staff is the organisation's too.
        if staff_of_id:
            leads.organisations[staff_of_id] = staff_of
        if org_id:
            leads.organisations[org_id] = org
        if filters.organisation and filters.organisation in (staff_of_id, org_id):
            leads.by_organisation.add(action_id)
    return leads


def plan_milestones(action_ids: list[int], today: date) -> dict[int, Milestones]:
    """Each action's milestones as lines, in order."""
    found: dict[int, Milestones] = {}
    params = [DONE, connection.ops.adapt_datefield_value(today), OVERDUE]
    for action_id, text, timescale, state in _rows_of_actions(
        MILESTONES_SQL, params, "action_id", action_ids
    ):
        milestones = found.get(action_id)
        if milestones is None:
            milestones = found[action_id] = Milestones()
        milestones.lines.append(f"{text} ({timescale}){state}" if timescale else text + state)
        milestones.overdue.append(state == OVERDUE)
    return found


def shown_actions(
    actions: list[Any],
    filters: PlanFilters,
    leads: PlanLeads,
    milestones: dict[int, Milestones],
    quarter: Quarter,
) -> list[Any]:
    """The actions the filters let through, in their order."""
    if not filters.active:
        return actions
    wanted: list[Callable[[Any], bool]] = []
    if filters.status:
        wanted.append(lambda a: (a.status or NOT_UPDATED) == filters.status)
    if filters.lead:
        wanted.append(lambda a: a.pk in leads.by_person)
    if filters.organisation:
        wanted.append(lambda a: a.pk in leads.by_organisation)
    if filters.priority:
        wanted.append(lambda a: a.priority == filters.priority)
    if filters.overdue:
        wanted.append(lambda a: a.pk in milestones and any(milestones[a.pk].overdue))
    if filters.not_updated:
        wanted.append(lambda a: a.last_period is None or a.last_period < quarter.key)
    return [a for a in actions if all(test(a) for test in wanted)]


def _by_name(names: dict[int, str]) -> list[tuple[int, str]]:
    return sorted(names.items(), key=lambda item: item[1].lower())


def plan_table(
    plan: Plan, filters: PlanFilters, today: date, *, with_words: bool = False
) -> PlanTable:
    """The plan as its document shows it: objectives, then their actions (four queries:
    objectives, actions, their leads, their milestones), with the summary bar and the
    filters' choices worked out from the same rows. `with_words`: each action's latest
    update's words too, under its status (one query more), for the documents."""
    quarter = Quarter.containing(today)
    columns = plan.table_columns
    objectives = [
        ObjectiveText(*values)
        for values in plan.objectives.order_by("position", "id").values_list(
            "pk", "number", "title", "description"
        )
    ]
    actions = list(
        plan.actions.order_by("position", "id").values_list(*action_fields(columns), named=True)
    )
    action_ids = [action.pk for action in actions]
    leads = plan_leads(action_ids, filters)
    milestones = plan_milestones(action_ids, today)
    shown = shown_actions(actions, filters, leads, milestones, quarter)
    words = latest_words(action_ids) if with_words and "progress" in columns else {}
    no_leads: list[str] = []
    no_milestones = Milestones()
    by_objective: dict[int, list[ActionRow]] = defaultdict(list)
    for action in shown:
        pk = action.pk
        by_objective[action.objective_id].append(
            ActionRow(
                action,
                leads.names.get(pk, no_leads),
                milestones.get(pk, no_milestones),
                columns,
                words.get(pk, ""),
            )
        )
    rows = [
        ObjectiveRows(objective=o, actions=by_objective[o.pk])
        for o in objectives
        if by_objective[o.pk] or not filters.active
    ]
    return PlanTable(
        plan=plan,
        objectives=rows,
        summary=plan_summary(plan, actions, quarter),
        shown=len(shown),
        lead_people=_by_name(leads.people),
        lead_organisations=_by_name(leads.organisations),
    )


def latest_words(action_ids: list[int]) -> dict[int, str]:
    """What each action's latest update says (the update its status comes from)."""
    words: dict[int, str] = {}
    for action_id, narrative in (
        ProgressUpdate.objects.filter(action_id__in=action_ids)
        .order_by("action_id", "-period", "-written_on", "-id")
        .values_list("action_id", "narrative")
    ):
        words.setdefault(action_id, narrative)
    return words


# --- the action page ------------------------------------------------------------------


@dataclass
class TimelineMark:
    quarter: Quarter
    status: str  # "" when no update was made that quarter


@dataclass(frozen=True, slots=True)
class LinkedAction:
    """The action at the other end of a link, as its link reads."""

    pk: int
    number: str
    title: str

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip()[:300]

    def get_absolute_url(self) -> str:
        return link_to("plans:action", self.pk)


@dataclass
class LinkRow:
    label: str
    action: LinkedAction


@dataclass
class ActionPage:
    action: Action
    leads: list[str]
    milestones: list[Milestone]
    updates: list[ProgressUpdate]
    timeline: list[TimelineMark]
    links: list[LinkRow]


def action_leads(action: Action) -> list[str]:
    """Its leads in order, as names (one query)."""
    rows = action.leads.order_by("position", "id").values_list(
        "person__name",
        "person__job_title",
        "person__organisation__name",
        "organisation__name",
        "partnership__name",
    )
    return [
        lead_name(person, job_title, employer) if person else (organisation or partnership or "")
        for person, job_title, employer, organisation, partnership in rows
    ]


def action_page(action: Action, today: date) -> ActionPage:
    milestones = list(action.milestones.order_by("position", "id"))
    updates = list(action.updates.order_by("-period", "-written_on", "-id"))
    by_id = {milestone.pk: milestone for milestone in milestones}
    for update in updates:
        # The milestones are read already: no join, and no query per update.
        update.milestone = by_id.get(update.milestone_id)
    links = action_links(action)
    leads = action_leads(action)
    return ActionPage(
        action=action,
        leads=leads,
        milestones=milestones,
        updates=updates,
        timeline=status_timeline(action.plan, updates, today),
        links=links,
    )


# An action's links both ways, each with the action at its other end, in the order the
# plans list the actions that make them, then by kind. In SQL (see core/sql.py): the ORM
# spent longer building this four-table query than the database spent finding no rows.
LINKS_SQL = """
SELECT link.kind, link.from_action_id, link.to_action_id,
       target.number, target.title, source.number, source.title
FROM plans_actionlink link
JOIN plans_action source ON source.id = link.from_action_id
JOIN plans_action target ON target.id = link.to_action_id
JOIN plans_objective objective ON objective.id = source.objective_id
WHERE link.from_action_id = %s OR link.to_action_id = %s
ORDER BY source.plan_id, objective.position, source.position, source.id, link.kind, link.id
"""


def action_links(action: Action) -> list[LinkRow]:
    """Its links both ways, each read from this action's side (one query): first those
    it makes, then those made to it."""
    made: list[LinkRow] = []
    received: list[LinkRow] = []
    for kind, from_id, to_id, to_number, to_title, from_number, from_title in read_rows(
        LINKS_SQL, [action.pk, action.pk]
    ):
        if from_id == action.pk:
            made.append(LinkRow(LinkKind(kind).label, LinkedAction(to_id, to_number, to_title)))
        else:
            other = LinkedAction(from_id, from_number, from_title)
            received.append(LinkRow(LINK_REVERSE_LABEL[kind], other))
    return made + received


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


@dataclass(slots=True)
class MyAction:
    """One action on My actions: its values only, no model behind it."""

    pk: int
    number: str
    title: str
    status: str
    last_period: int | None
    plan_title: str
    partnership_name: str
    action_label: str  # the plan's word for an action

    @property
    def url(self) -> str:
        return link_to("plans:action", self.pk)


@dataclass
class MyActions:
    needs_update: list[MyAction] = field(default_factory=list)
    up_to_date: list[MyAction] = field(default_factory=list)
    quarter: Quarter | None = None


def my_actions(user: Any, today: date) -> MyActions:
    """What the user, or their organisation, leads across every partnership they can see
    (one query)."""
    from partnerplan.partnerships.models import Person

    # Two lookups on indexed columns joined by UNION rather than one OR: with an OR,
    # PostgreSQL reads every lead of every plan.
    people = Q(user=user)
    organisation_id = getattr(user, "organisation_id", None)
    if organisation_id:
        # An action led by a colleague is the organisation's too: colleagues cover updates.
        people |= Q(organisation_id=organisation_id)
    # No ORDER BY inside a UNION: SQLite refuses one there.
    led = (
        ActionLead.objects.filter(person_id__in=Person.objects.filter(people).values("pk"))
        .order_by()
        .values("action_id")
    )
    if organisation_id:
        led = led.union(
            ActionLead.objects.filter(organisation_id=organisation_id)
            .order_by()
            .values("action_id")
        )
    rows = (
        Action.objects.filter(pk__in=led, plan__partnership__in=visible_partnerships(user))
        .order_by("plan__partnership__name", "plan__title", "objective__position", "position")
        .values_list(
            "pk",
            "number",
            "title",
            "status",
            "last_period",
            "plan__title",
            "plan__partnership__name",
            "plan__labels",
        )
    )
    quarter = Quarter.containing(today)
    mine = MyActions(quarter=quarter)
    for *values, labels in rows:
        label = label_in(labels, "action")
        action = MyAction(*values, action_label=label)
        if action.last_period == quarter.key:
            mine.up_to_date.append(action)
        else:
            mine.needs_update.append(action)
    return mine


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


def status_counts(partnership_ids: list[int]) -> list[tuple[int, int, str, int]]:
    """(plan, partnership, status, number of actions) for every plan of the partnerships:
    counted by the database, which reads the (plan, status) index rather than sending
    back thousands of actions."""
    return list(
        Action.objects.filter(plan__partnership_id__in=partnership_ids)
        .values_list("plan_id", "plan__partnership_id", "status")
        .annotate(count=Count("*"))
        .order_by()
    )


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
    for plan_id, partnership_id, status, count in status_counts(
        [partnership.pk, *(s.pk for s in subs)]
    ):
        per_plan[plan_id][status or NOT_UPDATED] += count
        per_partnership[partnership_id][status or NOT_UPDATED] += count

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
