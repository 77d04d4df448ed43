"""Reads for timescales: what is due, publishing deadlines, the reporting timetable and a
plan's timeline. Each returns plain values, in a fixed number of queries."""

from __future__ import annotations

from calendar import monthrange
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import F, Q, QuerySet

from partnerplan.core.periods import MONTHS, FinancialYear, Quarter, quarters_between
from partnerplan.core.permissions import visible_partnership_ids
from partnerplan.plans.choices import DONE_STATUSES, PlanStatus, label_in
from partnerplan.plans.models import Action, ActionLead, Milestone
from partnerplan.timescales.choices import DUE_SOON_DAYS, DeadlineState, DueState
from partnerplan.timescales.models import (
    DataRelease,
    Meeting,
    ObligationMet,
    PublishingObligation,
)
from partnerplan.timescales.reader import FLAGGED_BELOW, Reading
from partnerplan.timescales.recurrence import due_for_meeting, occurrences


def due_state(due_on: date | None, *, done: bool, today: date) -> str | None:
    """Where an item stands against its due date; None when it has none."""
    if done:
        return DueState.DONE
    if due_on is None:
        return None
    if due_on < today:
        return DueState.OVERDUE
    if due_on <= today + timedelta(days=DUE_SOON_DAYS):
        return DueState.DUE_SOON
    return DueState.UPCOMING


DUE_TAG_CLASS = {
    DueState.OVERDUE: "govuk-tag--red",
    DueState.DUE_SOON: "govuk-tag--yellow",
    DueState.UPCOMING: "govuk-tag--blue",
    DueState.DONE: "govuk-tag--green",
    DeadlineState.MET: "govuk-tag--green",
    DeadlineState.MET_LATE: "govuk-tag--yellow",
    DeadlineState.MISSED: "govuk-tag--red",
    DeadlineState.DUE: "govuk-tag--blue",
}


# --- what is due -------------------------------------------------------------------------


def milestone_label(number: str, action_label: str, action_number: str) -> str:
    """ "Milestone 2 of activity 1.3", in the plan's word for an action."""
    return f"Milestone {number} of {action_label.lower()} {action_number}"


@dataclass(slots=True)
class DueItem:
    """A milestone or an action with a due date, as the due lists show it."""

    kind: str  # "milestone" or "action"
    pk: int
    number: str
    text: str
    timescale: str
    due_on: date
    state: str
    set_by_hand: bool
    recurring: bool
    action_id: int
    action_number: str
    plan_id: int
    plan_title: str
    partnership_id: int
    partnership_name: str
    action_label: str

    @property
    def label(self) -> str:
        if self.kind == "milestone":
            return milestone_label(self.number, self.action_label, self.action_number)
        return f"{self.action_label} {self.number}"

    @property
    def action_reference(self) -> str:
        """The action as the plan names it: "Activity 1.3"."""
        return f"{self.action_label} {self.action_number}".strip()


def _window(rows: QuerySet, since: date | None, until: date) -> QuerySet:
    rows = rows.filter(due_on__isnull=False, due_on__lte=until).order_by("due_on", "pk")
    return rows if since is None else rows.filter(due_on__gte=since)


# The same values of a milestone and of an action, in DueItem's order: an action is its
# own action.
DUE_MILESTONE_VALUES = (
    "pk",
    "number",
    "text",
    "timescale",
    "due_on",
    "due_set_by_hand",
    "schedule__kind",
    "action_id",
    "action__number",
    "action__plan_id",
    "action__plan__title",
    "action__plan__partnership_id",
    "action__plan__partnership__name",
    "action__plan__labels",
)
DUE_ACTION_VALUES = (
    "pk",
    "number",
    "title",
    "timescale",
    "due_on",
    "due_set_by_hand",
    "schedule__kind",
    F("pk"),
    F("number"),
    "plan_id",
    "plan__title",
    "plan__partnership_id",
    "plan__partnership__name",
    "plan__labels",
)


