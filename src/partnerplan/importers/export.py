"""A plan taken out of partnerplan in the interchange format, so that it can be read back in.

Seven queries whatever the size of the plan: the plan, its objectives, its actions, and
the leads, milestones, progress updates and links of those actions.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from partnerplan.core.periods import Quarter
from partnerplan.importers.interchange import (
    ActionData,
    Document,
    LeadData,
    LinkData,
    MilestoneData,
    ObjectiveData,
    PlanData,
    ProgressData,
    Unplaced,
    period_text,
)
from partnerplan.plans.choices import DEFAULT_LABELS, ProgressStatus
from partnerplan.plans.models import (
    Action,
    ActionLead,
    ActionLink,
    Milestone,
    Objective,
    Plan,
    ProgressUpdate,
)


def plan_to_interchange(plan: Plan) -> Document:
    """The plan as an interchange document.

    Progress updates are listed oldest first, so the last one is the action's status
    today, and a document written by hand grows at the end. A link that the format
    cannot express (to an action of another plan, or to a number several actions
    share) is listed as unplaced rather than dropped.
    """
    plan = Plan.objects.select_related("partnership").get(pk=plan.pk)  # 1
    objectives = list(Objective.objects.filter(plan=plan).order_by("position", "id"))  # 2
    actions = list(Action.objects.filter(plan=plan).order_by("position", "id"))  # 3
    ids = [action.pk for action in actions]
    leads = _by_action(
        ActionLead.objects.filter(action_id__in=ids)  # 4
        .select_related("person__organisation", "organisation", "partnership")
        .order_by("position", "id")
    )
    milestones = _by_action(
        Milestone.objects.filter(action_id__in=ids).order_by("position", "id")  # 5
    )
    updates = _by_action(
        ProgressUpdate.objects.filter(action_id__in=ids).order_by(  # 6
            "period", "written_on", "id"
        )
    )
    links = (
        ActionLink.objects.filter(from_action_id__in=ids)  # 7
        .select_related("to_action")
        .order_by("kind", "id")
    )

    numbers = Counter(action.number for action in actions)
    numbered = {action.pk: action.number for action in actions}
    links_of: dict[int, list[LinkData]] = defaultdict(list)
    unplaced: list[Unplaced] = []
    for link in links:
        to = link.to_action
        why = _why_not_linkable(to, plan, numbers)
        if why:
            unplaced.append(
                Unplaced(
                    text=f"{numbered[link.from_action_id] or 'An action'} "
                    f"{link.get_kind_display().lower()} “{to}”",
                    why=why,
                )
            )
        else:
            links_of[link.from_action_id].append(LinkData(type=link.kind, to=to.number))

    actions_of: dict[int, list[ActionData]] = defaultdict(list)
    for action in actions:
        actions_of[action.objective_id].append(
            _action(
                action,
                leads[action.pk],
                milestones[action.pk],
                updates[action.pk],
                links_of[action.pk],
            )
        )
    return Document(
        plans=(
            PlanData(
                title=_text(plan.title),
                partnership=plan.partnership.name,
                period=period_text(plan.first_year, plan.last_year),
                scale=plan.scale,
                labels={
                    key: value
                    for key, value in (plan.labels or {}).items()
                    if key in DEFAULT_LABELS and _text(value)
                },
                objectives=tuple(
                    ObjectiveData(
                        number=_text(objective.number),
                        title=_text(objective.title),
                        description=_text(objective.description),
                        actions=tuple(actions_of[objective.pk]),
                    )
                    for objective in objectives
                ),
            ),
        ),
        unplaced=tuple(unplaced),
    )


def _by_action(rows: Any) -> defaultdict[int, list[Any]]:
    grouped: defaultdict[int, list[Any]] = defaultdict(list)
    for row in rows:
        grouped[row.action_id].append(row)
    return grouped


def _why_not_linkable(to: Action, plan: Plan, numbers: Counter[str]) -> str | None:
    if to.plan_id != plan.pk:
        return "The format links actions of the same plan; this one is in another plan."
    if not to.number.strip():
        return "The action it links to has no number, and the format links by number."
    if numbers[to.number] > 1:
        return "Several actions of the plan have the number of the action it links to."
    return None


def _action(
    action: Action,
    leads: list[ActionLead],
    milestones: list[Milestone],
    updates: list[ProgressUpdate],
    links: list[LinkData],
) -> ActionData:
    return ActionData(
        number=_text(action.number),
        title=_text(action.title),
        description=_text(action.description),
        leads=tuple(_lead(lead) for lead in leads),
        milestones=tuple(
            MilestoneData(
                number=_text(milestone.number),
                text=milestone.text,
                timescale=_text(milestone.timescale),
            )
            for milestone in milestones
        ),
        progress=tuple(
            ProgressData(
                status=None if update.status == ProgressStatus.NOT_STATED else update.status,
                text=_text(update.narrative),
                period=Quarter.from_key(update.period).label,
            )
            for update in updates
        ),
        priority=action.priority,
        resources=_text(action.resources),
        timescale=_text(action.timescale),
        target=_text(action.target),
        comments=_text(action.comments),
        source=_text(action.source),
        links=tuple(links),
    )


def _lead(lead: ActionLead) -> LeadData:
    if lead.person is not None:
        person = lead.person
        return LeadData(
            name=person.name,
            job_title=_text(person.job_title),
            organisation=person.organisation.name if person.organisation else None,
            kind="person",
        )
    if lead.organisation is not None:
        return LeadData(name=lead.organisation.name, kind="organisation")
    return LeadData(name=lead.partnership.name, kind="group")


def _text(value: str | None) -> str | None:
    """Blank in the database is "not known" in the format."""
    return value if value and value.strip() else None
