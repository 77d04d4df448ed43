"""Due dates derived from the plan's words on every save and import; a date set by hand
wins and is audited; recurring and meeting-relative dates move on."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from partnerplan.core.audit import Actor
from partnerplan.core.models import AuditEvent, AuditSource
from partnerplan.core.periods import FinancialYear, Quarter
from partnerplan.core.testing.factories import SETUP, SmallFramework
from partnerplan.importers.interchange import (
    ActionData,
    MilestoneData,
    ObjectiveData,
    PlanData,
)
from partnerplan.importers.save import save_plan
from partnerplan.plans import services
from partnerplan.plans.models import Action, Milestone, Plan
from partnerplan.timescales import services as timescales
from partnerplan.timescales.workdays import add_working_days

pytestmark = pytest.mark.django_db


def a_plan(framework: SmallFramework, first_year: int, last_year: int | None = None) -> Plan:
    return services.plan_create(
        actor=SETUP,
        partnership=framework.thematic,
        title="Due dates plan",
        kind="improvement_plan",
        first_year=first_year,
        last_year=last_year or first_year,
    )


def an_action(plan: Plan, **fields: object) -> Action:
    objective = services.objective_create(actor=SETUP, plan=plan, title="Safer streets")
    return services.action_create(actor=SETUP, objective=objective, title="Lights", **fields)


def test_a_milestone_is_due_when_its_words_say(framework: SmallFramework) -> None:
    action = an_action(a_plan(framework, 2007))
    milestone = services.milestone_create(
        actor=SETUP, action=action, text="Review done", timescale="by June 08"
    )
    assert milestone.due_on == date(2008, 6, 30)
    assert milestone.schedule["kind"] == "deadline"
    assert not milestone.due_set_by_hand
    assert not milestone.timescale_flagged


def test_an_action_is_due_at_the_end_of_its_quarter(framework: SmallFramework) -> None:
    action = an_action(a_plan(framework, 2007), timescale="Q3")
    assert action.due_on == date(2007, 12, 31)
    assert action.schedule["start"] == "2007-10-01"


def test_words_that_cannot_be_read_are_flagged_and_give_no_date(
    framework: SmallFramework,
) -> None:
    action = an_action(a_plan(framework, 2007))
    milestone = services.milestone_create(
        actor=SETUP, action=action, text="Residents asked", timescale="TBC"
    )
    assert milestone.due_on is None
    assert milestone.timescale_flagged
    assert milestone.schedule["kind"] == "unknown"


def test_a_date_set_by_hand_wins_is_audited_and_survives_new_words(
    framework: SmallFramework,
) -> None:
    action = an_action(a_plan(framework, 2007))
    milestone = services.milestone_create(
        actor=SETUP, action=action, text="Review done", timescale="by June 08"
    )
    manager = Actor(user=framework.users["manager"])
    milestone = services.milestone_update(
        milestone=milestone, actor=manager, due_on=date(2008, 5, 15)
    )
    assert (milestone.due_on, milestone.due_set_by_hand) == (date(2008, 5, 15), True)
    change = AuditEvent.objects.for_object(milestone).first()
    assert change is not None and change.actor == framework.users["manager"]
    assert change.changes["due_on"]["before"] == "2008-06-30"
    assert change.changes["due_on"]["after"] == "2008-05-15"
    assert change.changes["due_set_by_hand"]["after"] is True

    # New words are read, but the date a person set stays.
    milestone = services.milestone_update(milestone=milestone, actor=manager, timescale="Q4")
    assert milestone.due_on == date(2008, 5, 15)
    assert milestone.schedule["kind"] == "period"

    # Clearing the date hands it back to the words.
    milestone = services.milestone_update(milestone=milestone, actor=manager, due_on=None)
    assert (milestone.due_on, milestone.due_set_by_hand) == (date(2008, 3, 31), False)


def test_an_import_reads_every_timescale(framework: SmallFramework) -> None:
    plan = save_plan(
        document_plan=PlanData(
            title="Imported plan",
            period="2007/08",
            objectives=(
                ObjectiveData(
                    title="Cleaner streets",
                    actions=(
                        ActionData(
                            title="Fly-tipping blitz",
                            timescale="Aug – Oct 07",
                            milestones=(
                                MilestoneData(text="Hotspots mapped", timescale="by Sept 07"),
                                MilestoneData(text="Report", timescale="when funding allows"),
                            ),
                        ),
                    ),
                ),
            ),
        ),
        partnership=framework.thematic,
        actor=Actor.system(AuditSource.IMPORT),
    )
    action = plan.actions.get()
    assert (action.schedule["start"], action.due_on) == ("2007-08-01", date(2007, 10, 31))
    mapped, report = action.milestones.order_by("position")
    assert mapped.due_on == date(2007, 9, 30)
    assert report.due_on is None and report.timescale_flagged


def test_an_import_reads_the_meetings_once_however_many_timescales_count_from_them(
    framework: SmallFramework,
) -> None:
    today = timezone.localdate()
    year = FinancialYear.containing(today).start
    board = add_working_days(today, 15)
    timescales.meeting_create(
        actor=SETUP, partnership=framework.thematic, held_on=board, kind="board"
    )

    def imported(milestones: int) -> tuple[Plan, int]:
        document_plan = PlanData(
            title="Imported plan",
            period=f"{year}/{str(year + 1)[-2:]}",
            objectives=(
                ObjectiveData(
                    title="Open government",
                    actions=tuple(
                        ActionData(
                            title=f"Papers published {n}",
                            timescale="within 5 working days after each board meeting",
                            milestones=(
                                MilestoneData(text="Minutes", timescale="for each board meeting"),
                            ),
                        )
                        for n in range(milestones)
                    ),
                ),
            ),
        )
        with CaptureQueriesContext(connection) as queries:
            plan = save_plan(
                document_plan=document_plan,
                partnership=framework.thematic,
                actor=Actor.system(AuditSource.IMPORT),
            )
        read = [q for q in queries.captured_queries if "timescales_meeting" in q["sql"]]
        return plan, len(read)

    assert imported(1)[1] == 1
    plan, meeting_reads = imported(6)
    assert meeting_reads == 1
    assert {action.due_on for action in plan.actions.all()} == {add_working_days(board, 5)}
    assert {m.due_on for m in Milestone.objects.filter(action__plan=plan)} == {board}


def test_a_recurring_date_moves_on_to_the_next_occurrence(framework: SmallFramework) -> None:
    today = timezone.localdate()
    year = FinancialYear.containing(today).start
    action = an_action(a_plan(framework, year, year + 1))
    milestone = services.milestone_create(
        actor=SETUP, action=action, text="Report to the board", timescale="Quarterly"
    )
    this_quarter_ends = Quarter.containing(today).last_day
    assert milestone.due_on == this_quarter_ends
    assert milestone.schedule["rrule"] == "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1"

    later = this_quarter_ends + timedelta(days=1)
    assert timescales.refresh_due_dates(today=later) >= 1
    milestone.refresh_from_db()
    assert milestone.due_on == Quarter.containing(later).last_day
    # Run again the same day: nothing left to move.
    assert timescales.refresh_due_dates(today=later) == 0


def test_a_deadline_counted_from_meetings_follows_the_meetings(
    framework: SmallFramework,
) -> None:
    today = timezone.localdate()
    year = FinancialYear.containing(today).start
    action = an_action(a_plan(framework, year, year + 1))
    milestone = services.milestone_create(
        actor=SETUP,
        action=action,
        text="Minutes on the website",
        timescale="within 5 working days after each board meeting",
    )
    assert milestone.due_on is None and not milestone.timescale_flagged

    held_on = today + timedelta(days=10)
    meeting = timescales.meeting_create(
        actor=SETUP, partnership=framework.thematic, kind="board", held_on=held_on
    )
    milestone.refresh_from_db()
    assert milestone.due_on == add_working_days(held_on, 5)

    # A steering group meeting is not a board meeting.
    timescales.meeting_create(
        actor=SETUP,
        partnership=framework.thematic,
        kind="steering",
        held_on=today + timedelta(days=3),
    )
    milestone.refresh_from_db()
    assert milestone.due_on == add_working_days(held_on, 5)

    timescales.meeting_delete(meeting=meeting, actor=SETUP)
    milestone.refresh_from_db()
    assert milestone.due_on is None


def test_a_meeting_changed_reads_the_meetings_once_for_every_plan_counting_from_them(
    framework: SmallFramework,
) -> None:
    year = FinancialYear.containing(timezone.localdate()).start
    for _ in range(3):
        action = an_action(a_plan(framework, year, year + 1))
        services.milestone_create(
            actor=SETUP, action=action, text="Minutes", timescale="for each board meeting"
        )
    held_on = add_working_days(timezone.localdate(), 10)
    with CaptureQueriesContext(connection) as queries:
        timescales.meeting_create(
            actor=SETUP, partnership=framework.thematic, kind="board", held_on=held_on
        )
    read = [q for q in queries.captured_queries if 'FROM "timescales_meeting"' in q["sql"]]
    assert len(read) == 1
    assert set(
        Milestone.objects.filter(action__plan__partnership=framework.thematic).values_list(
            "due_on", flat=True
        )
    ) == {held_on}


def test_timescales_saved_before_they_were_read_are_read_by_the_refresh(
    framework: SmallFramework,
) -> None:
    action = an_action(a_plan(framework, 2007))
    milestone = services.milestone_create(
        actor=SETUP, action=action, text="Review", timescale="March 2008"
    )
    Milestone.objects.filter(pk=milestone.pk).update(schedule={}, due_on=None)
    timescales.refresh_due_dates(today=date(2007, 6, 1))
    milestone.refresh_from_db()
    assert milestone.due_on == date(2008, 3, 31)
    assert milestone.schedule["kind"] == "period"


def test_a_plan_moved_to_other_years_reads_its_timescales_again(
    framework: SmallFramework,
) -> None:
    plan = a_plan(framework, 2007)
    action = an_action(plan)
    words = services.milestone_create(actor=SETUP, action=action, text="Review", timescale="March")
    by_hand = services.milestone_create(
        actor=SETUP, action=action, text="Launch", timescale="May", due_on=date(2007, 6, 2)
    )
    assert words.due_on == date(2008, 3, 31)
    services.plan_update(plan=plan, actor=SETUP, first_year=2010, last_year=2010)
    words.refresh_from_db()
    by_hand.refresh_from_db()
    assert words.due_on == date(2011, 3, 31)
    assert by_hand.due_on == date(2007, 6, 2)


def test_a_repeating_item_keeps_its_last_date_when_the_plan_has_ended(
    framework: SmallFramework,
) -> None:
    action = an_action(a_plan(framework, 2007))
    milestone = services.milestone_create(
        actor=SETUP, action=action, text="Report to the board", timescale="Quarterly"
    )
    # Read long after the plan: never marked done, it stays due on its last quarter end.
    assert milestone.due_on == date(2008, 3, 31)


def test_a_meeting_restored_from_deleted_items_brings_its_deadlines_back(
    framework: SmallFramework,
) -> None:
    from partnerplan.core.audit import restore_deleted

    today = timezone.localdate()
    year = FinancialYear.containing(today).start
    action = an_action(a_plan(framework, year, year + 1))
    milestone = services.milestone_create(
        actor=SETUP, action=action, text="Minutes out", timescale="for each board meeting"
    )
    held_on = today + timedelta(days=10)
    meeting = timescales.meeting_create(
        actor=SETUP, partnership=framework.thematic, kind="board", held_on=held_on
    )
    milestone.refresh_from_db()
    assert milestone.due_on == held_on
    deletion = timescales.meeting_delete(meeting=meeting, actor=SETUP)
    milestone.refresh_from_db()
    assert milestone.due_on is None
    restore_deleted(deletion, actor=SETUP)
    milestone.refresh_from_db()
    assert milestone.due_on == held_on


def test_a_deadline_cannot_be_met_for_a_meeting_not_yet_held(framework: SmallFramework) -> None:
    from django.core.exceptions import ValidationError

    obligation = timescales.obligation_create(
        actor=SETUP,
        partnership=framework.thematic,
        what="Agenda",
        timescale="within 5 working days after each board meeting",
    )
    coming = timescales.meeting_create(
        actor=SETUP,
        partnership=framework.thematic,
        kind="board",
        held_on=timezone.localdate() + timedelta(days=3),
    )
    with pytest.raises(ValidationError, match="not been held"):
        timescales.obligation_met(
            actor=SETUP, obligation=obligation, meeting=coming, done_on=timezone.localdate()
        )
