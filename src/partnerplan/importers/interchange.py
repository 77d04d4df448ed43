"""The plan interchange format, "partnerplan.plan/1": plans as plain data, to and from JSON.

Every reader (Word, Excel, PDF, text) ends by writing this format, and an export of a
plan writes it too, so a plan read from a document and a plan taken out of partnerplan
look the same to the code that saves them. docs/plan-format.md describes it for people.

Plain Python with no Django, so that readers and their tests need no database. The JSON
Schema beside this file is the one statement of what a valid document looks like; the
few rules a schema cannot state (a link names an action of the same plan, 2007/08 is
followed by 2008/09) are checked here, after it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from partnerplan.core.periods import FinancialYear, PeriodError, Quarter

FORMAT = "partnerplan.plan/1"
SCHEMA_FILE = "plan-format.schema.json"

# The longest list of problems one error spells out; a document read by a faulty
# reader can have thousands, and the first few say what is wrong.
MOST_PROBLEMS_SHOWN = 20


class InterchangeError(ValueError):
    """A document that is not a valid plan, or a plan that cannot be saved as it is.

    `problems` has one line per problem, each starting with the path of the bad value
    ("plans[0].objectives[2].actions[1].priority: must be 1, 2, 3 or null").
    """

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = tuple(problems)
        shown = list(self.problems[:MOST_PROBLEMS_SHOWN])
        if len(self.problems) > MOST_PROBLEMS_SHOWN:
            shown.append(f"and {len(self.problems) - MOST_PROBLEMS_SHOWN} more problems")
        super().__init__("\n".join(shown))


# --- the data -----------------------------------------------------------------------------
# Field names and order are the format's. None is "not known", never an empty string.


@dataclass(frozen=True)
class LeadData:
    """Who leads an action: a person (with job title and organisation), an organisation,
    or a partnership or group. `kind` is None when the document does not say which."""

    name: str
    job_title: str | None = None
    organisation: str | None = None
    kind: str | None = None


@dataclass(frozen=True)
class MilestoneData:
    text: str
    number: str | None = None
    timescale: str | None = None


@dataclass(frozen=True)
class ProgressData:
    """One progress update. `period` is a quarter, "2007/08 Q3", when it is known."""

    status: str | None
    text: str | None
    period: str | None = None


@dataclass(frozen=True)
class LinkData:
    """This action depends on, incorporates or is influenced by the action numbered `to`."""

    type: str
    to: str


@dataclass(frozen=True)
class ActionData:
    title: str | None
    number: str | None = None
    description: str | None = None
    leads: tuple[LeadData, ...] = ()
    milestones: tuple[MilestoneData, ...] = ()
    progress: tuple[ProgressData, ...] = ()
    priority: int | None = None
    resources: str | None = None
    timescale: str | None = None
    target: str | None = None
    comments: str | None = None
    source: str | None = None
    links: tuple[LinkData, ...] = ()


@dataclass(frozen=True)
class ObjectiveData:
    title: str | None
    number: str | None = None
    description: str | None = None
    actions: tuple[ActionData, ...] = ()


@dataclass(frozen=True)
class PlanData:
    """One plan. `period` is a financial year, "2007/08", or two joined by an en dash;
    `labels` maps the keys of the plan vocabulary (objective, action, lead...) to the
    plan's own words."""

    title: str | None
    partnership: str | None = None
    period: str | None = None
    scale: str | None = None
    labels: Mapping[str, str | None] = field(default_factory=dict)
    objectives: tuple[ObjectiveData, ...] = ()

    @property
    def actions(self) -> list[ActionData]:
        """Every action of the plan, in order, whatever its objective."""
        return [action for objective in self.objectives for action in objective.actions]

    @property
    def milestone_count(self) -> int:
        return sum(len(action.milestones) for action in self.actions)

    @property
    def years(self) -> tuple[int, int] | None:
        """The first and last financial years, as the years they start in."""
        return None if self.period is None else period_years(self.period)


@dataclass(frozen=True)
class Unplaced:
    """A passage of the document that belongs to no part of a plan, and why."""

    text: str
    why: str | None = None


@dataclass(frozen=True)
class Document:
    plans: tuple[PlanData, ...] = ()
    unplaced: tuple[Unplaced, ...] = ()


# --- periods ------------------------------------------------------------------------------

_PERIOD = re.compile(r"([0-9]{4}/[0-9]{2})(?:[–-]([0-9]{4}/[0-9]{2}))?")


def period_text(first_year: int, last_year: int) -> str:
    """ "2007/08" for one year; for several, the first and last joined by an en dash."""
    first, last = FinancialYear(first_year), FinancialYear(last_year)
    return first.label if first == last else f"{first.label}–{last.label}"


