"""The plans of a generated scale: `partnerplan generate` writes them after the framework.

County scale: 200 plans, 10,000 actions (the board's plan alone has 300), 40,000
milestones and 100,000 progress updates, ten quarters of history per action. Small scale:
about a tenth. Deterministic for a seed, written with bulk inserts, with a creation row
in the audit trail for every plan, objective, action and milestone.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.db import models
from django.utils import timezone

from partnerplan.core.audit import Actor, creation_event
from partnerplan.core.models import AuditEvent
from partnerplan.core.periods import Quarter
from partnerplan.core.services import audit_scope
from partnerplan.partnerships.models import Organisation, Partnership, Person
from partnerplan.plans.choices import PlanKind, PlanStatus, StatusScale
from partnerplan.plans.models import Action, ActionLead, Milestone, Objective, Plan, ProgressUpdate
from partnerplan.timescales.services import DueDates


@dataclass(frozen=True)
class PlanSizes:
    plans: int
    actions: int
    largest_plan_actions: int
    objectives_per_plan: int
    milestones_per_action: int
    updates_per_action: int
    lead_actions: int  # led by the scale's lead account, in its partnership's plan


PLAN_SIZES = {
    "small": PlanSizes(20, 1_000, 100, 6, 4, 10, 12),
    "county": PlanSizes(200, 10_000, 300, 8, 4, 10, 20),
}

VERBS = ["Agree", "Review", "Deliver", "Commission", "Publish", "Extend", "Pilot", "Map"]
SUBJECTS = [
    "a joint approach to hospital discharge",
    "the youth offer in rural villages",
    "support for carers",
    "the domestic abuse outreach service",
    "town centre safety patrols",
    "apprenticeships with local employers",
    "the food waste collection trial",
    "warm homes grants",
    "the neighbourhood fund criteria",
    "a single front door for adult social care",
    "mental health first aid training",
    "the tenancy sustainment scheme",
]
AIMS = [
    "Healthier lives",
    "Safer communities",
    "A stronger economy",
    "Greener places",
    "Children get the best start",
    "Older people live well",
    "Decent homes",
    "Partnership working that delivers",
    "Skills for work",
    "Voices heard",
]
MILESTONE_WORDS = [
    "Scope agreed",
    "Partners signed up",
    "First phase delivered",
    "Evaluation reported",
]
TIMESCALES = ["Quarterly", "by March", "June to October", "Ongoing", "6 monthly", "by June"]
COLOURS = ["green", "amber", "red"]
PLAN_NAMES = ["Improvement Plan", "Work Programme", "Delivery Plan"]


@dataclass(frozen=True)
class PlansSummary:
    plans: int
    actions: int
    milestones: int
    updates: int
    audit_events: int
    largest_plan_id: int
    action_id: int
    lead_partnership_id: int


def _chunks(rows: Sequence[Any], size: int = 2_000) -> list[Sequence[Any]]:
    return [rows[i : i + size] for i in range(0, len(rows), size)]


def _bulk(model: type[models.Model], rows: list[Any]) -> list[Any]:
    # Chunked: SQLite limits how many values one statement may carry.
    saved: list[Any] = []
    for chunk in _chunks(rows):
        saved += model._default_manager.bulk_create(chunk)
    return saved


def write_plans(
    *,
    name: str,
    seed: int,
    partnerships: Sequence[Partnership],
    lead_partnership: Partnership,
    people: Sequence[Person],
    organisations: Sequence[Organisation],
    lead_person: Person,
    actor: Actor,
    today: date | None = None,
) -> PlansSummary:
    """Write the scale's plans; the caller's transaction holds them with the framework."""
    sizes = PLAN_SIZES[name]
    rng = random.Random(seed + 1)
    today = today or timezone.localdate()
    now = Quarter.containing(today)
    history = [now]
    while len(history) < sizes.updates_per_action:
        history.insert(0, history[0].previous())
    first_year = history[0].year

    # Plan 0 is the board's, with the most actions; plan 1 is the lead's partnership's.
    owners = [partnerships[0], lead_partnership]
    owners += [partnerships[i % len(partnerships)] for i in range(2, sizes.plans)]
    rest = sizes.actions - sizes.largest_plan_actions
    per_plan = [sizes.largest_plan_actions] + [
        rest // (sizes.plans - 1) + (1 if i < rest % (sizes.plans - 1) else 0)
        for i in range(sizes.plans - 1)
    ]
    plans = _bulk(
        Plan,
        [
            Plan(
                partnership=owner,
                title=f"{owner.name} {rng.choice(PLAN_NAMES)} {number + 1}",
                kind=rng.choice([PlanKind.IMPROVEMENT_PLAN, PlanKind.WORK_PROGRAMME]),
                first_year=first_year,
                last_year=now.year + 1,
                status=PlanStatus.ADOPTED,
                scale=StatusScale.THREE_POINT,
                labels={"objective": "Strategic aim", "action": "Activity"} if number % 2 else {},
                columns=["lead", "milestones", "when", "resources", "progress"],
            )
            for number, owner in enumerate(owners)
        ],
    )
    objectives = _bulk(
        Objective,
        [
            Objective(plan=plan, number=str(i + 1), position=i, title=AIMS[(p + i) % len(AIMS)])
            for p, plan in enumerate(plans)
            for i in range(sizes.objectives_per_plan)
        ],
    )
    # Timescales read as the services read them, once per wording and plan period.
    readings: dict[tuple[str, int, int], dict[str, Any]] = {}

    def read(plan: Plan, words: str) -> dict[str, Any]:
        key = (words, plan.first_year, plan.last_year)
        if key not in readings:
            readings[key] = DueDates(plan, today).fields(words)
        return {"timescale": words, **readings[key]}

    planned_actions: list[Action] = []
    latest: list[tuple[str, int]] = []
    statuses: list[list[tuple[Quarter, str]]] = []
    for p, plan in enumerate(plans):
        mine = objectives[p * sizes.objectives_per_plan : (p + 1) * sizes.objectives_per_plan]
        for n in range(per_plan[p]):
            objective = mine[n % len(mine)]
            position = n // len(mine)
            # Three in ten have not sent this quarter's update yet.
            quarters = history if rng.random() < 0.7 else [history[0].previous(), *history[:-1]]
            colour = rng.choice(COLOURS)
            story = []
            for quarter in quarters:
                step = rng.choice([-1, 0, 0, 0, 1])
                colour = COLOURS[max(0, min(2, COLOURS.index(colour) + step))]
                story.append((quarter, colour))
            statuses.append(story)
            latest.append((story[-1][1], story[-1][0].key))
            planned_actions.append(
                Action(
                    plan=plan,
                    objective=objective,
                    number=f"{objective.number}.{position + 1}",
                    position=position,
                    title=f"{rng.choice(VERBS)} {rng.choice(SUBJECTS)}",
                    **read(plan, rng.choice(TIMESCALES)),
                    resources=rng.choice(["Staff time", "£20,000", "Pooled fund", ""]),
                    priority=rng.choice([1, 2, 3, None]),
                    status=story[-1][1],
                    last_period=story[-1][0].key,
                )
            )
    actions = _bulk(Action, planned_actions)

    leads: list[ActionLead] = []
    lead_plan_actions = [a for a in actions if a.plan_id == plans[1].pk]
    led_by_lead = {a.pk for a in lead_plan_actions[: sizes.lead_actions]}
    for action in actions:
        chosen: list[Person | Organisation] = []
        if action.pk in led_by_lead:
            chosen.append(lead_person)
        chosen += rng.sample(list(people[:: max(1, len(people) // 400)]), rng.choice([1, 2, 2, 3]))
        if rng.random() < 0.3:
            chosen.append(rng.choice(organisations))
        for position, lead in enumerate(dict.fromkeys(chosen)):
            if isinstance(lead, Person):
                leads.append(ActionLead(action=action, position=position, person=lead))
            else:
                leads.append(ActionLead(action=action, position=position, organisation=lead))
    _bulk(ActionLead, leads)

    # Milestones fall due at the end of a quarter from the plan's first to two quarters
    # ahead, in the plan's own words for the month; most of those past are done.
    ahead = [*history, now.next(), now.next().next()]
    planned_milestones = []
    for action in actions:
        for i in range(sizes.milestones_per_action):
            quarter = ahead[min(len(ahead) - 1, i * len(ahead) // sizes.milestones_per_action)]
            last = quarter.last_day
            fields = read(action.plan, f"by {last:%B %Y}")
            done = fields["due_on"] < today and rng.random() < 0.85
            planned_milestones.append(
                Milestone(
                    action=action,
                    number=str(i + 1),
                    position=i,
                    text=MILESTONE_WORDS[i % len(MILESTONE_WORDS)],
                    completed_on=last.replace(day=20) if done else None,
                    **fields,
                )
            )
    milestones = _bulk(Milestone, planned_milestones)
    moment = timezone.now()
    updates = _bulk(
        ProgressUpdate,
        [
            ProgressUpdate(
                action=action,
                period=quarter.key,
                written_on=min(
                    moment,
                    timezone.make_aware(
                        datetime.combine(quarter.last_day.replace(day=20), time(10))
                    ),
                ),
                status=colour,
                narrative=f"{colour.capitalize()}: reported for {quarter.label}.",
                author_name=actor.name,
            )
            for action, story in zip(actions, statuses, strict=True)
            for quarter, colour in story
        ],
    )
    # Progress updates get no creation row here: an update is itself a dated, attributed
    # record that is never changed, and 100,000 copies of it would double the time.
    events = [
        creation_event(obj, actor=actor, partnership_id=audit_scope(obj, None))
        for rows in (plans, objectives, actions, milestones)
        for obj in rows
    ]
    _bulk(AuditEvent, events)
    return PlansSummary(
        plans=len(plans),
        actions=len(actions),
        milestones=len(milestones),
        updates=len(updates),
        audit_events=len(events),
        largest_plan_id=plans[0].pk,
        action_id=actions[0].pk,
        lead_partnership_id=lead_partnership.pk,
    )
