"""What a person changes in the preview of an import before anything is saved.

Recovery makes its best reading of a document; the preview lets a person correct it:
what each column holds, where each objective starts and what it is called, the plan's
title and period, and which actions to keep. These are plain functions over the
interchange format, so the choices are tested without pages or a database.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from partnerplan.importers.blocks import ReadDocument, Table
from partnerplan.importers.columns import looks_like_header, roles_of
from partnerplan.importers.interchange import (
    ActionData,
    Document,
    LeadData,
    ObjectiveData,
    PlanData,
)
from partnerplan.importers.recover import HEADER_SEARCH_ROWS
from partnerplan.plans.choices import DEFAULT_LABELS, plural, with_article


@dataclass(frozen=True)
class Column:
    """A column of the document's plan table: its number, its header's words and the
    role recovery gave it (None when the words name no part of a plan)."""

    number: int
    header: str
    role: str | None


def columns_of(document: ReadDocument) -> list[Column]:
    """The columns of the first plan table, as its header row names them."""
    for block in document.blocks:
        if not isinstance(block, Table):
            continue
        for row in block.rows[:HEADER_SEARCH_ROWS]:
            texts = [cell.text for cell in row]
            if looks_like_header(texts):
                return [
                    Column(number, " ".join(text.split()), role)
                    for number, (text, role) in enumerate(zip(texts, roles_of(texts), strict=True))
                ]
    return []


@dataclass(frozen=True)
class Choices:
    """A person's corrections. Actions are counted through the whole plan in order
    (0 is the first action of the first objective), so that a choice names one action
    however the objectives are drawn.

    - `starts`: the actions that begin an objective; None keeps recovery's objectives.
    - `objective_titles`: an objective's title, by the action it starts at.
    - `dropped`: the actions not to import.
    """

    title: str | None = None
    period: str | None = None
    starts: frozenset[int] | None = None
    objective_titles: Mapping[int, str] = field(default_factory=dict)
    dropped: frozenset[int] = frozenset()


@dataclass(frozen=True)
class ObjectiveStart:
    """Where an objective starts in the plan's actions, and the objective as read."""

    at: int
    objective: ObjectiveData


def objective_starts(plan: PlanData) -> list[ObjectiveStart]:
    """Each objective with the number of the action it starts at. An objective with no
    actions starts where the next one does, so it is kept beside it."""
    starts = []
    at = 0
    for objective in plan.objectives:
        starts.append(ObjectiveStart(at, objective))
        at += len(objective.actions)
    return starts


def _chosen_objectives(plan: PlanData, choices: Choices) -> list[tuple[int, list[int]]]:
    """Each objective to save, as the action it starts at and its kept actions, all
    counted through the plan as read."""
    count = len(plan.actions)
    if choices.starts is None:
        starts = {start.at for start in objective_starts(plan) if start.at < count}
    else:
        starts = {at for at in choices.starts if 0 <= at < count}
    ordered = sorted(starts | {0})
    chosen = []
    for index, at in enumerate(ordered):
        end = ordered[index + 1] if index + 1 < len(ordered) else count
        kept = [n for n in range(at, end) if n not in choices.dropped]
        if kept:
            chosen.append((at, kept))
    return chosen


def chosen_starts(document: Document, choices: Choices) -> list[int]:
    """Where each objective the person will save starts, in the plan as read: the n-th
    is where objectives[n] of `apply_choices` starts."""
    if not document.plans:
        return []
    return [at for at, _ in _chosen_objectives(document.plans[0], choices)]


def apply_choices(document: Document, choices: Choices) -> Document:
    """The document as the person wants it saved: the first plan with their title,
    period, objectives and actions; the document's other parts as they were read."""
    if not document.plans:
        return document
    plan = document.plans[0]
    if choices.starts is None and not choices.dropped and not choices.objective_titles:
        # No corrections to the objectives: they are saved as read, empty ones too.
        chosen = replace(
            plan,
            title=_given(choices.title, plan.title),
            period=_given(choices.period, plan.period),
        )
        return replace(document, plans=(chosen, *document.plans[1:]))
    actions = plan.actions
    # Where an objective with no actions shares its start with the next, the one that
    # holds the actions is the one kept.
    read_by_start = {start.at: start.objective for start in objective_starts(plan)}
    objectives = [
        _objective(
            read_by_start.get(at),
            choices.objective_titles.get(at),
            [actions[n] for n in kept],
        )
        for at, kept in _chosen_objectives(plan, choices)
    ]
    chosen = replace(
        plan,
        title=_given(choices.title, plan.title),
        period=_given(choices.period, plan.period),
        objectives=tuple(objectives),
    )
    return replace(document, plans=(chosen, *document.plans[1:]))


def _objective(
    read: ObjectiveData | None, title: str | None, actions: Sequence[ActionData]
) -> ObjectiveData:
    if read is None:
        # A person started an objective where the document had none: only its title is known.
        return ObjectiveData(title=_given(title, None), actions=tuple(actions))
    return replace(read, title=_given(title, read.title), actions=tuple(actions))


