"""The iCalendar feeds: valid RFC 5545, the right things in each feed, the owner's
permissions as they are now, and a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlsplit

import pytest
from dateutil.rrule import rrulestr
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from icalendar import Calendar, Event

from partnerplan.accounts.models import RoleGrant
from partnerplan.core.audit import Actor
from partnerplan.core.testing.factories import SETUP, SmallFramework
from partnerplan.partnerships.models import Partnership, Person
from partnerplan.plans import services as plans
from partnerplan.plans.models import Action, Milestone, Objective, Plan
from partnerplan.timescales import services
from partnerplan.timescales.feeds import calendar_for, feed_url, webcal_url
from partnerplan.timescales.models import CalendarFeed, Meeting

TODAY = date(2007, 11, 1)  # the window runs from 1 November 2006 to 1 November 2009
SYSTEM = Actor.system()
QUARTER_ENDS = [
    date(2007, 6, 30),
    date(2007, 9, 30),
    date(2007, 12, 31),
    date(2008, 3, 31),
    date(2008, 6, 30),
    date(2008, 9, 30),
    date(2008, 12, 31),
    date(2009, 3, 31),
]


# --- data --------------------------------------------------------------------------------


@dataclass
class Dates:
    """A plan of Safer Testshire for 2007/08 to 2008/09, its meetings and deadlines, and
    a plan and meeting of the unrelated district that must never show up beside them."""

    plan: Plan
    objective: Objective
    officer_action: Action  # led by the officer, whose account is the lead user's
    chair_action: Action  # led by the chair
    council_action: Action  # led by the council, as an organisation
    scheme: Milestone  # due 15 December 2007
    done_past: Milestone  # done, and its date has passed
    done_early: Milestone  # done before its date
    recurring: Milestone  # "Quarterly"
    too_late: Milestone  # due after the window
    chair_milestone: Milestone
    board_meeting: Meeting  # 12 June 2008, 18:30 (British Summer Time)
    winter_meeting: Meeting  # 5 December 2007, 10:00 (GMT)
    all_day_meeting: Meeting  # 20 November 2007, no time
    county_meeting: Meeting  # of the county board, above Safer Testshire
    subgroup_meeting: Meeting
    district_milestone: Milestone
    district_action: Action  # led by the officer, on a partnership the lead cannot see
    district_meeting: Meeting


def _plan(partnership: Partnership, title: str) -> tuple[Plan, Objective]:
    plan = plans.plan_create(
        actor=SETUP,
        partnership=partnership,
        title=title,
        kind="improvement_plan",
        first_year=2007,
        last_year=2008,
        labels={"action": "Activity"},
    )
    return plan, plans.objective_create(actor=SETUP, plan=plan, title="Fewer burglaries")


def _meeting(partnership: Partnership, held_on: date, **fields: Any) -> Meeting:
    return services.meeting_create(
        actor=SYSTEM, partnership=partnership, held_on=held_on, kind="board", **fields
    )


def _dates(framework: SmallFramework) -> Dates:
    lead_user = framework.users["lead"]
    Person.objects.filter(pk=framework.officer.pk).update(user=lead_user)

    plan, objective = _plan(framework.thematic, "Safer Testshire Plan")
    officer_action = plans.action_create(
        actor=SETUP,
        objective=objective,
        title="Target hardening for repeat victims",
        number="1.1",
        leads=[framework.officer],
        timescale="By March 2008",
        due_on=date(2008, 3, 31),
    )
    chair_action = plans.action_create(
        actor=SETUP,
        objective=objective,
        title="Speed watch in villages",
        number="1.2",
        leads=[framework.chair],
        due_on=date(2008, 1, 31),
    )
    council_action = plans.action_create(
        actor=SETUP,
        objective=objective,
        title="Street lighting review",
        number="1.3",
        leads=[framework.council],
        due_on=date(2008, 2, 29),
    )

    def milestone(action: Action, text: str, **fields: Any) -> Milestone:
        return plans.milestone_create(actor=SETUP, action=action, text=text, **fields)

    scheme = milestone(
        officer_action, "Scheme agreed, with the police; and signed", due_on=date(2007, 12, 15)
    )
    done_past = milestone(
        officer_action, "Partners named", due_on=date(2007, 9, 30), completed_on=date(2007, 9, 1)
    )
    done_early = milestone(
        officer_action, "Leaflet printed", due_on=date(2008, 1, 15), completed_on=date(2007, 10, 20)
    )
    recurring = milestone(officer_action, "Report to the board", timescale="Quarterly")
    too_late = milestone(officer_action, "Evaluation", due_on=date(2010, 6, 1))
    chair_milestone = milestone(chair_action, "Villages chosen", due_on=date(2007, 12, 20))

    board_meeting = _meeting(
        framework.thematic,
        date(2008, 6, 12),
        starts_at=time(18, 30),
        venue="County Hall, Room 1",
        agenda_url="https://example.org/agenda.pdf",
    )
    winter_meeting = _meeting(framework.thematic, date(2007, 12, 5), starts_at=time(10, 0))
    all_day_meeting = _meeting(framework.thematic, date(2007, 11, 20))
    county_meeting = _meeting(framework.board, date(2007, 11, 15), starts_at=time(14, 0))
    subgroup_meeting = _meeting(framework.subgroup, date(2007, 11, 16))
    services.obligation_create(
        actor=SYSTEM,
        partnership=framework.thematic,
        what="agenda and reports",
        timescale="within 5 working days after each board meeting",
    )

    _, district_objective = _plan(framework.district, "Elsewhere Plan")
    district_action = plans.action_create(
        actor=SETUP,
        objective=district_objective,
        title="Elsewhere patrols",
        number="1.1",
        leads=[framework.officer],
        due_on=date(2008, 2, 1),
    )
    district_milestone = milestone(district_action, "Patrols begin", due_on=date(2007, 12, 10))
    district_meeting = _meeting(framework.district, date(2007, 12, 3), starts_at=time(9, 0))
    services.obligation_create(
        actor=SYSTEM,
        partnership=framework.district,
        what="minutes",
        timescale="within 10 working days after each board meeting",
    )

    # Due dates of recurring timescales are worked out from "today"; the services used
    # the real one. Work them out again as of TODAY, as the nightly refresh would.
    services.refresh_due_dates(today=TODAY, every=True)
    recurring.refresh_from_db()
    return Dates(
        plan=plan,
        objective=objective,
        officer_action=officer_action,
        chair_action=chair_action,
        council_action=council_action,
        scheme=scheme,
        done_past=done_past,
        done_early=done_early,
        recurring=recurring,
        too_late=too_late,
        chair_milestone=chair_milestone,
        board_meeting=board_meeting,
        winter_meeting=winter_meeting,
        all_day_meeting=all_day_meeting,
        county_meeting=county_meeting,
        subgroup_meeting=subgroup_meeting,
        district_milestone=district_milestone,
        district_action=district_action,
        district_meeting=district_meeting,
    )


@pytest.fixture
def dates(framework: SmallFramework) -> Dates:
    return _dates(framework)


def _feed(owner: Any, partnership: Partnership | None = None) -> CalendarFeed:
    return services.feed_create(actor=SYSTEM, owner=owner, partnership=partnership)


def _read(feed: CalendarFeed) -> bytes | None:
    """The feed as the view reads it: fresh from the database, so that the owner's
    roles are read as they are now."""
    fresh = CalendarFeed.objects.select_related("owner", "partnership").get(pk=feed.pk)
    return calendar_for(fresh, today=TODAY)


# --- checking a calendar -----------------------------------------------------------------


def _valid(data: bytes | None) -> Calendar:
    """Parse the calendar, checking what RFC 5545 and the calendar programs need."""
    assert data is not None
    # Every line ends CRLF, and none is longer than 75 octets (folded).
    assert data.endswith(b"\r\n")
    lines = data.split(b"\r\n")[:-1]
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in lines), max(lines, key=len)

    calendar = Calendar.from_ical(data)
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"] == "-//partnerplan//Calendar feed//EN"
    assert calendar["CALSCALE"] == "GREGORIAN"
    assert calendar["METHOD"] == "PUBLISH"
    assert calendar["X-WR-TIMEZONE"] == "Europe/London"
    assert calendar["X-PUBLISHED-TTL"] == "PT1H"
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n" in data
    assert calendar["X-WR-CALNAME"]

    timezones = {tz["TZID"] for tz in calendar.walk("VTIMEZONE")}
    uids = []
    for event in calendar.walk("VEVENT"):
        for required in ("UID", "DTSTAMP", "DTSTART", "SUMMARY"):
            assert required in event, (required, event)
        uids.append(str(event["UID"]))
        start = event.start
        if isinstance(start, datetime):
            # Timed events are in London time, with the VTIMEZONE that defines it.
            assert event["DTSTART"].params["TZID"] == "Europe/London"
            assert "Europe/London" in timezones
            assert event.end - start == timedelta(hours=2)
        else:
            assert event["DTSTART"].params["VALUE"] == "DATE"
            assert event.end == start + timedelta(days=1)
    assert len(uids) == len(set(uids)), "UIDs must be unique"
    return calendar


def _events(calendar: Calendar) -> dict[str, Event]:
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def _uid(kind: str, pk: int) -> str:
    return f"{kind}-{pk}@{urlsplit(settings.SITE_URL).hostname}"


def _summaries(calendar: Calendar) -> set[str]:
    return {str(event["SUMMARY"]) for event in calendar.walk("VEVENT")}


# --- a partnership's feed ----------------------------------------------------------------


def test_partnership_feed_holds_its_dates_and_no_others(
    framework: SmallFramework, dates: Dates
) -> None:
    feed = _feed(framework.users["viewer"], framework.thematic)
    calendar = _valid(_read(feed))
    events = _events(calendar)
    assert str(calendar["X-WR-CALNAME"]) == "Safer Testshire: partnerplan"

    expected = {
        _uid("milestone", dates.scheme.pk),
        _uid("milestone", dates.done_past.pk),
        _uid("milestone", dates.recurring.pk),
        _uid("milestone", dates.chair_milestone.pk),
        _uid("action", dates.officer_action.pk),
        _uid("action", dates.chair_action.pk),
        _uid("action", dates.council_action.pk),
        _uid("meeting", dates.board_meeting.pk),
        _uid("meeting", dates.winter_meeting.pk),
        _uid("meeting", dates.all_day_meeting.pk),
    }
    deadlines = {uid for uid in events if uid.startswith("deadline-")}
    # One deadline per board meeting of Safer Testshire, and none of the district's.
    assert len(deadlines) == 3
    assert set(events) == expected | deadlines

    scheme = events[_uid("milestone", dates.scheme.pk)]
    assert (
        str(scheme["SUMMARY"]) == "Due: Scheme agreed, with the police; and signed (Activity 1.1)"
    )
    assert scheme.start == date(2007, 12, 15)
    link = settings.SITE_URL + f"/actions/{dates.officer_action.pk}/"
    assert str(scheme["URL"]) == link
    description = str(scheme["DESCRIPTION"])
    assert "Safer Testshire Plan" in description
    assert "Activity 1.1: Target hardening for repeat victims" in description
    assert link in description
    # Text is escaped in the file, and comes back whole.
    assert b"Scheme agreed\\, with the police\\; and signed" in _read(feed)  # type: ignore[operator]

    action = events[_uid("action", dates.officer_action.pk)]
    assert str(action["SUMMARY"]) == "Due: Target hardening for repeat victims (Activity 1.1)"
    assert "Timescale: By March 2008" in str(action["DESCRIPTION"])
    assert action.start == date(2008, 3, 31)

    # Done before its date: left out; done and past: kept, and said to be done.
    assert _uid("milestone", dates.done_early.pk) not in events
    done = events[_uid("milestone", dates.done_past.pk)]
    assert str(done["SUMMARY"]).startswith("Done: Partners named")
    assert "Done on 1 September 2007" in str(done["DESCRIPTION"])
    # Outside the window.
    assert _uid("milestone", dates.too_late.pk) not in events

    summer = events[_uid("meeting", dates.board_meeting.pk)]
    assert str(summer["SUMMARY"]) == "Board meeting: Safer Testshire"
    assert str(summer["LOCATION"]) == "County Hall, Room 1"
    assert "Agenda: https://example.org/agenda.pdf" in str(summer["DESCRIPTION"])
    assert str(summer["TRANSP"]) == "OPAQUE"
    all_day = events[_uid("meeting", dates.all_day_meeting.pk)]
    assert all_day.start == date(2007, 11, 20)

    assert "Publish: agenda and reports (Board meeting, 12 June 2008)" in _summaries(calendar)
    deadline = next(event for event in events.values() if "12 June 2008" in str(event["SUMMARY"]))
    assert deadline.start == date(2008, 6, 19)  # five working days on
    assert str(deadline["TRANSP"]) == "TRANSPARENT"


def test_meeting_in_summer_time_is_at_its_london_time(
    framework: SmallFramework, dates: Dates
) -> None:
    calendar = _valid(_read(_feed(framework.users["viewer"], framework.thematic)))
    events = _events(calendar)
    summer = events[_uid("meeting", dates.board_meeting.pk)].start
    assert (summer.year, summer.month, summer.day) == (2008, 6, 12)
    assert (summer.hour, summer.minute) == (18, 30)
    assert summer.utcoffset() == timedelta(hours=1)  # British Summer Time
    assert str(summer.tzinfo) == "Europe/London"
    winter = events[_uid("meeting", dates.winter_meeting.pk)].start
    assert (winter.hour, winter.minute, winter.utcoffset()) == (10, 0, timedelta(0))
    (timezone,) = calendar.walk("VTIMEZONE")
    assert timezone["TZID"] == "Europe/London"


def test_recurring_milestone_is_one_series(framework: SmallFramework, dates: Dates) -> None:
    assert dates.recurring.due_on == date(2007, 12, 31)  # the next one after TODAY
    data = _read(_feed(framework.users["viewer"], framework.thematic))
    calendar = _valid(data)
    series = [e for e in calendar.walk("VEVENT") if "Report to the board" in str(e["SUMMARY"])]
    assert len(series) == 1
    (event,) = series
    assert event.start == date(2007, 6, 30)
    rule = event["RRULE"].to_ical().decode()
    expanded = rrulestr(rule, dtstart=datetime.combine(event.start, time()))
    assert [moment.date() for moment in expanded] == QUARTER_ENDS


def test_uids_are_stable_between_readings(framework: SmallFramework, dates: Dates) -> None:
    feed = _feed(framework.users["viewer"], framework.thematic)
    first = list(_events(_valid(_read(feed))))
    second = list(_events(_valid(_read(feed))))
    assert first == second
    assert all(uid.endswith(f"@{urlsplit(settings.SITE_URL).hostname}") for uid in first)


# --- a personal feed ---------------------------------------------------------------------


def test_personal_feed_holds_what_they_lead_and_their_meetings(
    framework: SmallFramework, dates: Dates
) -> None:
    lead = framework.users["lead"]
    calendar = _valid(_read(_feed(lead)))
    events = _events(calendar)
    assert str(calendar["X-WR-CALNAME"]) == "Lead's dates: partnerplan"
    assert set(events) == {
        _uid("action", dates.officer_action.pk),
        _uid("milestone", dates.scheme.pk),
        _uid("milestone", dates.done_past.pk),
        _uid("milestone", dates.recurring.pk),
        # The thematic partnership's, where the officer sits, and the county board's,
        # where the lead holds their role; not the sub-group's, seen only through it.
        _uid("meeting", dates.board_meeting.pk),
        _uid("meeting", dates.winter_meeting.pk),
        _uid("meeting", dates.all_day_meeting.pk),
        _uid("meeting", dates.county_meeting.pk),
    }


def test_personal_feed_drops_partnerships_the_owner_cannot_see(
    framework: SmallFramework, dates: Dates
) -> None:
    lead = framework.users["lead"]
    feed = _feed(lead)
    district_items = {
        _uid("action", dates.district_action.pk),
        _uid("milestone", dates.district_milestone.pk),
    }
    # The officer leads the district's action, but the lead user cannot see the district.
    assert not district_items & set(_events(_valid(_read(feed))))

    grant = RoleGrant.objects.create(user=lead, partnership=framework.district, role="viewer")
    assert district_items <= set(_events(_valid(_read(feed))))

    # Without any role, nothing they lead is shown, though they still lead it.
    grant.delete()
    RoleGrant.objects.filter(user=lead).delete()
    assert _events(_valid(_read(feed))) == {}


# --- permissions -------------------------------------------------------------------------


def test_revoked_feed_gives_nothing(framework: SmallFramework, dates: Dates) -> None:
    feed = _feed(framework.users["viewer"], framework.thematic)
    assert _read(feed) is not None
    services.feed_revoke(feed=feed, actor=SYSTEM)
    assert _read(feed) is None
    personal = _feed(framework.users["lead"])
    services.feed_revoke(feed=personal, actor=SYSTEM)
    assert _read(personal) is None


def test_feed_of_an_owner_who_lost_their_role_gives_nothing(
    framework: SmallFramework, dates: Dates
) -> None:
    viewer = framework.users["viewer"]
    feed = _feed(viewer, framework.thematic)
    assert _read(feed) is not None
    RoleGrant.objects.filter(user=viewer, partnership=framework.board).delete()
    assert _read(feed) is None


def test_feed_of_an_inactive_owner_gives_nothing(framework: SmallFramework, dates: Dates) -> None:
    viewer, lead = framework.users["viewer"], framework.users["lead"]
    feeds = [_feed(viewer, framework.thematic), _feed(lead)]
    type(viewer).objects.filter(pk__in=[viewer.pk, lead.pk]).update(is_active=False)
    assert [_read(feed) for feed in feeds] == [None, None]


def test_feed_of_a_partnership_the_owner_never_saw_gives_nothing(
    framework: SmallFramework, dates: Dates
) -> None:
    feed = _feed(framework.users["outsider"], framework.thematic)
    assert _read(feed) is None


# --- queries -----------------------------------------------------------------------------


def _queries(feed: CalendarFeed) -> int:
    fresh = CalendarFeed.objects.select_related("owner", "partnership").get(pk=feed.pk)
    with CaptureQueriesContext(connection) as context:
        assert calendar_for(fresh, today=TODAY) is not None
    return len(context.captured_queries)


def test_queries_do_not_grow_with_the_calendar(framework: SmallFramework, dates: Dates) -> None:
    partnership_feed = _feed(framework.users["viewer"], framework.thematic)
    personal_feed = _feed(framework.users["lead"])
    small = (_queries(partnership_feed), _queries(personal_feed))
    before = len(_events(_valid(_read(partnership_feed))))

    for n in range(10):
        action = plans.action_create(
            actor=SETUP,
            objective=dates.objective,
            title=f"More work {n}",
            leads=[framework.officer],
            due_on=date(2008, 1, 1) + timedelta(days=n),
        )
        for m in range(3):
            plans.milestone_create(
                actor=SETUP, action=action, text=f"Step {m}", due_on=date(2008, 2, 1 + m)
            )
        plans.milestone_create(actor=SETUP, action=action, text="Returns", timescale="Monthly")
        _meeting(framework.thematic, date(2008, 3, 1) + timedelta(days=n), starts_at=time(9))
    services.refresh_due_dates(today=TODAY, every=True)

    after = len(_events(_valid(_read(partnership_feed))))
    assert after == before + 10 * (1 + 4 + 1 + 1)  # actions, milestones, meetings, deadlines
    assert (_queries(partnership_feed), _queries(personal_feed)) == small


# --- addresses ---------------------------------------------------------------------------


def test_feed_addresses(framework: SmallFramework) -> None:
    feed = _feed(framework.users["viewer"], framework.thematic)
    url = feed_url(feed)
    assert url.startswith(settings.SITE_URL + "/")
    assert url.endswith(f"/{feed.token}.ics")
    assert webcal_url(feed) == "webcal://" + url.split("://", 1)[1]


def test_long_text_is_shortened_in_the_summary_only(
    framework: SmallFramework, dates: Dates
) -> None:
    text = (
        "Agree with every partner a single approach to repeat victims of burglary, "
        "including the police, the fire service and the housing associations"
    )
    long = plans.milestone_create(
        actor=SETUP, action=dates.chair_action, text=text, due_on=date(2008, 1, 10)
    )
    calendar = _valid(_read(_feed(framework.users["viewer"], framework.thematic)))
    event = _events(calendar)[_uid("milestone", long.pk)]
    summary = str(event["SUMMARY"])
    shown = summary.removeprefix("Due: ").removesuffix(" (Activity 1.2)")
    assert len(shown) <= 80
    assert shown.endswith("…")
    assert text.startswith(shown.removesuffix("…"))
    assert text in str(event["DESCRIPTION"])


def test_closed_plans_leave_the_feed(framework: SmallFramework, dates: Dates) -> None:
    feed = _feed(framework.users["viewer"], framework.thematic)
    plans.plan_update(plan=dates.plan, actor=SETUP, status="closed")
    uids = set(_events(_valid(_read(feed))))
    assert not {uid for uid in uids if uid.startswith(("milestone-", "action-"))}
    assert _uid("meeting", dates.board_meeting.pk) in uids