def _due_items(
    kind: str,
    rows: QuerySet,
    values: tuple[Any, ...],
    *,
    today: date,
    since: date | None,
    until: date,
    limit: int | None,
) -> list[DueItem]:
    found = _window(rows, since, until).values_list(*values)
    if limit is not None:
        found = found[:limit]
    return [due_item(kind, row, done=False, today=today) for row in found]


def due_item(kind: str, row: tuple[Any, ...], *, done: bool, today: date) -> DueItem:
    """The DueItem of a row read with DUE_MILESTONE_VALUES or DUE_ACTION_VALUES (and
    perhaps more values after them)."""
    (
        pk,
        number,
        text,
        words,
        due_on,
        by_hand,
        schedule_kind,
        action_id,
        action_number,
        plan_id,
        plan_title,
        partnership_id,
        partnership_name,
        labels,
    ) = row[: len(DUE_MILESTONE_VALUES)]
    return DueItem(
        kind,
        pk,
        number,
        text,
        words,
        due_on,
        due_state(due_on, done=done, today=today) or DueState.UPCOMING,
        by_hand,
        schedule_kind == "recurring",
        action_id,
        action_number,
        plan_id,
        plan_title,
        partnership_id,
        partnership_name,
        label_in(labels, "action"),
    )


def due_milestones(
    milestones: QuerySet,
    *,
    today: date,
    until: date,
    since: date | None = None,
    limit: int | None = None,
) -> list[DueItem]:
    """Milestones not done, due from `since` (by default however long ago) to `until`,
    the earliest `limit` of them; one query."""
    not_done = milestones.filter(completed_on__isnull=True).exclude(
        action__plan__status=PlanStatus.CLOSED
    )
    return _due_items(
        "milestone",
        not_done,
        DUE_MILESTONE_VALUES,
        today=today,
        since=since,
        until=until,
        limit=limit,
    )


def due_actions(
    actions: QuerySet,
    *,
    today: date,
    until: date,
    since: date | None = None,
    limit: int | None = None,
) -> list[DueItem]:
    """Actions not done, due from `since` to `until`, the earliest `limit`; one query."""
    not_done = actions.still_to_do()
    return _due_items(
        "action", not_done, DUE_ACTION_VALUES, today=today, since=since, until=until, limit=limit
    )


# --- publishing deadlines ----------------------------------------------------------------


@dataclass(slots=True)
class PublishingDeadline:
    """One obligation for one meeting: when it falls due and whether it was met."""

    obligation_id: int
    what: str
    timescale: str
    meeting: Meeting
    due_on: date
    done_on: date | None
    state: str


def deadline_state(due_on: date, done_on: date | None, today: date) -> str:
    if done_on is not None:
        return DeadlineState.MET if done_on <= due_on else DeadlineState.MET_LATE
    return DeadlineState.MISSED if due_on < today else DeadlineState.DUE


def _deadlines(
    obligations: list[PublishingObligation], meetings: list[Meeting], today: date
) -> list[PublishingDeadline]:
    """Each obligation's deadline for each meeting of its partnership it counts from, with
    the day it was met (one query, none without obligations)."""
    if not obligations or not meetings:
        return []
    met = {
        (obligation_id, meeting_id): done_on
        for obligation_id, meeting_id, done_on in ObligationMet.objects.filter(
            meeting__in=[m.pk for m in meetings]
        ).values_list("obligation_id", "meeting_id", "done_on")
    }
    found: list[PublishingDeadline] = []
    for obligation in obligations:
        if not obligation.schedule:
            continue
        reading = Reading.from_json(obligation.schedule)
        for meeting in meetings:
            if meeting.partnership_id != obligation.partnership_id:
                continue
            due_on = due_for_meeting(reading, meeting.held_on, meeting.kind)
            if due_on is None:
                continue
            done_on = met.get((obligation.pk, meeting.pk))
            found.append(
                PublishingDeadline(
                    obligation_id=obligation.pk,
                    what=obligation.what,
                    timescale=obligation.timescale,
                    meeting=meeting,
                    due_on=due_on,
                    done_on=done_on,
                    state=deadline_state(due_on, done_on, today),
                )
            )
    found.sort(key=lambda d: (d.due_on, d.what))
    return found


