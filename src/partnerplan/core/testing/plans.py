"""A small plan for tests, built with the services the application uses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from partnerplan.core.periods import Quarter
from partnerplan.core.testing.factories import SETUP, SmallFramework
from partnerplan.plans import services
from partnerplan.plans.models import Action, Milestone, Objective, Plan


@dataclass
class SmallPlan:
    """A plan of the thematic partnership: two objectives, three actions."""

    plan: Plan
    first: Objective
    second: Objective
    officer_action: Action  # led by the officer, of the lead user's organisation
    council_action: Action  # led by the council, as an organisation
    chair_action: Action  # led by the chair
    milestone: Milestone


def small_plan(framework: SmallFramework, today: date) -> SmallPlan:
    year = Quarter.containing(today).year
    plan = services.plan_create(
        actor=SETUP,
        partnership=framework.thematic,
        title="Safer Testshire Improvement Plan",
        kind="improvement_plan",
        first_year=year - 1,
        last_year=year + 1,
        labels={"objective": "Issue", "action": "Activity", "lead": "Responsibility"},
        columns=["lead", "milestones", "when", "resources", "progress"],
    )
    first = services.objective_create(actor=SETUP, plan=plan, title="Fewer burglaries")
    second = services.objective_create(actor=SETUP, plan=plan, title="Safer roads")
    officer_action = services.action_create(
        actor=SETUP,
        objective=first,
        title="Target hardening for repeat victims",
        leads=[framework.officer, framework.chair],
        timescale="by June",
        resources="Staff time",
    )
    milestone = services.milestone_create(
        actor=SETUP,
        action=officer_action,
        text="Scheme agreed",
        timescale="May",
        due_on=date(today.year - 1, 5, 31),
    )
    services.milestone_create(
        actor=SETUP, action=officer_action, text="First hundred homes done", timescale="Autumn"
    )
    council_action = services.action_create(
        actor=SETUP,
        objective=first,
        title="Street lighting review",
        leads=[framework.council],
        priority=2,
    )
    chair_action = services.action_create(
        actor=SETUP,
        objective=second,
        title="Speed watch in villages",
        leads=[framework.chair],
        resources="£20,000",
        resource_amount=20000,
    )
    return SmallPlan(
        plan=plan,
        first=first,
        second=second,
        officer_action=officer_action,
        council_action=council_action,
        chair_action=chair_action,
        milestone=milestone,
    )