def period_years(text: str) -> tuple[int, int]:
    """The years a period starts and ends in; PeriodError if it is not one."""
    match = _PERIOD.fullmatch(text)
    if not match:
        raise PeriodError(f"“{text}” is not a financial year or a range of them.")
    first = FinancialYear.parse(match.group(1))
    last = FinancialYear.parse(match.group(2)) if match.group(2) else first
    if last < first:
        raise PeriodError(f"“{text}” ends before it starts.")
    return first.start, last.start


# --- JSON ---------------------------------------------------------------------------------


def to_json(document: Document) -> dict[str, Any]:
    """The document as JSON-ready data. Raises InterchangeError rather than write a
    document that from_json would refuse."""
    data = {
        "format": FORMAT,
        "plans": [_plan_json(plan) for plan in document.plans],
        "unplaced": [{"text": item.text, "why": item.why} for item in document.unplaced],
    }
    _check(data)
    return data


def from_json(data: Any) -> Document:
    """Read a document from JSON-like data (as json.loads gives it).

    Raises InterchangeError, and nothing else, for anything that is not a valid document.
    """
    _check(data)
    return Document(
        plans=tuple(_plan(plan) for plan in data["plans"]),
        unplaced=tuple(Unplaced(text=item["text"], why=item["why"]) for item in data["unplaced"]),
    )


def to_text(document: Document) -> str:
    """The document as JSON text, indented for people to read and diff."""
    return json.dumps(to_json(document), ensure_ascii=False, indent=2) + "\n"


def from_text(text: str | bytes) -> Document:
    """Read a document from JSON text."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as error:  # JSONDecodeError and bad UTF-8 alike
        raise InterchangeError([f"the document: is not JSON ({error})"]) from error
    return from_json(data)


def check_plan(plan: PlanData) -> None:
    """Raise InterchangeError if the plan, built in code rather than read, is not valid.

    The paths in its problems start at the plan ("objectives[0].title"), as one plan is
    checked whatever document it came from.
    """
    try:
        to_json(Document(plans=(plan,)))
    except InterchangeError as error:
        raise InterchangeError([_from_the_plan(problem) for problem in error.problems]) from error


def _from_the_plan(problem: str) -> str:
    if problem.startswith("plans[0]."):
        return problem.removeprefix("plans[0].")
    if problem.startswith("plans[0]:"):
        return "the plan" + problem.removeprefix("plans[0]")
    return problem


def _plan_json(plan: PlanData) -> dict[str, Any]:
    return {
        "title": plan.title,
        "partnership": plan.partnership,
        "period": plan.period,
        "scale": plan.scale,
        "labels": dict(plan.labels),
        "objectives": [
            {
                "number": objective.number,
                "title": objective.title,
                "description": objective.description,
                "actions": [_action_json(action) for action in objective.actions],
            }
            for objective in plan.objectives
        ],
    }


def _action_json(action: ActionData) -> dict[str, Any]:
    return {
        "number": action.number,
        "title": action.title,
        "description": action.description,
        "leads": [
            {
                "name": lead.name,
                "job_title": lead.job_title,
                "organisation": lead.organisation,
                "kind": lead.kind,
            }
            for lead in action.leads
        ],
        "milestones": [
            {"number": m.number, "text": m.text, "timescale": m.timescale}
            for m in action.milestones
        ],
        "progress": [
            {"status": p.status, "text": p.text, "period": p.period} for p in action.progress
        ],
        "priority": action.priority,
        "resources": action.resources,
        "timescale": action.timescale,
        "target": action.target,
        "comments": action.comments,
        "source": action.source,
        "links": [{"type": link.type, "to": link.to} for link in action.links],
    }


def _plan(data: dict[str, Any]) -> PlanData:
    return PlanData(
        title=data["title"],
        partnership=data["partnership"],
        period=data["period"],
        scale=data["scale"],
        labels=dict(data["labels"]),
        objectives=tuple(
            ObjectiveData(
                number=objective["number"],
                title=objective["title"],
                description=objective["description"],
                actions=tuple(_action(action) for action in objective["actions"]),
            )
            for objective in data["objectives"]
        ),
    )


def _action(data: dict[str, Any]) -> ActionData:
    return ActionData(
        number=data["number"],
        title=data["title"],
        description=data["description"],
        leads=tuple(
            LeadData(
                name=lead["name"],
                job_title=lead["job_title"],
                organisation=lead["organisation"],
                kind=lead.get("kind"),
            )
            for lead in data["leads"]
        ),
        milestones=tuple(
            MilestoneData(number=m["number"], text=m["text"], timescale=m["timescale"])
            for m in data["milestones"]
        ),
        progress=tuple(
            ProgressData(status=p["status"], text=p["text"], period=p.get("period"))
            for p in data["progress"]
        ),
        # JSON has one kind of number: 2.0 is accepted as 2, and kept as an integer.
        priority=None if data["priority"] is None else int(data["priority"]),
        resources=data["resources"],
        timescale=data["timescale"],
        target=data["target"],
        comments=data["comments"],
        source=data["source"],
        links=tuple(LinkData(type=link["type"], to=link["to"]) for link in data["links"]),
    )


# --- validation ---------------------------------------------------------------------------


@cache
def schema() -> dict[str, Any]:
    """The JSON Schema of the format, shipped with the package."""
    text = resources.files(__package__).joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
    return json.loads(text)


@cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(schema())


def _check(data: Any) -> None:
    problems = _schema_problems(data)
    if not problems:
        problems = _meaning_problems(data)
    if problems:
        raise InterchangeError(problems)


def _schema_problems(data: Any) -> list[str]:
    found: dict[str, None] = {}  # a dict keeps the order and drops repeats
    for error in _validator().iter_errors(data):
        for problem in _explain(error):
            found[problem] = None
    return list(found)


def _explain(error: ValidationError) -> list[str]:
    """The error in words, after the path of the value it is about."""
    path = list(error.absolute_path)
    keyword, expected, sub = error.validator, error.validator_value, error.schema
    described = sub.get("description") if isinstance(sub, dict) else None
    if keyword == "required":
        return [
            f"{where([*path, name])}: is missing" for name in expected if name not in error.instance
        ]
    if keyword == "additionalProperties":
        fields = ", ".join(sub.get("properties", {}))
        return [
            f"{where([*path, name])}: is not part of the format here; the fields are {fields}"
            for name in error.instance
            if name not in sub.get("properties", {})
        ]
    if keyword == "enum":
        suffix = f" ({described})" if described else ""
        return [f"{where(path)}: must be {_either(expected)}{suffix}"]
    if described and keyword in {"type", "pattern", "const"}:
        return [f"{where(path)}: must be {described}"]
    if keyword == "type":
        kinds = expected if isinstance(expected, list) else [expected]
        return [f"{where(path)}: must be {_either_words(_TYPE_WORDS.get(k, k) for k in kinds)}"]
    return [f"{where(path)}: {error.message}"]


_TYPE_WORDS = {
    "string": "text",
    "null": "null",
    "array": "a list",
    "object": "an object",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
}
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def where(path: Iterable[str | int]) -> str:
    """A value's path as people read it: plans[0].objectives[2].title."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        elif isinstance(part, str) and _NAME.fullmatch(part):
            text += f".{part}" if text else part
        else:
            text += f"[{json.dumps(part, ensure_ascii=False, default=str)}]"
    return text or "the document"


