"""UK financial years and quarters: April to March, Q1 April to June."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from partnerplan.core.periods import FinancialYear, PeriodError, Quarter, quarters_between


@pytest.mark.parametrize(
    ("day", "label"),
    [
        (date(2007, 3, 31), "2006/07 Q4"),
        (date(2007, 4, 1), "2007/08 Q1"),
        (date(2007, 6, 30), "2007/08 Q1"),
        (date(2007, 7, 1), "2007/08 Q2"),
        (date(2007, 12, 31), "2007/08 Q3"),
        (date(2008, 1, 1), "2007/08 Q4"),
        (date(1999, 12, 31), "1999/00 Q3"),
    ],
)
def test_the_quarter_containing_a_day(day: date, label: str) -> None:
    assert Quarter.containing(day).label == label


@pytest.mark.parametrize("text", ["2007/08", "2007-08", "2007/2008", " 2007 / 08 "])
def test_financial_years_are_read_as_people_write_them(text: str) -> None:
    year = FinancialYear.parse(text)
    assert year.start == 2007
    assert (year.first_day, year.last_day) == (date(2007, 4, 1), date(2008, 3, 31))


@pytest.mark.parametrize("text", ["2007/09", "2007", "07/08", "", "Q3", "2007/08 Q5"])
def test_text_that_is_not_a_financial_year_is_refused(text: str) -> None:
    with pytest.raises(PeriodError):
        FinancialYear.parse(text)


def test_quarters_know_their_days_and_months() -> None:
    q4 = Quarter.parse("2007/08 Q4")
    assert (q4.first_day, q4.last_day) == (date(2008, 1, 1), date(2008, 3, 31))
    assert q4.months == "January to March 2008"
    assert Quarter(2007, 3).months == "October to December 2007"
    assert q4.next() == Quarter(2008, 1)
    assert Quarter(2008, 1).previous() == q4
    assert Quarter.from_key(q4.key) == q4
    assert q4.key == 20074


def test_quarters_between_spans_year_ends() -> None:
    labels = [q.label for q in quarters_between(Quarter(2006, 3), Quarter(2007, 2))]
    assert labels == ["2006/07 Q3", "2006/07 Q4", "2007/08 Q1", "2007/08 Q2"]


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)))
def test_every_day_falls_inside_its_quarter(day: date) -> None:
    quarter = Quarter.containing(day)
    assert quarter.first_day <= day <= quarter.last_day
    assert quarter.financial_year.first_day <= day <= quarter.financial_year.last_day
    assert quarter.next().first_day.toordinal() == quarter.last_day.toordinal() + 1
