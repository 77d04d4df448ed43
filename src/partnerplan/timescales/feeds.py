"""The iCalendar feeds: what a calendar program (Outlook, Google, Apple) reads from a
feed's secret address.

A partnership feed holds the partnership's meetings, the due dates in its plans and its
publishing deadlines. A personal feed holds what its owner leads and the meetings of the
partnerships they sit on or hold a role on. Every reading is checked against what the
owner may see *now*: a feed is only as good as its owner's access, so a revoked feed, an
inactive owner or a lost role gives no calendar at all.

What goes in, and how:

- The window is from one year before today to two years after. Calendar programs keep
  what they once read only while the feed still says it, so older items drop out of
  their view as the window moves on; that keeps a feed of a long-running plan small.
- Milestones, actions and publishing deadlines are all-day events on their due date,
  marked "free" (TRANSP:TRANSPARENT): a deadline is not an appointment and must not make
  anyone look busy.
- Done items: an item done *before* its due date has passed is left out, since a
  calendar entry is a reminder and there is nothing left to be reminded of. Done items
  whose date has passed stay, as "Done: ..." (or "Published: ..."), so the calendar
  still shows what happened when. STATUS:CANCELLED is not used: Google hides cancelled
  events and Outlook shows them struck through as "Canceled", which says the wrong thing
  about work that was finished.
- A recurring milestone or action (its timescale read as a recurrence, its date not set
  by hand) is one event with an RRULE, not a copy per occurrence, so that editing the
  words changes one series and calendar programs show it as a series.
- Meetings with a start time are timed events in the site's time zone, with its
  VTIMEZONE (Outlook ignores a TZID it has no VTIMEZONE for), lasting MEETING_LENGTH;
  meetings with no start time are all-day events.
- UIDs are made from the kind of thing and its id, so they are the same at every fetch
  and a calendar program updates an event in place instead of duplicating it.

Reads are bounded: a fixed number of queries however many items there are.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event, vRecur

from partnerplan.accounts.choices import AccessRole
from partnerplan.accounts.models import RoleGrant
from partnerplan.core.links import absolute_url, link_to
from partnerplan.core.periods import long_date
from partnerplan.core.permissions import can, visible_partnership_ids
from partnerplan.partnerships.models import Membership
from partnerplan.plans.choices import DONE_STATUSES, PlanStatus
from partnerplan.plans.models import Action, ActionLead, Milestone
from partnerplan.timescales.html import shorten
from partnerplan.timescales.models import CalendarFeed, Meeting, obligation_url
from partnerplan.timescales.reader import Reading
from partnerplan.timescales.selectors import (
    DUE_ACTION_VALUES,
    DUE_MILESTONE_VALUES,
    DueItem,
    PublishingDeadline,
    due_item,
    publishing_deadlines,
)

PRODID = "-//partnerplan//Calendar feed//EN"
# How often calendar programs should fetch the feed again. Outlook and Apple honour
# REFRESH-INTERVAL (RFC 7986) or X-PUBLISHED-TTL; Google refreshes on its own schedule.
REFRESH = timedelta(hours=1)
# Meetings record a start time but no end: two hours covers a typical board meeting.
MEETING_LENGTH = timedelta(hours=2)
# How long a summary may be before it is shortened: calendar views show one line.
SUMMARY_CHARS = 80
YEARS_BEFORE, YEARS_AFTER = 1, 2


# --- addresses ---------------------------------------------------------------------------


def feed_url(feed: CalendarFeed) -> str:
    """The feed's absolute address, to paste into a calendar program."""
    return absolute_url(reverse("timescales:feed", kwargs={"token": feed.token}))


def webcal_url(feed: CalendarFeed) -> str:
    """The same address with the webcal:// scheme, which opens Outlook's or Apple
    Calendar's "subscribe" dialogue when clicked."""
    return "webcal://" + feed_url(feed).split("://", 1)[1]


def _host() -> str:
    # The UIDs' right-hand side, so they are unique to this site (RFC 5545 3.8.4.7).
    return urlsplit(settings.SITE_URL).hostname or "partnerplan"