def publishing_deadlines(
    partnership_ids: list[int], *, today: date, between: tuple[date, date]
) -> list[PublishingDeadline]:
    """Each obligation's deadline for each meeting it counts from, held between the two
    dates (three queries)."""
    obligations = list(PublishingObligation.objects.filter(partnership_id__in=partnership_ids))
    if not obligations:
        return []
    meetings = list(
        Meeting.objects.filter(partnership_id__in=partnership_ids, held_on__range=between)
    )
    return _deadlines(obligations, meetings, today)


@dataclass
class MeetingsPage:
    """A partnership's meetings from a year back to a year ahead, with the deadlines of
    each, and the obligations they come from."""

    upcoming: list[Meeting]
    past: list[Meeting]  # the latest first
    deadlines: dict[int, list[PublishingDeadline]]  # by meeting
    obligations: list[PublishingObligation]


def meetings_page(partnership_id: int, *, today: date) -> MeetingsPage:
    """Three queries: the meetings, the obligations, and which were met."""
    year = FinancialYear.containing(today).start
    between = (FinancialYear(year - 1).first_day, FinancialYear(year + 1).last_day)
    held = list(
        Meeting.objects.filter(partnership_id=partnership_id, held_on__range=between).order_by(
            "held_on", "starts_at"
        )
    )
    obligations = list(PublishingObligation.objects.filter(partnership_id=partnership_id))
    deadlines: dict[int, list[PublishingDeadline]] = defaultdict(list)
    for deadline in _deadlines(obligations, held, today):
        deadlines[deadline.meeting.pk].append(deadline)
    return MeetingsPage(
        upcoming=[m for m in held if m.held_on >= today],
        past=[m for m in reversed(held) if m.held_on < today],
        deadlines=dict(deadlines),
        obligations=obligations,
    )


@dataclass
class DueLists:
    overdue: list[DueItem] = field(default_factory=list)
    due_soon: list[DueItem] = field(default_factory=list)
    upcoming: list[DueItem] = field(default_factory=list)
    # Whether the overdue, or the coming, were cut at the limit.
    more_overdue: bool = False
    more_coming: bool = False

    def add(self, item: DueItem) -> None:
        {
            DueState.OVERDUE: self.overdue,
            DueState.DUE_SOON: self.due_soon,
        }.get(item.state, self.upcoming).append(item)


def due_lists(
    milestones: QuerySet, actions: QuerySet, *, today: date, days: int, limit: int
) -> DueLists:
    """What is overdue and what falls due in the next `days`, each the earliest `limit`
    milestones and `limit` actions, so that a long backlog of overdue items never hides
    what is coming (four queries)."""
    found = DueLists()
    late = today - timedelta(days=1)
    until = today + timedelta(days=days)
    overdue = due_milestones(milestones, today=today, until=late, limit=limit)
    overdue_actions = due_actions(actions, today=today, until=late, limit=limit)
    coming = due_milestones(milestones, today=today, since=today, until=until, limit=limit)
    coming_actions = due_actions(actions, today=today, since=today, until=until, limit=limit)
    found.more_overdue = limit in (len(overdue), len(overdue_actions))
    found.more_coming = limit in (len(coming), len(coming_actions))
    items = overdue + overdue_actions + coming + coming_actions
    for item in sorted(items, key=lambda i: (i.due_on, i.partnership_name, i.label)):
        found.add(item)
    return found


