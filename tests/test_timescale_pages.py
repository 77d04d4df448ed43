"""The timescale screens: what's due, timescales to check, meetings and their publishing
deadlines, the reporting timetable, calendar addresses and reminder settings."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from partnerplan.core.models import AuditEvent
from partnerplan.core.periods import FinancialYear, Quarter
from partnerplan.core.testing.factories import SETUP, SmallFramework
from partnerplan.core.testing.plans import SmallPlan, small_plan
from partnerplan.plans import services as plans
from partnerplan.plans.models import Milestone
from partnerplan.timescales import services
from partnerplan.timescales.models import CalendarFeed, ObligationMet, ReminderSetting
from partnerplan.timescales.workdays import add_working_days

pytestmark = pytest.mark.django_db


@pytest.fixture
def today() -> date:
    return timezone.localdate()


@pytest.fixture
def plan(framework: SmallFramework, today: date) -> SmallPlan:
    return small_plan(framework, today)


def milestone(plan: SmallPlan, text: str, due_on: date, action: Any = None) -> Milestone:
    return plans.milestone_create(
        actor=SETUP, action=action or plan.officer_action, text=text, due_on=due_on
    )


# --- what's due --------------------------------------------------------------------------


def test_whats_due_sorts_overdue_due_soon_and_upcoming(
    framework: SmallFramework, plan: SmallPlan, today: date, client_for: Callable
) -> None:
    milestone(plan, "Late leaflets", today - timedelta(days=3))
    milestone(plan, "Soon survey", today + timedelta(days=5))
    milestone(plan, "Later launch", today + timedelta(days=40))
    milestone(plan, "Far-off review", today + timedelta(days=200))
    done = milestone(plan, "Done already", today - timedelta(days=9))
    plans.milestone_update(milestone=done, actor=SETUP, completed_on=today)

    page = client_for(framework.users["viewer"]).get("/due/").content.decode()
    overdue, rest = page.split('id="due-soon"')
    soon, upcoming = rest.split('id="upcoming"')
    assert "Late leaflets" in overdue and "Soon survey" not in overdue
    assert "Soon survey" in soon and "Later launch" not in soon
    assert "Later launch" in upcoming
    assert "Far-off review" not in page and "Done already" not in page


def test_whats_due_filters_by_partnership_and_lead(
    framework: SmallFramework, plan: SmallPlan, today: date, client_for: Callable
) -> None:
    milestone(plan, "Officer step", today + timedelta(days=5))
    milestone(plan, "Council step", today + timedelta(days=6), action=plan.council_action)
    framework.officer.user = framework.users["lead"]
    framework.officer.save()
    client = client_for(framework.users["lead"])

    mine = client.get("/due/?lead=me").content.decode()
    assert "Officer step" in mine and "Council step" not in mine
    # A partnership's own leads are offered once the partnership is chosen.
    council = client.get(
        f"/due/?partnership={framework.thematic.pk}&lead=organisation:{framework.council.pk}"
    ).content.decode()
    assert "Council step" in council and "Officer step" not in council
    elsewhere = client.get(f"/due/?partnership={framework.board.pk}").content.decode()
    assert "Officer step" not in elsewhere
    # The lead works for the volunteer centre, whose officer leads the officer's action.
    ours = client.get("/due/?lead=my-organisation").content.decode()
    assert "Officer step" in ours and "Council step" not in ours


def test_whats_due_shows_nothing_of_partnerships_the_user_cannot_see(
    framework: SmallFramework, plan: SmallPlan, today: date, client_for: Callable
) -> None:
    milestone(plan, "Board secret step", today + timedelta(days=5))
    page = client_for(framework.users["outsider"]).get("/due/").content.decode()
    assert "Board secret step" not in page
    # Nor by asking for the partnership: it is not among the choices.
    response = client_for(framework.users["outsider"]).get(
        f"/due/?partnership={framework.thematic.pk}"
    )
    assert response.status_code == 400
    assert "Board secret step" not in response.content.decode()


@pytest.mark.parametrize("query", ["partnership=abc", "lead=person:x", "partnership=" + "9" * 30])
def test_a_bad_filter_is_a_400(framework: SmallFramework, client_for: Callable, query: str) -> None:
    assert client_for(framework.users["viewer"]).get(f"/due/?{query}").status_code == 400


# --- the milestone form and the hand-set date --------------------------------------------


def test_saving_the_form_as_it_was_does_not_fix_the_date_by_hand(
    framework: SmallFramework, plan: SmallPlan, client_for: Callable
) -> None:
    step = plans.milestone_create(
        actor=SETUP, action=plan.officer_action, text="Survey", timescale="by June"
    )
    assert step.due_on is not None and not step.due_set_by_hand
    client = client_for(framework.users["editor"])
    shown = step.due_on.isoformat()
    form = {"number": step.number, "text": "Survey", "timescale": "by June", "due_shown": shown}
    response = client.post(f"/milestones/{step.pk}/edit/", {**form, "due_on": shown})
    assert response.status_code == 302
    step.refresh_from_db()
    assert not step.due_set_by_hand

    response = client.post(f"/milestones/{step.pk}/edit/", {**form, "due_on": "2030-01-31"})
    assert response.status_code == 302
    step.refresh_from_db()
    assert (step.due_on, step.due_set_by_hand) == (date(2030, 1, 31), True)


# --- timescales to check -----------------------------------------------------------------


def test_an_unread_timescale_is_fixed_in_one_step(
    framework: SmallFramework, plan: SmallPlan, client_for: Callable
) -> None:
    step = plans.milestone_create(
        actor=SETUP, action=plan.officer_action, text="Residents asked", timescale="TBC"
    )
    client = client_for(framework.users["editor"])
    assert "Residents asked" in client.get("/timescales/to-check/").content.decode()

    prefix = f"milestone-{step.pk}"
    response = client.post(
        f"/timescales/milestone/{step.pk}/fix/", {f"{prefix}-timescale": "by March 2027"}
    )
    assert response.status_code == 302
    step.refresh_from_db()
    assert (step.due_on, step.timescale_flagged) == (date(2027, 3, 31), False)
    assert "Residents asked" not in client.get("/timescales/to-check/").content.decode()


def test_a_date_typed_in_the_list_is_kept_by_hand(
    framework: SmallFramework, plan: SmallPlan, client_for: Callable
) -> None:
    step = plans.milestone_create(
        actor=SETUP, action=plan.officer_action, text="Residents asked", timescale="TBC"
    )
    prefix = f"milestone-{step.pk}"
    response = client_for(framework.users["editor"]).post(
        f"/timescales/milestone/{step.pk}/fix/",
        {f"{prefix}-timescale": "TBC", f"{prefix}-due_on": "2027-02-14"},
    )
    assert response.status_code == 302
    step.refresh_from_db()
    assert (step.due_on, step.due_set_by_hand, step.timescale) == (date(2027, 2, 14), True, "TBC")


@pytest.mark.parametrize(
    "data",
    [{}, {"-timescale": ""}, {"-due_on": "31/31/2027"}, {"-timescale": "x" * 301}],
    ids=["nothing", "empty", "bad date", "too long"],
)
def test_a_fix_with_nothing_usable_is_refused(
    framework: SmallFramework, plan: SmallPlan, client_for: Callable, data: dict[str, str]
) -> None:
    step = plans.milestone_create(
        actor=SETUP, action=plan.officer_action, text="Residents asked", timescale="TBC"
    )
    prefix = f"milestone-{step.pk}"
    response = client_for(framework.users["editor"]).post(
        f"/timescales/milestone/{step.pk}/fix/", {prefix + k: v for k, v in data.items()}
    )
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()
    step.refresh_from_db()
    assert (step.timescale, step.due_on) == ("TBC", None)


def test_only_milestones_and_actions_can_be_fixed(
    framework: SmallFramework, plan: SmallPlan, client_for: Callable
) -> None:
    response = client_for(framework.users["editor"]).post(
        f"/timescales/plan/{plan.plan.pk}/fix/", {}
    )
    assert response.status_code == 404


# --- meetings and publishing deadlines ---------------------------------------------------


@pytest.fixture
def board_meetings(framework: SmallFramework, today: date) -> dict[str, Any]:
    """Three past board meetings and one to come, with the agenda due 5 working days on."""
    obligation = services.obligation_create(
        actor=SETUP,
        partnership=framework.thematic,
        what="Agenda and reports on the website",
        timescale="within 5 working days after each board meeting",
    )
    held = {
        name: services.meeting_create(
            actor=SETUP, partnership=framework.thematic, kind="board", held_on=day
        )
        for name, day in {
            "met": today - timedelta(days=60),
            "late": today - timedelta(days=40),
            "missed": today - timedelta(days=30),
            "coming": today + timedelta(days=20),
        }.items()
    }
    services.obligation_met(
        actor=SETUP, obligation=obligation, meeting=held["met"], done_on=held["met"].held_on
    )
    services.obligation_met(
        actor=SETUP,
        obligation=obligation,
        meeting=held["late"],
        done_on=add_working_days(held["late"].held_on, 8),
    )
    return {"obligation": obligation, **held}


def test_each_meeting_shows_its_deadline_as_met_late_missed_or_due(
    framework: SmallFramework, board_meetings: dict[str, Any], client_for: Callable
) -> None:
    page = client_for(framework.users["viewer"]).get(
        f"/partnerships/{framework.thematic.pk}/meetings/"
    )
    html = page.content.decode()

    def block(name: str) -> str:
        start = html.index(f'id="meeting-{board_meetings[name].pk}"')
        return (
            html[start : html.index('<div class="pp-meeting"', start + 1)]
            if (html.find('<div class="pp-meeting"', start + 1) != -1)
            else html[start:]
        )

    assert ">Met<" in block("met")
    assert ">Met late<" in block("late")
    assert ">Missed<" in block("missed")
    assert ">Due<" in block("coming")
    due = add_working_days(board_meetings["coming"].held_on, 5)
    assert due.strftime("%-d %B %Y") in block("coming")
    # Viewers read the deadlines but are not offered to record them.
    assert "Record" not in html


def test_an_editor_records_a_deadline_met(
    framework: SmallFramework, board_meetings: dict[str, Any], client_for: Callable, today: date
) -> None:
    obligation, meeting = board_meetings["obligation"], board_meetings["missed"]
    field = f"done-{obligation.pk}-{meeting.pk}-done_on"
    url = f"/obligations/{obligation.pk}/meetings/{meeting.pk}/done/"
    client = client_for(framework.users["editor"])

    future = client.post(url, {field: (today + timedelta(days=1)).isoformat()})
    assert future.status_code == 400
    assert "cannot be in the future" in future.content.decode()
    assert not ObligationMet.objects.filter(meeting=meeting).exists()

    assert client.post(url, {field: today.isoformat()}).status_code == 302
    assert ObligationMet.objects.get(meeting=meeting).done_on == today


def test_a_deadline_must_count_from_meetings(
    framework: SmallFramework, client_for: Callable
) -> None:
    response = client_for(framework.users["manager"]).post(
        f"/partnerships/{framework.thematic.pk}/obligations/new/",
        {"what": "Minutes", "timescale": "by June 2027"},
    )
    assert response.status_code == 400
    assert "counting from the meetings" in response.content.decode()
    assert not framework.thematic.obligations.exists()


@pytest.mark.parametrize(
    "data",
    [
        {"kind": "board", "held_on": "2027-02-30"},
        {"kind": "banquet", "held_on": "2027-02-03"},
        {"kind": "board", "held_on": "2027-02-03", "starts_at": "25:99"},
        {"kind": "board", "held_on": "2027-02-03", "agenda_url": "javascript:alert(1)"},
        {"kind": "board", "held_on": "2027-02-03", "minutes_published_on": "2027-01-01"},
    ],
    ids=["no such day", "no such kind", "no such time", "not a web address", "minutes first"],
)
def test_a_bad_meeting_is_refused_with_a_message(
    framework: SmallFramework, client_for: Callable, data: dict[str, str]
) -> None:
    response = client_for(framework.users["manager"]).post(
        f"/partnerships/{framework.thematic.pk}/meetings/new/", data
    )
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()
    assert not framework.thematic.meetings.exists()


# --- the reporting timetable -------------------------------------------------------------


def test_a_meeting_before_its_figures_is_marked(
    framework: SmallFramework, client_for: Callable, today: date
) -> None:
    services.data_release_create(
        actor=SETUP,
        partnership=framework.thematic,
        name="Police recorded crime",
        timescale="within 30 working days of the quarter end",
    )
    quarter = Quarter.containing(today).previous()
    early = quarter.last_day + timedelta(days=7)
    late = add_working_days(quarter.last_day, 31)
    for held_on in (early, late):
        services.meeting_create(
            actor=SETUP, partnership=framework.thematic, kind="board", held_on=held_on
        )
    html = (
        client_for(framework.users["viewer"])
        .get(f"/partnerships/{framework.thematic.pk}/timetable/")
        .content.decode()
    )
    row = html[html.index(f'id="quarter-{quarter.key}"') :]
    row = row[: row.index("</tr>")]
    assert add_working_days(quarter.last_day, 30).strftime("%-d %B %Y") in row
    assert row.count("Before its figures") == 1
    assert row.index("Before its figures") > row.index(early.strftime("%-d %B %Y"))
    assert row.index("Before its figures") < row.index(late.strftime("%-d %B %Y"))


# --- calendar addresses ------------------------------------------------------------------


def test_a_calendar_address_works_without_signing_in_until_it_is_stopped(
    framework: SmallFramework, plan: SmallPlan, client_for: Callable
) -> None:
    editor = client_for(framework.users["editor"])
    response = editor.post("/calendars/", {"partnership": framework.thematic.pk})
    assert response.status_code == 302
    feed = CalendarFeed.objects.get(owner=framework.users["editor"])
    assert len(feed.token) >= 40
    assert feed.token in editor.get("/calendars/").content.decode()

    client = Client()  # a calendar program: no session
    calendar = client.get(f"/feeds/{feed.token}.ics")
    assert calendar.status_code == 200
    assert calendar["Content-Type"] == "text/calendar; charset=utf-8"
    parsed = Calendar.from_ical(calendar.content)
    summaries = [str(event.get("SUMMARY")) for event in parsed.walk("VEVENT")]
    assert "Due: First hundred homes done (Activity 1.1)" in summaries

    assert editor.post(f"/calendars/{feed.pk}/revoke/").status_code == 302
    assert client.get(f"/feeds/{feed.token}.ics").status_code == 404
    assert client.get("/feeds/not-a-token.ics").status_code == 404


def test_no_one_may_make_a_calendar_of_a_partnership_they_cannot_see(
    framework: SmallFramework, client_for: Callable
) -> None:
    response = client_for(framework.users["outsider"]).post(
        "/calendars/", {"partnership": framework.thematic.pk}
    )
    assert response.status_code == 400
    assert not CalendarFeed.objects.exists()


# --- reminder settings -------------------------------------------------------------------


def test_a_person_chooses_their_reminders(framework: SmallFramework, client_for: Callable) -> None:
    framework.officer.user = framework.users["lead"]
    framework.officer.save()
    client = client_for(framework.users["lead"])
    assert client.post("/reminders/", {"choice": "weekly"}).status_code == 302
    assert ReminderSetting.objects.get(person=framework.officer).choice == "weekly"
    assert client.post("/reminders/", {"choice": "hourly"}).status_code == 400


def test_an_account_with_no_person_is_told_so(
    framework: SmallFramework, client_for: Callable
) -> None:
    response = client_for(framework.users["viewer"]).post("/reminders/", {"choice": "weekly"})
    assert response.status_code == 400
    assert "not linked to a person" in response.content.decode()
    assert not ReminderSetting.objects.exists()


def test_the_stop_link_works_without_signing_in(framework: SmallFramework, client: Client) -> None:
    token = services.reminder_setting_of(framework.officer).token
    page = client.get(f"/reminders/stop/{token}/")
    assert page.status_code == 200 and "Stop reminder e-mails?" in page.content.decode()
    assert ReminderSetting.objects.get(person=framework.officer).choice == "daily"

    done = client.post(f"/reminders/stop/{token}/")
    assert "Reminders stopped" in done.content.decode()
    setting = ReminderSetting.objects.get(person=framework.officer)
    assert setting.choice == "none"
    assert AuditEvent.objects.for_object(setting).exists()
    assert client.get("/reminders/stop/not-a-token/").status_code == 404


def test_the_timeline_places_each_milestone(
    framework: SmallFramework, plan: SmallPlan, client_for: Callable
) -> None:
    year = FinancialYear(plan.plan.first_year)
    plans.milestone_create(
        actor=SETUP, action=plan.officer_action, text="Quarterly report", timescale="Quarterly"
    )
    html = (
        client_for(framework.users["viewer"])
        .get(f"/plans/{plan.plan.pk}/timeline/")
        .content.decode()
    )
    assert "Scheme agreed" in html and "Quarterly report" in html
    # Twelve quarters in the plan's three years: a mark for each.
    assert html.count("pp-gantt__mark") == 12
    assert year.label in html


def test_editing_an_action_keeps_a_date_set_by_hand(
    framework: SmallFramework, plan: SmallPlan, client_for: Callable
) -> None:
    action = plans.action_update(
        action=plan.council_action, actor=SETUP, timescale="by June", due_on=date(2030, 5, 1)
    )
    client = client_for(framework.users["editor"])
    form = client.get(f"/actions/{action.pk}/edit/").content.decode()
    assert 'value="2030-05-01"' in form
    response = client.post(
        f"/actions/{action.pk}/edit/",
        {
            "objective": action.objective_id,
            "title": action.title,
            "timescale": "by June",
            "due_on": "2030-05-01",
            "due_shown": "2030-05-01",
            "comments": "Only the comments change",
            "version": action.version,
        },
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.due_on, action.due_set_by_hand) == (date(2030, 5, 1), True)


def test_a_worked_out_date_that_moved_while_the_form_was_open_stays_worked_out(
    framework: SmallFramework, plan: SmallPlan, client_for: Callable, today: date
) -> None:
    step = plans.milestone_create(
        actor=SETUP,
        action=plan.officer_action,
        text="Minutes out",
        timescale="for each board meeting",
    )
    first = services.meeting_create(
        actor=SETUP,
        partnership=framework.thematic,
        kind="board",
        held_on=today + timedelta(days=10),
    )
    step.refresh_from_db()
    shown = step.due_on
    assert shown == add_working_days(first.held_on, 0)
    # While the form is open, the meeting moves: so does the worked-out date.
    services.meeting_update(meeting=first, actor=SETUP, held_on=today + timedelta(days=12))
    response = client_for(framework.users["editor"]).post(
        f"/milestones/{step.pk}/edit/",
        {
            "number": step.number,
            "text": "Minutes out",
            "timescale": "for each board meeting",
            "due_on": shown.isoformat(),
            "due_shown": shown.isoformat(),
        },
    )
    assert response.status_code == 302
    step.refresh_from_db()
    assert (step.due_on, step.due_set_by_hand) == (
        add_working_days(today + timedelta(days=12), 0),
        False,
    )


def test_a_long_backlog_never_hides_what_is_coming(
    framework: SmallFramework,
    plan: SmallPlan,
    client_for: Callable,
    today: date,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from partnerplan.timescales import views

    monkeypatch.setattr(views, "DUE_LIST_LIMIT", 3)
    for days in range(5, 10):
        milestone(plan, f"Backlog {days}", today - timedelta(days=days))
    milestone(plan, "Coming next week", today + timedelta(days=7))
    html = client_for(framework.users["viewer"]).get("/due/").content.decode()
    assert "Coming next week" in html
    # The plan's own two overdue milestones come first, then the earliest of the backlog.
    assert html.count("Backlog") == 1
    assert "There are more" in html