# --- the calendar ------------------------------------------------------------------------


def feeds_of(user: Any) -> tuple[list[tuple[CalendarFeed, str, str]], list[CalendarFeed]]:
    """A person's calendar addresses: those working, each with its address and webcal
    address, the newest first; then those stopped (one query)."""
    mine = list(
        CalendarFeed.objects.filter(owner=user)
        .select_related("partnership")
        .order_by("revoked_at", "-created_at")
    )
    working = [(feed, feed_url(feed), webcal_url(feed)) for feed in mine if not feed.revoked_at]
    return working, [feed for feed in mine if feed.revoked_at]


def calendar_at(token: str, *, today: date) -> bytes | None:
    """The calendar at a secret address; None when there is none to read (see
    `calendar_for`)."""
    feed = CalendarFeed.objects.select_related("owner", "partnership").filter(token=token).first()
    return calendar_for(feed, today=today) if feed is not None else None


def calendar_for(feed: CalendarFeed, *, today: date) -> bytes | None:
    """The feed's calendar as iCalendar bytes, or None when it must not be read: the feed
    was revoked, its owner is no longer active, or (a partnership feed) the owner may no
    longer see the partnership."""
    owner = feed.owner
    if feed.revoked_at is not None or not owner.is_active:
        return None
    partnership = feed.partnership
    if partnership is not None and not can(owner, "view", partnership):
        return None

    window = (_years_from(today, -YEARS_BEFORE), _years_from(today, YEARS_AFTER))
    if partnership is not None:
        name = f"{partnership.name}: partnerplan"
        scope = _Scope(
            milestones=Q(action__plan__partnership_id=partnership.pk),
            actions=Q(plan__partnership_id=partnership.pk),
            meetings=Q(partnership_id=partnership.pk),
        )
        deadlines = publishing_deadlines([partnership.pk], today=today, between=window)
    else:
        name = f"{owner}'s dates: partnerplan"
        scope = _personal_scope(owner, today)
        deadlines = []

    stamp = timezone.now()
    events: list[Event] = []
    events += [_item_event(item, stamp) for item in _items(scope, window, today)]
    events += [_meeting_event(meeting, stamp) for meeting in _meetings(scope, window)]
    events += [_deadline_event(d, stamp) for d in deadlines if _keep(d.due_on, d.done_on, today)]
    # In date order, and by UID within a day: two readings of the same data differ only
    # in their DTSTAMPs.
    events.sort(key=lambda event: (_sort_day(event), str(event["UID"])))
    return _calendar(name, events, window).to_ical()


def _calendar(name: str, events: Iterable[Event], window: tuple[date, date]) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.calendar_name = name  # NAME (RFC 7986) and X-WR-CALNAME (Outlook, Google)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    calendar.refresh_interval = REFRESH
    # RFC 7986 requires the VALUE parameter here, and icalendar leaves it out.
    calendar["REFRESH-INTERVAL"].params["VALUE"] = "DURATION"
    calendar.add("x-published-ttl", "PT1H")
    for event in events:
        calendar.add_component(event)
    # A VTIMEZONE for each TZID used, covering the window with a year's margin: enough
    # for every timed event in it, and far smaller than icalendar's 1970-2038 default.
    calendar.add_missing_timezones(
        first_date=_years_from(window[0], -1), last_date=_years_from(window[1], 1)
    )
    return calendar


def _years_from(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)


def _keep(due_on: date, done_on: date | None, today: date) -> bool:
    """Open items always; done ones only once their date has passed (see the module's
    docstring)."""
    return done_on is None or due_on < today


def _sort_day(event: Event) -> date:
    start = event.start
    return start.date() if isinstance(start, datetime) else start


# --- which items and meetings ------------------------------------------------------------


@dataclass(frozen=True)
class _Scope:
    """Which milestones, actions and meetings a feed holds, as query conditions."""

    milestones: Q
    actions: Q
    meetings: Q