def lead_choices(user: Any, partnership_id: int | None) -> list[tuple[str, str]]:
    """The due list's lead filter: what the user leads, or their organisation; and, once
    a partnership is chosen, the people and organisations leading its actions (a
    county's every lead would be a list of thousands). One query, with a partnership."""
    choices = [("me", "Things I lead")]
    if getattr(user, "organisation_id", None):
        choices.append(("my-organisation", "Things my organisation leads"))
    if partnership_id is None:
        return choices
    rows = (
        ActionLead.objects.filter(action__plan__partnership_id=partnership_id)
        .filter(Q(person__isnull=False) | Q(organisation__isnull=False))
        .values_list("person_id", "person__name", "organisation_id", "organisation__name")
        .distinct()
    )
    people = {(f"person:{p}", name) for p, name, _, _ in rows if p}
    organisations = {(f"organisation:{o}", name) for _, _, o, name in rows if o}
    return [
        *choices,
        *sorted(people, key=lambda c: c[1]),
        *sorted(organisations, key=lambda c: c[1]),
    ]


def _leads_named(user: Any, lead: str) -> Q | None:
    """The action leads a lead filter choice ("me", "my-organisation", "person:12",
    "organisation:3") names; None for no filter."""
    organisation_id = getattr(user, "organisation_id", None)
    if lead == "me":
        return Q(person__user=user)
    if lead == "my-organisation" and organisation_id:
        return Q(organisation_id=organisation_id) | Q(person__organisation_id=organisation_id)
    kind, _, pk = lead.partition(":")
    if kind in {"person", "organisation"} and pk.isdigit():
        return Q(**{f"{kind}_id": int(pk)})
    return None


def whats_due(
    user: Any,
    *,
    partnership: int | None,
    lead: str,
    today: date,
    days: int,
    limit: int,
) -> DueLists:
    """What's due across the partnerships the user can see, or in one of them, and of one
    lead's actions."""
    milestones, actions = Milestone.objects.all(), Action.objects.all()
    visible = visible_partnership_ids(user)
    if visible is not None:
        # By ids already read, not a subquery; and not at all for those who see it all:
        # either would have the database join every row before it reads the first.
        milestones = milestones.filter(action__plan__partnership_id__in=visible)
        actions = actions.filter(plan__partnership_id__in=visible)
    if partnership:
        milestones = milestones.filter(action__plan__partnership_id=partnership)
        actions = actions.filter(plan__partnership_id=partnership)
    leads = _leads_named(user, lead)
    if leads is not None:
        led = ActionLead.objects.filter(leads).values("action_id")
        milestones = milestones.filter(action_id__in=led)
        actions = actions.filter(pk__in=led)
    return due_lists(milestones, actions, today=today, days=days, limit=limit)


# --- timescales to check -----------------------------------------------------------------


# Timescales a person should check, as Reading.flagged says, asked of the stored reading.
FLAGGED = Q(schedule__kind="unknown") | Q(schedule__confidence__lt=FLAGGED_BELOW)


@dataclass(slots=True)
class ToCheck:
    """A timescale the reader could not read for certain, for a person to fix."""

    kind: str
    pk: int
    label: str
    text: str
    timescale: str
    note: str
    action_id: int
    plan_title: str
    partnership_name: str