def _given(typed: str | None, read: str | None) -> str | None:
    """What the person typed, if anything, else what was read."""
    if typed is None:
        return read
    typed = " ".join(typed.split())
    return typed or None


def action_count(document: Document) -> int:
    """How many actions the preview shows: those of the document's first plan."""
    return len(document.plans[0].actions) if document.plans else 0


@dataclass(frozen=True)
class PreviewAction:
    """One action as the preview form shows it, with the person's choices about it."""

    at: int
    action: ActionData
    starts: bool
    objective_title: str | None
    kept: bool
    # The objective the document began here, if it did: its number is kept.
    objective: ObjectiveData | None = None


def preview_actions(plan: PlanData, choices: Choices) -> list[PreviewAction]:
    """Every action as read, in order, marked with where objectives start, their titles
    and whether it is kept: what the preview form shows and sends back."""
    read_starts = objective_starts(plan)
    read_objectives = {start.at: start.objective for start in read_starts}
    read_titles = {at: objective.title for at, objective in read_objectives.items()}
    starts = set(read_titles) if choices.starts is None else set(choices.starts)
    actions = plan.actions
    return [
        PreviewAction(
            at=at,
            action=action,
            starts=at == 0 or at in starts,
            objective_title=_given(choices.objective_titles.get(at), read_titles.get(at)),
            kept=at not in choices.dropped,
            objective=read_objectives.get(at),
        )
        for at, action in enumerate(actions)
    ]


def leads_text(action: ActionData) -> str:
    return "; ".join(lead_text(lead) for lead in action.leads)


def lead_text(lead: LeadData) -> str:
    """A lead as plans write one: "Ruth Cole (Parks Officer), Testshire County Council"."""
    # A post named without a person ("Block leads") is its own name: said once.
    post = lead.job_title and lead.job_title.casefold() != lead.name.casefold()
    text = f"{lead.name} ({lead.job_title})" if post else lead.name
    return f"{text}, {lead.organisation}" if lead.organisation else text


_PROBLEM = re.compile(
    r"^(?:objectives\[(?P<objective>\d+)\](?:\.actions\[(?P<action>\d+)\])?\.)?"
    r"(?P<field>[a-z_]+)(?P<rest>[^:]*): (?P<message>.*)$",
    re.DOTALL,
)


@dataclass(frozen=True)
class Problem:
    """Why saving was refused, in words for the page, and the field it is about."""

    text: str
    anchor: str


def problems_on_page(
    problems: Sequence[str], document: Document, choices: Choices, labels: Mapping[str, str]
) -> list[Problem]:
    """Saving's refusals (paths into the plan as the person chose it) as messages that
    point at the preview's fields."""
    if not document.plans:
        return [Problem(problem, "plan-details") for problem in problems]
    plan = document.plans[0]
    chosen = _chosen_objectives(plan, choices)
    actions = plan.actions

    def action_name(n: int) -> str:
        return f"{labels['action'].lower()} {actions[n].number or n + 1}"

    found = []
    for problem in problems:
        match = _PROBLEM.match(problem)
        if match is None:
            found.append(Problem(problem, "plan-details"))
            continue
        unknown = match["message"].startswith("is not known")
        objective, action = match["objective"], match["action"]
        if objective is None:
            field = match["field"]
            if field == "title" and unknown:
                found.append(Problem("Enter the plan’s title", "title"))
            elif field == "period" and unknown:
                found.append(
                    Problem("Enter the financial years the plan covers, such as 2007/08", "period")
                )
            else:
                found.append(
                    Problem(problem, field if field in {"title", "period"} else "plan-details")
                )
            continue
        o = int(objective)
        if o >= len(chosen):
            found.append(Problem(problem, "preview"))
            continue
        at, kept = chosen[o]
        name = labels["objective"]
        if action is None:
            if match["field"] == "title" and unknown:
                text = f"Enter a title for the {name.lower()} starting at {action_name(at)}"
            else:
                text = f"{name} {o + 1}: {match['message']}"
            found.append(Problem(text, f"objective-title-{at}"))
            continue
        a = int(action)
        number = kept[a] if a < len(kept) else at
        where = f"{match['field']}{match['rest']}".replace("_", " ")
        text = f"{action_name(number)}: {where} {match['message']}"
        found.append(Problem(text[:1].upper() + text[1:], f"keep-{number}"))
    return found


@dataclass(frozen=True)
class PlanWords:
    """The plan's own words for its parts, where the document had them, and the forms
    the preview's sentences need: "Strategic aims", "an activity"."""

    labels: Mapping[str, str]
    objectives: str
    actions: str
    an_objective: str
    an_action: str


def plan_words(plan: PlanData | None) -> PlanWords:
    labels = {
        **DEFAULT_LABELS,
        **{key: word for key, word in (plan.labels if plan else {}).items() if word},
    }
    objective, action = labels["objective"], labels["action"].lower()
    return PlanWords(
        labels=labels,
        objectives=plural(objective),
        actions=plural(action),
        an_objective=with_article(objective.lower()),
        an_action=with_article(action),
    )
