"""The timescale reader: the words a plan gives for "when", read into dates or a rule.

Plans write timescales as people speak: "Aug to Oct 07", "March annually", "within 5
working days of board meetings", "the autumn". The reader keeps the words and says what
they mean as one `Reading`: a day, a window, a deadline, a recurrence (an RFC 5545
RRULE), a time relative to meetings or quarter ends, "ongoing", or unknown. It never
guesses: words it cannot read are unknown, and vague words carry a note saying which
convention was used, so that a person can check.

Pure Python (no Django), so that importers, the command and the benchmark share it.
Years follow UK financial years (April to March) from `partnerplan.core.periods`.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from partnerplan.core.periods import MONTHS, FinancialYear, Quarter

__all__ = ["FLAGGED_BELOW", "KINDS", "MEETING_KINDS", "Offset", "Reading", "read_timescale"]

# Below this confidence a reading is shown to a person to check.
FLAGGED_BELOW = 0.5

KINDS = ("date", "period", "deadline", "recurring", "relative", "ongoing", "unknown")
MEETING_KINDS = ("board", "steering", "executive", "scrutiny", "theme", "public", "other")

# Longer text is a sentence or a pasted paragraph, not a timescale.
MAX_CHARS = 300


@dataclass(frozen=True, slots=True)
class Offset:
    """How far from the anchor something is due: negative days are before it."""

    days: int
    working: bool


@dataclass(frozen=True, slots=True)
class Reading:
    """What a timescale's words mean. `text` is always the words as written."""

    text: str
    kind: str
    start: date | None
    end: date | None
    rrule: str | None = None
    anchor: str | None = None
    offset: Offset | None = None
    confidence: float = 0.0
    note: str = ""

    @property
    def flagged(self) -> bool:
        """A person should check this reading."""
        return self.kind == "unknown" or self.confidence < FLAGGED_BELOW

    @property
    def due_on(self) -> date | None:
        """The single due date, when the words give one."""
        if self.kind in ("date", "period", "deadline"):
            return self.end
        if self.kind == "recurring":
            return self.start
        return None

    def as_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "kind": self.kind,
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "rrule": self.rrule,
            "anchor": self.anchor,
            "offset": (
                {"days": self.offset.days, "working": self.offset.working} if self.offset else None
            ),
            "confidence": float(round(self.confidence, 2)),
            "note": self.note,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Reading:
        """A reading back from `as_json`, as milestones, actions and meetings store it."""
        offset = data.get("offset")
        return cls(
            text=data.get("text", ""),
            kind=data["kind"],
            start=date.fromisoformat(data["start"]) if data.get("start") else None,
            end=date.fromisoformat(data["end"]) if data.get("end") else None,
            rrule=data.get("rrule"),
            anchor=data.get("anchor"),
            offset=Offset(offset["days"], offset["working"]) if offset else None,
            confidence=data.get("confidence", 0.0),
            note=data.get("note", ""),
        )


UNREAD_NOTE = "No date or recurrence in these words; a person should set the date."


def read_timescale(
    text: str, *, period: tuple[int, int] | None = None, today: date | None = None
) -> Reading:
    """Read a timescale's words.

    `period` is the plan's first and last financial years, by the year each starts in;
    it settles missing and two-digit years. Without it the financial year containing
    `today` is used. Never raises: anything unreadable is an unknown reading.
    """
    try:
        if period is None:
            year = FinancialYear.containing(today or date.today()).start
            first, last, given = year, year, False
        else:
            first, last = sorted((int(period[0]), int(period[1])))
            given = True
        return _read_cached(text, first, last, given)
    except Exception:
        return Reading(text=text, kind="unknown", start=None, end=None, note=UNREAD_NOTE)


# --- Words -----------------------------------------------------------------------------

_MONTH_NUMBER = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "febuary": 2, "march": 3,
    "mar": 3, "april": 4, "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7,
    "jul": 7, "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
MONTH = "(?:" + "|".join(sorted(_MONTH_NUMBER, key=len, reverse=True)) + r")\b"
_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "fifteen": 15, "twenty": 20, "thirty": 30,
}  # fmt: skip
NUMBER = r"(?:\d{1,3}|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")"
YEAR = r"(?:\d{4}|\d{2})"

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_DASHES = re.compile("[\u2010-\u2015\u2212\ufe58\ufe63\uff0d]")
_ORDINAL = re.compile(r"(\d{1,2})\s*(?:st|nd|rd|th)\b")
_ABBREVIATION_DOT = re.compile(r"\b(jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.")
_APOSTROPHE_YEAR = re.compile(r"['\u2018\u2019](\d{2})\b")
_SPACES = re.compile(r"\s+")
_EVERY_N = re.compile(r"\bevery\s+(\d{1,2})\s+(months|weeks)\b")


def _normalise(text: str) -> str:
    # Cheap tests first: most timescales are short plain ASCII.
    s = text.lower()
    if not s.isascii():
        s = _DASHES.sub("-", s)
    if not s.isprintable():
        s = _CONTROL.sub(" ", s)
    if "'" in s or "\u2019" in s or "\u2018" in s:
        s = _APOSTROPHE_YEAR.sub(r"\1", s)
    if "." in s:
        s = _ABBREVIATION_DOT.sub(r"\1", s)
    s = " ".join(s.split())
    if "st" in s or "nd" in s or "rd" in s or "th" in s:
        s = _ORDINAL.sub(r"\1th", s)
    return s.strip(" .;:,!?*\u2022-")


@dataclass(frozen=True, slots=True)
class _Context:
    first: int  # the plan's first financial year (the year it starts in)
    last: int
    given: bool  # False: the financial year containing today stands in for a plan

    @property
    def label(self) -> str:
        return FinancialYear(self.first).label

    def year_of_month(self, month: int) -> tuple[int, str]:
        """The year of the first `month` in the plan, and what to tell a person."""
        year = self.first if month >= 4 else self.first + 1
        name = MONTHS[month - 1]
        if not self.given:
            return year, f"No year given: read as {name} {year}, in {self.label}."
        if self.last > self.first:
            return year, (
                f"No year given and the plan covers several years: read as the first, "
                f"{name} {year}."
            )
        return year, ""

    def two_digit_year(self, digits: str) -> int:
        value = int(digits)
        if len(digits) == 4:
            return value
        if not self.given:
            return 1900 + value if value >= 50 else 2000 + value
        # The same two digits in the century nearest the plan's middle.
        middle = (self.first + self.last + 1) // 2
        year = middle - (middle - value) % 100
        return year + 100 if middle - year > 50 else year


