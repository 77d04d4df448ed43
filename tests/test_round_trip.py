"""A plan saved, downloaded from its page as Word, and imported again comes back as it was,
apart from what a Word table of the plan does not show; and the documents partnerships
write (tables cut by page breaks, merged cells, spreadsheets, headed lists) import whole.
Every plan here is made up."""

from __future__ import annotations

import dataclasses
import json

import pytest
from django.utils import timezone

from partnerplan.core.audit import Actor
from partnerplan.core.models import AuditSource
from partnerplan.core.testing.factories import SmallFramework
from partnerplan.importers.interchange import (
    ActionData,
    Document,
    LeadData,
    LinkData,
    MilestoneData,
    ObjectiveData,
    PlanData,
    ProgressData,
    to_json,
)
from partnerplan.importers.services import import_plans, read_plans
from partnerplan.plans import exports, selectors
from plan_documents import (
    headed_list_docx,
    merged_cells_docx,
    merged_xlsx,
    page_spanning_docx,
)

LABELS = {
    "objective": "Strategic aim",
    "action": "Activity",
    "lead": "Responsibility",
    "milestones": "Key milestones",
    "when": "Timescale",
    "progress": "Progress (Green, Amber, Red)",
    "target": "Indicator",
    "resources": "Resource implication",
    "priority": "Priority level",
    "comments": "Comments",
    "source": "Source",
}


def northgate_plan(partnership: str) -> Document:
    return Document(
        plans=(
            PlanData(
                title="Northgate Partnership Improvement Plan",
                partnership=partnership,
                period="2007/08–2008/09",
                scale="three_point",
                labels=LABELS,
                objectives=(
                    ObjectiveData(
                        number="1",
                        title="Deliver the area agreement",
                        description="Every block reports each quarter.",
                        actions=(
                            ActionData(
                                number="1.1",
                                title="Report progress on every block to the executive",
                                description="A short report and an exception list.",
                                leads=(
                                    LeadData(
                                        "Jo Sample",
                                        "Performance Officer",
                                        "Testshire County Council",
                                        "person",
                                    ),
                                    LeadData("Safer Testshire Officer Group", kind="group"),
                                ),
                                milestones=(
                                    MilestoneData("Reporting timetable agreed", "1", "June 2007"),
                                    MilestoneData("Exception report to each meeting", "2"),
                                    MilestoneData("Annual summary published", "3", "March 08"),
                                ),
                                progress=(
                                    ProgressData("amber", "Timetable drafted.", "2007/08 Q1"),
                                    ProgressData("green", "Timetable agreed.", "2007/08 Q2"),
                                ),
                                priority=1,
                                resources="Staff time",
                                timescale="Quarterly",
                                target="Reports on time",
                                comments="Reports go to the executive first.",
                                source="Annual review with government",
                                links=(LinkData("depends_on", "1.2"),),
                            ),
                            ActionData(
                                number="1.2",
                                title="Agree the data each block sends",
                                leads=(
                                    LeadData("Testshire Volunteer Centre", kind="organisation"),
                                ),
                                milestones=(MilestoneData("Data list agreed", "1", "May 2007"),),
                                progress=(ProgressData("red", "Not agreed yet.", "2007/08 Q2"),),
                                priority=2,
                                resources="£20,000",
                                timescale="by May 2007",
                            ),
                        ),
                    ),
                    ObjectiveData(
                        number="2",
                        title="Widen the membership",
                        actions=(
                            ActionData(
                                number="2.1",
                                title="Invite the community councils",
                                leads=(LeadData("Ravi Shah", kind="person"),),
                                milestones=(
                                    MilestoneData("Letters sent", "1", "September 2007"),
                                    MilestoneData("First members attend", "2"),
                                ),
                                progress=(ProgressData("completed", "All invited.", "2007/08 Q3"),),
                                priority=3,
                                timescale="Autumn",
                                comments="Ask each council to name a deputy.",
                            ),
                        ),
                    ),
                ),
            ),
        )
    )


