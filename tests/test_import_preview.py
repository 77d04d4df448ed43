"""The preview's corrections over the plan as read: objectives moved, actions left out,
nothing else lost or reordered."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from partnerplan.importers.interchange import ActionData, Document, ObjectiveData, PlanData
from partnerplan.importers.preview import (
    Choices,
    apply_choices,
    chosen_starts,
    preview_actions,
    problems_on_page,
)
from partnerplan.plans.choices import DEFAULT_LABELS


def a_plan(*sizes: int) -> Document:
    objectives = []
    count = 0
    for o, size in enumerate(sizes, start=1):
        actions = []
        for a in range(1, size + 1):
            count += 1
            actions.append(ActionData(title=f"Task {count}", number=f"{o}.{a}"))
        objectives.append(ObjectiveData(title=f"Aim {o}", number=str(o), actions=tuple(actions)))
    return Document(plans=(PlanData(title="Plan", period="2010/11", objectives=tuple(objectives)),))


def titles(document: Document) -> list[tuple[str | None, list[str | None]]]:
    return [
        (objective.title, [action.title for action in objective.actions])
        for objective in document.plans[0].objectives
    ]


def test_no_choices_keep_the_plan_as_read() -> None:
    document = a_plan(2, 1, 3)
    assert apply_choices(document, Choices()) == document


def test_an_objective_split_in_two_keeps_the_first_title_and_asks_for_the_second() -> None:
    chosen = apply_choices(a_plan(3), Choices(starts=frozenset({2})))
    assert titles(chosen) == [("Aim 1", ["Task 1", "Task 2"]), (None, ["Task 3"])]
    typed = apply_choices(
        a_plan(3), Choices(starts=frozenset({2}), objective_titles={2: "  Later  work "})
    )
    assert titles(typed)[1] == ("Later work", ["Task 3"])


def test_objectives_joined_keep_the_first_ones_number_and_title() -> None:
    chosen = apply_choices(a_plan(1, 2), Choices(starts=frozenset()))
    assert titles(chosen) == [("Aim 1", ["Task 1", "Task 2", "Task 3"])]
    assert chosen.plans[0].objectives[0].number == "1"


def test_an_objective_whose_actions_are_all_left_out_is_not_saved() -> None:
    chosen = apply_choices(a_plan(1, 2), Choices(dropped=frozenset({0})))
    assert titles(chosen) == [("Aim 2", ["Task 2", "Task 3"])]
    assert chosen_starts(a_plan(1, 2), Choices(dropped=frozenset({0}))) == [1]


def test_a_title_cleared_is_unknown_not_empty() -> None:
    chosen = apply_choices(a_plan(1), Choices(title="   ", period="2011/12"))
    assert chosen.plans[0].title is None
    assert chosen.plans[0].period == "2011/12"


@given(
    sizes=st.lists(st.integers(min_value=0, max_value=4), min_size=1, max_size=5),
    starts=st.one_of(st.none(), st.frozensets(st.integers(min_value=-2, max_value=25))),
    dropped=st.frozensets(st.integers(min_value=0, max_value=25)),
)
def test_corrections_never_lose_reorder_or_repeat_a_kept_action(
    sizes: list[int], starts: frozenset[int] | None, dropped: frozenset[int]
) -> None:
    document = a_plan(*sizes)
    read = [a.title for a in document.plans[0].actions]
    chosen = apply_choices(document, Choices(starts=starts, dropped=dropped))
    saved = [a.title for a in chosen.plans[0].actions]
    assert saved == [title for n, title in enumerate(read) if n not in dropped]
    shown = preview_actions(document.plans[0], Choices(starts=starts, dropped=dropped))
    assert [row.action.title for row in shown] == read
    if starts is None and not dropped:
        assert chosen == document  # no corrections: the objectives as read, empty ones too
    else:
        assert all(objective.actions for objective in chosen.plans[0].objectives)
        assert len(chosen_starts(document, Choices(starts=starts, dropped=dropped))) == len(
            chosen.plans[0].objectives
        )


def test_refusals_point_at_the_fields_of_the_preview() -> None:
    document = a_plan(2, 2)
    choices = Choices(starts=frozenset({1, 2}), dropped=frozenset({2}))
    problems = problems_on_page(
        [
            "title: is not known, and a plan needs a title",
            "objectives[1].title: is not known, and an objective needs a title",
            "objectives[2].actions[0].title: Ensure this value has at most 500 characters",
            "something else entirely",
        ],
        document,
        choices,
        {**DEFAULT_LABELS, "action": "Activity", "objective": "Theme"},
    )
    assert [(p.text, p.anchor) for p in problems] == [
        ("Enter the plan’s title", "title"),
        ("Enter a title for the theme starting at activity 1.2", "objective-title-1"),
        ("Activity 2.2: title Ensure this value has at most 500 characters", "keep-3"),
        ("something else entirely", "plan-details"),
    ]


def test_a_lead_is_written_as_plans_write_one() -> None:
    from partnerplan.importers.interchange import LeadData
    from partnerplan.importers.preview import lead_text

    assert lead_text(LeadData("Ruth Cole", "Parks Officer", "Testshire County Council")) == (
        "Ruth Cole (Parks Officer), Testshire County Council"
    )
    assert lead_text(LeadData("Block leads", "Block leads")) == "Block leads"
    assert lead_text(LeadData("Safer Testshire", kind="group")) == "Safer Testshire"


def test_an_objective_with_no_actions_never_takes_the_next_ones_actions() -> None:
    document = a_plan(0, 2)
    assert titles(apply_choices(document, Choices())) == [
        ("Aim 1", []),
        ("Aim 2", ["Task 1", "Task 2"]),
    ]
    corrected = apply_choices(document, Choices(dropped=frozenset({1})))
    assert titles(corrected) == [("Aim 2", ["Task 1"])]
