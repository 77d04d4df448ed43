"""Acceptance: the plans partnerships already have, imported. The three documents are real
plans as a converter rendered them from Word and PDF; they are read from disk, beside the
repository, and every number asserted here was counted by reading them."""

from __future__ import annotations

import dataclasses
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from partnerplan.core.audit import Actor
from partnerplan.core.models import AuditSource
from partnerplan.core.testing.factories import SmallFramework
from partnerplan.importers.interchange import ActionData, Document, LeadData, PlanData
from partnerplan.importers.services import import_plans, read_plans
from partnerplan.partnerships import services as framework_services
from partnerplan.partnerships.models import Organisation, Person
from partnerplan.plans.models import Action, ActionLink, Milestone, Plan

pytestmark = pytest.mark.acceptance

SAMPLES = Path(__file__).resolve().parents[1].parent / "shared" / "samples"
needs_samples = pytest.mark.skipif(
    not SAMPLES.is_dir(), reason=f"the sample plans are not beside the repository ({SAMPLES})"
)


def read_sample(name: str) -> Document:
    return read_plans((SAMPLES / name).read_bytes(), name=name)


def only_plan(document: Document) -> PlanData:
    assert len(document.plans) == 1
    return document.plans[0]


def actions_of(plan: PlanData) -> list[ActionData]:
    return plan.actions


def person(name: str, job_title: str | None = None, organisation: str | None = None) -> LeadData:
    return LeadData(name, job_title, organisation, "person")


def unplaced_starting(document: Document, *starts: str) -> list[str]:
    """The reason each passage starting with these words was left out."""
    found = []
    for start in starts:
        (why,) = [u.why for u in document.unplaced if u.text.startswith(start)]
        found.append(why)
    return found


# --- Halton: a board report with the plan attached ------------------------------------

HALTON = "halton-improvement-plan-2006.txt"


@needs_samples
def test_halton_improvement_plan() -> None:
    document = read_sample(HALTON)
    plan = only_plan(document)
    assert plan.title == "HALTON STRATEGIC PARTNERSHIP : IMPROVEMENT PLAN 2006"
    assert plan.period == "2006/07"
    assert plan.labels == {
        "objective": "Issue",
        "action": "Action",
        "milestones": "Target",
        "lead": "Responsibility",
        "resources": "Resource Implication",
        "when": "Timescale",
    }
    # Each issue has one action; the table is cut in two, the header repeated.
    assert [(o.number, o.title) for o in plan.objectives] == [
        (None, "Community Strategy"),
        (None, "Improve Performance Management across SSPs"),
        (None, "Engagement and Participation"),
        (None, "Partnership Governance & Relationships"),
        (None, "Data Observatory"),
        (None, "Neighbourhood Working"),
        (None, "Local Area Agreements"),
    ]
    assert [len(o.actions) for o in plan.objectives] == [1] * 7
    actions = actions_of(plan)
    assert all(a.title and a.number is None for a in actions)
    # The bulleted "Target" column holds the milestones, one a bullet.
    assert [len(a.milestones) for a in actions] == [2, 4, 3, 3, 2, 2, 2]
    raw = (SAMPLES / HALTON).read_text(encoding="utf-8")
    for milestone in (m for a in actions for m in a.milestones):
        assert f"• {milestone.text}</li>" in raw.replace("&amp;", "&")
        assert milestone.number is None and milestone.timescale is None
    assert all(a.target is None and a.priority is None and not a.progress for a in actions)
    assert [a.resources for a in actions] == [
        "Staff Time",
        "Staff Time",
        "Staff Time",
        "Staff Time",
        "£20,000",
        "SSCF – Neighbourhood Element",
        "Staff Time",
    ]
    assert [a.timescale for a in actions] == [
        "April 06",
        "April 06",
        "On going",
        "On going",
        "On going",
        "Sept 2006",
        "Sept 2006 (April 2007 for formal LAAs)",
    ]
    everyone = LeadData("All partners")
    team = LeadData("LSP Team", kind="group")
    assert [list(a.leads) for a in actions] == [
        [everyone, team],
        [everyone, team],
        [everyone, team],
        [everyone],
        [everyone],
        [LeadData("Safer Halton Partnership", kind="group")],
        [everyone],
    ]
    # The covering report is kept for a person to see, none of it an action.
    assert unplaced_starting(
        document, "REPORT TO", "DATE", "SUBJECT", "1. PURPOSE", "To update Board", "3. BACKGROUND"
    ) == [
        "a paragraph before the plan",
        "a paragraph before the plan",
        "a heading with no actions under it",
        "a heading with no actions under it",
        "a paragraph under a heading with no actions",
        "a heading with no actions under it",
    ]
    assert len(document.unplaced) == 13