# What a Word table of the plan does not show, so cannot give back. Everything else comes
# back as it went in.
NOT_IN_A_WORD_TABLE = (
    "the plan's status scale",
    "the descriptions of actions (an action's page shows them, its plan's table does not)",
    "progress updates before the latest, and the quarter of the latest "
    "(the table shows the action's status today and what its latest update says)",
    "links between actions",
)


def as_a_word_table_shows_it(document: Document) -> Document:
    """The document less the parts NOT_IN_A_WORD_TABLE lists."""

    def action(data: ActionData) -> ActionData:
        latest = data.progress[-1:]
        return dataclasses.replace(
            data,
            description=None,
            progress=tuple(ProgressData(u.status, u.text, None) for u in latest),
            links=(),
        )

    plans = tuple(
        dataclasses.replace(
            plan,
            scale=None,
            objectives=tuple(
                dataclasses.replace(objective, actions=tuple(action(a) for a in objective.actions))
                for objective in plan.objectives
            ),
        )
        for plan in document.plans
    )
    return dataclasses.replace(document, plans=plans)


def as_text(document: Document) -> str:
    return json.dumps(to_json(document), sort_keys=True, indent=1, ensure_ascii=False)


@pytest.mark.django_db
def test_a_plan_downloaded_as_word_imports_back_the_same(framework: SmallFramework) -> None:
    original = northgate_plan(framework.board.name)
    actor = Actor.system(AuditSource.IMPORT)
    (plan,) = import_plans(document=original, partnership=framework.board, actor=actor)
    table = selectors.plan_table(
        plan, selectors.PlanFilters(), timezone.localdate(), with_words=True
    )
    word = exports.to_docx(table)
    back = read_plans(word, name="northgate.docx")
    assert as_text(back) == as_text(as_a_word_table_shows_it(original))
    # And it saves again, as the same plan.
    (copy,) = import_plans(document=back, partnership=framework.board, actor=actor)
    assert copy.title == plan.title and copy.period == plan.period


# --- documents as partnerships write them ---------------------------------------------


def actions_of(document: Document) -> list[ActionData]:
    (plan,) = document.plans
    return plan.actions


def test_a_word_table_cut_by_a_page_break_is_one_table() -> None:
    document = read_plans(page_spanning_docx(), name="brookvale.docx")
    (plan,) = document.plans
    assert (plan.title, plan.period) == ("Brookvale Partnership Delivery Plan 2011/12", "2011/12")
    assert [(o.number, o.title) for o in plan.objectives] == [("1", "Better local transport")]
    survey, timetable, publish = actions_of(document)
    assert [a.number for a in (survey, timetable, publish)] == ["1.1", "1.2", "1.3"]
    # The row the break cut goes on: its milestone, its progress, its words.
    assert [(m.number, m.text, m.timescale) for m in timetable.milestones] == [
        ("1", "Options drawn up", None),
        ("2", "Operators met", "June 11"),
        ("3", "Timetable agreed", None),
    ]
    assert [(u.status, u.text) for u in timetable.progress] == [
        (None, "Talks with two operators have begun.")
    ]
    assert timetable.leads == (
        LeadData("Lee Moss", "Planning Manager", "Brookvale Council", "person"),
    )
    assert publish.leads == (LeadData("Brookvale Council", kind="organisation"),)
    assert [u.status for u in publish.progress] == ["amber"]
    assert document.unplaced == ()


