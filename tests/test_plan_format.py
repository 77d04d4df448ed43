"""The plan interchange format: validation with clear messages, export, saving through the
services, and plans that go out and come back in unchanged."""

from __future__ import annotations

import contextlib
import copy
import dataclasses
import json
import re
import tomllib
from collections.abc import Iterator
from datetime import date
from importlib import resources
from pathlib import Path, PurePosixPath
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from partnerplan.core.audit import Actor
from partnerplan.core.models import AuditAction, AuditEvent, AuditSource
from partnerplan.core.periods import Quarter
from partnerplan.core.testing.factories import SETUP, SmallFramework
from partnerplan.core.testing.plans import SmallPlan, small_plan
from partnerplan.importers.export import plan_to_interchange
from partnerplan.importers.interchange import (
    FORMAT,
    SCHEMA_FILE,
    ActionData,
    Document,
    InterchangeError,
    LeadData,
    LinkData,
    MilestoneData,
    ObjectiveData,
    PlanData,
    ProgressData,
    Unplaced,
    from_json,
    from_text,
    period_text,
    schema,
    to_json,
    to_text,
)
from partnerplan.importers.save import save_plan
from partnerplan.partnerships.models import Organisation, Partnership, Person
from partnerplan.plans import services
from partnerplan.plans.choices import (
    DEFAULT_COLUMNS,
    DEFAULT_LABELS,
    LinkKind,
    PlanKind,
    Priority,
    ProgressStatus,
    StatusScale,
    statuses_for,
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

ROOT = Path(__file__).resolve().parents[1]
TODAY = date(2026, 11, 23)
NOW = Quarter.containing(TODAY)


def a_document() -> dict[str, Any]:
    """A small valid document, written as a reader would write it."""
    return {
        "format": FORMAT,
        "plans": [
            {
                "title": "Greenvale Partnership Development Plan",
                "partnership": "Greenvale Partnership",
                "period": "2008/09–2009/10",
                "scale": "three_point",
                "labels": {"objective": "Theme", "action": "Task", "lead": "Who"},
                "objectives": [
                    {
                        "number": "1",
                        "title": "Members know what the partnership does",
                        "description": None,
                        "actions": [
                            {
                                "number": "1.1",
                                "title": "Send a short newsletter after each board",
                                "description": None,
                                "leads": [
                                    {
                                        "name": "Pat Example",
                                        "job_title": "Communications Officer",
                                        "organisation": "Greenvale Borough Council",
                                        "kind": "person",
                                    }
                                ],
                                "milestones": [
                                    {"number": "1", "text": "Template agreed", "timescale": "May"}
                                ],
                                "progress": [
                                    {"status": "amber", "text": "Two issues out.", "period": None}
                                ],
                                "priority": 2,
                                "resources": "Staff time",
                                "timescale": "Quarterly",
                                "target": None,
                                "comments": None,
                                "source": None,
                                "links": [{"type": "depends_on", "to": "1.2"}],
                            },
                            {
                                "number": "1.2",
                                "title": "Agree who writes for each partner",
                                "description": None,
                                "leads": [],
                                "milestones": [],
                                "progress": [],
                                "priority": None,
                                "resources": None,
                                "timescale": None,
                                "target": None,
                                "comments": None,
                                "source": None,
                                "links": [],
                            },
                        ],
                    }
                ],
            }
        ],
        "unplaced": [{"text": "Contact: the partnership office", "why": "After the table"}],
    }


A = "plans.0.objectives.0.actions.0"  # the first action of the document


def _path(dotted: str) -> list[Any]:
    return [int(part) if part.isdigit() else part for part in dotted.split(".")]


def _set(document: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    *parents, last = _path(path)
    target: Any = document
    for part in parents:
        target = target[part]
    target[last] = value
    return document


def _get(document: dict[str, Any], path: str) -> Any:
    found: Any = document
    for part in _path(path):
        found = found[part]
    return found


def _drop(document: dict[str, Any], path: str) -> dict[str, Any]:
    *parents, last = _path(path)
    target: Any = document
    for part in parents:
        target = target[part]
    del target[last]
    return document


def refusal(data: Any) -> str:
    with pytest.raises(InterchangeError) as refused:
        from_json(data)
    return str(refused.value)


# --- the schema ---------------------------------------------------------------------------


def test_the_schema_is_a_valid_2020_12_schema() -> None:
    Draft202012Validator.check_schema(schema())
    assert schema()["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_the_schema_is_shipped_with_the_package() -> None:
    assert resources.files("partnerplan.importers").joinpath(SCHEMA_FILE).is_file()
    package_data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
        "setuptools"
    ]["package-data"]["partnerplan"]
    shipped = PurePosixPath("importers", SCHEMA_FILE)
    assert any(shipped.match(pattern) for pattern in package_data)


def _enum(name: str) -> list[Any]:
    return schema()["$defs"][name]["enum"]


def test_the_schema_speaks_the_plan_vocabulary() -> None:
    """The schema lists its words itself, for readers without partnerplan; they must be the
    words of plans/choices.py."""
    plan = schema()["$defs"]["plan"]["properties"]
    assert list(plan["labels"]["properties"]) == list(DEFAULT_LABELS)
    assert plan["scale"]["enum"] == [*StatusScale.values, None]
    # "No status given" is null in the format, never a word of its own.
    assert _enum("status") == [
        *(status for status in ProgressStatus.values if status != ProgressStatus.NOT_STATED),
        None,
    ]
    assert set(_enum("threePointStatus")) == {*statuses_for(StatusScale.THREE_POINT), None}
    assert set(_enum("status")) == {*statuses_for(StatusScale.FIVE_POINT), None}
    assert schema()["$defs"]["link"]["properties"]["type"]["enum"] == LinkKind.values
    assert schema()["$defs"]["action"]["properties"]["priority"]["enum"] == [
        *Priority.values,
        None,
    ]


def test_the_example_in_the_documentation_is_valid() -> None:
    text = (ROOT / "docs" / "plan-format.md").read_text(encoding="utf-8")
    examples = re.findall(r"```json\n(.*?)```", text, re.S)
    assert examples
    for example in examples:
        assert isinstance(from_json(json.loads(example)), Document)


# --- reading: valid documents -------------------------------------------------------------


def test_a_valid_document_is_read_into_plain_data() -> None:
    document = from_json(a_document())
    (plan,) = document.plans
    assert plan.years == (2008, 2009)
    action = plan.objectives[0].actions[0]
    assert action.leads == (
        LeadData(
            name="Pat Example",
            job_title="Communications Officer",
            organisation="Greenvale Borough Council",
            kind="person",
        ),
    )
    assert action.links == (LinkData(type="depends_on", to="1.2"),)
    assert action.priority == 2
    assert document.unplaced == (Unplaced("Contact: the partnership office", "After the table"),)


def test_the_issue_shape_without_lead_kind_or_progress_period_is_valid() -> None:
    data = a_document()
    del data["plans"][0]["objectives"][0]["actions"][0]["leads"][0]["kind"]
    del data["plans"][0]["objectives"][0]["actions"][0]["progress"][0]["period"]
    action = from_json(data).plans[0].objectives[0].actions[0]
    assert action.leads[0].kind is None
    assert action.progress[0].period is None


def test_a_period_may_be_one_year_or_joined_by_a_hyphen() -> None:
    assert from_json(_set(a_document(), "plans.0.period", "2007/08")).plans[0].years == (
        2007,
        2007,
    )
    hyphen = _set(a_document(), "plans.0.period", "2007/08-2009/10")
    assert from_json(hyphen).plans[0].years == (2007, 2009)


def test_to_json_writes_every_field_in_the_formats_order() -> None:
    data = a_document()
    assert to_json(from_json(data)) == data
    assert list(to_json(from_json(data))["plans"][0]) == list(data["plans"][0])


def test_text_round_trip() -> None:
    document = from_json(a_document())
    assert from_text(to_text(document)) == document
    assert from_text(to_text(document).encode()) == document


# --- reading: refusals that say where and what --------------------------------------------

THREE_POINT = (
    '"red", "amber", "green", "not_started", "ongoing", "completed", "not_applicable" or null'
)


BAD_VALUES = [
    (f"{A}.priority", 5, "plans[0].objectives[0].actions[0].priority: must be 1, 2, 3 or null"),
    (f"{A}.priority", True, "actions[0].priority: must be 1, 2, 3 or null"),
    (f"{A}.priority", "high", "actions[0].priority: must be 1, 2, 3 or null"),
    ("format", "partnerplan.plan/2", 'format: must be "partnerplan.plan/1"'),
    ("plans", {}, "plans: must be a list of plans"),
    ("plans.0.title", "   ", "plans[0].title: must be text that is not blank, or null"),
    ("plans.0.title", 7, "plans[0].title: must be text that is not blank, or null"),
    ("plans.0.scale", "ten", 'plans[0].scale: must be "three_point", "five_point" or null'),
    ("plans.0.period", "2007", 'plans[0].period: must be a financial year such as "2007/08"'),
    ("plans.0.period", "2007/09", "plans[0].period: “2007/09” is not a financial year"),
    ("plans.0.period", "2009/10–2007/08", "plans[0].period: “2009/10–2007/08” ends before"),
    ("plans.0.titel", "A plan", "plans[0].titel: is not part of the format here; the fields"),
    ("plans.0.labels.colour", "RAG", "plans[0].labels.colour: is not part of the format here"),
    (f"{A}.progress.0.status", "amber_green", f"must be {THREE_POINT} (the plan's scale"),
    (f"{A}.progress.0.status", "purple", "progress[0].status: must be"),
    (f"{A}.progress.0.period", "2008/09 Q5", "progress[0].period: must be a quarter of"),
    (f"{A}.progress.0.period", "2008/10 Q1", "progress[0].period: “2008/10” is not a financial"),
    (f"{A}.leads.0.name", None, "leads[0].name: must be text that is not blank"),
    (f"{A}.leads.0.kind", "team", 'kind: must be "person", "organisation", "group" or null'),
    (f"{A}.milestones.0", "Soon", "milestones[0]: must be a milestone, as an object"),
    (f"{A}.links.0.type", "x", 'type: must be "depends_on", "incorporates" or "influenced_by"'),
    (f"{A}.links.0.to", "9.9", "links[0].to: no action of this plan is numbered “9.9”"),
    (f"{A}.links.0.to", "1.1", "links[0].to: an action cannot be linked to itself"),
    ("unplaced.0.text", "", "unplaced[0].text: must be text that is not blank"),
]


@pytest.mark.parametrize(("path", "value", "expected"), BAD_VALUES)
def test_a_bad_value_is_refused_with_its_path_and_what_is_wanted(
    path: str, value: Any, expected: str
) -> None:
    assert expected in refusal(_set(a_document(), path, value))


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("plans", "plans: is missing"),
        ("plans.0.labels", "plans[0].labels: is missing"),
        (f"{A}.timescale", "actions[0].timescale: is missing"),
        (f"{A}.leads.0.name", "leads[0].name: is missing"),
    ],
)
def test_a_missing_field_is_refused_with_its_path(path: str, expected: str) -> None:
    assert expected in refusal(_drop(a_document(), path))


