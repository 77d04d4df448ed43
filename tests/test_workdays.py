"""Working days in England and Wales: weekends and bank holidays, substitute days too."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from partnerplan.timescales.reader import Offset
from partnerplan.timescales.workdays import (
    add_working_days,
    apply_offset,
    bank_holidays,
    is_working_day,
    working_days_between,
)


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (date(2008, 3, 21), "Good Friday"),
        (date(2008, 3, 24), "Easter Monday"),
        (date(2008, 5, 5), "May Day"),
        (date(2008, 5, 26), "Spring Bank Holiday"),
        (date(2008, 8, 25), "Late Summer Bank Holiday"),
        (date(2012, 6, 4), "Spring Bank Holiday"),
        (date(2012, 6, 5), "Diamond Jubilee of Elizabeth II"),
        (date(2022, 6, 2), "Spring Bank Holiday"),
        (date(2022, 6, 3), "Platinum Jubilee of Elizabeth II"),
        (date(2023, 5, 8), "Coronation of Charles III"),
        (date(2004, 12, 27), "Christmas Day (observed)"),
        (date(2004, 12, 28), "Boxing Day (observed)"),
        (date(2010, 12, 27), "Christmas Day (observed)"),
        (date(2021, 12, 28), "Boxing Day (observed)"),
        (date(2022, 1, 3), "New Year's Day (observed)"),
        (date(2022, 12, 27), "Christmas Day (observed)"),
    ],
)
def test_bank_holidays_including_substitutes_and_one_off_days(day: date, name: str) -> None:
    assert bank_holidays(day.year)[day] == name
    assert not is_working_day(day)


def test_bank_holidays_are_those_of_one_year_only() -> None:
    holidays_2008 = bank_holidays(2008)
    assert len(holidays_2008) == 8
    assert all(day.year == 2008 for day in holidays_2008)
    holidays_2008.clear()  # a copy: the cache is untouched
    assert len(bank_holidays(2008)) == 8


def test_weekends_are_not_working_days() -> None:
    assert is_working_day(date(2008, 3, 20))  # Thursday before Easter
    assert not is_working_day(date(2008, 3, 22))  # Saturday
    assert not is_working_day(date(2008, 3, 23))  # Easter Sunday


@pytest.mark.parametrize(
    ("start", "count", "expected"),
    [
        # Christmas, Boxing Day, the weekend and New Year's Day are skipped.
        (date(2007, 12, 21), 5, date(2008, 1, 2)),
        # Across the financial year end and Easter 2008.
        (date(2008, 3, 20), 5, date(2008, 3, 31)),
        (date(2008, 3, 27), 5, date(2008, 4, 3)),
        (date(2009, 3, 27), 5, date(2009, 4, 3)),
        # Substitute days when Christmas falls at a weekend.
        (date(2004, 12, 24), 1, date(2004, 12, 29)),
        (date(2010, 12, 24), 1, date(2010, 12, 29)),
        (date(2021, 12, 24), 1, date(2021, 12, 29)),
        (date(2021, 12, 31), 1, date(2022, 1, 4)),
        # Jubilees and the coronation.
        (date(2012, 6, 1), 1, date(2012, 6, 6)),
        (date(2022, 6, 1), 1, date(2022, 6, 6)),
        (date(2023, 5, 5), 1, date(2023, 5, 9)),
        # Early May, spring and summer bank holidays.
        (date(2008, 5, 2), 1, date(2008, 5, 6)),
        (date(2008, 5, 23), 1, date(2008, 5, 27)),
        (date(2008, 8, 22), 1, date(2008, 8, 26)),
        # Backwards.
        (date(2008, 1, 2), -5, date(2007, 12, 21)),
        (date(2008, 3, 25), -1, date(2008, 3, 20)),
        (date(2008, 4, 1), -5, date(2008, 3, 25)),
        (date(2008, 4, 1), -6, date(2008, 3, 20)),
        # Zero: the day itself when working, else the next working day.
        (date(2008, 3, 20), 0, date(2008, 3, 20)),
        (date(2008, 3, 21), 0, date(2008, 3, 25)),
        (date(2007, 12, 22), 0, date(2007, 12, 24)),
    ],
)
def test_adding_working_days(start: date, count: int, expected: date) -> None:
    assert add_working_days(start, count) == expected


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2007, 12, 21), date(2008, 1, 2), 5),
        (date(2008, 1, 2), date(2007, 12, 21), -5),
        (date(2008, 3, 20), date(2008, 3, 31), 5),
        (date(2008, 3, 31), date(2008, 3, 20), -5),
        (date(2008, 3, 20), date(2008, 3, 20), 0),
        (date(2008, 3, 21), date(2008, 3, 24), 0),
        (date(2007, 4, 1), date(2008, 3, 31), 251),
    ],
)
def test_working_days_between(start: date, end: date, expected: int) -> None:
    assert working_days_between(start, end) == expected


def test_offsets_in_working_and_calendar_days() -> None:
    meeting = date(2007, 12, 21)
    assert apply_offset(meeting, Offset(5, True)) == date(2008, 1, 2)
    assert apply_offset(meeting, Offset(14, False)) == date(2008, 1, 4)
    assert apply_offset(meeting, Offset(-1, True)) == date(2007, 12, 20)
    assert apply_offset(date(2008, 3, 24), Offset(0, True)) == date(2008, 3, 25)
    assert apply_offset(date(2008, 3, 24), Offset(0, False)) == date(2008, 3, 24)


DAYS = st.dates(min_value=date(1995, 1, 1), max_value=date(2045, 12, 31))


@given(day=DAYS, count=st.integers(-60, 60).filter(bool))
def test_adding_lands_on_a_working_day(day: date, count: int) -> None:
    assert is_working_day(add_working_days(day, count))


@given(day=DAYS.filter(is_working_day), count=st.integers(-60, 60))
def test_counting_undoes_adding(day: date, count: int) -> None:
    assert working_days_between(day, add_working_days(day, count)) == count


@given(start=DAYS, end=DAYS)
def test_counting_matches_a_day_by_day_count(start: date, end: date) -> None:
    low, high = min(start, end), max(start, end)
    if (high - low).days > 400:
        high = date.fromordinal(low.toordinal() + 400)
    by_day = sum(
        1 for n in range(low.toordinal() + 1, high.toordinal() + 1)
        if is_working_day(date.fromordinal(n))
    )  # fmt: skip
    assert working_days_between(low, high) == by_day
    assert working_days_between(high, low) == -by_day