@dataclass(frozen=True, slots=True)
class _Window:
    start: date
    end: date
    kind: str  # "date" or "period"
    confidence: float
    note: str = ""


def _last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _join(*notes: str) -> str:
    return " ".join(note for note in notes if note)


def _sane(year: int) -> bool:
    return 1900 <= year <= 2100


# --- Single days, months and ranges ----------------------------------------------------


def _point(prefix: str) -> str:
    return (
        rf"(?:(?P<{prefix}d1>\d{{1,2}})(?:th)?\s*(?:of\s+)?)?(?P<{prefix}m>{MONTH})"
        rf"(?:\s*(?P<{prefix}d2>\d{{1,2}})(?:th|(?=\s*,?\s*\d{{4}}\b)))?"
        rf"(?:\s*,?\s*(?P<{prefix}y>{YEAR})\b)?"
    )


_SEPARATOR = r"\s*(?:-+|to|until|till|thru|through|/|&|and|,)\s*"
_POINT = re.compile(_point("a"))
_RANGE = re.compile(
    _point("a") + r"\s*(?P<sep>-+|to|until|till|thru|through|/|&|and|,)\s*" + _point("b")
)
# Words that join two due dates rather than the two ends of one window.
_LIST_SEPARATORS = ("/", "&", "and", ",")
_DAY_RANGE_AFTER = re.compile(  # "aug 23th & 29th", "march 3-7 2008"
    rf"(?P<m>{MONTH})\s*(?P<d1>\d{{1,2}})(?:th)?{_SEPARATOR}(?P<d2>\d{{1,2}})(?:th)?"
    rf"(?:\s*,?\s*(?P<y>{YEAR}))?"
)
_DAY_RANGE_BEFORE = re.compile(  # "3-7 march 2008"
    rf"(?P<d1>\d{{1,2}})(?:th)?{_SEPARATOR}(?P<d2>\d{{1,2}})(?:th)?\s*(?:of\s+)?(?P<m>{MONTH})"
    rf"(?:\s*,?\s*(?P<y>{YEAR}))?"
)
_NUMERIC_DATE = re.compile(r"(\d{1,2})\s*([/.-])\s*(\d{1,2})\s*\2\s*(\d{4}|\d{2})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_FINANCIAL_YEAR = re.compile(
    r"(?:(?:fy|financial year|year)\s*)?(\d{4}|\d{2})\s*[/-]\s*(\d{1,4})(?:\s*financial year)?"
)
_FY_RANGE = re.compile(r"(\d{4}\s*/\s*\d{1,4})\s*(?:-|to|until)\s*(\d{4}\s*/\s*\d{1,4})")
_MONTH_IN_FY = re.compile(rf"(?P<m>{MONTH})\s*(?P<a>\d{{4}})\s*[/-]\s*(?P<b>\d{{1,4}})")
_CALENDAR_YEAR = re.compile(r"(\d{4})")
_YEAR_RANGE = re.compile(r"(\d{4})\s*(?:-|to|until)\s*(\d{4})")
_QUARTER_WORDS = {"1": 1, "2": 2, "3": 3, "4": 4, "first": 1, "second": 2, "third": 3}
_QUARTER = re.compile(
    r"(?:(?P<fy1>\d{4}\s*[/-]\s*\d{1,4})\s*)?"
    r"(?:q\s*(?P<n1>[1-4])|quarter\s*(?P<n2>[1-4])|(?P<n3>[1-4]|first|second|third|fourth)"
    r"(?:th)?\s+quarter)"
    r"(?:\s*(?:of\s*)?(?:the\s*)?(?:(?P<fy2>\d{4}\s*[/-]\s*\d{1,4})|(?P<cy>\d{4})))?"
)
_LEADING_FILLER = re.compile(
    r"^(?:(?:in|during|around|about|approx|approximately|circa|c|on|at|for|the|of|"
    r"scheduled for|planned for|due|due in|due on|target|target date|expected|"
    r"date|timescale|complete|completed|completion)\s*:?\s+)+"
)
_TRAILING_FILLER = re.compile(r"\s+(?:approx|approximately|at the latest|latest|onwards?)$")


def _financial_year(a: str, b: str, context: _Context) -> int | None:
    start = context.two_digit_year(a) if len(a) == 2 else int(a)
    following = start + 1
    if len(b) == 1:
        ok = int(b) == following % 10
    elif len(b) == 2:
        ok = int(b) == following % 100
    else:
        ok = int(b) == following
    return start if ok and _sane(start) else None


def _point_parts(match: re.Match[str], prefix: str) -> tuple[int | None, int, str | None]:
    day = match.group(prefix + "d1") or match.group(prefix + "d2")
    return (int(day) if day else None, _MONTH_NUMBER[match.group(prefix + "m")],
            match.group(prefix + "y"))  # fmt: skip


def _single(
    day: int | None, month: int, year_text: str | None, context: _Context
) -> _Window | None:
    if year_text:
        year, note, confidence = context.two_digit_year(year_text), "", 0.9
    else:
        year, note = context.year_of_month(month)
        confidence = 0.7 if note else 0.85
    if not _sane(year):
        return None
    if day is None:
        return _Window(date(year, month, 1), _last_day(year, month), "period", confidence, note)
    day_date = date(year, month, day)
    return _Window(day_date, day_date, "date", 1.0 if year_text else confidence, note)


def _range(
    first: tuple[int | None, int, str | None],
    second: tuple[int | None, int, str | None],
    context: _Context,
) -> _Window | None:
    (d1, m1, y1t), (d2, m2, y2t) = first, second
    note = ""
    confidence = 0.9
    if y1t:
        y1 = context.two_digit_year(y1t)
        y2 = context.two_digit_year(y2t) if y2t else (y1 if m2 >= m1 else y1 + 1)
    elif y2t:
        y2 = context.two_digit_year(y2t)
        y1 = y2 if m1 <= m2 else y2 - 1
    else:
        y1, note = context.year_of_month(m1)
        y2 = y1 if m2 >= m1 else y1 + 1
        confidence = 0.7 if note else 0.85
    if not (_sane(y1) and _sane(y2)):
        return None
    start = date(y1, m1, d1 or 1)
    end = date(y2, m2, d2) if d2 else _last_day(y2, m2)
    if end < start:
        return None
    return _Window(start, end, "period", confidence, note)


def _month_or_day_words(day: int | None, when: date) -> str:
    return _day_words(when) if day else f"{MONTHS[when.month - 1]} {when.year}"