def test_merged_heading_rows_and_a_nested_list_in_a_cell() -> None:
    document = read_plans(merged_cells_docx(), name="fernley.docx")
    (plan,) = document.plans
    assert [(o.number, o.title) for o in plan.objectives] == [
        ("1", "Cleaner streets"),
        ("2", "Cleaner walls"),
    ]
    assert plan.labels["objective"] == "Theme"
    bins, clean_day, underpass = actions_of(document)
    # Each bullet is a milestone, the nested one too, in the order written.
    assert [(m.text, m.timescale) for m in bins.milestones] == [
        ("Sites chosen", None),
        ("Bins ordered", None),
        ("Colours agreed", None),
        ("Bins fitted", "May 12"),
    ]
    assert [m.number for m in clean_day.milestones] == ["1", "2"]
    assert (bins.timescale, clean_day.timescale, underpass.timescale) == (
        "Spring",
        None,
        "Ongoing",
    )
    # A person whose surname is a job word is still a person.
    assert underpass.leads == (LeadData("Sam Officer", kind="person"),)
    assert document.unplaced == ()


def test_a_spreadsheet_with_each_objective_merged_down_its_actions() -> None:
    document = read_plans(merged_xlsx(), name="glenmoor.xlsx")
    (plan,) = document.plans
    assert [o.title for o in plan.objectives] == ["Healthier lives", "Warmer homes"]
    assert [len(o.actions) for o in plan.objectives] == [3, 1]
    actions = actions_of(document)
    assert [a.priority for a in actions] == [1, 2, 1, 3]
    assert [a.timescale for a in actions] == ["May 12", "Autumn", "Ongoing", "Winter"]
    assert actions[0].leads == (LeadData("Kim Dale", "Health Trainer", kind="person"),)
    assert document.unplaced == ()


def test_a_plan_written_as_headings_and_bullets() -> None:
    document = read_plans(headed_list_docx(), name="ashby.docx")
    (plan,) = document.plans
    assert (plan.title, plan.period) == ("Ashby Partnership Work Programme 2013/14", "2013/14")
    assert [(o.number, o.title) for o in plan.objectives] == [
        ("1", "Safer parks"),
        ("2", "Young people"),
    ]
    lights, wardens, cafe = actions_of(document)
    assert [lights.title, wardens.title, cafe.title] == [
        "Light the main paths",
        "Train park wardens",
        "Open a youth café",
    ]
    assert [(m.text, m.timescale) for m in lights.milestones] == [
        ("Survey the paths", None),
        ("Fit the lamps", "March 14"),
    ]
    assert [(u.text, u.why) for u in document.unplaced] == [
        ("The programme was agreed by the board in April.", "a paragraph before the plan")
    ]


@pytest.mark.django_db
def test_a_word_plan_imported_saved_and_downloaded_imports_back_the_same(
    framework: SmallFramework,
) -> None:
    """The round trip from a document as partnerships write it: import, save, download
    as Word, import again. The second reading is the first, leads' posts and employers
    and progress words included, but for the partnership it was saved in (now known)
    and the columns every saved plan shows (their headings, with nothing under them)."""
    from pdf_documents import harbourside_plan, plan_docx

    first = read_plans(plan_docx(harbourside_plan()), name="harbourside.docx")
    actor = Actor.system(AuditSource.IMPORT)
    (plan,) = import_plans(document=first, partnership=framework.board, actor=actor)
    table = selectors.plan_table(
        plan, selectors.PlanFilters(), timezone.localdate(), with_words=True
    )
    back = read_plans(exports.to_docx(table), name="harbourside-plan.docx")

    expected = first  # nothing of this document is lost on the way
    (read_plan,) = expected.plans
    (back_plan,) = back.plans
    assert back_plan.partnership == framework.board.name
    # Only the columns every saved plan shows are new; the plan's own words are kept.
    assert {k: v for k, v in back_plan.labels.items() if k in read_plan.labels} == dict(
        read_plan.labels
    )
    assert set(back_plan.labels) - set(read_plan.labels) <= {"when", "comments"}
    same_plan = dataclasses.replace(back_plan, partnership=None, labels=read_plan.labels)
    assert as_text(Document(plans=(same_plan,))) == as_text(Document(plans=(read_plan,)))
    assert first.unplaced and not back.unplaced  # the introduction is not part of the plan
