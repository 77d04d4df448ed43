"""Writes to plans. Views, commands, importers and the demo all call these.

Every write runs in one transaction with its audit rows. Edits of plans and actions
carry the version the editor loaded: a save over someone else's newer change is
refused with StaleEdit, and nothing is written, so no change is ever silently lost.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models, transaction
from django.utils import timezone

from partnerplan.core.audit import Actor, record_related_change
from partnerplan.core.models import AuditEvent
from partnerplan.core.periods import Quarter
from partnerplan.core.services import create_audited, delete_audited, update_audited
from partnerplan.partnerships.models import Organisation, Partnership, Person
from partnerplan.plans.choices import (
    LinkKind,
    PlanStatus,
    StatusScale,
    statuses_for,
    statuses_shown,
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
from partnerplan.timescales.services import DueDates, refresh_due_dates, with_due_dates

Lead = Person | Organisation | Partnership


class StaleEdit(Exception):
    """Someone saved the object after the editor loaded it; nothing was written."""

    def __init__(self, current: models.Model, theirs: AuditEvent | None) -> None:
        super().__init__("This was changed by someone else after you opened it.")
        self.current = current
        self.theirs = theirs


def _check_version(model: type[models.Model], pk: int, expected_version: int | None) -> Any:
    """Lock the stored row and refuse the edit if it moved on since the form was loaded."""
    stored = model._default_manager.select_for_update().get(pk=pk)
    if expected_version is not None and stored.version != expected_version:
        theirs = AuditEvent.objects.for_object(stored).first()
        raise StaleEdit(stored, theirs)
    return stored


# --- plans ----------------------------------------------------------------------------


@transaction.atomic
def plan_create(
    *,
    actor: Actor,
    partnership: Partnership,
    title: str,
    kind: str,
    first_year: int,
    last_year: int,
    scale: str = StatusScale.THREE_POINT,
    status: str = PlanStatus.DRAFT,
    labels: dict[str, str] | None = None,
    columns: Sequence[str] | None = None,
    adopted_on: Any = None,
    adopted_at: str = "",
) -> Plan:
    fields: dict[str, Any] = {}
    if labels is not None:
        fields["labels"] = {key: value for key, value in labels.items() if value}
    if columns is not None:
        fields["columns"] = list(columns)
    return create_audited(
        Plan,
        actor=actor,
        partnership=partnership,
        title=title,
        kind=kind,
        first_year=first_year,
        last_year=last_year,
        scale=scale,
        status=status,
        adopted_on=adopted_on,
        adopted_at=adopted_at,
        **fields,
    )


@transaction.atomic
def plan_update(
    *, plan: Plan, actor: Actor, expected_version: int | None = None, **fields: Any
) -> Plan:
    stored = _check_version(Plan, plan.pk, expected_version)
    if "labels" in fields and fields["labels"] is not None:
        fields["labels"] = {key: value for key, value in fields["labels"].items() if value}
    if "scale" in fields and fields["scale"] != stored.scale:
        allowed = set(statuses_shown(fields["scale"]))
        used = set(stored.actions.exclude(status="").values_list("status", flat=True))
        if used - allowed:
            raise ValidationError(
                {"scale": "Some actions have statuses the new scale does not have."}
            )
    years = (stored.first_year, stored.last_year)
    saved = update_audited(stored, actor=actor, version=stored.version + 1, **fields)
    if (saved.first_year, saved.last_year) != years:
        # "March" or "by June 08" mean other days in other years: read them all again.
        refresh_due_dates(plan_id=saved.pk, every=True)
    return saved


@transaction.atomic
def plan_delete(*, plan: Plan, actor: Actor) -> AuditEvent:
    return delete_audited(plan, actor=actor, partnership_id=plan.partnership_id)


# --- objectives ------------------------------------------------------------------------


@transaction.atomic
def objective_create(
    *, actor: Actor, plan: Plan, title: str, number: str = "", description: str = ""
) -> Objective:
    position = plan.objectives.count()
    return create_audited(
        Objective,
        actor=actor,
        partnership_id=plan.partnership_id,
        plan=plan,
        number=number or str(position + 1),
        position=position,
        title=title,
        description=description,
    )


@transaction.atomic
def objective_update(*, objective: Objective, actor: Actor, **fields: Any) -> Objective:
    return update_audited(
        objective, actor=actor, partnership_id=objective.plan.partnership_id, **fields
    )


@transaction.atomic
def objective_delete(*, objective: Objective, actor: Actor) -> AuditEvent:
    return delete_audited(objective, actor=actor, partnership_id=objective.plan.partnership_id)


# --- actions ---------------------------------------------------------------------------


@transaction.atomic
def action_create(
    *,
    actor: Actor,
    objective: Objective,
    title: str,
    number: str = "",
    leads: Iterable[Lead] = (),
    due_dates: DueDates | None = None,
    **fields: Any,
) -> Action:
    """An action; `due_dates`, shared by the actions of one plan saved together, reads
    the partnership's meetings once for all of them."""
    position = objective.actions.count()
    dates = due_dates or DueDates(objective.plan)
    fields = with_due_dates(None, fields, dates, creating=True)
    action = create_audited(
        Action,
        actor=actor,
        partnership_id=objective.plan.partnership_id,
        plan=objective.plan,
        objective=objective,
        number=number or f"{objective.number}.{position + 1}".lstrip("."),
        position=position,
        title=title,
        **fields,
    )
    leads = list(leads)
    if leads:
        _write_leads(action, leads)
    return action