def timescales_to_check(partnership_ids: list[int], *, limit: int = 200) -> list[ToCheck]:
    """Flagged timescales of milestones and actions in these partnerships (two queries)."""

    found: list[ToCheck] = []
    milestones = (
        Milestone.objects.filter(
            FLAGGED,
            due_set_by_hand=False,
            completed_on__isnull=True,
            action__plan__partnership_id__in=partnership_ids,
        )
        .order_by("action__plan__title", "action__plan_id", "action__position", "position")
        .values_list(
            "pk",
            "number",
            "text",
            "timescale",
            "schedule__note",
            "action_id",
            "action__number",
            "action__plan__title",
            "action__plan__partnership__name",
            "action__plan__labels",
        )[:limit]
    )
    for pk, number, text, words, note, action_id, action_number, title, name, labels in milestones:
        label = milestone_label(number, label_in(labels, "action"), action_number)
        found.append(
            ToCheck("milestone", pk, label, text, words, note or "", action_id, title, name)
        )
    actions = (
        Action.objects.filter(
            FLAGGED, due_set_by_hand=False, plan__partnership_id__in=partnership_ids
        )
        .exclude(status__in=DONE_STATUSES)
        .order_by("plan__title", "plan_id", "position")
        .values_list(
            "pk",
            "number",
            "title",
            "timescale",
            "schedule__note",
            "plan__title",
            "plan__partnership__name",
            "plan__labels",
        )[:limit]
    )
    for pk, number, title, words, note, plan_title, name, labels in actions:
        found.append(
            ToCheck(
                "action",
                pk,
                f"{label_in(labels, 'action')} {number}",
                title,
                words,
                note or "",
                pk,
                plan_title,
                name,
            )
        )
    return found


# --- a plan's timeline -------------------------------------------------------------------


@dataclass(slots=True)
class TimelineBar:
    """One milestone across the plan's months: where its window starts and ends, as
    percentages of the plan's length, and its occurrences when it recurs."""

    number: str
    text: str
    timescale: str
    action_number: str
    action_id: int
    due_on: date | None
    state: str | None
    left: float
    width: float
    marks: list[float]
    window: str


@dataclass(slots=True)
class TimelineMonth:
    label: str
    width: float
    starts_year: bool


@dataclass
class Timeline:
    first_day: date
    last_day: date
    months: list[TimelineMonth]
    bars: list[TimelineBar]
    unplaced: list[TimelineBar]
    today_at: float | None


def _months(first: date, last: date) -> list[date]:
    found, day = [], first.replace(day=1)
    while day <= last:
        found.append(day)
        day = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return found


def plan_timeline(plan: Any, *, today: date) -> Timeline:
    """The plan's milestones along its financial years (one query)."""

    first = FinancialYear(plan.first_year).first_day
    last = FinancialYear(plan.last_year).last_day
    span = (last - first).days + 1

    def at(day: date) -> float:
        return round(min(max((day - first).days, 0), span) * 100 / span, 3)

    every_month = _months(first, last)
    # A long plan labels fewer months, or the labels would run into each other.
    if len(every_month) > 36:
        labelled: tuple[int, ...] = (4,)
    elif len(every_month) > 18:
        labelled = (4, 10)
    else:
        labelled = tuple(range(1, 13))
    months = [
        TimelineMonth(
            label=(_MONTHS_SHORT[month.month] + (f" {month:%y}" if month.month in (1, 4) else ""))
            if month.month in labelled
            else "",
            width=round(monthrange(month.year, month.month)[1] * 100 / span, 3),
            starts_year=month.month == 4,
        )
        for month in every_month
    ]
    rows = (
        Milestone.objects.filter(action__plan=plan)
        .order_by("action__objective__position", "action__position", "action_id", "position")
        .values_list(
            "number",
            "text",
            "timescale",
            "due_on",
            "completed_on",
            "schedule",
            "action__number",
            "action_id",
        )
    )
    bars: list[TimelineBar] = []
    unplaced: list[TimelineBar] = []
    for number, text, words, due_on, completed_on, schedule, action_number, action_id in rows:
        kind = (schedule or {}).get("kind")
        start = (
            date.fromisoformat(schedule["start"])
            if kind == "period" and schedule.get("start")
            else None
        )
        end = due_on
        marks: list[float] = []
        if kind == "recurring":
            reading = Reading.from_json(schedule)
            marks = [at(day) for day in occurrences(reading, between=(first, last))]
        bar = TimelineBar(
            number=number,
            text=text,
            timescale=words,
            action_number=action_number,
            action_id=action_id,
            due_on=due_on,
            state=due_state(due_on, done=completed_on is not None, today=today),
            left=at(start or end) if end else 0.0,
            width=max(at(end) - at(start), 0.6) if end and start else 0.6,
            marks=marks,
            window=_window_words(start, end),
        )
        (bars if end is not None and first <= end <= last else unplaced).append(bar)
    return Timeline(
        first_day=first,
        last_day=last,
        months=months,
        bars=bars,
        unplaced=unplaced,
        today_at=at(today) if first <= today <= last else None,
    )


