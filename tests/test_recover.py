"""Structure recovery: from paragraphs and tables to objectives, actions, leads and
milestones. Plain data, no database; every document here is made up for the test."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partnerplan.importers.blocks import Cell, Paragraph, ReadDocument, Skipped, Style, Table
from partnerplan.importers.columns import role_of
from partnerplan.importers.interchange import (
    Document,
    LeadData,
    LinkData,
    MilestoneData,
    ProgressData,
    check_plan,
    to_json,
)
from partnerplan.importers.leads import leads_in
from partnerplan.importers.recover import (
    heading_in,
    links_in,
    milestones_in,
    number_and_rest,
    only_dates,
    period_in,
    period_named,
    priority_in,
    recover,
    status_in,
)
from partnerplan.plans.choices import status_label

# --- building documents by hand -----------------------------------------------------------


def cell(*texts: str) -> Cell:
    return Cell(tuple(Paragraph(text) for text in texts))


def items(*texts: str, numbered: bool = False) -> Cell:
    return Cell(tuple(Paragraph(t, style=Style.LIST_ITEM, numbered=numbered) for t in texts))


MERGED = Cell(merged=True)
EMPTY = Cell()


def row(*cells: Cell | str) -> tuple[Cell, ...]:
    return tuple(c if isinstance(c, Cell) else cell(c) if c else EMPTY for c in cells)


def table(*rows: tuple[Cell, ...], page: int | None = None) -> Table:
    return Table(rows=tuple(rows), page=page)


def heading(text: str, level: int = 2) -> Paragraph:
    return Paragraph(text, style=Style.HEADING, level=level)


def document(*blocks: Paragraph | Table, skipped: tuple[Skipped, ...] = ()) -> ReadDocument:
    return ReadDocument(kind="docx", blocks=tuple(blocks), skipped=skipped)


HEADER = row("Action", "Lead", "Milestones", "Timescale", "Progress")


def only_plan(result: Document):  # type: ignore[no-untyped-def]
    assert len(result.plans) == 1
    return result.plans[0]


def all_actions(result: Document) -> list:  # type: ignore[type-arg]
    return only_plan(result).actions


# --- column roles from header words -------------------------------------------------------

HEADER_WORDS = [
    ("Action", "action"),
    ("Actions", "action"),
    ("ACTIVITY", "action"),
    ("Activities", "action"),
    ("Key Task", "action"),
    ("Key tasks", "action"),
    ("Task", "action"),
    ("Key Task / Activity", "action"),
    ("What we will do", "action"),
    ("Proposed actions:", "action"),
    ("Lead", "lead"),
    ("Lead Officer", "lead"),
    ("Lead officer(s)", "lead"),
    ("Lead Partner", "lead"),
    ("Responsibility", "lead"),
    ("Who", "lead"),
    ("Who?", "lead"),
    ("By whom", "lead"),
    ("Milestones", "milestones"),
    ("Key Milestones", "milestones"),
    ("Steps", "milestones"),
    ("Milestons", "milestones"),
    ("Timescale", "when"),
    ("Timescales", "when"),
    ("When", "when"),
    ("By when?", "when"),
    ("Target date", "when"),
    ("Deadline", "when"),
    ("Progress", "progress"),
    ("Progress (Green, Amber, Red)", "progress"),
    ("Status", "progress"),
    ("RAG", "progress"),
    ("RAG status", "progress"),
    ("Update", "progress"),
    ("Target", "target"),
    ("Targets", "target"),
    ("Indicator", "target"),
    ("Performance indicators", "target"),
    ("Measure", "target"),
    ("Outcome", "target"),
    ("Success criteria", "target"),
    ("Resources", "resources"),
    ("Resource Implication", "resources"),
    ("Resource implications", "resources"),
    ("Cost", "resources"),
    ("Budget", "resources"),
    ("Priority", "priority"),
    ("Priority Level", "priority"),
    ("Comments", "comments"),
    ("Notes", "comments"),
    ("Remarks", "comments"),
    ("Source", "source"),
    ("Reference", "source"),
    ("Recommendation", "source"),
    ("Objective", "objective"),
    ("Strategic Aim", "objective"),
    ("Strategic aims", "objective"),
    ("Issue", "objective"),
    ("Priority area", "objective"),
    ("Theme", "objective"),
    ("Our aims", "objective"),
    ("Partners", None),
    ("Risk of deferral", None),
    ("", None),
    ("Sustainable community strategy links", None),
]


@pytest.mark.parametrize(("header", "role"), HEADER_WORDS)
def test_a_header_word_gives_a_column_its_role(header: str, role: str | None) -> None:
    assert role_of(header) == role


def test_labels_are_the_header_words_as_written() -> None:
    result = recover(
        document(
            table(
                row("Key Task / Activity", "Lead Partner", "By when?"),
                row("1. Hold a review", "Town Council", "June"),
            )
        )
    )
    labels = only_plan(result).labels
    assert labels == {"action": "Key Task / Activity", "lead": "Lead Partner", "when": "By when?"}


def test_an_unknown_column_goes_to_comments_under_its_header() -> None:
    result = recover(
        document(table(row("Action", "Partners"), row("Run a survey", "Youth forum members")))
    )
    (action,) = all_actions(result)
    assert action.comments == "Partners: Youth forum members"


def test_column_roles_override_the_header_words() -> None:
    result = recover(
        document(table(row("Action", "Partners"), row("Run a survey", "Parish Council"))),
        column_roles={1: "lead"},
    )
    (action,) = all_actions(result)
    assert action.leads == (LeadData("Parish Council", kind="organisation"),)
    assert action.comments is None


def test_an_unknown_column_role_is_refused() -> None:
    with pytest.raises(ValueError, match="Unknown column roles: leader"):
        recover(document(), column_roles={0: "leader"})


def test_a_row_naming_only_an_objective_starts_it() -> None:
    result = recover(
        document(
            table(
                row("Theme", "Action", "Lead"),
                row("Housing", "Survey empty homes", "Housing Team"),
                row("Transport", "", "Transport Group"),
            )
        )
    )
    _housing, transport = only_plan(result).objectives
    assert transport.title == "Transport"
    assert transport.actions[0].title is None
    assert transport.actions[0].leads[0].name == "Transport Group"


def test_column_roles_read_a_table_with_no_header() -> None:
    result = recover(
        document(table(row("Run a survey", "Parish Council"))),
        column_roles={0: "action", 1: "lead"},
    )
    (action,) = all_actions(result)
    assert action.title == "Run a survey"
    assert action.leads[0].name == "Parish Council"


# --- objective headings -------------------------------------------------------------------

HEADINGS = [
    (
        "Strategic Aim: 3. Improve the way partners share data",
        "3",
        "Improve the way partners share data",
    ),
    ("Strategic Aim:1. KEEP TOWN CENTRES SAFE.", "1", "KEEP TOWN CENTRES SAFE."),
    ("Priority 2 – Cleaner streets", "2", "Cleaner streets"),
    ("Priority 2: Cleaner streets", "2", "Cleaner streets"),
    ("Objective 4 - Better housing advice", "4", "Better housing advice"),
    ("Issue 1: Governance", "1", "Governance"),
    ("Theme 5. Older people", "5", "Older people"),
    ("2.1 The Health and Wellbeing Board", "2.1", "The Health and Wellbeing Board"),
    ("3.4.1 Shared data platform", "3.4.1", "Shared data platform"),
]


@pytest.mark.parametrize(("text", "number", "title"), HEADINGS)
def test_a_heading_written_as_text(text: str, number: str, title: str) -> None:
    found = heading_in(text)
    assert found is not None
    assert (found.number, found.title) == (number, title)


@pytest.mark.parametrize(
    "text",
    [
        "Priority was given to the young.",
        "1. Agree the terms of reference",
        "The board met in 2007.",
        "Objectives were discussed at length",
        "Outcome 3 was met in full",
        "2.5 million visitors came",
        "Priority 1",
    ],
)
def test_ordinary_text_is_not_a_heading(text: str) -> None:
    assert heading_in(text) is None


@pytest.mark.parametrize(
    "block",
    [
        heading("4. Better housing advice"),
        Paragraph("4. Better housing advice", bold=True),
        Paragraph("Strategic Aim 4: Better housing advice"),
    ],
)
def test_headings_become_objectives(block: Paragraph) -> None:
    result = recover(document(block, table(HEADER, row("Open a one-stop shop", "", "", "", ""))))
    (objective,) = only_plan(result).objectives
    assert (objective.number, objective.title) == ("4", "Better housing advice")


def test_a_row_spanning_the_table_is_an_objective() -> None:
    result = recover(
        document(
            table(
                row("Strategic Aim: 1. Safer roads", MERGED, MERGED, MERGED, MERGED),
                HEADER,
                row("Speed checks", "Road Safety Team", "", "", ""),
                row("Better bus links", MERGED, MERGED, MERGED, MERGED),
                row("Review routes", "Transport Group", "", "", ""),
            )
        )
    )
    objectives = only_plan(result).objectives
    assert [(o.number, o.title) for o in objectives] == [
        ("1", "Safer roads"),
        (None, "Better bus links"),
    ]
    assert [len(o.actions) for o in objectives] == [1, 1]


def test_actions_before_any_heading_have_an_objective_with_no_title() -> None:
    result = recover(document(table(HEADER, row("Speed checks", "", "", "", ""))))
    (objective,) = only_plan(result).objectives
    assert objective.title is None
    assert len(objective.actions) == 1


def test_an_objective_column_starts_an_objective_per_row() -> None:
    result = recover(
        document(
            table(
                row("Issue", "Action", "Responsibility"),
                row("Data sharing", "Agree a protocol", "Information Group"),
                row("", "Train staff", "Workforce Team"),
                row("", "", "Learning Team"),
                row("Volunteering", "Launch a brokerage", "Volunteer Centre"),
            )
        )
    )
    plan = only_plan(result)
    assert [o.title for o in plan.objectives] == ["Data sharing", "Volunteering"]
    assert [len(o.actions) for o in plan.objectives] == [2, 1]
    assert plan.labels["objective"] == "Issue"
    # a row with no action text continues the action above
    assert [lead.name for lead in plan.objectives[0].actions[1].leads] == [
        "Workforce Team",
        "Learning Team",
    ]


def test_title_is_the_first_top_heading_before_the_first_table() -> None:
    result = recover(
        document(
            heading("Riverside Partnership Improvement Plan 2009/10", level=1),
            heading("1. Governance"),
            table(HEADER, row("Review the constitution", "", "", "", "")),
        )
    )
    plan = only_plan(result)
    assert plan.title == "Riverside Partnership Improvement Plan 2009/10"
    assert plan.period == "2009/10"
    assert [o.title for o in plan.objectives] == ["Governance"]


def test_a_given_title_wins() -> None:
    result = recover(document(table(HEADER, row("Do it", "", "", "", ""))), title="My plan")
    assert only_plan(result).title == "My plan"


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("Work Programme 2008/09", "2008/09"),
        ("Plan for 2008/09 – 2009/10", "2008/09–2009/10"),
        ("Plan 2007 – 2008", None),
        ("Phone 2007/45", None),
        ("No years here", None),
    ],
)
def test_period_only_when_clearly_stated(text: str, period: str | None) -> None:
    assert period_in(text) == period


# --- actions ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "number", "rest"),
    [
        ("1. Agree a protocol", "1", "Agree a protocol"),
        ("1.2 Agree a protocol", "1.2", "Agree a protocol"),
        ("1.2. Agree a protocol", "1.2", "Agree a protocol"),
        ("a) Agree a protocol", "a", "Agree a protocol"),
        ("3) Agree a protocol", "3", "Agree a protocol"),
        ("Agree a protocol", None, "Agree a protocol"),
        ("2012 targets met", None, "2012 targets met"),
    ],
)
def test_an_action_number(text: str, number: str | None, rest: str) -> None:
    assert number_and_rest(text) == (number, rest)


def test_action_title_and_description() -> None:
    result = recover(
        document(
            table(
                HEADER,
                row(
                    cell("2. Map community venues", "Include halls and libraries."), "", "", "", ""
                ),
            )
        )
    )
    (action,) = all_actions(result)
    assert (action.number, action.title, action.description) == (
        "2",
        "Map community venues",
        "Include halls and libraries.",
    )


def test_a_continuation_row_is_merged_into_the_action_above() -> None:
    result = recover(
        document(
            table(
                HEADER,
                row(
                    "Set up a youth panel",
                    "Jo Hart (Youth Worker)",
                    "1. Recruit members",
                    "May",
                    "",
                ),
                row("", "Ravi Shah", "2. First meeting", "", "Green"),
            )
        )
    )
    (action,) = all_actions(result)
    assert [lead.name for lead in action.leads] == ["Jo Hart", "Ravi Shah"]
    assert [m.text for m in action.milestones] == ["Recruit members", "First meeting"]
    assert action.progress[0].status == "green"


def test_a_table_with_its_header_repeated_continues() -> None:
    result = recover(
        document(
            heading("1. Governance"),
            table(HEADER, row("Review the constitution", "", "", "", "")),
            table(
                HEADER,
                row("", "Legal Team", "", "", ""),
                row("Elect a chair", "", "", "", ""),
                page=2,
            ),
        )
    )
    objectives = only_plan(result).objectives
    assert len(objectives) == 1
    first, second = objectives[0].actions
    assert first.leads == (LeadData("Legal Team", kind="group"),)
    assert second.title == "Elect a chair"
    assert result.unplaced == ()


def test_a_table_with_no_header_and_the_same_width_continues_after_a_page_break() -> None:
    result = recover(
        document(
            table(HEADER, row("Review the constitution", "", "1. Draft", "", "")),
            table(row("", "", "2. Adopt", "", ""), row("Elect a chair", "", "", "", ""), page=2),
        )
    )
    first, second = all_actions(result)
    assert [m.number for m in first.milestones] == ["1", "2"]
    assert second.title == "Elect a chair"
    assert result.unplaced == ()


def test_a_sentence_cut_by_a_page_break_goes_on_in_the_next_table() -> None:
    result = recover(
        document(
            table(HEADER, row("Link the plan", "Jo Hart", "1. Meet the", "", "")),
            table(row("with scrutiny.", "", "", "", "Green"), row("Next", "", "", "", "")),
        )
    )
    first, second = all_actions(result)
    assert (first.title, first.description) == ("Link the plan with scrutiny.", None)
    assert first.progress[0].status == "green"
    assert second.title == "Next"


def test_a_cut_after_a_whole_title_goes_on_in_the_description() -> None:
    result = recover(
        document(
            table(HEADER, row("Link the plan.", "", "", "", "")),
            table(row("then review it", "", "", "", "")),
        )
    )
    (action,) = all_actions(result)
    assert (action.title, action.description) == ("Link the plan.", "then review it")


def test_a_bold_sentence_in_a_long_paragraph_is_not_a_heading() -> None:
    long_text = "Partners agreed to meet each quarter. " * 10
    result = recover(document(Paragraph(long_text, bold=True)))
    assert [u.why for u in result.unplaced] == ["a paragraph before the plan"]


def test_a_table_with_no_header_of_another_width_is_unplaced() -> None:
    result = recover(
        document(
            table(HEADER, row("Review the constitution", "", "", "", "")),
            table(row("Budget line", "£2,000"), row("Staff time", "10 days")),
        )
    )
    assert len(all_actions(result)) == 1
    assert [u.text for u in result.unplaced] == ["Budget line | £2,000", "Staff time | 10 days"]
    assert all(
        u.why == "a table with no recognisable header: columns Budget line, £2,000"
        for u in result.unplaced
    )


def test_a_heading_between_tables_stops_the_continuation() -> None:
    result = recover(
        document(
            table(HEADER, row("Review the constitution", "", "", "", "")),
            heading("2. Engagement"),
            table(row("Hold events", "", "", "", "")),
        )
    )
    assert len(all_actions(result)) == 1
    assert result.unplaced[0].why.startswith("a table with no recognisable header")


# --- milestones ---------------------------------------------------------------------------

MILESTONE_CELLS = [
    (cell("1. Draft agreed 2. Consulted 3. Adopted"), ["Draft agreed", "Consulted", "Adopted"]),
    (cell("1. Draft agreed; 2. Consulted;"), ["Draft agreed", "Consulted"]),
    (cell("1. Draft agreed", "2. Consulted"), ["Draft agreed", "Consulted"]),
    (cell("1. Draft agreed\n2. Consulted"), ["Draft agreed", "Consulted"]),
    (cell("• Venue booked • Invitations sent"), ["Venue booked", "Invitations sent"]),
    (cell("· Venue booked", "· Invitations sent"), ["Venue booked", "Invitations sent"]),
    (cell("○ Venue booked ○ Invitations sent"), ["Venue booked", "Invitations sent"]),
    (cell("- Venue booked", "* Invitations sent"), ["Venue booked", "Invitations sent"]),
    (items("Venue booked", "Invitations sent"), ["Venue booked", "Invitations sent"]),
    (cell("Report split into 2. parts"), ["Report split into 2. parts"]),
    (cell("A single milestone"), ["A single milestone"]),
]


@pytest.mark.parametrize(("given_cell", "texts"), MILESTONE_CELLS)
def test_a_milestones_cell_is_split(given_cell: Cell, texts: list[str]) -> None:
    assert [m.text for m in milestones_in(given_cell)] == texts


def test_milestone_numbers_are_kept() -> None:
    assert [m.number for m in milestones_in(cell("1. One 2. Two 3. Three"))] == ["1", "2", "3"]
    assert [m.number for m in milestones_in(items("One", "Two", numbered=True))] == ["1", "2"]
    assert [m.number for m in milestones_in(items("One", "Two"))] == [None, None]


@pytest.mark.parametrize(
    ("text", "milestone"),
    [
        ("Website live (June 08)", MilestoneData("Website live", timescale="June 08")),
        (
            "Newsletter issued (quarterly)",
            MilestoneData("Newsletter issued", timescale="quarterly"),
        ),
        ("Newsletter issued (ongoing).", MilestoneData("Newsletter issued", timescale="ongoing")),
        ("Report to board – by March", MilestoneData("Report to board – by March")),
        ("Survey (young people)", MilestoneData("Survey (young people)")),
    ],
)
def test_a_milestone_timescale_only_when_bracketed_at_the_end(
    text: str, milestone: MilestoneData
) -> None:
    assert milestones_in(cell(text)) == (milestone,)


# --- leads --------------------------------------------------------------------------------

LEADS = [
    ("Jane Smith (Head of Service)", [LeadData("Jane Smith", "Head of Service", kind="person")]),
    (
        "Jane Smith (Head of Service), Borough Council",
        [LeadData("Jane Smith", "Head of Service", "Borough Council", "person")],
    ),
    ("Eastholm Volunteer Centre", [LeadData("Eastholm Volunteer Centre", kind="organisation")]),
    (
        "Jane Smith (Head of Service, Borough Council)",
        [LeadData("Jane Smith", "Head of Service", "Borough Council", "person")],
    ),
    ("Jane Smith", [LeadData("Jane Smith", kind="person")]),
    ("Cllr Tom Brown", [LeadData("Cllr Tom Brown", kind="person")]),
    (
        "Jane Smith and Tom Brown",
        [LeadData("Jane Smith", kind="person"), LeadData("Tom Brown", kind="person")],
    ),
    (
        "Jane Smith; Tom Brown",
        [LeadData("Jane Smith", kind="person"), LeadData("Tom Brown", kind="person")],
    ),
    (
        "Jane Smith\nTom Brown",
        [LeadData("Jane Smith", kind="person"), LeadData("Tom Brown", kind="person")],
    ),
    (
        "Jane Smith, Tom Brown",
        [LeadData("Jane Smith", kind="person"), LeadData("Tom Brown", kind="person")],
    ),
    (
        "Ann Lee (Chair) Raj Patel (Vice Chair)",
        [
            LeadData("Ann Lee", "Chair", kind="person"),
            LeadData("Raj Patel", "Vice Chair", kind="person"),
        ],
    ),
    ("Borough Council", [LeadData("Borough Council", kind="organisation")]),
    ("County Constabulary", [LeadData("County Constabulary", kind="organisation")]),
    ("Police", [LeadData("Police", kind="organisation")]),
    ("NHS Trust", [LeadData("NHS Trust", kind="organisation")]),
    ("Fire and Rescue Service", [LeadData("Fire and Rescue Service", kind="organisation")]),
    ("Riverside CVS", [LeadData("Riverside CVS", kind="organisation")]),
    ("Steering Group", [LeadData("Steering Group", kind="group")]),
    ("Safer Communities Partnership", [LeadData("Safer Communities Partnership", kind="group")]),
    ("Health Board", [LeadData("Health Board", kind="group")]),
    ("Partnership Executive", [LeadData("Partnership Executive", kind="group")]),
    ("Older People's Forum", [LeadData("Older People's Forum", kind="group")]),
    ("Partnership Team", [LeadData("Partnership Team", kind="group")]),
    (
        "Police and Fire Service",
        [LeadData("Police", kind="organisation"), LeadData("Fire Service", kind="organisation")],
    ),
    (
        "Chief Executive, Borough Council",
        [LeadData("Chief Executive", "Chief Executive", "Borough Council")],
    ),
    ("Partnership Manager", [LeadData("Partnership Manager", "Partnership Manager")]),
    (
        "Service leads and co-ordinators",
        [LeadData("Service leads and co-ordinators", "Service leads and co-ordinators")],
    ),
    ("All partners", [LeadData("All partners")]),
    ("TBC", [LeadData("TBC")]),
    # A surname that is a job word is still a person's.
    ("Chris Chair (Leader)", [LeadData("Chris Chair", "Leader", kind="person")]),
    ("Sam Officer", [LeadData("Sam Officer", kind="person")]),
    ("Research Officer", [LeadData("Research Officer", "Research Officer")]),
    ("Block Leads", [LeadData("Block Leads", "Block Leads")]),
    ("Chief Officers Group", [LeadData("Chief Officers Group", kind="group")]),
    ("Cllr Ann McAdam (Chair)", [LeadData("Cllr Ann McAdam", "Chair", kind="person")]),
    (
        "Kit Moss/ Lou Dunn",
        [LeadData("Kit Moss", kind="person"), LeadData("Lou Dunn", kind="person")],
    ),
    # A cell's lines run together by a converter.
    (
        "Kit Moss Lou Dunn Ada Cole",
        [
            LeadData("Kit Moss", kind="person"),
            LeadData("Lou Dunn", kind="person"),
            LeadData("Ada Cole", kind="person"),
        ],
    ),
    (
        "Area leads. Parks Forum Youth Panel",
        [
            LeadData("Area leads", "Area leads"),
            LeadData("Parks Forum", kind="group"),
            LeadData("Youth Panel", kind="group"),
        ],
    ),
    (
        "All partners, (supported by Partnership Team)",
        [LeadData("All partners"), LeadData("Partnership Team", kind="group")],
    ),
    ("Lou Dunn (Grants Unit)", [LeadData("Lou Dunn", None, "Grants Unit", "person")]),
    ("Prof. Ann Lee", [LeadData("Prof. Ann Lee", kind="person")]),
    ("", []),
]


@pytest.mark.parametrize(("text", "leads"), LEADS)
def test_a_lead_cell(text: str, leads: list[LeadData]) -> None:
    assert list(leads_in(text)) == leads


# --- progress and priority ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Green", "green"),
        ("green - on track", "green"),
        ("AMBER", "amber"),
        ("Red: delayed by funding", "red"),
        ("G", "green"),
        ("A", "amber"),
        ("R", "red"),
        ("Amber/Green", "amber_green"),
        ("amber-green", "amber_green"),
        ("A/G", "amber_green"),
        ("Amber/Red", "amber_red"),
        ("Completed", "completed"),
        ("Not started", "not_started"),
        ("Ongoing", "ongoing"),
        ("A report went to the board", None),
        ("Meeting held in May", None),
        ("", None),
    ],
)
def test_a_progress_status(text: str, status: str | None) -> None:
    assert status_in(text) == status


def test_progress_keeps_its_text() -> None:
    result = recover(document(table(HEADER, row("Do it", "", "", "", "Amber - waiting for data"))))
    (action,) = all_actions(result)
    assert (action.progress[0].status, action.progress[0].text) == (
        "amber",
        "Amber - waiting for data",
    )


@pytest.mark.parametrize(
    ("text", "priority"),
    [("1", 1), ("2", 2), ("3", 3), ("Priority 1", 1), ("4", None), ("High", None), ("1-2", None)],
)
def test_a_priority(text: str, priority: int | None) -> None:
    assert priority_in(text) == priority


def test_a_priority_in_words_goes_to_comments() -> None:
    result = recover(
        document(
            table(row("Key task", "Priority level"), row("Do it", "High"), row("Do more", "2"))
        )
    )
    first, second = all_actions(result)
    assert (first.priority, first.comments) == (None, "Priority level: High")
    assert (second.priority, second.comments) == (2, None)


# --- headed lists -------------------------------------------------------------------------


def test_a_plan_written_as_headed_lists() -> None:
    result = recover(
        document(
            heading("Town Plan", level=1),
            heading("1. Safer streets"),
            Paragraph("Better lighting", style=Style.LIST_ITEM),
            Paragraph("Survey dark spots", style=Style.LIST_ITEM, level=1),
            Paragraph("Fit new lamps (March 09)", style=Style.LIST_ITEM, level=1),
            Paragraph("1.2 Neighbourhood watch", style=Style.LIST_ITEM),
            heading("2. Greener parks"),
            Paragraph("Plant trees", style=Style.LIST_ITEM),
            Paragraph("More to follow."),
        )
    )
    plan = only_plan(result)
    assert plan.title == "Town Plan"
    assert [o.title for o in plan.objectives] == ["Safer streets", "Greener parks"]
    lighting, watch = plan.objectives[0].actions
    assert [m.text for m in lighting.milestones] == ["Survey dark spots", "Fit new lamps"]
    assert lighting.milestones[1].timescale == "March 09"
    assert (watch.number, watch.title) == ("1.2", "Neighbourhood watch")
    assert [u.why for u in result.unplaced] == ["a paragraph between a plan's lists"]


# --- unplaced -----------------------------------------------------------------------------


def test_what_cannot_be_placed_is_kept_with_a_reason() -> None:
    result = recover(
        document(
            Paragraph("This plan was agreed by the board."),
            heading("Background"),
            Paragraph("Partners met twice."),
            heading("1. Governance"),
            table(HEADER, row("Review the constitution", "", "", "", "")),
            Paragraph("Note: dates may move."),
            skipped=(Skipped("an image", "page 3"),),
        )
    )
    found = {(u.text, u.why) for u in result.unplaced}
    assert found == {
        ("This plan was agreed by the board.", "a paragraph before the plan"),
        ("Background", "a heading with no actions under it"),
        ("Partners met twice.", "a paragraph under a heading with no actions"),
        ("Note: dates may move.", "a paragraph between tables"),
        ("an image (page 3)", "the reader could not read it as text"),
    }


def test_a_column_heading_with_nothing_under_it_is_unplaced() -> None:
    result = recover(document(table(row("Action", "Partners"), row("Run a survey", ""))))
    assert [(u.text, u.why) for u in result.unplaced] == [
        ("Partners", "a column heading with nothing under it")
    ]


def test_an_empty_document_has_no_plan() -> None:
    assert recover(document()) == Document()


# --- a whole plan -------------------------------------------------------------------------


def test_a_whole_improvement_plan() -> None:
    header = row("Activity", "Lead", "Milestones", "Priority", "Progress (Green, Amber, Red)")
    result = recover(
        document(
            heading("Riverside Partnership Improvement Plan 2010/11", level=1),
            Paragraph("This plan sets out how partners will improve over the year."),
            table(
                row("Strategic Aim: 1. Deliver the area agreement", MERGED, MERGED, MERGED, MERGED),
                header,
                row(
                    "1.1 Refresh delivery plans",
                    "Block leads",
                    cell("1. Plans drafted 2. Plans agreed (May 10)"),
                    "1",
                    "Green",
                ),
                row(
                    "1.2 Quarterly reports to the executive",
                    "Amy Cole (Performance Officer)",
                    items("Q1 report", "Q2 report", "Q3 report"),
                    "2",
                    "A",
                ),
                row(
                    "1.3 Annual profile report",
                    "Amy Cole (Performance Officer); Research Team",
                    "",
                    "3",
                    "",
                ),
            ),
            table(
                header,
                row("", "", "", "", "Amber - data late"),
                row(
                    "1.4 Link with scrutiny",
                    "Borough Council",
                    cell("• Joint programme"),
                    "High",
                    "",
                ),
                page=2,
            ),
            heading("2. Improve governance"),
            table(
                header,
                row(
                    "2.1 Set up a public service board",
                    "Chief Executive, Borough Council",
                    cell("1. Terms agreed", "2. First meeting"),
                    "1",
                    "R",
                ),
                row(
                    "2.2 Widen membership",
                    "Steering Group",
                    cell("1. Invite community councils"),
                    "2",
                    "",
                ),
                row("2.3 Train members", "Jo Hart and Sam Reid", "", "", "Not started"),
            ),
            table(row("", "", cell("2. Evaluate training"), "", "")),
            Paragraph("Strategic Aim 3 - Engage communities", bold=True),
            table(
                header,
                row(
                    "3.1 Newsletter",
                    "Communications Team",
                    cell("• Spring issue • Autumn issue"),
                    "2",
                    "G",
                ),
                row("3.2 Website", "Partnership Team", "", "3", ""),
            ),
        )
    )
    plan = only_plan(result)
    check_plan(plan)
    to_json(result)
    assert plan.title == "Riverside Partnership Improvement Plan 2010/11"
    assert plan.period == "2010/11"
    assert [(o.number, o.title) for o in plan.objectives] == [
        ("1", "Deliver the area agreement"),
        ("2", "Improve governance"),
        ("3", "Engage communities"),
    ]
    assert [len(o.actions) for o in plan.objectives] == [4, 3, 2]
    actions = plan.actions
    assert [a.number for a in actions] == [
        "1.1",
        "1.2",
        "1.3",
        "1.4",
        "2.1",
        "2.2",
        "2.3",
        "3.1",
        "3.2",
    ]
    assert [len(a.milestones) for a in actions] == [2, 3, 0, 1, 2, 1, 1, 2, 0]
    assert actions[6].milestones[0].text == "Evaluate training"  # continued after a page break
    assert actions[0].milestones[1].timescale == "May 10"
    assert [len(a.leads) for a in actions] == [1, 1, 2, 1, 1, 1, 2, 1, 1]
    assert [a.priority for a in actions] == [1, 2, 3, None, 1, 2, None, 2, 3]
    assert actions[3].comments == "Priority: High"
    assert [p.status for p in actions[2].progress] == ["amber"]
    assert [[p.status for p in a.progress] for a in actions if a.progress] == [
        ["green"],
        ["amber"],
        ["amber"],
        ["red"],
        ["not_started"],
        ["green"],
    ]
    assert plan.labels["progress"] == "Progress (Green, Amber, Red)"
    assert plan.labels["objective"] == "Strategic Aim"
    # the plan has no place for an introduction: it is kept for a person to see
    assert [u.why for u in result.unplaced] == ["a paragraph before the plan"]


# --- nothing silently dropped -------------------------------------------------------------

WORDS = [
    "Action",
    "Lead",
    "Milestones",
    "Progress",
    "Priority",
    "Timescale",
    "Strategic Aim: 2. Safer",
    "1. Draft 2. Agree",
    "Jane Smith (Manager)",
    "Borough Council",
    "Green",
    "A",
    "2",
    "• one • two",
    "(June 08)",
    "Target",
    "Notes",
    "Partners",
    "Issue",
    "Theme",
]
texts = st.one_of(
    st.sampled_from(WORDS),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=30),
)
paragraphs = st.builds(
    Paragraph,
    text=texts,
    style=st.sampled_from(list(Style)),
    level=st.integers(0, 2),
    bold=st.booleans(),
    numbered=st.booleans(),
)
cells = st.one_of(
    st.builds(Cell, paragraphs=st.lists(paragraphs, max_size=3).map(tuple)),
    st.just(Cell(merged=True)),
)


@st.composite
def tables(draw: st.DrawFn) -> Table:
    width = draw(st.integers(1, 5))
    rows = draw(st.lists(st.lists(cells, min_size=width, max_size=width).map(tuple), max_size=5))
    return Table(rows=tuple(rows))


documents = st.builds(
    ReadDocument,
    kind=st.just("docx"),
    blocks=st.lists(st.one_of(paragraphs, tables()), max_size=8).map(tuple),
    skipped=st.lists(st.builds(Skipped, what=texts, where=texts), max_size=2).map(tuple),
)


def _alphanumerics(text: str) -> str:
    return "".join(character for character in text if character.isalnum())


def _everything_in(result: Document) -> str:
    parts: list[str] = []

    def gather(value: object) -> None:
        if isinstance(value, str):
            parts.append(value)
        elif isinstance(value, int):
            parts.append(str(value))
        elif isinstance(value, (tuple, list)):
            for item in value:
                gather(item)
        elif isinstance(value, dict):
            for item in value.values():
                gather(item)
        elif value is not None and hasattr(value, "__dataclass_fields__"):
            for name in value.__dataclass_fields__:
                gather(getattr(value, name))
        if isinstance(value, ProgressData) and value.status:
            # A status line of partnerplan's own documents is carried as the status.
            parts.append(status_label(value.status))

    gather(result)
    return "\n".join(parts)


def _words_of(text: str) -> list[str]:
    return [word for word in (_alphanumerics(w) for w in re.split(r"\s+", text)) if word]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents)
def test_nothing_is_silently_dropped(read: ReadDocument) -> None:
    result = recover(read)
    to_json(result)  # always a valid document
    everything = _alphanumerics(_everything_in(result))
    for block in read.blocks:
        cell_texts = (
            [c.text for r in block.rows for c in r] if isinstance(block, Table) else [block.text]
        )
        for text in cell_texts:
            for word in _words_of(text):
                assert word in everything, (word, text)


# --- titles and periods as plans write them -----------------------------------------------


def test_the_line_naming_the_plan_above_its_table_is_its_title() -> None:
    result = recover(
        document(
            Paragraph("REPORT TO: Riverside Board", bold=True),
            Paragraph("The plan is attached for agreement."),
            Paragraph("RIVERSIDE PARTNERSHIP : DELIVERY PLAN 2009", bold=True),
            table(HEADER, row("Review the constitution", "", "", "", "")),
        )
    )
    plan = only_plan(result)
    assert plan.title == "RIVERSIDE PARTNERSHIP : DELIVERY PLAN 2009"
    assert plan.period == "2009/10"  # a lone year in a title: the financial year it starts
    assert [u.text for u in result.unplaced] == [
        "REPORT TO: Riverside Board",
        "The plan is attached for agreement.",
    ]


def test_a_capitalised_first_line_naming_the_plan_is_its_title() -> None:
    result = recover(
        document(
            Paragraph("THE RIVERSIDE PARTNERSHIP WORK PROGRAMME"),
            Paragraph("2009 – 2010"),
            Paragraph("Partners agreed the programme at the spring meeting."),
            table(HEADER, row("Review the constitution", "", "", "", "")),
        )
    )
    plan = only_plan(result)
    assert (plan.title, plan.period) == ("THE RIVERSIDE PARTNERSHIP WORK PROGRAMME", "2009/10")


def test_a_numbered_heading_naming_a_plan_stays_an_objective() -> None:
    result = recover(
        document(
            Paragraph("Theme 1: Plan the budget", bold=True),
            table(HEADER, row("Agree the budget", "Kit Moss", "", "", "")),
        )
    )
    plan = only_plan(result)
    assert plan.title is None
    assert [(o.number, o.title) for o in plan.objectives] == [("1", "Plan the budget")]


def test_a_sentence_is_not_a_title() -> None:
    result = recover(
        document(
            Paragraph("This plan was agreed by the board."),
            table(HEADER, row("Review the constitution", "", "", "", "")),
        )
    )
    assert only_plan(result).title is None


@pytest.mark.parametrize(
    ("text", "in_title", "period"),
    [
        ("Improvement Plan 2006", True, "2006/07"),
        ("Improvement Plan 2006", False, None),
        ("2007 – 2008", False, "2007/08"),
        ("Plan 2007 – 2008", True, "2007/08"),
        ("Plan 2007 – 2008", False, None),
        ("Delivery plans for 2007/8", False, "2007/08"),
        ("Plan 2007 – 2009", True, None),
        ("Met in 2006 and 2007", True, None),
    ],
)
def test_a_period_named_in_other_ways(text: str, in_title: bool, period: str | None) -> None:
    assert period_named(text, in_title=in_title) == period


def test_the_partnership_line_under_the_title_of_a_word_export() -> None:
    result = recover(
        document(
            heading("Riverside Work Programme", level=1),
            Paragraph("Riverside Partnership · 2009/10 to 2010/11 · Adopted"),
            heading("Objective 1: Governance"),
            table(HEADER, row("1.1 Review the constitution", "Kit Moss", "", "", "")),
        )
    )
    plan = only_plan(result)
    assert (plan.partnership, plan.period) == ("Riverside Partnership", "2009/10–2010/11")
    assert result.unplaced == ()


# --- targets that are milestones ----------------------------------------------------------


def test_a_bulleted_target_column_holds_the_milestones() -> None:
    header = row("Issue", "Action", "Targets", "Responsibility")
    result = recover(
        document(
            table(
                header,
                row("Data", "Share data", items("Protocol signed", "Staff trained"), "All"),
                row("Venues", "Map venues", cell("• Halls listed • Map online"), "All"),
            )
        )
    )
    plan = only_plan(result)
    assert plan.labels["milestones"] == "Targets" and "target" not in plan.labels
    first, second = all_actions(result)
    assert [m.text for m in first.milestones] == ["Protocol signed", "Staff trained"]
    assert [m.text for m in second.milestones] == ["Halls listed", "Map online"]
    assert first.target is None


def test_a_target_in_words_stays_a_target() -> None:
    result = recover(
        document(table(row("Action", "Target", "Lead"), row("Share data", "All partners", "")))
    )
    (action,) = all_actions(result)
    assert (action.target, action.milestones) == ("All partners", ())


def test_a_milestones_cell_holding_only_dates_is_the_timescale() -> None:
    result = recover(document(table(HEADER, row("Hold a review", "", "Sept – Oct", "", ""))))
    (action,) = all_actions(result)
    assert (action.timescale, action.milestones) == ("Sept – Oct", ())


@pytest.mark.parametrize(
    ("text", "dates"),
    [("October", True), ("Aug – Oct 07", True), ("September/ October", True), ("Review", False)],
)
def test_only_dates(text: str, dates: bool) -> None:
    assert only_dates(text) is dates


def test_milestones_after_a_lead_in_and_inside_one_list_item() -> None:
    assert [(m.number, m.text) for m in milestones_in(cell("Work on: 1. Data 2. Money"))] == [
        (None, "Work on"),
        ("1", "Data"),
        ("2", "Money"),
    ]
    assert [m.number for m in milestones_in(items("3. Site 4. Staff (June 09)"))] == ["3", "4"]
    assert [m.text for m in milestones_in(cell("the rest 3. Site"), after=2)] == [
        "the rest",
        "Site",
    ]


# --- rows carried over page breaks --------------------------------------------------------


def test_a_row_cut_by_a_page_break_is_joined_cell_by_cell() -> None:
    result = recover(
        document(
            table(
                HEADER,
                row(
                    "Link the plan with scrutiny.",
                    cell("Kit Moss (Head of Scrutiny,"),
                    cell("1. Joint work 2. Reports to the"),
                    "",
                    cell("Work has"),
                ),
            ),
            table(
                HEADER,
                row("", cell("Riverside Council) Lou Dunn"), "board (May 09)", "", "begun."),
                row("Next", "", "", "", ""),
                page=2,
            ),
        )
    )
    first, second = all_actions(result)
    assert first.leads == (
        LeadData("Kit Moss", "Head of Scrutiny", "Riverside Council", "person"),
        LeadData("Lou Dunn", kind="person"),
    )
    assert [(m.number, m.text, m.timescale) for m in first.milestones] == [
        ("1", "Joint work", None),
        ("2", "Reports to the board", "May 09"),
    ]
    assert [u.text for u in first.progress] == ["Work has begun."]
    assert second.title == "Next"


def test_a_title_and_numbered_milestones_cut_by_a_page_break_go_on() -> None:
    result = recover(
        document(
            table(HEADER, row("Develop the steering", "", "1. Terms agreed", "", "")),
            table(row("group as a forum.", "", "2. Members invited", "", "")),
            table(row("Widen membership", "", "2. Letters sent", "", "")),
        )
    )
    first, second = all_actions(result)
    assert first.title == "Develop the steering group as a forum."
    assert [m.text for m in first.milestones] == ["Terms agreed", "Members invited"]
    assert second.title == "Widen membership"


def test_an_upper_case_row_after_a_break_goes_on_when_its_milestones_count_on() -> None:
    result = recover(
        document(
            table(HEADER, row("Develop the steering", "", "1. Terms agreed", "", "")),
            table(row("Group as a forum.", "", "2. Members invited", "", "")),
        )
    )
    (action,) = all_actions(result)
    assert action.title == "Develop the steering Group as a forum."


def test_a_comment_carried_over_a_break_is_one_comment() -> None:
    header = row("Key Task / Activity", "Priority Level", "Comments")
    result = recover(
        document(
            table(header, row("1. Review venues", "1", "Agreed in May to")),
            table(row("", "", ""), row("", "", "wait for the survey."), page=2),
        )
    )
    (action,) = all_actions(result)
    assert action.comments == "Agreed in May to wait for the survey."


def test_a_converters_ruled_lines_are_not_rows() -> None:
    result = recover(
        document(table(HEADER, row("Review venues", "", "", "", ""), row("---", "--", "", "-", "")))
    )
    assert len(all_actions(result)) == 1
    assert result.unplaced == ()


# --- links between actions ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "links"),
    [
        ("Plan incorporates 3 below.", [LinkData("incorporates", "3")]),
        ("High priority but dependant upon 11 below.", [LinkData("depends_on", "11")]),
        ("Depends on item 2.1", [LinkData("depends_on", "2.1")]),
        ("Will be influenced by 4 above.", [LinkData("influenced_by", "4")]),
        ("Depends on 3 partners agreeing.", []),
        ("Influenced by the review.", []),
    ],
)
def test_links_in_a_comment(text: str, links: list[LinkData]) -> None:
    assert list(links_in(text)) == links


def test_links_are_kept_only_to_another_action_of_the_plan() -> None:
    header = row("Key task", "Priority", "Comments")
    result = recover(
        document(
            table(
                header,
                row("1. Map venues", "1", "Incorporates 2 below."),
                row("2. Survey users", "2", "Depends on 1 above; influenced by 9 below."),
                row("3. Report", "3", "Incorporates 3 above."),
            )
        )
    )
    one, two, three = all_actions(result)
    assert one.links == (LinkData("incorporates", "2"),)
    assert two.links == (LinkData("depends_on", "1"),)
    assert three.links == ()
    to_json(result)


def test_a_progress_cell_with_its_status_alone_on_the_first_line_keeps_the_words_below() -> None:
    from partnerplan.importers.blocks import Cell, Paragraph
    from partnerplan.importers.recover import progress_in

    def cell(*lines: str) -> Cell:
        return Cell(tuple(Paragraph(line) for line in lines))

    assert progress_in(cell("Amber/green", "Contractor appointed.")) == ProgressData(
        "amber_green", "Contractor appointed."
    )
    assert progress_in(cell("No status given", "Report drafted.")) == ProgressData(
        None, "Report drafted."
    )
    # A first line that says more than a status is part of the words.
    assert progress_in(cell("Green - on track", "Next review in May.")) == ProgressData(
        "green", "Green - on track\nNext review in May."
    )
    assert progress_in(cell("Completed")) == ProgressData("completed", "Completed")