@transaction.atomic
def action_update(
    *,
    action: Action,
    actor: Actor,
    expected_version: int | None = None,
    leads: Sequence[Lead] | None = None,
    **fields: Any,
) -> Action:
    stored = _check_version(Action, action.pk, expected_version)
    partnership_id = stored.plan.partnership_id
    if leads is not None:
        before = lead_names(stored)
        after = [str(lead) for lead in leads]
        if before != after:
            stored.leads.all().delete()
            _write_leads(stored, leads)
            record_related_change(
                stored,
                {
                    "leads": {
                        "label": stored.plan.label("lead"),
                        "before": before,
                        "before_text": "; ".join(before),
                        "after": after,
                        "after_text": "; ".join(after),
                    }
                },
                actor=actor,
                partnership_id=partnership_id,
            )
    fields = with_due_dates(stored, fields, DueDates(stored.plan))
    return update_audited(
        stored, actor=actor, partnership_id=partnership_id, version=stored.version + 1, **fields
    )


def lead_names(action: Action) -> list[str]:
    return [
        str(lead) for lead in action.leads.select_related("person", "organisation", "partnership")
    ]


def _write_leads(action: Action, leads: Sequence[Lead]) -> None:
    rows = []
    for position, lead in enumerate(leads):
        if isinstance(lead, Person):
            rows.append(ActionLead(action=action, position=position, person=lead))
        elif isinstance(lead, Organisation):
            rows.append(ActionLead(action=action, position=position, organisation=lead))
        elif isinstance(lead, Partnership):
            rows.append(ActionLead(action=action, position=position, partnership=lead))
        else:
            raise ValidationError("A lead is a person, an organisation or a partnership.")
    ActionLead.objects.bulk_create(rows)


@transaction.atomic
def action_move(
    *, action: Action, objective: Objective, actor: Actor, expected_version: int | None = None
) -> Action:
    """Move an action under another objective of the same plan, at its end."""
    if objective.plan_id != action.plan_id:
        raise ValidationError({"objective": "Choose an objective of the same plan."})
    if objective.pk == action.objective_id:
        return action
    return action_update(
        action=action,
        actor=actor,
        expected_version=expected_version,
        objective=objective,
        position=objective.actions.count(),
    )


@transaction.atomic
def actions_reorder(
    *, objective: Objective, order: Sequence[int], actor: Actor, renumber: bool = False
) -> list[Action]:
    """Put an objective's actions in the given order; renumber them 1.1, 1.2... if asked.

    Numbers are otherwise left alone: people quote them in minutes and board papers.
    """
    actions = {a.pk: a for a in objective.actions.select_for_update()}
    if sorted(order) != sorted(actions):
        raise ValidationError("Give every action of the objective once.")
    changed = []
    for position, pk in enumerate(order):
        action = actions[pk]
        fields: dict[str, Any] = {}
        if action.position != position:
            fields["position"] = position
        number = f"{objective.number}.{position + 1}".lstrip(".")
        if renumber and action.number != number:
            fields["number"] = number
        if fields:
            changed.append(
                update_audited(
                    action,
                    actor=actor,
                    partnership_id=objective.plan.partnership_id,
                    version=action.version + 1,
                    **fields,
                )
            )
    return changed


@transaction.atomic
def action_delete(*, action: Action, actor: Actor) -> AuditEvent:
    return delete_audited(action, actor=actor, partnership_id=action.plan.partnership_id)