def _two_dates(
    first: tuple[int | None, int, str | None],
    second: tuple[int | None, int, str | None],
    window: _Window,
) -> _Window:
    """ "31 March 2008 / 30 June 2008", "March and September 2008": two due dates, not a
    window. Read as the first (the earlier deadline), flagged for a person."""
    start = window.start
    if first[0] is None:
        one = _Window(start, _last_day(start.year, start.month), "period", 0.45)
    else:
        one = _Window(start, start, "date", 0.45)
    named = (
        f"{_month_or_day_words(first[0], window.start)} and "
        f"{_month_or_day_words(second[0], window.end)}"
    )
    note = f"Two dates are named ({named}): read as the first; check it."
    return replace(one, note=_join(note, window.note))


_VAGUE_PART = {
    "early": (1, 10, "early"), "beginning of": (1, 10, "the beginning of"),
    "start of": (1, 10, "the start of"), "mid": (11, 20, "mid"),
    "middle of": (11, 20, "the middle of"), "late": (21, 31, "late"),
    "end of": (21, 31, "the end of"),
}  # fmt: skip
_VAGUE_MONTH = re.compile(
    r"(?:the\s+)?(?P<part>early|beginning of|start of|mid|middle of|late|end of)"
    rf"\s*-?\s*(?:the\s+)?(?:month of\s+)?(?P<m>{MONTH})(?:\s*,?\s*(?P<y>{YEAR}))?"
)
_SEASONS = {
    "spring": (3, 5, "1 March to 31 May"),
    "summer": (6, 8, "1 June to 31 August"),
    "autumn": (9, 11, "1 September to 30 November"),
    "fall": (9, 11, "1 September to 30 November"),
    "winter": (12, 2, "1 December to the end of February"),
}
_SEASON = re.compile(r"(?:the\s+)?(?P<s>spring|summer|autumn|fall|winter)(?:\s+(?P<y>\d{4}))?")
_HALF = re.compile(
    r"(?:the\s+)?(?P<h>first|1st|second|2nd|latter|last|later|back)\s+half\s+"
    r"(?:of\s+)?(?:the\s+)?(?:(?:financial\s+)?year)?\s*(?:(?P<fy>\d{4}\s*[/-]\s*\d{1,4}))?"
)
_YEAR_END = re.compile(r"(?:the\s+)?(?:financial\s+)?year[\s-]?end")
_END_OF_YEAR = re.compile(
    r"(?:the\s+)?end of (?:the\s+)?(?:financial\s+)?year(?:\s*(?P<fy>\d{4}\s*[/-]\s*\d{1,4}))?"
)


def _vague(s: str, context: _Context) -> _Window | None:
    match = _VAGUE_MONTH.fullmatch(s)
    if match:
        first_day, last_day, words = _VAGUE_PART[match.group("part")]
        month = _MONTH_NUMBER[match.group("m")]
        whole = _single(None, month, match.group("y"), context)
        if whole is None:
            return None
        end = min(whole.end, whole.start.replace(day=min(last_day, whole.end.day)))
        start = whole.start.replace(day=first_day)
        name = MONTHS[month - 1]
        note = f"“{words} {name}” is read as {first_day} to {end.day} {name}."
        return _Window(start, end, "period", 0.6, _join(note, whole.note))
    match = _SEASON.fullmatch(s)
    if match:
        first_month, last_month, days = _SEASONS[match.group("s")]
        if match.group("y"):
            year = int(match.group("y"))
        else:
            year = context.first if first_month >= 4 or first_month == 12 else context.first + 1
        if not _sane(year):
            return None
        start = date(year, first_month, 1)
        end = _last_day(year + (last_month < first_month), last_month)
        note = f"“{match.group('s')}” is read as {days} ({start.year})."
        confidence = 0.6 if match.group("y") or context.given else 0.5
        return _Window(start, end, "period", confidence, note)
    match = _HALF.fullmatch(s)
    if match:
        year = context.first
        if match.group("fy"):
            fy = _financial_year(*re.split(r"\s*[/-]\s*", match.group("fy")), context)
            if fy is None:
                return None
            year = fy
        label = FinancialYear(year).label
        if match.group("h") in ("first", "1st"):
            start, end = date(year, 4, 1), date(year, 9, 30)
            note = f"The first half of the year is read as April to September ({label})."
        else:
            start, end = date(year, 10, 1), date(year + 1, 3, 31)
            note = f"The latter half of the year is read as October to March ({label})."
        return _Window(start, end, "period", 0.6, note)
    if _YEAR_END.fullmatch(s):
        year = context.first + 1
        return _Window(
            date(year, 3, 1),
            date(year, 3, 31),
            "period",
            0.6,
            f"“Year end” is read as March {year}, the end of the financial year {context.label}.",
        )
    match = _END_OF_YEAR.fullmatch(s)
    if match:
        year = context.first
        if match.group("fy"):
            fy = _financial_year(*re.split(r"\s*[/-]\s*", match.group("fy")), context)
            if fy is None:
                return None
            year = fy
        day = date(year + 1, 3, 31)
        note = (
            f"“The end of the year” is read as 31 March {year + 1}, the end of the financial "
            f"year {FinancialYear(year).label}."
        )
        return _Window(day, day, "period", 0.6, note)
    return None


def _when(s: str, context: _Context) -> _Window | None:
    """A day or a window named by the whole of `s`, or None."""
    if not s[0].isdigit():
        s = _LEADING_FILLER.sub("", s)
    if s.endswith(("approx", "approximately", "latest", "onward", "onwards")):
        s = _TRAILING_FILLER.sub("", s)
    s = s.strip(" ,.")
    if not s or len(s) > 60:
        return None
    if s[0].isdigit() or s.startswith(("fy", "financial year", "year ")):
        window = _numeric(s, context)
        if window is not None:
            return window
    match = _POINT.fullmatch(s)
    if match:
        return _single(*_point_parts(match, "a"), context)
    match = _RANGE.fullmatch(s)
    if match:
        first, second = _point_parts(match, "a"), _point_parts(match, "b")
        window = _range(first, second, context)
        if window is None or match.group("sep") not in _LIST_SEPARATORS:
            return window
        # "August/September", "April & May 07": two neighbouring months are one span.
        if (
            first[0] is None
            and second[0] is None
            and second[1] == first[1] % 12 + 1
            and (window.end - window.start).days < 62
        ):
            return window
        return _two_dates(first, second, window)
    for pattern in (_DAY_RANGE_AFTER, _DAY_RANGE_BEFORE):
        match = pattern.fullmatch(s)
        if match:
            month, year = _MONTH_NUMBER[match.group("m")], match.group("y")
            d1, d2 = int(match.group("d1")), int(match.group("d2"))
            window = _range((d1, month, year), (d2, month, year), context)
            if window is None:
                return None
            note = f"Two days are named: read as the days from {d1} to {d2} {MONTHS[month - 1]}."
            return replace(window, confidence=0.7, note=_join(note, window.note))
    match = _MONTH_IN_FY.fullmatch(s)
    if match:
        year = _financial_year(match.group("a"), match.group("b"), context)
        if year is None:
            return None
        month = _MONTH_NUMBER[match.group("m")]
        start = date(year if month >= 4 else year + 1, month, 1)
        label = FinancialYear(year).label
        note = (
            f"Read as the financial year {label} from {MONTHS[month - 1]} {start.year}: "
            f"{start.day} {MONTHS[month - 1]} {start.year} to 31 March {year + 1}."
        )
        return _Window(start, date(year + 1, 3, 31), "period", 0.8, note)
    match = _QUARTER.fullmatch(s)
    if match:
        return _quarter(match, context)
    return _vague(s, context)


