"""Working days in England and Wales: Monday to Friday, less bank holidays.

Partnerships set deadlines such as "within 5 working days of board meetings", so a
deadline has to step over weekends and bank holidays, substitute days included (when
Christmas falls on a Saturday the Monday and Tuesday after are holidays). Pure Python.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays

from partnerplan.timescales.reader import Offset

__all__ = [
    "add_working_days",
    "apply_offset",
    "bank_holidays",
    "is_working_day",
    "working_days_between",
]

_ONE_DAY = timedelta(days=1)


@lru_cache(maxsize=512)
def _holidays_in(year: int) -> dict[date, str]:
    # Built once per year: the holidays package is slow to build a calendar.
    found = holidays.country_holidays("GB", subdiv="ENG", years=year)
    return {day: name for day, name in sorted(found.items()) if day.year == year}


def bank_holidays(year: int) -> dict[date, str]:
    """England and Wales bank holidays in `year`, substitute days included, by date."""
    return dict(_holidays_in(year))


def is_working_day(day: date) -> bool:
    """Monday to Friday and not an England and Wales bank holiday."""
    return day.weekday() < 5 and day not in _holidays_in(day.year)


def add_working_days(day: date, count: int) -> date:
    """The day `count` working days after `day` (before it when `count` is negative).

    With `count` 0 the answer is `day` itself when it is a working day, else the next
    working day: something due "on" a Sunday is done on the Monday.
    """
    if count == 0:
        while not is_working_day(day):
            day += _ONE_DAY
        return day
    step = _ONE_DAY if count > 0 else -_ONE_DAY
    remaining = abs(count)
    while remaining:
        day += step
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """Working days in (start, end]: negative, counted over (end, start], if end < start."""
    if end < start:
        return -working_days_between(end, start)
    whole_weeks, extra = divmod((end - start).days, 7)
    count = whole_weeks * 5
    day = start + timedelta(days=whole_weeks * 7)
    for _ in range(extra):
        day += _ONE_DAY
        if day.weekday() < 5:
            count += 1
    for year in range(start.year, end.year + 1):
        count -= sum(1 for h in _holidays_in(year) if start < h <= end and h.weekday() < 5)
    return count


def apply_offset(day: date, offset: Offset) -> date:
    """`day` moved by the offset, in working or calendar days."""
    if offset.working:
        return add_working_days(day, offset.days)
    return day + timedelta(days=offset.days)