def _personal_scope(owner: Any, today: date) -> _Scope:
    """What the owner leads themselves (not what their organisation leads: that is a
    colleague's work as much as theirs), and the meetings of partnerships they hold a
    role on or sit on now; all within the partnerships they may see today."""

    led = ActionLead.objects.filter(person__user=owner).values("action_id")
    grants = RoleGrant.objects.filter(user=owner).exclude(role=AccessRole.NONE)
    seats = Membership.objects.filter(person__user=owner).filter(
        Q(to_date__isnull=True) | Q(to_date__gte=today)
    )
    milestones = Q(action_id__in=led)
    actions = Q(pk__in=led)
    meetings = Q(partnership_id__in=grants.values("partnership_id")) | Q(
        partnership_id__in=seats.values("partnership_id")
    )
    visible = visible_partnership_ids(owner)
    if visible is not None:
        milestones &= Q(action__plan__partnership_id__in=visible)
        actions &= Q(plan__partnership_id__in=visible)
        meetings &= Q(partnership_id__in=visible)
    return _Scope(milestones=milestones, actions=actions, meetings=meetings)


@dataclass(frozen=True)
class _FeedItem:
    """A milestone or action as the feed shows it: the due list's DueItem, with what the
    due list leaves out: the recurrence, the day it was done and the action's title."""

    item: DueItem
    schedule: dict[str, Any]
    done_on: date | None
    action_title: str


def _items(scope: _Scope, window: tuple[date, date], today: date) -> list[_FeedItem]:
    """Milestones and actions due in the window, in two queries.

    Not selectors.due_milestones and due_actions: they leave out done items and the
    stored recurrence, which the feed needs, and reading those separately would read
    the same rows twice. Their values and their DueItem are shared, with the
    recurrence and what was done after them. The rules are theirs: closed plans are left
    out, an action is done with DONE_STATUSES, a milestone when it has a completion
    date."""

    first, last = window
    extra = len(DUE_MILESTONE_VALUES)
    milestones = (
        Milestone.objects.filter(scope.milestones, due_on__range=(first, last))
        .exclude(action__plan__status=PlanStatus.CLOSED)
        # Done before its date passed: nothing to be reminded of (see _keep).
        .exclude(completed_on__isnull=False, due_on__gte=today)
        .order_by()
        .values_list(*DUE_MILESTONE_VALUES, "schedule", "completed_on", "action__title")
    )
    actions = (
        Action.objects.filter(scope.actions, due_on__range=(first, last))
        .exclude(plan__status=PlanStatus.CLOSED)
        .exclude(status__in=DONE_STATUSES, due_on__gte=today)
        .order_by()
        .values_list(*DUE_ACTION_VALUES, "schedule", "status")
    )
    found: list[_FeedItem] = []
    for row in milestones:
        schedule, completed_on, action_title = row[extra:]
        item = due_item("milestone", row, done=completed_on is not None, today=today)
        found.append(_FeedItem(item, schedule or {}, completed_on, action_title))
    for row in actions:
        schedule, status = row[extra:]
        done = status in DONE_STATUSES
        item = due_item("action", row, done=done, today=today)
        # An action records no completion day: its due date stands in for it.
        found.append(_FeedItem(item, schedule or {}, item.due_on if done else None, item.text))
    return found


def _meetings(scope: _Scope, window: tuple[date, date]) -> QuerySet[Meeting]:
    return (
        Meeting.objects.filter(scope.meetings, held_on__range=window)
        .select_related("partnership")
        .order_by("held_on", "starts_at", "pk")
    )


# --- events ------------------------------------------------------------------------------


def _all_day(
    uid: str, day: date, stamp: datetime, summary: str, description: str, *, busy: bool = False
) -> Event:
    event = Event.new(
        uid=uid,
        stamp=stamp,
        start=day,
        end=day + timedelta(days=1),  # DTEND is exclusive: the next day
        summary=summary,
        description=description,
    )
    event.add("transp", "OPAQUE" if busy else "TRANSPARENT")
    return event