# --- Cheshire: a report, then a work programme of key tasks ---------------------------

CHESHIRE = "cheshire-work-programme-2007.txt"


@needs_samples
def test_cheshire_work_programme() -> None:
    document = read_sample(CHESHIRE)
    plan = only_plan(document)
    assert plan.title == (
        "COMMUNITIES OF CHESHIRE PARTNERSHIP WORK PROGRAMME 2007/08 – KEY TASKS / ACTIVITIES"
    )
    assert plan.period == "2007/08"
    assert plan.labels == {
        "action": "Key Task / Activity",
        "priority": "Priority Level",
        "comments": "Comments",
    }
    # The key tasks stand under no objective: a person names it in the preview.
    (objective,) = plan.objectives
    assert (objective.number, objective.title) == (None, None)
    actions = objective.actions
    assert [a.number for a in actions] == [str(n) for n in range(1, 19)]
    assert all(a.title and a.description is None for a in actions)
    assert [a.priority for a in actions] == [3, 1, 1, 3, 1, 3, 1, 1, 1, 1, 1, 1, 2, 3, 2, 2, 1, 3]
    assert all(a.comments for a in actions)
    assert all(not a.leads and not a.milestones and not a.progress for a in actions)
    # Task 11's comment runs over a table break into a row of its own, mid-sentence.
    assert "meeting to defer" in actions[10].comments
    assert all("\n" not in a.comments for a in actions)
    links = {a.number: [(link.type, link.to) for link in a.links] for a in actions if a.links}
    assert links == {
        "2": [("incorporates", "3")],
        "10": [("depends_on", "11")],
        "11": [("incorporates", "10")],
        "13": [("influenced_by", "11")],
    }
    # The covering report and its shortlist are kept, with why, and are not tasks.
    whys = unplaced_starting(
        document,
        "Improving Partnership Working in Cheshire",
        "Introduction",
        "In December 2006",
        "Develop strategic approach",
        "Next Steps",
        "Contact:",
        "Alison Armstrong",
    )
    assert set(whys) == {"a paragraph before the plan"}
    assert len(document.unplaced) == 25
    titles = {a.title for a in actions}
    assert not any(u.text in titles for u in document.unplaced)


# --- Oldham: nine strategic aims over many pages --------------------------------------

OLDHAM = "oldham-improvement-plan-2007.txt"