def _numeric(s: str, context: _Context) -> _Window | None:
    match = _NUMERIC_DATE.fullmatch(s)
    if match:
        year = context.two_digit_year(match.group(4))
        if not _sane(year):
            return None
        day = date(year, int(match.group(3)), int(match.group(1)))  # UK order: day first
        return _Window(day, day, "date", 1.0)
    match = _ISO_DATE.fullmatch(s)
    if match:
        day = date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        return _Window(day, day, "date", 1.0)
    match = _FY_RANGE.fullmatch(s)
    if match:
        first = _financial_year(*re.split(r"\s*/\s*", match.group(1)), context)
        last = _financial_year(*re.split(r"\s*/\s*", match.group(2)), context)
        if first is None or last is None or last < first:
            return None
        return _Window(date(first, 4, 1), date(last + 1, 3, 31), "period", 0.9)
    match = _FINANCIAL_YEAR.fullmatch(s)
    year = _financial_year(match.group(1), match.group(2), context) if match else None
    if match and year is not None:
        note = "" if len(match.group(1)) == 4 else "Read as a financial year."
        return _Window(
            date(year, 4, 1), date(year + 1, 3, 31), "period", 0.9 if not note else 0.8, note
        )
    match = _YEAR_RANGE.fullmatch(s)
    if match:
        first, last = int(match.group(1)), int(match.group(2))
        if not (_sane(first) and _sane(last)) or last < first:
            return None
        note = "Read as the calendar years, January to December, not financial years."
        return _Window(date(first, 1, 1), date(last, 12, 31), "period", 0.7, note)
    match = _CALENDAR_YEAR.fullmatch(s)
    if match:
        year = int(match.group(1))
        if not _sane(year):
            return None
        note = f"Read as the calendar year {year}, January to December, not a financial year."
        return _Window(date(year, 1, 1), date(year, 12, 31), "period", 0.8, note)
    match = _QUARTER.fullmatch(s)
    if match:
        return _quarter(match, context)
    return None


def _quarter(match: re.Match[str], context: _Context) -> _Window | None:
    words = match.group("n1") or match.group("n2") or match.group("n3")
    number = _QUARTER_WORDS.get(words, 4)
    fy_text = match.group("fy1") or match.group("fy2")
    note = ""
    confidence = 0.9
    if fy_text:
        year = _financial_year(*re.split(r"\s*[/-]\s*", fy_text), context)
        if year is None:
            return None
    elif match.group("cy"):
        year = int(match.group("cy"))
        note = f"Read as quarter {number} of the financial year starting in {year}."
        confidence = 0.6
    else:
        year = context.first
        if not context.given or context.last > context.first:
            note = f"No year given: read as quarter {number} of {FinancialYear(year).label}."
            confidence = 0.7
    if not _sane(year):
        return None
    quarter = Quarter(year, number)
    return _Window(quarter.first_day, quarter.last_day, "period", confidence, note)


# --- The kinds -------------------------------------------------------------------------


def _reading(kind: str, start: date | None, end: date | None, confidence: float, note: str,
             **extra: Any) -> Reading:  # fmt: skip
    return Reading(text="", kind=kind, start=start, end=end, confidence=confidence,
                   note=note, **extra)  # fmt: skip


def _plain(s: str, context: _Context) -> Reading | None:
    window = _when(s, context)
    if window is None:
        return None
    return _reading(window.kind, window.start, window.end, window.confidence, window.note)


_DEADLINE = re.compile(
    r"(?:(?:to be\s+)?(?:completed|complete|done|achieved|in place|delivered|finished|"
    r"due|target|submitted|agreed)\s+)?"
    r"(?P<w>by|no later than|not later than|on or before|before|prior to|until|till|"
    r"deadline|deadline of)\s*:?\s+(?:the\s+)?(?P<rest>.+)"
)


_DEADLINE_HINT = re.compile(r"\b(?:by|later|before|prior|until|till|deadline)\b")
_END_OF = re.compile(r"(?:the\s+)?end\s+of\s+(?:the\s+)?(?=\S*\s*\S)")


def _deadline(s: str, context: _Context) -> Reading | None:
    match = _DEADLINE.fullmatch(s) if _DEADLINE_HINT.search(s) else None
    if not match:
        return None
    rest = match.group("rest")
    # "By the end of March" is simply by 31 March: no vague window.
    window = _when(_END_OF.sub("", rest), context) if _END_OF.match(rest) else None
    window = window or _when(rest, context)
    if window is None:
        return None
    word = match.group("w")
    confidence = min(0.9, window.confidence)
    note = window.note
    if word in ("before", "prior to"):
        end = window.start - timedelta(days=1)
        note = _join(f"“{word.capitalize()}” is read as by {_day_words(end)}.", note)
    else:
        end = window.end
        if word in ("until", "till"):
            note = _join(f"“{word.capitalize()}” is read as due by {_day_words(end)}.", note)
            confidence = min(confidence, 0.7)
    return _reading("deadline", None, end, confidence, note)