def _item_event(feed_item: _FeedItem, stamp: datetime) -> Event:
    item = feed_item.item
    done = feed_item.done_on is not None
    reference = item.action_reference
    summary = f"{'Done' if done else 'Due'}: {shorten(item.text, SUMMARY_CHARS)} ({reference})"
    link = absolute_url(link_to("plans:action", item.action_id))
    lines = [item.text]
    if item.kind == "milestone":
        lines.append(f"{reference}: {feed_item.action_title}")
    lines.append(f"Plan: {item.plan_title} ({item.partnership_name})")
    if item.timescale:
        lines.append(f"Timescale: {item.timescale}")
    if feed_item.done_on is not None and item.kind == "milestone":
        lines.append(f"Done on {long_date(feed_item.done_on)}")
    elif done:
        lines.append("Done")
    lines.append(link)

    uid = f"{item.kind}-{item.pk}@{_host()}"
    recurrence = _recurrence(feed_item)
    start = item.due_on if recurrence is None else recurrence[0]
    event = _all_day(uid, start, stamp, summary, "\n".join(lines))
    event.add("url", link)
    if recurrence is not None:
        event.add("rrule", recurrence[1])
    return event


def _recurrence(feed_item: _FeedItem) -> tuple[date, vRecur] | None:
    """The series start and RRULE of a recurring item still running; None otherwise.

    The reader stores the rule without its end (see recurrence.py): the end is the
    schedule's, so it is added here as UNTIL, a date like DTSTART (RFC 5545 3.3.10)."""
    item = feed_item.item
    if not item.recurring or item.set_by_hand or feed_item.done_on is not None:
        return None
    reading = Reading.from_json(feed_item.schedule)
    if not reading.rrule or reading.start is None:
        return None
    rule = vRecur.from_ical(reading.rrule.removeprefix("RRULE:"))
    if reading.end is not None and "UNTIL" not in rule and "COUNT" not in rule:
        rule["UNTIL"] = [reading.end]
    return reading.start, rule


def _meeting_event(meeting: Meeting, stamp: datetime) -> Event:
    kind = meeting.get_kind_display()
    link = absolute_url(meeting.get_absolute_url())
    lines = [f"{kind} of {meeting.partnership.name}"]
    if meeting.agenda_url:
        lines.append(f"Agenda: {meeting.agenda_url}")
    if meeting.papers_url:
        lines.append(f"Papers: {meeting.papers_url}")
    if meeting.minutes_published_on:
        lines.append(f"Minutes published on {long_date(meeting.minutes_published_on)}")
    lines.append(link)
    uid = f"meeting-{meeting.pk}@{_host()}"
    summary = f"{kind}: {meeting.partnership.name}"
    if meeting.starts_at is None:
        # A meeting takes up the day, though no time was given for it.
        event = _all_day(uid, meeting.held_on, stamp, summary, "\n".join(lines), busy=True)
    else:
        # A zoneinfo time, so icalendar writes TZID=Europe/London and the VTIMEZONE.
        start = datetime.combine(meeting.held_on, meeting.starts_at, ZoneInfo(settings.TIME_ZONE))
        event = Event.new(
            uid=uid,
            stamp=stamp,
            start=start,
            end=start + MEETING_LENGTH,
            summary=summary,
            description="\n".join(lines),
        )
        event.add("transp", "OPAQUE")
    if meeting.venue:
        event.add("location", meeting.venue)
    event.add("url", link)
    return event


def _deadline_event(deadline: PublishingDeadline, stamp: datetime) -> Event:
    meeting = deadline.meeting
    # Meeting's str is "Board meeting, 12 March 2008".
    summary = f"{'Published' if deadline.done_on else 'Publish'}: {deadline.what} ({meeting})"
    link = absolute_url(obligation_url(meeting.partnership_id, deadline.obligation_id))
    lines = [
        f"{deadline.what}, for the {meeting}",
        f"Timescale: {deadline.timescale}",
    ]
    if deadline.done_on is not None:
        lines.append(f"Published on {long_date(deadline.done_on)}")
    lines.append(link)
    uid = f"deadline-{deadline.obligation_id}-{meeting.pk}@{_host()}"
    event = _all_day(uid, deadline.due_on, stamp, shorten(summary, 150), "\n".join(lines))
    event.add("url", link)
    return event
