"""Due dates from a reading: every occurrence in a window, or the next one.

Recurring readings carry an RFC 5545 RRULE whose first occurrence is the reading's
start and whose UNTIL is its end; relative readings fall due at an offset from the
partnership's meetings or from financial quarter or year ends. Pure Python.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from functools import lru_cache

from dateutil.rrule import rrule, rrulestr

from partnerplan.core.periods import FinancialYear, Quarter, quarters_between
from partnerplan.timescales.reader import Reading
from partnerplan.timescales.workdays import apply_offset

__all__ = ["due_for_meeting", "next_due", "occurrences"]

ONE_OFF_KINDS = ("date", "period", "deadline")


@lru_cache(maxsize=4096)
def _rule(text: str, start: date) -> rrule:
    # Parsing an RRULE is the slow part, and plans repeat the same few rules.
    return rrulestr(text, dtstart=datetime.combine(start, time()))


def occurrences(
    reading: Reading, *, between: tuple[date, date], meetings: Sequence[tuple[date, str]] = ()
) -> list[date]:
    """Every due date of the reading from between[0] to between[1], both included, sorted.

    `meetings` are the partnership's meetings as (date, kind) pairs; only relative
    readings use them.
    """
    first, last = between
    if last < first:
        return []
    if reading.kind in ONE_OFF_KINDS:
        due = reading.due_on
        return [due] if due is not None and first <= due <= last else []
    if reading.kind == "recurring":
        return _recurring(reading, first, last)
    if reading.kind == "relative":
        return _relative(reading, first, last, meetings)
    return []


def _recurring(reading: Reading, first: date, last: date) -> list[date]:
    if reading.rrule is None or reading.start is None:
        return []
    if reading.end is not None:
        last = min(last, reading.end)
    if last < first or last < reading.start:
        return []
    rule = _rule(reading.rrule, reading.start)
    found = rule.between(datetime.combine(first, time()), datetime.combine(last, time()), inc=True)
    return [moment.date() for moment in found]


def _anchors(reading: Reading, first: date, last: date,
             meetings: Sequence[tuple[date, str]]) -> list[date]:  # fmt: skip
    """The anchor days whose offset day may fall in [first, last]."""
    assert reading.offset is not None
    # Working-day offsets can stretch over holidays: widen the search generously.
    slack = timedelta(days=abs(reading.offset.days) * 2 + 14)
    low, high = first - slack, last + slack
    anchor = reading.anchor or ""
    if anchor == "quarter-end":
        quarters = quarters_between(Quarter.containing(low), Quarter.containing(high))
        return [quarter.last_day for quarter in quarters if low <= quarter.last_day <= high]
    if anchor == "year-end":
        years = range(FinancialYear.containing(low).start, FinancialYear.containing(high).start + 1)
        return [
            FinancialYear(y).last_day for y in years if low <= FinancialYear(y).last_day <= high
        ]
    return [day for day, kind in meetings if _counts_from(anchor, kind) and low <= day <= high]


def _counts_from(anchor: str, meeting_kind: str) -> bool:
    """Does a timescale anchored on `anchor` count from a meeting of this kind?"""
    return anchor == "meeting" or anchor == f"meeting:{meeting_kind}"


def due_for_meeting(reading: Reading, held_on: date, meeting_kind: str) -> date | None:
    """The day a timescale counted from meetings falls due for one meeting; None when it
    does not count from meetings of that kind."""
    if reading.kind != "relative" or reading.offset is None:
        return None
    if not _counts_from(reading.anchor or "", meeting_kind):
        return None
    return apply_offset(held_on, reading.offset)


def _relative(reading: Reading, first: date, last: date,
              meetings: Sequence[tuple[date, str]]) -> list[date]:  # fmt: skip
    if reading.offset is None:
        return []
    due = {apply_offset(day, reading.offset) for day in _anchors(reading, first, last, meetings)}
    return sorted(day for day in due if first <= day <= last)


def next_due(
    reading: Reading,
    *,
    on_or_after: date,
    meetings: Sequence[tuple[date, str]] = (),
    horizon_days: int = 800,
) -> date | None:
    """The next due date on or after `on_or_after`.

    A one-off reading keeps its date even when it has passed, so that overdue items
    stay overdue; recurring and relative readings give the first occurrence on or after
    the day, looking no further than `horizon_days` ahead.
    """
    if reading.kind in ONE_OFF_KINDS:
        return reading.due_on
    horizon = on_or_after + timedelta(days=max(horizon_days, 0))
    if reading.kind == "recurring":
        if reading.rrule is None or reading.start is None:
            return None
        after = _rule(reading.rrule, reading.start).after(
            datetime.combine(on_or_after, time()), inc=True
        )
        if after is None:
            return None
        day = after.date()
        if (reading.end is not None and day > reading.end) or day > horizon:
            return None
        return day
    found = occurrences(reading, between=(on_or_after, horizon), meetings=meetings)
    return found[0] if found else None