@pytest.mark.parametrize("data", [None, [], "a plan", 3, {"plans": []}])
def test_what_is_not_a_document_at_all_is_refused(data: Any) -> None:
    assert refusal(data).startswith(("the document:", "format:"))


def test_a_link_to_a_number_two_actions_share_is_refused() -> None:
    data = a_document()
    _set(data, "plans.0.objectives.0.actions.1.number", "1.3")
    twin = copy.deepcopy(data["plans"][0]["objectives"][0]["actions"][1])
    data["plans"][0]["objectives"][0]["actions"].append(twin)
    _set(data, f"{A}.links.0.to", "1.3")
    assert "links[0].to: 2 actions of this plan are numbered “1.3”" in refusal(data)


def test_every_problem_is_listed_at_once_up_to_a_limit() -> None:
    data = a_document()
    _set(data, f"{A}.priority", 9)
    _set(data, "plans.0.scale", "seven")
    problems = _problems(data)
    assert len(problems) == 2
    many = a_document()
    many["unplaced"] = [{"text": ""} for _ in range(30)]
    with pytest.raises(InterchangeError) as refused:
        from_json(many)
    assert len(refused.value.problems) == 60
    assert str(refused.value).endswith("and 40 more problems")


def _problems(data: Any) -> tuple[str, ...]:
    with pytest.raises(InterchangeError) as refused:
        from_json(data)
    return refused.value.problems


