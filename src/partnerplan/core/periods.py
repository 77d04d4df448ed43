"""UK financial years (April to March) and their quarters, the periods partnerships report in.

Plain Python: no Django, so that the timescale reader and the importers can use it too.
A quarter is stored as one sortable number, `key`: the year the financial year starts
in, times ten, plus the quarter (2007/08 Q3 is 20073).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]

_YEAR = re.compile(r"^\s*(\d{4})\s*[/-]\s*(\d{2}|\d{4})\s*$")
_QUARTER = re.compile(r"^\s*(\d{4}\s*[/-]\s*(?:\d{2}|\d{4}))\s*Q([1-4])\s*$", re.IGNORECASE)


def long_date(day: date | None) -> str:
    """A day as people write it, "4 May 2026"; nothing for no day. The month from a
    list, not strftime: long lists write thousands of these."""
    return "" if day is None else f"{day.day} {MONTHS[day.month - 1]} {day.year}"


class PeriodError(ValueError):
    """Text that does not name a financial year or quarter."""


@dataclass(frozen=True, order=True)
class FinancialYear:
    """The year from 1 April `start` to 31 March `start + 1`."""

    start: int

    @classmethod
    def parse(cls, text: str) -> FinancialYear:
        """Read "2007/08", "2007-08" or "2007/2008"."""
        match = _YEAR.match(text)
        if not match:
            raise PeriodError(f"“{text}” is not a financial year: write it as 2007/08.")
        start, end = int(match.group(1)), match.group(2)
        expected = start + 1
        if int(end) not in {expected, expected % 100}:
            raise PeriodError(
                f"“{text}” is not a financial year: {start} is followed by {expected}."
            )
        return cls(start)

    @classmethod
    def containing(cls, day: date) -> FinancialYear:
        return cls(day.year if day.month >= 4 else day.year - 1)

    @property
    def label(self) -> str:
        return f"{self.start}/{(self.start + 1) % 100:02d}"

    @property
    def first_day(self) -> date:
        return date(self.start, 4, 1)

    @property
    def last_day(self) -> date:
        return date(self.start + 1, 3, 31)

    def quarters(self) -> list[Quarter]:
        return [Quarter(self.start, number) for number in (1, 2, 3, 4)]

    def __str__(self) -> str:
        return self.label


@dataclass(frozen=True, order=True)
class Quarter:
    """One of the four quarters of a financial year: Q1 is April to June."""

    year: int
    number: int

    def __post_init__(self) -> None:
        if self.number not in (1, 2, 3, 4):
            raise PeriodError(f"A financial year has quarters 1 to 4, not {self.number}.")

    @classmethod
    def parse(cls, text: str) -> Quarter:
        """Read "2007/08 Q3"."""
        match = _QUARTER.match(text)
        if not match:
            raise PeriodError(f"“{text}” is not a quarter: write it as 2007/08 Q3.")
        return cls(FinancialYear.parse(match.group(1)).start, int(match.group(2)))

    @classmethod
    def from_key(cls, key: int) -> Quarter:
        return cls(key // 10, key % 10)

    @classmethod
    def containing(cls, day: date) -> Quarter:
        year = FinancialYear.containing(day).start
        return cls(year, (day.month - 4) % 12 // 3 + 1)

    @property
    def key(self) -> int:
        return self.year * 10 + self.number

    @property
    def financial_year(self) -> FinancialYear:
        return FinancialYear(self.year)

    @property
    def first_day(self) -> date:
        month = 4 + (self.number - 1) * 3
        return date(self.year + (month > 12), (month - 1) % 12 + 1, 1)

    @property
    def last_day(self) -> date:
        following = self.next().first_day
        return date.fromordinal(following.toordinal() - 1)

    @property
    def label(self) -> str:
        return f"{self.financial_year.label} Q{self.number}"

    @property
    def months(self) -> str:
        """ "October to December 2007", as people say it."""
        first, last = self.first_day, self.last_day
        if first.year == last.year:
            return f"{MONTHS[first.month - 1]} to {MONTHS[last.month - 1]} {last.year}"
        return f"{MONTHS[first.month - 1]} {first.year} to {MONTHS[last.month - 1]} {last.year}"

    def next(self) -> Quarter:
        return (
            Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)
        )

    def previous(self) -> Quarter:
        return (
            Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)
        )

    def __str__(self) -> str:
        return self.label


def quarters_between(first: Quarter, last: Quarter) -> list[Quarter]:
    """Every quarter from first to last, both included."""
    found: list[Quarter] = []
    current = first
    while current <= last:
        found.append(current)
        current = current.next()
    return found