@transaction.atomic
def action_link_add(
    *, actor: Actor, from_action: Action, to_action: Action, kind: str
) -> ActionLink:
    if kind not in LinkKind.values:
        raise ValidationError({"kind": "Choose how the actions are linked."})
    if from_action.pk == to_action.pk:
        raise ValidationError({"to_action": "An action cannot be linked to itself."})
    if ActionLink.objects.filter(from_action=from_action, to_action=to_action, kind=kind).exists():
        raise ValidationError({"to_action": "These actions are already linked that way."})
    return create_audited(
        ActionLink,
        actor=actor,
        partnership_id=from_action.plan.partnership_id,
        from_action=from_action,
        to_action=to_action,
        kind=kind,
    )


@transaction.atomic
def action_link_remove(*, link: ActionLink, actor: Actor) -> AuditEvent:
    return delete_audited(link, actor=actor, partnership_id=link.from_action.plan.partnership_id)


# --- milestones ------------------------------------------------------------------------


@transaction.atomic
def milestone_create(
    *,
    actor: Actor,
    action: Action,
    text: str,
    number: str = "",
    due_dates: DueDates | None = None,
    **fields: Any,
) -> Milestone:
    """A milestone; its timescale is read for a due date unless `due_on` is given.
    `due_dates` as for `action_create`."""
    position = action.milestones.count()
    dates = due_dates or DueDates(action.plan)
    fields = with_due_dates(None, fields, dates, creating=True)
    return create_audited(
        Milestone,
        actor=actor,
        partnership_id=action.plan.partnership_id,
        action=action,
        number=number or str(position + 1),
        position=position,
        text=text,
        **fields,
    )


@transaction.atomic
def milestone_update(*, milestone: Milestone, actor: Actor, **fields: Any) -> Milestone:
    """Change a milestone. Giving `due_on` sets the date by hand, and the hand-set date
    wins over the timescale's words; giving None hands it back to the words."""
    plan = milestone.action.plan
    fields = with_due_dates(milestone, fields, DueDates(plan))
    return update_audited(milestone, actor=actor, partnership_id=plan.partnership_id, **fields)


@transaction.atomic
def milestone_delete(*, milestone: Milestone, actor: Actor) -> AuditEvent:
    return delete_audited(
        milestone, actor=actor, partnership_id=milestone.action.plan.partnership_id
    )


# --- progress ---------------------------------------------------------------------------


def _clean_evidence(evidence: Iterable[str]) -> list[str]:
    links = [link.strip() for link in evidence if link and link.strip()]
    check = URLValidator(schemes=["http", "https"])
    for link in links:
        try:
            check(link)
        except ValidationError as error:
            raise ValidationError(
                {"evidence": f"“{link[:80]}” is not a web address (https://…)."}
            ) from error
    return links


@transaction.atomic
def progress_add(
    *,
    actor: Actor,
    action: Action,
    status: str,
    narrative: str,
    period: Quarter | None = None,
    milestone: Milestone | None = None,
    evidence: Iterable[str] = (),
    written_on: datetime | None = None,
    from_document: bool = False,
) -> ProgressUpdate:
    """Record a quarter's update. Updates are never changed: a correction is a new update.

    `from_document`: the update is copied from an imported plan, which may have given
    no status ("not_stated"); a person writing an update always gives one."""
    stored = Action.objects.select_for_update().select_related("plan").get(pk=action.pk)
    allowed = statuses_shown if from_document else statuses_for
    if status not in allowed(stored.plan.scale):
        raise ValidationError({"status": "Choose a status from this plan's scale."})
    if not narrative.strip():
        raise ValidationError({"narrative": "Say what has happened this quarter."})
    if milestone is not None and milestone.action_id != stored.pk:
        raise ValidationError({"milestone": "Choose a milestone of this action."})
    written_on = written_on or timezone.now()
    quarter = period or Quarter.containing(timezone.localdate(written_on))
    update = create_audited(
        ProgressUpdate,
        actor=actor,
        partnership_id=stored.plan.partnership_id,
        action=stored,
        milestone=milestone,
        period=quarter.key,
        written_on=written_on,
        status=status,
        narrative=narrative.strip(),
        author=actor.user if getattr(actor.user, "pk", None) else None,
        author_name=actor.name,
        evidence=_clean_evidence(evidence),
    )
    if stored.last_period is None or quarter.key >= stored.last_period:
        # The action shows its latest quarter's status; an update for an earlier quarter
        # fills in history without changing today's colour.
        Action.objects.filter(pk=stored.pk).update(status=status, last_period=quarter.key)
    return update