def _day_words(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


_ONGOING = re.compile(
    r"(?:work\s+)?(?:is\s+)?(?:on\s*-?\s*going|continuous(?:ly)?|continuing|continual|"
    r"throughout(?: the year)?|all year(?: round)?|open[\s-]ended|permanent)"
)
_AS_NEEDED = re.compile(
    r"(?:as (?:and when )?(?:required|necessary|needed|appropriate)|when (?:required|needed|"
    r"necessary)|ad[\s-]hoc)"
)
_ONGOING_HEAD = re.compile(r"(?:on\s*-?\s*going|continuous|continuing)\b(?P<rest>.*)")
_ONWARDS = re.compile(
    r"(?:(?:ongoing\s+)?from\s+)?(?P<w>.+?)\s+onwards?|(?:ongoing\s+)?from\s+(?P<f>.+)"
)


def _ongoing(s: str, context: _Context) -> Reading | None:
    first_day = FinancialYear(context.first).first_day if context.given else None
    if not _ONGOING.fullmatch(s):
        s = _LEADING_FILLER.sub("", s)  # "Target: ongoing"
    if _ONGOING.fullmatch(s):
        return _reading("ongoing", first_day, None, 0.9, "Ongoing: no single due date.")
    if _AS_NEEDED.fullmatch(s):
        note = "Done when needed: read as ongoing, with no due date."
        return _reading("ongoing", first_day, None, 0.6, note)
    match = _ONWARDS.fullmatch(s) if "onward" in s or "from " in s else None
    if match:
        window = _when(match.group("w") or match.group("f"), context)
        if window is not None:
            note = _join(f"Ongoing from {_day_words(window.start)}.", window.note)
            return _reading("ongoing", window.start, None, min(0.85, window.confidence), note)
    match = _ONGOING_HEAD.fullmatch(s)
    if match and not re.search(r"\d|" + MONTH, match.group("rest")):
        note = "Ongoing: no single due date. The other words were not read."
        return _reading("ongoing", first_day, None, 0.7, note)
    return None


# Relative: "within 5 working days of board meetings", "before each board meeting".
_ANCHOR = (
    r"(?:(?:the|each|every|all|any|a|an|its|our)\s+)?"
    r"(?:(?P<qe>(?:end of (?:the\s+|each\s+|every\s+)?(?:financial\s+)?quarter)|"
    r"(?:financial\s+)?quarter[\s-]?ends?)|"
    r"(?P<ye>end of (?:the\s+)?(?:financial\s+)?year|(?:financial\s+)?year[\s-]?ends?)|"
    r"(?P<q>(?:[a-z&'/-]+\s+){0,4}?)meetings?(?:\s+of\s+(?:the\s+)?(?P<q2>[a-z&'/ ]{1,40}?))?)"
)
_OFFSET = re.compile(
    r"(?P<pre>.*?\b)?(?:(?:within|no later than|not later than|up to|at least|no more than|"
    r"no less than|at most)\s+)?(?P<n>\d+|" + NUMBER + r")\s*(?P<unit>(?:clear\s+)?(?:working|"
    r"business|calendar|clear)?\s*(?:days?|weeks?|fortnights?|months?))\s+(?P<rel>after|of|following|"
    r"from|before|prior to|ahead of|in advance of)\s+" + _ANCHOR
)
_NO_OFFSET = re.compile(
    r"(?P<pre>.*?\b)?(?P<rel>before|prior to|ahead of|in advance of|in time for|for|at|to|in|"
    r"after|following|by|on)?\s*(?:(?:each|every|all|any)\s+)"
    + _ANCHOR
    + r"|(?P<rel2>before|prior to|ahead of|in advance of|in time for|after|following)\s+"
    + _ANCHOR.replace("?P<", "?P<x")
)
_MEETING_WORDS = {
    "board": "board", "boards": "board", "steering": "steering",
    "executive": "executive", "exec": "executive", "scrutiny": "scrutiny",
    "o&s": "scrutiny", "theme": "theme", "thematic": "theme", "block": "theme",
    "public": "public",
}  # fmt: skip
_ANY_MEETING_WORDS = {
    "", "partnership", "lsp", "full", "group", "the", "each", "every", "all", "its",
    "our", "next", "regular", "scheduled", "formal", "partners", "partner", "committee",
    "overview", "and", "quarterly",
}  # fmt: skip


def _anchor(match: re.Match[str], prefix: str = "") -> tuple[str, str]:
    if match.group(prefix + "qe"):
        return "quarter-end", "the end of each financial quarter"
    if match.group(prefix + "ye"):
        return "year-end", "the end of the financial year (31 March)"
    words = f"{match.group(prefix + 'q') or ''} {match.group(prefix + 'q2') or ''}".split()
    for word in words:
        kind = _MEETING_WORDS.get(word)
        if kind:
            return f"meeting:{kind}", f"each {kind} meeting"
    if all(word in _ANY_MEETING_WORDS for word in words):
        return "meeting", "each meeting of the partnership"
    return "meeting:other", "each meeting of the group named"


# Counts or lengths of time in words the offset patterns did not read.
_UNREAD_TIME = re.compile(
    r"\d|\b(?:" + "|".join(w for w in _NUMBER_WORDS if w not in ("a", "an")) + r"|few|several|"
    r"couple|days?|weeks?|fortnights?|months?|years?)\b"
)
# Offsets longer than this are not a sensible time from a meeting or quarter end.
MAX_OFFSET_DAYS = 366


def _unread_time_note(pre: str | None) -> str:
    words = (pre or "").strip()
    if not _UNREAD_TIME.search(words):
        return ""
    return f"The words “{words}” give a time that was not read; a person should set it."


def _relative(s: str, context: _Context) -> Reading | None:
    if "meeting" not in s and not ("end" in s and ("quarter" in s or "year" in s)):
        return None
    match = _OFFSET.fullmatch(s)
    if match:
        number = match.group("n")
        count = int(number) if number.isdigit() else _NUMBER_WORDS[number]
        unit = match.group("unit")
        anchor, anchor_words = _anchor(match)
        sign = (
            -1 if match.group("rel") in ("before", "prior to", "ahead of", "in advance of") else 1
        )
        confidence = 0.8
        days = count * (7 if "week" in unit else 14 if "fortnight" in unit else
                        30 if "month" in unit else 1)  # fmt: skip
        if days > MAX_OFFSET_DAYS:
            return _unknown(
                f"“{number} {unit}” from {anchor_words} is too long to be a sensible offset "
                f"(over {MAX_OFFSET_DAYS} days); a person should set the date."
            )
        if "fortnight" in unit:
            offset = Offset(sign * days, False)
            how = f"{days} calendar days ({'a fortnight' if count == 1 else f'{count} fortnights'})"
        elif "week" in unit:
            offset = Offset(sign * count * 7, False)
            how = f"{count * 7} calendar days ({count} week{'s' * (count != 1)})"
        elif "month" in unit:
            offset = Offset(sign * count * 30, False)
            how = f"{count * 30} calendar days (a month counted as 30 days)"
            confidence = 0.6
        elif "working" in unit or "business" in unit:
            offset = Offset(sign * count, True)
            how = f"{count} working day{'s' * (count != 1)}"
        else:
            offset = Offset(sign * count, False)
            how = f"{count} calendar day{'s' * (count != 1)}"
        direction = "before" if sign < 0 else "after"
        note = f"Due {how} {direction} {anchor_words}."
        unread = _unread_time_note(match.group("pre"))
        if unread:
            note, confidence = _join(note, unread), min(confidence, 0.45)
        return _reading("relative", None, None, confidence, note, anchor=anchor, offset=offset)
    match = _NO_OFFSET.fullmatch(s)
    if match:
        prefix = (
            "" if match.group("q") is not None or match.group("qe") or match.group("ye") else "x"
        )
        rel = match.group("rel") or match.group("rel2") or ""
        anchor, anchor_words = _anchor(match, prefix)
        if rel in ("before", "prior to", "ahead of", "in advance of", "in time for"):
            offset = Offset(-1, True)
            note = f"Due by the working day before {anchor_words}."
            confidence = 0.8
        elif rel in ("after", "following"):
            offset = Offset(0, True)
            note = (
                f"No time after {anchor_words} is given: read as due on the day; "
                "a person should set how long."
            )
            confidence = 0.45
        else:
            offset = Offset(0, True)
            note = f"Due at {anchor_words}."
            confidence = 0.8
        unread = _unread_time_note(match.group("pre"))
        if unread:
            note, confidence = _join(note, unread), min(confidence, 0.45)
        return _reading("relative", None, None, confidence, note, anchor=anchor, offset=offset)
    return None


# Recurring: (pattern, rule, months from the financial year's start to the first
# occurrence's month (None: the start itself), what to call it, confidence).
_RECURRENCES = [
    (r"(?:minimum|at least|min)\s+(?:of\s+)?(?:twice|two times)\s+(?:a|per|each)\s+year",
     "FREQ=MONTHLY;INTERVAL=6;BYMONTHDAY=-1", 5, "at least twice a year", 0.6),
    (r"(?:6|six)\s*-?\s*monthly|half\s*-?\s*yearly|twice\s+(?:a|per|each)\s+year|"
     r"twice\s*-?\s*yearly|(?:bi|semi)\s*-?\s*annual(?:ly)?|every\s+(?:6|six)\s+months",
     "FREQ=MONTHLY;INTERVAL=6;BYMONTHDAY=-1", 5, "every six months", 0.85),
    (r"(?:3|three)\s*-?\s*monthly|quarterly|(?:each|every|per|a)\s+quarter|"
     r"every\s+(?:3|three)\s+months|(?:four|4)\s+times\s+(?:a|per|each)\s+year",
     "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1", 2, "at the end of each financial quarter", 0.9),
    (r"(?:three|3)\s+times\s+(?:a|per|each)\s+year|every\s+(?:4|four)\s+months|"
     r"(?:4|four)\s*-?\s*monthly",
     "FREQ=MONTHLY;INTERVAL=4;BYMONTHDAY=-1", 3, "every four months", 0.7),
    (r"(?:2|two)\s*-?\s*monthly|bi\s*-?\s*monthly|every\s+(?:2|two|other|second)\s+months?",
     "FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=-1", 1, "every two months", 0.8),
    (r"monthly|(?:each|every|per|a)\s+month",
     "FREQ=MONTHLY;BYMONTHDAY=-1", 0, "at the end of each month", 0.9),
    (r"fortnightly|every\s+(?:2|two|other)\s+weeks?|bi\s*-?\s*weekly",
     "FREQ=WEEKLY;INTERVAL=2", None, "every two weeks from the start of the year", 0.85),
    (r"weekly|(?:each|every|per|a)\s+week", "FREQ=WEEKLY", None,
     "every week from the start of the year", 0.85),
    (r"daily|(?:each|every|per|a)\s+(?:working\s+)?day", "FREQ=DAILY", None,
     "every day from the start of the year", 0.8),
    (r"annual(?:ly)?|yearly|(?:each|every|per|a|once\s+a)\s+year|per\s+annum|p\.?a",
     "FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=-1", 11, "each year at the end of the financial year", 0.85),
]  # fmt: skip
# One search finds the leftmost recurrence; at one position the earlier pattern wins.
_RECURRENCE = re.compile(
    "|".join(rf"(?P<r{i}>\b(?:{pattern})\b)" for i, (pattern, *_) in enumerate(_RECURRENCES))
)
_RECURRENCE_HINT = re.compile(
    r"(?<!ju)(?<!ear)ly\b|yearly|annu|each|every|per\b|twice|times|p\.?a\b|"
    r"a (?:year|month|week|quarter|day)"
)
_MONTH_LIST = re.compile(rf"(?:in\s+|each\s+|every\s+)?({MONTH}(?:\s*(?:,|and|&|/)?\s*{MONTH})*)")
_LEFTOVER_FILLER = re.compile(
    r"\b(?:and then|then|thereafter|and|from|starting(?: in| from)?|beginning(?: in)?|"
    r"commencing|first|in|on|at|the end of|end of|at the end of|reviewed|reported|"
    r"report(?:ed|ing)?|review(?:ed)?|monitored|conducted|held|updated|after that)\b|[,;()]"
)
_EVERY_MONTH = re.compile(rf"(?:each|every)\s+({MONTH})")
_TERMLY = re.compile(r"\btermly\b|\b(?:each|every|per) term\b")


def _recurring(s: str, context: _Context) -> Reading | None:
    match = _EVERY_MONTH.fullmatch(s)
    if match:
        return _yearly_in_months([_MONTH_NUMBER[match.group(1)]], context, 0.85, "")
    if not _RECURRENCE_HINT.search(s):  # most timescales: skip the long pattern
        return None
    every = _EVERY_N.fullmatch(s)
    # Longer gaps than a year are too rare to guess a first date for.
    if every and 0 < int(every.group(1)) <= (12 if every.group(2) == "months" else 52):
        n, unit = int(every.group(1)), every.group(2)
        if unit == "weeks":
            rule, months, words = f"FREQ=WEEKLY;INTERVAL={n}", None, f"every {n} weeks"
        else:
            rule, months, words = (
                f"FREQ=MONTHLY;INTERVAL={n};BYMONTHDAY=-1",
                (n - 1) % 12,
                (f"every {n} months"),
            )
        return _standard(rule, months, context, 0.8, f"Due {words}.")
    found = _RECURRENCE.search(s)
    if found:
        _, rule, months, words, confidence = _RECURRENCES[int(found.lastgroup[1:])]
        leftover = (s[: found.start()] + " " + s[found.end() :]).strip()
        note = f"Due {words}."
        if confidence < 0.7 and "at least" in words:
            note = "Due at least twice a year: read as every six months; more is allowed."
        if not leftover:
            return _standard(rule, months, context, confidence, note)
        bare = _SPACES.sub(" ", _LEFTOVER_FILLER.sub(" ", leftover)).strip()
        if not bare:
            return _standard(rule, months, context, confidence, note)
        if rule.startswith("FREQ=YEARLY"):
            listed = _MONTH_LIST.fullmatch(bare)
            if listed:
                numbers = sorted({_MONTH_NUMBER[m] for m in re.findall(MONTH, listed.group(1))})
                return _yearly_in_months(numbers, context, confidence, "")
        window = _when(bare, context)
        if window is not None:
            if rule.startswith("FREQ=YEARLY"):
                words = "each year"
            return _from_window(rule, months, words, window, context, leftover)
        # Words beside the recurrence that are not a date: keep the rule, say so.
        reading = _standard(rule, months, context, min(confidence, 0.7), note)
        return replace(reading, note=_join(note, "The other words were not read."))
    return None


def _until(context: _Context) -> date | None:
    return FinancialYear(context.last).last_day if context.given else None


def _finish(rule: str, start: date, context: _Context, confidence: float, note: str) -> Reading:
    end = _until(context)
    if end is not None and end < start:
        end = None
        note = _join(note, "It starts after the plan's period.")
    return _reading("recurring", start, end, confidence, note, rrule=rule)


def _standard(rule: str, months: int | None, context: _Context, confidence: float,
              note: str) -> Reading:  # fmt: skip
    first_day = FinancialYear(context.first).first_day
    if months is None:
        start = first_day
    else:
        month = (3 + months) % 12 + 1
        start = _last_day(context.first + (month < 4), month)
    if not context.given:
        note = _join(note, f"No plan period: counted from {context.label}.")
    return _finish(rule, start, context, confidence, note)


def _yearly_in_months(months: list[int], context: _Context, confidence: float,
                      note: str) -> Reading:  # fmt: skip
    by_month = ",".join(str(m) for m in months)
    # The first of these month-ends on or after the plan's first day.
    start = min(_last_day(context.first + (m < 4), m) for m in months)
    names = " and ".join(MONTHS[m - 1] for m in months)
    note = _join(f"Due each year at the end of {names}.", note)
    if not context.given:
        note = _join(note, f"No plan period: counted from {context.label}.")
    return _finish(f"FREQ=YEARLY;BYMONTH={by_month};BYMONTHDAY=-1", start, context,
                   confidence, note)  # fmt: skip


def _from_window(rule: str, months: int | None, words: str, window: _Window, context: _Context,
                 leftover: str) -> Reading:  # fmt: skip
    """A recurrence that starts at a named day or month: "February 09 and then annually"."""
    starting = bool(re.search(r"\b(?:from|starting|beginning|commencing)\b", leftover))
    single_month = window.start.day == 1 and window.end == _last_day(
        window.start.year, window.start.month
    )
    if window.kind == "date" or single_month:
        start = window.end
        by_day = str(start.day) if window.kind == "date" else "-1"
        if rule.startswith("FREQ=YEARLY"):
            rule = f"FREQ=YEARLY;BYMONTH={start.month};BYMONTHDAY={by_day}"
        elif rule.startswith("FREQ=MONTHLY"):
            rule = rule.replace("BYMONTHDAY=-1", f"BYMONTHDAY={by_day}")
    elif starting:
        start = window.start
    else:
        return replace(
            _standard(rule, months, context, 0.6, f"Due {words}."),
            note=f"Due {words}; the dates named were not used as a start.",
        )
    if starting and window.kind != "date" and not rule.startswith("FREQ=YEARLY;BYMONTH="):
        start = window.start
        if rule.startswith("FREQ=MONTHLY"):
            start = _first_month_end(rule, months, window.start)
    note = _join(f"From {_day_words(start)}, then {words}.", window.note)
    if starting and start > window.end:
        # "Every 3 months from July": the period from July ends 30 September, as
        # "quarterly" is due at quarter ends.
        note = _join(
            note,
            f"By convention the first is due at the end of the first period from "
            f"{_day_words(window.start)}, not at the end of the month named.",
        )
    return _finish(rule, start, context, min(0.8, window.confidence), note)


def _first_month_end(rule: str, months: int | None, day: date) -> date:
    """The first regular month-end occurrence on or after `day`."""
    interval = int(re.search(r"INTERVAL=(\d+)", rule).group(1)) if "INTERVAL" in rule else 1
    first = _last_day(FinancialYear.containing(day).start + (((3 + (months or 0)) % 12 + 1) < 4),
                      (3 + (months or 0)) % 12 + 1)  # fmt: skip
    current = first
    while current < day:
        month = current.month + interval
        current = _last_day(current.year + (month - 1) // 12, (month - 1) % 12 + 1)
    while True:  # step back while the previous occurrence still falls on or after `day`
        month = current.month - interval
        previous = _last_day(current.year + (month - 1) // 12, (month - 1) % 12 + 1)
        if previous < day:
            return current
        current = previous


_MIXED_SPLIT = re.compile(
    r"\s*(?:[,;()\[\]]|\band then\b|\bthen\b|\band\b|\bplus\b|\balso\b|\bor\b)\s*"
)
_KIND_ORDER = {"date": 0, "period": 0, "deadline": 0, "recurring": 0, "relative": 1, "ongoing": 2}
_KIND_WORDS = {
    "date": "a date", "period": "a period", "deadline": "a deadline",
    "recurring": "a recurrence", "relative": "a time relative to meetings",
    "ongoing": "that it is ongoing",
}  # fmt: skip


def _mixed(s: str, context: _Context) -> Reading | None:
    pieces = [piece for piece in _MIXED_SPLIT.split(s) if piece and piece.strip()]
    if len(pieces) < 2 or len(pieces) > 8:
        return None
    readings = [(piece, _simple(piece, context)) for piece in pieces]
    readable = [(piece, r) for piece, r in readings if r is not None]
    if not readable:
        return None
    piece, chosen = min(readable, key=lambda item: _KIND_ORDER[item[1].kind])
    others = [f"also says {_KIND_WORDS[r.kind]} (“{p}”)" for p, r in readable if r is not chosen]
    unread = [p for p, r in readings if r is None]
    notes = [f"Read from “{piece}”."]
    if others:
        notes.append("The text " + "; ".join(others) + ".")
    if unread:
        notes.append("Not read: " + ", ".join(f"“{p}”" for p in unread) + ".")
    confidence = min(0.6, chosen.confidence)
    # Several different due dates: the first may not be the one meant.
    dues = {r.due_on for _, r in readable if r.kind in ("date", "period", "deadline")}
    if len(dues) > 1:
        confidence = min(confidence, 0.45)
        notes.append("Several due dates are named: read as the first; check it.")
    note = _join(chosen.note, *notes)
    return replace(chosen, confidence=confidence, note=note)


_SCAN = re.compile(
    r"(?:\b(?P<by>by|before|no later than)\s+)?(?P<w>"
    r"\b\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*(?:\d{4}|\d{2})\b|"
    r"\b\d{4}\s*/\s*\d{1,4}\b|"
    r"\b(?:\d{1,2}(?:th)?\s+(?:of\s+)?)?" + MONTH + r"(?:\s*\d{1,2}th)?\s*,?\s*(?:\d{4}|\d{2})\b|"
    r"\b\d{1,2}(?:th)?\s+(?:of\s+)?" + MONTH + r")"
)


def _span_words(window: _Window) -> str:
    if window.start == window.end:
        return _day_words(window.start)
    return f"{_day_words(window.start)} to {_day_words(window.end)}"


def _scan(s: str, context: _Context) -> Reading | None:
    """A date inside longer words: read, but flagged for a person."""
    found = []
    for match in _SCAN.finditer(s):
        window = _when(match.group("w"), context)
        if window is not None:
            found.append((match, window))
        if len(found) > 3:
            break
    if not found:
        return None
    match, window = found[0]
    note = (
        f"Read from a date inside longer words ({_span_words(window)}); a person should check it."
    )
    if len(found) > 1:
        others = ", ".join(_span_words(w) for _, w in found[1:])
        note = _join(note, f"Other dates are named too: {others}.")
    note = _join(note, window.note)
    if match.group("by"):
        end = window.start - timedelta(days=1) if match.group("by") == "before" else window.end
        return _reading("deadline", None, end, 0.45, note)
    return _reading(window.kind, window.start, window.end, 0.45, note)


_UNKNOWN_WORDS = [
    (re.compile(r"\b(?:tbc|tbd|tba|to be (?:confirmed|decided|agreed|arranged|set|determined))\b"),
     "To be confirmed: no date yet; a person should set the date when it is known."),
    (re.compile(r"\b(?:asap|a\.s\.a\.p|as soon as possible|immediate(?:ly)?|urgent(?:ly)?|"
                r"now)\b"),
     "“As soon as possible” gives no date; a person should set one."),
    (_TERMLY, "School terms differ from place to place; a person should set the dates."),
    (re.compile(r"\b(?:later|earlier) in the year\b|\bnext (?:twelve|12) months\b|"
                r"\bin due course\b|\bsoon\b"),
     "These words give no window that can be dated; a person should set the date."),
    (re.compile(r"\b(?:depend(?:s|ing|ant|ent)?|subject to|dependant)\b"),
     "It depends on something else, so there is no date yet; a person should set one."),
]  # fmt: skip


_MONTHS_LISTED = re.compile(
    rf"(?:(?P<each>in|each|every)\s+)?(?P<list>{MONTH}(?:\s*(?:,|and|&|/)\s*(?:and\s+)?"
    rf"{MONTH}){{2,}})(?:\s*,?\s*(?P<y>{YEAR}))?"
)
_QUARTER_MONTHS = ({1, 4, 7, 10}, {3, 6, 9, 12})


def _month_list(s: str, context: _Context) -> Reading | None:
    """ "April, July, October and January": three or more months, each a due date."""
    match = _MONTHS_LISTED.fullmatch(s)
    if not match:
        return None
    months = [_MONTH_NUMBER[m] for m in re.findall(MONTH, match.group("list"))]
    names = ", ".join(MONTHS[m - 1] for m in months)
    if set(months) in _QUARTER_MONTHS and len(months) == 4 and not match.group("y"):
        note = (
            f"Four months a quarter apart are named ({names}) without “annually”: read as "
            "due each year at the end of each of them, that is quarterly; check it."
        )
        return _yearly_in_months(sorted(set(months)), context, 0.6, note)
    if match.group("each") in ("each", "every") and not match.group("y"):
        return _yearly_in_months(sorted(set(months)), context, 0.7, "")
    window = _single(None, months[0], match.group("y"), context)
    if window is None:
        return None
    note = (
        f"Several months are named ({names}): read as the first, "
        f"{MONTHS[months[0] - 1]} {window.start.year}; check it."
    )
    return _reading("period", window.start, window.end, 0.45, _join(note, window.note))


_NOT_BEFORE = re.compile(
    r"(?:.*?\b)?(?P<w>not before|no earlier than|not earlier than|not until)\s+(?:the\s+)?"
    r"(?P<rest>.+)"
)


def _not_before(s: str, context: _Context) -> Reading | None:
    """ "Not before June 2008" gives the earliest start, not a due date."""
    if "not" not in s and "earlier" not in s:
        return None
    match = _NOT_BEFORE.fullmatch(s)
    window = _when(match.group("rest"), context) if match else None
    if window is None:
        return None
    note = (
        f"“{match.group('w').capitalize()}” gives a start ({_day_words(window.start)}), "
        "not a deadline; a person should set the due date."
    )
    return _unknown(note)


def _simple(s: str, context: _Context) -> Reading | None:
    for reader in (_relative, _not_before, _recurring, _ongoing, _deadline, _month_list, _plain):
        reading = reader(s, context)
        if reading is not None:
            return reading
    return None


def _unknown(note: str = UNREAD_NOTE) -> Reading:
    return _reading("unknown", None, None, 0.0, note)


# Plans repeat a few hundred phrases; a bigger cache only grows the heap.
@lru_cache(maxsize=4096)
def _read_cached(text: str, first: int, last: int, given: bool) -> Reading:
    if len(text) > MAX_CHARS:
        return replace(
            _unknown(
                f"These words are too long to be a timescale (over {MAX_CHARS} characters); "
                "a person should set the date."
            ),
            text=text,
        )
    s = _normalise(text)
    if not s:
        return replace(
            _unknown("There are no words to read; a person should set the date."), text=text
        )
    context = _Context(first, last, given)
    reading = _simple(s, context) or _mixed(s, context)
    if reading is None:
        for pattern, note in _UNKNOWN_WORDS:
            if pattern.search(s):
                reading = _unknown(note)
                break
        else:
            reading = _scan(s, context) or _unknown()
    return Reading(text, reading.kind, reading.start, reading.end, reading.rrule, reading.anchor,
                   reading.offset, reading.confidence, reading.note)  # fmt: skip


def clear_cache() -> None:
    """Forget earlier readings (for benchmarks that must measure reading itself)."""
    _read_cached.cache_clear()