@needs_samples
def test_oldham_improvement_plan() -> None:
    document = read_sample(OLDHAM)
    plan = only_plan(document)
    assert plan.title == "THE OLDHAM PARTNERSHIP IMPROVEMENT PLAN"
    assert plan.period == "2007/08"
    assert plan.labels == {
        "objective": "Strategic Aim",
        "action": "Activity",
        "lead": "Lead",
        "milestones": "Milestones",
        "progress": "Progress (Green, Amber, Red)",
    }
    assert [o.number for o in plan.objectives] == [str(n) for n in range(1, 10)]
    assert plan.objectives[0].title == "ENSURE DELIVERY OF THE LOCAL AREA AGREEMENT."
    assert plan.objectives[5].title == "IMPLEMENT AN OLDHAM PARTNERSHIP COMMISSIONING FRAMEWORK."
    raw = (SAMPLES / OLDHAM).read_text(encoding="utf-8")
    for objective in plan.objectives:
        assert f"Strategic Aim:{objective.number}. {objective.title}\t" in raw.replace(": ", ":")
    assert [len(o.actions) for o in plan.objectives] == [9, 2, 1, 8, 4, 1, 2, 3, 9]
    actions = actions_of(plan)
    assert all(a.number is None for a in actions)
    # Rows carried over page breaks are one action each: the title's two halves joined.
    assert all(a.title and not a.title[0].islower() for a in actions)
    assert actions[7].title.startswith("Link Local Area Agreement development")
    assert "Steering Group as the inclusive" in actions[10].title
    assert [len(a.milestones) for a in actions] == [
        *(1, 2, 3, 3, 1, 3, 5, 2, 2),
        *(4, 3),
        *(1,),
        *(6, 3, 2, 3, 4, 3, 3, 1),
        *(1, 1, 1, 4),
        *(3,),
        *(2, 1),
        *(2, 2, 1),
        *(1, 5, 0, 0, 0, 0, 0, 0, 0),
    ]
    # Numbered inline, in brackets their timescales, one cut by a page break mid-item.
    members = actions[12]
    assert [(m.number, m.timescale) for m in members.milestones] == [
        ("1", "ongoing"),
        ("2", "August 2007"),
        ("3", "ongoing"),
        ("4", "ongoing"),
        ("5", None),
        ("6", "October 2007"),
    ]
    assert "funded projects" in members.milestones[1].text
    assert [m.number for m in actions[7].milestones] == ["1", "2"]
    assert "Overview & Scrutiny function" in actions[7].milestones[0].text
    # A lead-in, then a list that goes on after a page break.
    assert [m.number for m in actions[-8].milestones] == [None, "1", "2", "3", "4"]
    # A milestones cell holding only a month is the action's timescale.
    assert [a.timescale for a in actions[-7:]] == [
        "August - September",
        "September/ October",
        "October",
        "October",
        "December",
        "January",
        "January",
    ]
    assert [len(a.progress) for a in actions] == [
        *(0, 1, 1, 0, 1, 1, 1, 1, 1),
        *(1, 1),
        *(1,),
        *(1,) * 8,
        *(1,) * 4,
        *(1,),
        *(1, 1),
        *(1, 1, 1),
        *(1, 1, 1, 0, 0, 0, 0, 0, 0),
    ]
    assert "being developed." in actions[7].progress[0].text
    # The column asks for a colour; the leads wrote words. Only plain states are read.
    statuses = [u.status for a in actions for u in a.progress if u.status]
    assert statuses == ["completed", "ongoing", "ongoing", "completed"]
    assert all(not a.links and a.priority is None and a.resources is None for a in actions)
    chair, vice_chair, manager = (
        person("Bill Edwards", "Chair"),
        person("Zuber Ahmed", "Vice Chair"),
        person("John Eley", "Partnership Manager"),
    )
    researcher = person("Rachel Reid", "Research & Performance Management")
    communications = person(
        "Adam Patterson", "Partnership Co-ordinator, Marketing & Communications"
    )
    assert list(actions[2].leads) == [manager, researcher]
    # The converter ran "CSRMT" and "OP Steering Group" into one line with nothing between.
    assert list(actions[1].leads) == [
        LeadData("Block leads and co-ordinators", "Block leads and co-ordinators"),
        LeadData("CSRMT OP Steering Group", kind="group"),
        LeadData("OP Executive", kind="group"),
    ]
    assert list(actions[4].leads) == [manager, person("Tom Cusack"), person("Rachel Reid")]
    assert list(actions[7].leads) == [
        person("Robert Haddrell", "Head of O&S", "OMBC"),
        person("Adam Patterson"),
    ]
    assert list(actions[8].leads) == [
        person("John Eley"),
        person("Michele Carr"),
        person("Alan Higgins"),
    ]
    assert list(actions[9].leads) == [
        person("Nick Brown", "Executive Chair"),
        person("Gail Richards", "Vice Chair"),
        manager,
        person("Mike Chambers"),
        person("Andrew Kilburn"),
        person("Caroline Ball"),
        person("Bill Edwards"),
    ]
    assert list(actions[10].leads) == [
        chair,
        vice_chair,
        person("Cllr James McMahon", "Vice Chair"),
        manager,
    ]
    assert list(actions[12].leads) == [
        communications,
        person("Harji Patel", organisation="Commissioning Unit"),
    ]
    assert list(actions[13].leads) == [
        person("Mark Simmons", "OMBC Area Manager"),
        communications,
        person("Suzanne Heywood", "Contact Centre Manager", "OMBC"),
    ]
    assert list(actions[16].leads) == [
        person("Naomi Duggan", "Assistant Director of Corporate Communications", "Oldham Council"),
        person("Adam Patterson"),
    ]
    assert list(actions[23].leads) == [
        person("Rachel Reid"),
        person("John Eley"),
        person("Stephen Young"),
    ]
    assert [len(a.leads) for a in actions] == [
        *(1, 3, 2, 2, 3, 1, 2, 2, 3),
        *(7, 4),
        *(1,),
        *(2, 3, 1, 1, 2, 3, 2, 1),
        *(2, 2, 2, 3),
        *(2,),
        *(2, 2),
        *(2, 2, 2),
        *(1, 1, 1, 1, 2, 1, 2, 1, 1),
    ]
    # The introduction and the contents are kept, with why; the title line is the title.
    assert unplaced_starting(document, "2007 – 2008", "One of the tasks", "Page") == [
        "a paragraph before the plan",
        "a paragraph before the plan",
        "a table with no recognisable header: columns (empty), Page",
    ]
    assert len(document.unplaced) == 13
    assert not any(u.text.startswith("THE OLDHAM") for u in document.unplaced)