def test_text_that_is_not_json_is_refused() -> None:
    with pytest.raises(InterchangeError, match="the document: is not JSON"):
        from_text('{"format": ')
    with pytest.raises(InterchangeError, match="the document: is not JSON"):
        from_text(b"\xff\xfe{")


def test_writing_an_invalid_document_is_refused_too() -> None:
    with pytest.raises(InterchangeError, match=r"plans\[0\]\.title: must be text"):
        to_json(Document(plans=(PlanData(title=""),)))


# --- reading: anything at all -------------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=25,
)


# No deadline: the first example also loads the schema, and CI machines vary.
@settings(deadline=None)
@given(json_values)
def test_any_json_value_is_read_or_refused_with_an_interchange_error(data: Any) -> None:
    with contextlib.suppress(InterchangeError):
        from_json(data)


def _paths(value: Any, here: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield here
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _paths(child, (*here, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _paths(child, (*here, index))


DOCUMENT_PATHS = [".".join(map(str, path)) for path in _paths(a_document()) if path]


@settings(deadline=None)
@given(st.sampled_from(DOCUMENT_PATHS), json_values, st.booleans())
def test_a_document_with_any_value_changed_is_read_or_refused_with_an_interchange_error(
    path: str, value: Any, remove: bool
) -> None:
    data = _drop(a_document(), path) if remove else _set(a_document(), path, value)
    try:
        from_json(data)
    except InterchangeError as error:
        assert error.problems
        assert all(": " in problem for problem in error.problems)


words = st.text(min_size=1, max_size=12).filter(lambda text: not text.isspace())
maybe = st.none() | words
leads = st.builds(
    LeadData,
    name=words,
    job_title=maybe,
    organisation=maybe,
    kind=st.sampled_from([None, "person", "organisation", "group"]),
)
milestones = st.builds(MilestoneData, text=words, number=maybe, timescale=maybe)
quarters = st.builds(
    lambda year, number: Quarter(year, number).label, st.integers(1990, 2090), st.integers(1, 4)
)


def _some(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[tuple[Any, ...]]:
    return st.lists(strategy, max_size=2).map(tuple)


@st.composite
def actions(draw: st.DrawFn, number: str, others: list[str], statuses: list[str]) -> ActionData:
    targets = draw(st.lists(st.sampled_from(others), unique=True, max_size=2)) if others else []
    updates = st.builds(
        ProgressData,
        status=st.sampled_from([None, *statuses]),
        text=maybe,
        period=st.none() | quarters,
    )
    return ActionData(
        number=number,
        title=draw(maybe),
        description=draw(maybe),
        leads=draw(_some(leads)),
        milestones=draw(_some(milestones)),
        progress=draw(_some(updates)),
        priority=draw(st.sampled_from([None, *Priority.values])),
        resources=draw(maybe),
        timescale=draw(maybe),
        target=draw(maybe),
        comments=draw(maybe),
        source=draw(maybe),
        links=tuple(LinkData(type=draw(st.sampled_from(LinkKind.values)), to=to) for to in targets),
    )


@st.composite
def documents(draw: st.DrawFn) -> Document:
    """Valid documents: actions numbered uniquely, with links between them."""
    scale = draw(st.sampled_from([None, *StatusScale.values]))
    statuses = statuses_for(scale or StatusScale.FIVE_POINT)
    shape = draw(st.lists(st.integers(0, 3), max_size=3))  # actions per objective
    numbers = [[f"{o + 1}.{a + 1}" for a in range(count)] for o, count in enumerate(shape)]
    every = [number for objective in numbers for number in objective]
    objectives = tuple(
        ObjectiveData(
            number=draw(maybe),
            title=draw(maybe),
            description=draw(maybe),
            actions=tuple(
                draw(actions(n, [other for other in every if other != n], statuses))
                for n in objective
            ),
        )
        for objective in numbers
    )
    first = draw(st.integers(1990, 2090))
    plan = PlanData(
        title=draw(maybe),
        partnership=draw(maybe),
        period=draw(
            st.none() | st.integers(0, 3).map(lambda span: period_text(first, first + span))
        ),
        scale=scale,
        labels=draw(st.dictionaries(st.sampled_from(list(DEFAULT_LABELS)), maybe, max_size=3)),
        objectives=objectives,
    )
    unplaced = draw(_some(st.builds(Unplaced, text=words, why=maybe)))
    return Document(plans=(plan,), unplaced=unplaced)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_any_valid_document_comes_back_from_json_text_unchanged(document: Document) -> None:
    assert from_text(to_text(document)) == document


# --- export -------------------------------------------------------------------------------

IMPORT = Actor.system(AuditSource.IMPORT)


@pytest.fixture
def plan(framework: SmallFramework) -> SmallPlan:
    """The small test plan, filled out: every kind of lead, progress over quarters, links
    forwards and backwards, a five-point scale and its own words."""
    built = small_plan(framework, TODAY)
    services.plan_update(plan=built.plan, actor=SETUP, scale=StatusScale.FIVE_POINT)
    services.objective_update(
        objective=built.first, actor=SETUP, description="Repeat burglary is down by a fifth"
    )
    services.action_update(
        action=built.council_action,
        actor=SETUP,
        leads=[framework.council, framework.subgroup, framework.officer],
        description="Survey the dark spots the police name",
        target="All estates surveyed",
        comments="Waiting for the highways budget",
        source="Community safety audit, recommendation 4",
    )
    for quarter, status, narrative in [
        (NOW.previous(), ProgressStatus.RED, "Scheme not yet agreed."),
        (NOW, ProgressStatus.AMBER_GREEN, "Scheme agreed; forty homes done."),
    ]:
        services.progress_add(
            actor=SETUP,
            action=built.officer_action,
            status=status,
            narrative=narrative,
            period=quarter,
            written_on=timezone.now(),
        )
    services.action_link_add(
        actor=SETUP,
        from_action=built.officer_action,
        to_action=built.chair_action,
        kind=LinkKind.INFLUENCED_BY,
    )
    services.action_link_add(
        actor=SETUP,
        from_action=built.chair_action,
        to_action=built.council_action,
        kind=LinkKind.DEPENDS_ON,
    )
    return built


@pytest.mark.django_db
def test_a_plan_is_exported_with_all_its_parts(framework: SmallFramework, plan: SmallPlan) -> None:
    data = to_json(plan_to_interchange(plan.plan))
    (exported,) = data["plans"]
    assert exported["title"] == "Safer Testshire Improvement Plan"
    assert exported["partnership"] == "Safer Testshire"
    year = NOW.year
    assert exported["period"] == f"{year - 1}/{year % 100:02d}–{year + 1}/{(year + 2) % 100:02d}"
    assert exported["scale"] == "five_point"
    assert exported["labels"] == {
        "objective": "Issue",
        "action": "Activity",
        "lead": "Responsibility",
    }
    first, second = exported["objectives"]
    assert (first["number"], first["description"]) == ("1", "Repeat burglary is down by a fifth")
    officer, council = first["actions"]
    assert officer["leads"] == [
        {
            "name": "Olive Officer",
            "job_title": "Community Safety Officer",
            "organisation": "Testshire Volunteer Centre",
            "kind": "person",
        },
        {
            "name": "Chris Chair",
            "job_title": "Leader",
            "organisation": "Testshire County Council",
            "kind": "person",
        },
    ]
    assert [lead["kind"] for lead in council["leads"]] == ["organisation", "group", "person"]
    assert council["leads"][1] == {
        "name": "Safer Testshire Officer Group",
        "job_title": None,
        "organisation": None,
        "kind": "group",
    }
    assert officer["milestones"] == [
        {"number": "1", "text": "Scheme agreed", "timescale": "May"},
        {"number": "2", "text": "First hundred homes done", "timescale": "Autumn"},
    ]
    # Oldest first: the last is the action's status today.
    assert officer["progress"] == [
        {"status": "red", "text": "Scheme not yet agreed.", "period": NOW.previous().label},
        {"status": "amber_green", "text": "Scheme agreed; forty homes done.", "period": NOW.label},
    ]
    assert officer["links"] == [{"type": "influenced_by", "to": "2.1"}]
    assert second["actions"][0]["links"] == [{"type": "depends_on", "to": "1.2"}]
    assert (council["priority"], council["target"]) == (2, "All estates surveyed")
    # Blank in the database is null in the format.
    assert (council["resources"], council["timescale"], officer["description"]) == (None,) * 3
    assert data["unplaced"] == []


def _bigger(framework: SmallFramework, plan: SmallPlan, actions: int) -> None:
    """More of everything, so that a query per action would show."""
    objective = services.objective_create(actor=SETUP, plan=plan.plan, title="More work")
    previous = plan.chair_action
    for n in range(actions):
        action = services.action_create(
            actor=SETUP,
            objective=objective,
            title=f"Piece of work {n}",
            leads=[framework.chair, framework.council, framework.thematic],
        )
        services.milestone_create(actor=SETUP, action=action, text="Started")
        services.progress_add(actor=SETUP, action=action, status="green", narrative="On track")
        services.action_link_add(
            actor=SETUP, from_action=action, to_action=previous, kind=LinkKind.DEPENDS_ON
        )
        previous = action


@pytest.mark.django_db
@pytest.mark.parametrize("more", [0, 25])
def test_export_takes_seven_queries_whatever_the_size(
    framework: SmallFramework, plan: SmallPlan, more: int, django_assert_num_queries: Any
) -> None:
    _bigger(framework, plan, more)
    with django_assert_num_queries(7):
        # 1 the plan with its partnership; 2 its objectives; 3 its actions;
        # 4 their leads with people, people's organisations, organisations, partnerships;
        # 5 their milestones; 6 their progress updates; 7 their links with the linked action
        document = plan_to_interchange(plan.plan)
    assert sum(len(o.actions) for o in document.plans[0].objectives) == 3 + more


@pytest.mark.django_db
def test_a_link_the_format_cannot_say_is_listed_as_unplaced(
    framework: SmallFramework, plan: SmallPlan
) -> None:
    other = services.plan_create(
        actor=SETUP,
        partnership=framework.board,
        title="Board plan",
        kind=PlanKind.OTHER,
        first_year=2026,
        last_year=2026,
    )
    objective = services.objective_create(actor=SETUP, plan=other, title="Elsewhere")
    elsewhere = services.action_create(actor=SETUP, objective=objective, title="Shared work")
    services.action_link_add(
        actor=SETUP, from_action=plan.chair_action, to_action=elsewhere, kind=LinkKind.INCORPORATES
    )
    document = plan_to_interchange(plan.plan)
    assert document.unplaced == (
        Unplaced(
            text="2.1 incorporates “1.1 Shared work”",
            why="The format links actions of the same plan; this one is in another plan.",
        ),
    )
    assert to_json(document)  # still a valid document


# --- saving -------------------------------------------------------------------------------

SAVED_MODELS: list[type[models.Model]] = [
    Plan,
    Objective,
    Action,
    ActionLead,
    ActionLink,
    Milestone,
    ProgressUpdate,
    Person,
    Organisation,
    Partnership,
    AuditEvent,
]


def counts() -> dict[str, int]:
    return {model.__name__: model._default_manager.count() for model in SAVED_MODELS}


@pytest.mark.django_db
def test_a_plan_goes_out_and_comes_back_unchanged(
    framework: SmallFramework, plan: SmallPlan
) -> None:
    out = to_text(plan_to_interchange(plan.plan))
    read = from_text(out)
    saved = save_plan(document_plan=read.plans[0], partnership=framework.district, actor=IMPORT)
    again = to_json(plan_to_interchange(saved))
    expected = json.loads(out)
    expected["plans"][0]["partnership"] = framework.district.name
    assert again == expected
    assert saved.partnership == framework.district
    assert saved.kind == PlanKind.IMPROVEMENT_PLAN  # from "... Improvement Plan"
    action = Action.objects.get(plan=saved, number="1.1")
    assert action.status == ProgressStatus.AMBER_GREEN  # the last update
    assert action.last_period == NOW.key


@pytest.mark.django_db
def test_reimporting_adds_no_people_or_organisations(
    framework: SmallFramework, plan: SmallPlan
) -> None:
    document = from_json(a_document()).plans[0]
    save_plan(document_plan=document, partnership=framework.board, actor=IMPORT)
    people, organisations = Person.objects.count(), Organisation.objects.count()
    save_plan(document_plan=document, partnership=framework.board, actor=IMPORT)
    assert (Person.objects.count(), Organisation.objects.count()) == (people, organisations)
    # Exported and read back, the framework's own people and organisations are reused too.
    save_plan(
        document_plan=plan_to_interchange(plan.plan).plans[0],
        partnership=framework.board,
        actor=IMPORT,
    )
    assert (Person.objects.count(), Organisation.objects.count()) == (people, organisations)


def _lead(
    name: str, *, job_title: str | None = None, organisation: str | None = None, **kind: Any
) -> dict[str, Any]:
    """A lead as a document gives it; without `kind` when not given, as the issue's shape."""
    return {"name": name, "job_title": job_title, "organisation": organisation, **kind}


def _with_leads(*leads: dict[str, Any]) -> PlanData:
    data = a_document()
    _set(data, f"{A}.leads", list(leads))
    return from_json(data).plans[0]


def _leads_of(plan: Plan) -> list[Any]:
    action = Action.objects.get(plan=plan, number="1.1")
    return [lead.lead for lead in action.leads.all()]


@pytest.mark.django_db
def test_leads_are_matched_by_name_whatever_the_case_and_spacing(
    framework: SmallFramework,
) -> None:
    document = _with_leads(
        _lead("  olive   OFFICER ", organisation="testshire volunteer centre"),
        _lead("TESTSHIRE COUNTY COUNCIL"),
        _lead("safer testshire", kind="group"),
        _lead("Chris\nChair", kind=None),
    )
    before = (Person.objects.count(), Organisation.objects.count())
    saved = save_plan(document_plan=document, partnership=framework.board, actor=IMPORT)
    assert _leads_of(saved) == [
        framework.officer,
        framework.council,
        framework.thematic,
        framework.chair,
    ]
    assert (Person.objects.count(), Organisation.objects.count()) == before


@pytest.mark.django_db
def test_new_people_and_organisations_are_added_once(framework: SmallFramework) -> None:
    document = _with_leads(
        _lead("Sam  New", job_title="Analyst", organisation="Testshire Fire and Rescue"),
        _lead("sam new", organisation="TESTSHIRE FIRE AND RESCUE"),
        _lead("Testshire Fire and Rescue", kind="organisation"),
        # Someone of the same name in another organisation is someone else.
        _lead("Chris Chair", organisation="Testshire Volunteer Centre"),
    )
    saved = save_plan(document_plan=document, partnership=framework.board, actor=IMPORT)
    sam, same_sam, fire, other_chris = _leads_of(saved)
    assert sam == same_sam
    assert (sam.name, sam.job_title, sam.organisation) == ("Sam New", "Analyst", fire)
    assert (fire.name, fire.sector) == ("Testshire Fire and Rescue", "other")
    assert other_chris != framework.chair
    assert other_chris.organisation == framework.charity
    assert Person.objects.filter(name__iexact="sam new").count() == 1


@pytest.mark.django_db
def test_a_group_not_in_the_framework_is_added_under_the_plans_partnership(
    framework: SmallFramework,
) -> None:
    document = _with_leads(
        _lead("Parks Officers Group", kind="group"),
        _lead("Ghost Group", kind="group"),
        _lead("All partners"),
    )
    plan = save_plan(document_plan=document, partnership=framework.board, actor=IMPORT)
    officers = Partnership.objects.get(name="Parks Officers Group")
    ghost = Partnership.objects.get(name="Ghost Group")
    assert (officers.kind, ghost.kind) == ("officer_group", "sub_group")
    assert list(officers.reports_to.all()) == [framework.board]
    assert AuditEvent.objects.filter(
        object_id=str(ghost.pk), action=AuditAction.CREATE, source=AuditSource.IMPORT
    ).exists()
    leads = ActionLead.objects.filter(action__plan=plan).order_by("position")
    assert [lead.partnership for lead in leads] == [officers, ghost, framework.board]
    # Imported again, the groups are found, not added twice; "All partners" is no person.
    save_plan(document_plan=document, partnership=framework.board, actor=IMPORT)
    assert Partnership.objects.filter(name__in=["Parks Officers Group", "Ghost Group"]).count() == 2
    assert not Person.objects.filter(name__iexact="all partners").exists()


@pytest.mark.django_db
def test_a_document_a_service_refuses_saves_nothing(framework: SmallFramework) -> None:
    data = a_document()
    # New people and organisations early on, and a title too long for the database last.
    second = data["plans"][0]["objectives"][0]["actions"][1]
    second["leads"] = [{"name": "Rita Rowe", "job_title": None, "organisation": "New Body"}]
    second["title"] = "x" * 1001
    before = counts()
    with pytest.raises(InterchangeError) as refused:
        save_plan(document_plan=from_json(data).plans[0], partnership=framework.board, actor=IMPORT)
    assert str(refused.value).startswith(
        "objectives[0].actions[1].title: Ensure this value has at most 1000 characters"
    )
    assert counts() == before


@pytest.mark.django_db
def test_unknown_values_partnerplan_needs_are_listed_together_and_nothing_is_saved(
    framework: SmallFramework,
) -> None:
    data = a_document()
    _set(data, "plans.0.period", None)
    _set(data, f"{A}.title", None)
    _set(data, f"{A}.progress.0.text", None)
    before = counts()
    with pytest.raises(InterchangeError) as refused:
        save_plan(document_plan=from_json(data).plans[0], partnership=framework.board, actor=IMPORT)
    assert refused.value.problems == (
        "period: is not known, and a plan needs the financial years it covers",
        "objectives[0].actions[0].title: is not known, and an action needs a title",
        "objectives[0].actions[0].progress[0].text: is not known, and an update needs its text",
    )
    assert counts() == before


@pytest.mark.django_db
def test_an_update_without_a_status_is_saved_as_no_status_given_and_exported_as_null(
    framework: SmallFramework,
) -> None:
    data = a_document()
    _set(data, f"{A}.progress.0.status", None)
    plan = save_plan(
        document_plan=from_json(data).plans[0], partnership=framework.board, actor=IMPORT
    )
    update = ProgressUpdate.objects.filter(action__plan=plan).order_by("written_on", "pk").first()
    assert update.status == ProgressStatus.NOT_STATED
    assert update.get_status_display() == "No status given"
    exported = to_json(plan_to_interchange(plan))
    assert _get(exported, f"{A}.progress.0.status") is None
    assert _get(exported, f"{A}.progress.0.text") == _get(data, f"{A}.progress.0.text")


@pytest.mark.django_db
def test_a_plan_built_in_code_is_checked_before_saving(framework: SmallFramework) -> None:
    document = PlanData(
        title="Plan",
        period="2008/09",
        objectives=(
            ObjectiveData(
                title="Aim",
                actions=(
                    ActionData(title="Task", number="1", links=(LinkData("depends_on", "2"),)),
                ),
            ),
        ),
    )
    with pytest.raises(InterchangeError) as refused:
        save_plan(document_plan=document, partnership=framework.board, actor=IMPORT)
    assert refused.value.problems == (
        "objectives[0].actions[0].links[0].to: no action of this plan is numbered “2”",
    )


@pytest.mark.django_db
def test_nulls_stay_empty_and_the_plan_takes_what_it_can_from_the_document(
    framework: SmallFramework,
) -> None:
    data = a_document()
    plan_data = data["plans"][0]
    plan_data["scale"] = None
    plan_data["title"] = "Greenvale Work Programme"
    _set(data, f"{A}.progress.0.status", "amber_green")
    _set(data, f"{A}.progress.0.period", "2008/09 Q2")
    saved = save_plan(
        document_plan=from_json(data).plans[0], partnership=framework.board, actor=IMPORT
    )
    assert (saved.first_year, saved.last_year) == (2008, 2009)
    assert saved.kind == PlanKind.WORK_PROGRAMME
    assert saved.scale == StatusScale.FIVE_POINT  # only that scale has amber/green
    assert saved.labels == {"objective": "Theme", "action": "Task", "lead": "Who"}
    # The usual columns, and resources and priority, which the document fills in.
    assert saved.columns == [
        "lead",
        "milestones",
        "when",
        "resources",
        "priority",
        "progress",
        "comments",
    ]
    assert set(DEFAULT_COLUMNS) <= set(saved.columns)
    objective = saved.objectives.get()
    assert objective.description == ""
    second = Action.objects.get(plan=saved, number="1.2")
    assert (second.priority, second.resources, second.timescale, second.target) == (
        None,
        "",
        "",
        "",
    )
    assert (second.comments, second.source, second.description) == ("", "", "")
    first = Action.objects.get(plan=saved, number="1.1")
    update = first.updates.get()
    assert (update.status, update.period) == ("amber_green", Quarter(2008, 2).key)
    assert first.links_out.get().to_action == second


@pytest.mark.django_db
def test_an_update_without_a_period_is_filed_in_the_plans_last_quarter_or_this_one(
    framework: SmallFramework,
) -> None:
    this_quarter = Quarter.containing(timezone.localdate())
    old = from_json(a_document()).plans[0]
    assert old.years is not None and old.years[1] < this_quarter.year
    saved = save_plan(document_plan=old, partnership=framework.board, actor=IMPORT)
    update = ProgressUpdate.objects.get(action__plan=saved)
    assert update.period == Quarter(old.years[1], 4).key  # not news this quarter
    running = dataclasses.replace(
        old, period=period_text(this_quarter.year, this_quarter.year + 1), title="Running plan"
    )
    saved = save_plan(document_plan=running, partnership=framework.board, actor=IMPORT)
    update = ProgressUpdate.objects.get(action__plan=saved)
    assert update.period == this_quarter.key


@pytest.mark.django_db
def test_everything_saved_is_audited_with_the_actor_and_the_import_source(
    framework: SmallFramework,
) -> None:
    manager = framework.users["manager"]
    actor = Actor(user=manager, source=AuditSource.IMPORT)
    already = AuditEvent.objects.count()
    saved = save_plan(
        document_plan=from_json(a_document()).plans[0], partnership=framework.board, actor=actor
    )
    events = AuditEvent.objects.order_by("id")[already:]
    assert {(e.source, e.actor_id, e.action) for e in events} == {
        (AuditSource.IMPORT, manager.pk, AuditAction.CREATE)
    }
    created: dict[str, int] = {}
    for event in events:
        name = ContentType.objects.get_for_id(event.content_type_id).model
        created[name] = created.get(name, 0) + 1
    assert created == {
        "plan": 1,
        "objective": 1,
        "action": 2,
        "milestone": 1,
        "progressupdate": 1,
        "actionlink": 1,
        "organisation": 1,  # Greenvale Borough Council
        "person": 1,  # Pat Example
    }
    plan_parts = [e for e in events if e.content_type.model not in {"person", "organisation"}]
    assert {e.partnership_id for e in plan_parts} == {framework.board.pk}
    assert saved.pk in {int(e.object_id) for e in events if e.content_type.model == "plan"}