def _either(values: Iterable[Any]) -> str:
    return _either_words(json.dumps(value, ensure_ascii=False) for value in values)


def _either_words(words: Iterable[str]) -> str:
    listed = list(words)
    return listed[0] if len(listed) == 1 else f"{', '.join(listed[:-1])} or {listed[-1]}"


def _meaning_problems(data: dict[str, Any]) -> list[str]:
    """What the schema cannot say: real financial years, links to actions that are there."""
    problems: list[str] = []
    for p, plan in enumerate(data["plans"]):
        here = ["plans", p]
        if plan["period"] is not None:
            try:
                period_years(plan["period"])
            except PeriodError as error:
                problems.append(f"{where([*here, 'period'])}: {error}")
        numbers: dict[str, int] = {}
        for objective in plan["objectives"]:
            for action in objective["actions"]:
                if action["number"] is not None:
                    numbers[action["number"]] = numbers.get(action["number"], 0) + 1
        for o, objective in enumerate(plan["objectives"]):
            for a, action in enumerate(objective["actions"]):
                at = [*here, "objectives", o, "actions", a]
                problems += _progress_problems(action, at)
                problems += _link_problems(action, at, numbers)
    return problems


def _progress_problems(action: dict[str, Any], at: list[str | int]) -> list[str]:
    problems = []
    for u, update in enumerate(action["progress"]):
        if update.get("period") is not None:
            try:
                Quarter.parse(update["period"])
            except PeriodError as error:
                problems.append(f"{where([*at, 'progress', u, 'period'])}: {error}")
    return problems


def _link_problems(
    action: dict[str, Any], at: list[str | int], numbers: dict[str, int]
) -> list[str]:
    problems = []
    seen: set[tuple[str, str]] = set()
    for k, link in enumerate(action["links"]):
        path = where([*at, "links", k, "to"])
        to = link["to"]
        if to not in numbers:
            problems.append(f"{path}: no action of this plan is numbered “{to}”")
        elif numbers[to] > 1:
            problems.append(
                f"{path}: {numbers[to]} actions of this plan are numbered “{to}”; a link needs one"
            )
        elif to == action["number"]:
            problems.append(f"{path}: an action cannot be linked to itself")
        elif (link["type"], to) in seen:
            problems.append(f"{path}: the action is already linked to “{to}” that way")
        seen.add((link["type"], to))
    return problems