# --- saved, and saved again -----------------------------------------------------------

# The groups the plans name; an import does not create groups, so they are added to the
# framework first, as a person would before confirming.
GROUPS = {
    HALTON: ["LSP Team", "Safer Halton Partnership"],
    CHESHIRE: [],
    OLDHAM: ["CSRMT OP Steering Group", "OP Executive"],
}


def as_confirmed(document: Document) -> Document:
    """What a person gives in the preview where the document is silent: here, only the
    title of an objective the plan leaves unnamed."""
    plans = []
    for plan in document.plans:
        objectives = tuple(
            objective
            if objective.title
            else dataclasses.replace(objective, title="Key tasks / activities")
            for objective in plan.objectives
        )
        plans.append(dataclasses.replace(plan, objectives=objectives))
    return dataclasses.replace(document, plans=tuple(plans))


@needs_samples
@pytest.mark.django_db
@pytest.mark.parametrize("name", [HALTON, CHESHIRE, OLDHAM])
def test_each_sample_saves_and_a_second_import_adds_no_one(
    framework: SmallFramework, name: str
) -> None:
    actor = Actor.system(AuditSource.IMPORT)
    for group in GROUPS[name]:
        framework_services.partnership_create(actor=actor, name=group, kind="sub_group")
    document = as_confirmed(read_sample(name))
    plan_data = only_plan(document)
    (plan,) = import_plans(document=document, partnership=framework.board, actor=actor)
    assert plan.title == plan_data.title
    actions = actions_of(plan_data)
    assert Action.objects.filter(plan=plan).count() == len(actions)
    assert Milestone.objects.filter(action__plan=plan).count() == sum(
        len(a.milestones) for a in actions
    )
    assert ActionLink.objects.filter(from_action__plan=plan).count() == sum(
        len(a.links) for a in actions
    )
    people, organisations = Person.objects.count(), Organisation.objects.count()
    (again,) = import_plans(document=document, partnership=framework.board, actor=actor)
    assert again.pk != plan.pk and Plan.objects.filter(title=plan.title).count() == 2
    assert (Person.objects.count(), Organisation.objects.count()) == (people, organisations)


@needs_samples
@pytest.mark.django_db
def test_the_samples_timescales_are_read_into_due_dates(framework: SmallFramework) -> None:
    """Every timescale the samples give is read when they are saved: none is left for a
    person to check, and each has the due date its words mean in the plan's year."""
    actor = Actor.system(AuditSource.IMPORT)
    due: dict[str, dict[str, list[tuple[str, str, date | None]]]] = {}
    for name in (HALTON, OLDHAM):
        for group in GROUPS[name]:
            framework_services.partnership_create(actor=actor, name=group, kind="sub_group")
        (plan,) = import_plans(
            document=as_confirmed(read_sample(name)), partnership=framework.board, actor=actor
        )
        due[name] = {
            model.__name__: [
                (row.timescale, row.schedule["kind"], row.due_on)
                for row in model.objects.filter(**{path: plan}).exclude(timescale="")
            ]
            for model, path in ((Action, "plan"), (Milestone, "action__plan"))
        }
        flagged = [
            words for rows in due[name].values() for words, kind, _ in rows if kind == "unknown"
        ]
        assert not flagged, f"{name}: {flagged}"
    assert sorted(due[HALTON]["Action"], key=str) == sorted(
        [
            ("April 06", "period", date(2006, 4, 30)),
            ("April 06", "period", date(2006, 4, 30)),
            ("On going", "ongoing", None),
            ("On going", "ongoing", None),
            ("On going", "ongoing", None),
            ("Sept 2006", "period", date(2006, 9, 30)),
            ("Sept 2006 (April 2007 for formal LAAs)", "period", date(2006, 9, 30)),
        ],
        key=str,
    )
    oldham = due[OLDHAM]
    assert sorted(d for _, _, d in oldham["Action"]) == [
        date(2007, 9, 30),
        date(2007, 10, 31),
        date(2007, 10, 31),
        date(2007, 10, 31),
        date(2007, 12, 31),
        date(2008, 1, 31),
        date(2008, 1, 31),
    ]
    kinds = Counter(kind for _, kind, _ in oldham["Milestone"])
    assert kinds == {"ongoing": 9, "period": 9}
    assert ("Aug – Oct 07", "period", date(2007, 10, 31)) in oldham["Milestone"]
    assert ("March 08", "period", date(2008, 3, 31)) in oldham["Milestone"]