_MONTHS_SHORT = ("", *(month[:3] for month in MONTHS))


def _day_words(day: date) -> str:
    # Not strftime: a long plan's timeline writes a thousand of these.
    return f"{day.day} {_MONTHS_SHORT[day.month]} {day.year}"


def _window_words(start: date | None, end: date | None) -> str:
    if end is None:
        return "No date"
    if start is None or start == end:
        return _day_words(end)
    if start.day == 1 and (end + timedelta(days=1)).day == 1:
        # Whole months, as the plan wrote them: "Jun 2025", "Aug to Oct 2025".
        if (start.year, start.month) == (end.year, end.month):
            return f"{_MONTHS_SHORT[end.month]} {end.year}"
        if start.year == end.year:
            return f"{_MONTHS_SHORT[start.month]} to {_MONTHS_SHORT[end.month]} {end.year}"
        return f"{_MONTHS_SHORT[start.month]} {start.year} to {_MONTHS_SHORT[end.month]} {end.year}"
    return f"{_day_words(start)} to {_day_words(end)}"


# --- the reporting timetable -------------------------------------------------------------


@dataclass(slots=True)
class ReleaseDate:
    name: str
    available_on: date


@dataclass(slots=True)
class TimetableMeeting:
    meeting: Meeting
    before_data: list[str]  # the figures of the quarter just ended not yet available


@dataclass(slots=True)
class TimetableQuarter:
    quarter: Any
    releases: list[ReleaseDate]
    meetings: list[TimetableMeeting]
    is_current: bool


@dataclass(slots=True)
class Timetable:
    releases: list[DataRelease]  # the figures on the timetable, to arrange
    quarters: list[TimetableQuarter]


def reporting_timetable(partnership_id: int, *, today: date) -> Timetable:
    """Each quarter from last financial year to next, the day each set of its figures
    becomes available, and the meetings held while it is the latest quarter to report on:
    a meeting held before the figures it would discuss are out is marked (two queries)."""
    year = FinancialYear.containing(today).start
    on_timetable = list(DataRelease.objects.filter(partnership_id=partnership_id))
    releases = [
        (release.name, Reading.from_json(release.schedule))
        for release in on_timetable
        if release.schedule
    ]
    quarters = quarters_between(
        FinancialYear(year - 1).quarters()[0], FinancialYear(year + 1).quarters()[3]
    )
    meetings = list(
        Meeting.objects.filter(
            partnership_id=partnership_id,
            held_on__gt=quarters[0].last_day,
            held_on__lte=quarters[-1].next().last_day,
        )
    )
    current = Quarter.containing(today)
    found: list[TimetableQuarter] = []
    for quarter in quarters:
        dates = []
        for name, reading in releases:
            due = occurrences(
                reading, between=(quarter.last_day, quarter.last_day + timedelta(days=366))
            )
            if due:
                dates.append(ReleaseDate(name, due[0]))
        reporting = [m for m in meetings if quarter.last_day < m.held_on <= quarter.next().last_day]
        found.append(
            TimetableQuarter(
                quarter=quarter,
                releases=dates,
                meetings=[
                    TimetableMeeting(
                        meeting=m,
                        before_data=[d.name for d in dates if m.held_on < d.available_on],
                    )
                    for m in reporting
                ],
                is_current=quarter == current,
            )
        )
    return Timetable(releases=on_timetable, quarters=found)
