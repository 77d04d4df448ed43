"""Due dates from readings: recurrences over a plan's years, meetings, quarter ends."""

from __future__ import annotations

from datetime import date

import pytest

from partnerplan.timescales.reader import Offset, Reading, read_timescale
from partnerplan.timescales.recurrence import next_due, occurrences

P0708 = (2007, 2007)
P0710 = (2007, 2009)
Y0708 = (date(2007, 4, 1), date(2008, 3, 31))
Y0710 = (date(2007, 4, 1), date(2010, 3, 31))

MEETINGS = [
    (date(2007, 12, 21), "board"),  # five working days later is 2 January
    (date(2007, 12, 20), "steering"),
    (date(2008, 3, 20), "board"),  # before Easter 2008: five working days is 31 March
    (date(2008, 6, 12), "executive"),
    (date(2008, 7, 3), "board"),
]


def test_quarterly_falls_at_the_financial_quarter_ends() -> None:
    found = occurrences(read_timescale("Quarterly", period=P0708), between=Y0708)
    assert found == [date(2007, 6, 30), date(2007, 9, 30), date(2007, 12, 31), date(2008, 3, 31)]


@pytest.mark.parametrize(
    ("text", "count", "first", "last"),
    [
        ("March annually", 3, date(2008, 3, 31), date(2010, 3, 31)),
        ("May and October annually", 6, date(2007, 5, 31), date(2009, 10, 31)),
        ("monthly", 36, date(2007, 4, 30), date(2010, 3, 31)),
        ("February 09 and then annually", 2, date(2009, 2, 28), date(2010, 2, 28)),
        ("6 monthly", 6, date(2007, 9, 30), date(2010, 3, 31)),
        ("minimum twice a year", 6, date(2007, 9, 30), date(2010, 3, 31)),
        ("Quarterly", 12, date(2007, 6, 30), date(2010, 3, 31)),
        ("annually", 3, date(2008, 3, 31), date(2010, 3, 31)),
        ("Sept 07, then quarterly", 11, date(2007, 9, 30), date(2010, 3, 31)),
    ],
)
def test_recurrences_across_a_three_year_plan(
    text: str, count: int, first: date, last: date
) -> None:
    found = occurrences(read_timescale(text, period=P0710), between=Y0710)
    assert (len(found), found[0], found[-1]) == (count, first, last)
    assert found == sorted(found)


def test_feb_29_in_a_leap_year_is_the_end_of_february() -> None:
    reading = read_timescale("February 11 and then annually", period=(2010, 2012))
    found = occurrences(reading, between=(date(2010, 4, 1), date(2013, 3, 31)))
    assert found == [date(2011, 2, 28), date(2012, 2, 29), date(2013, 2, 28)]


def test_a_window_cuts_a_recurrence_and_until_stops_it() -> None:
    reading = read_timescale("Quarterly", period=P0708)
    assert occurrences(reading, between=(date(2007, 7, 1), date(2007, 12, 31))) == [
        date(2007, 9, 30),
        date(2007, 12, 31),
    ]
    # The plan ends on 31 March 2008: nothing after it.
    assert occurrences(reading, between=(date(2008, 4, 1), date(2009, 3, 31))) == []
    assert occurrences(reading, between=(date(2008, 1, 1), date(2007, 1, 1))) == []


def test_without_an_end_a_recurrence_runs_on() -> None:
    reading = read_timescale("Quarterly", today=date(2007, 6, 1))
    assert reading.end is None
    assert len(occurrences(reading, between=Y0710)) == 12


def test_relative_to_board_meetings_only() -> None:
    reading = read_timescale("within 5 working days of board meetings", period=P0708)
    found = occurrences(reading, between=Y0708, meetings=MEETINGS)
    assert found == [date(2008, 1, 2), date(2008, 3, 31)]


def test_relative_to_any_meeting() -> None:
    reading = read_timescale("5 working days before each meeting", period=P0708)
    found = occurrences(reading, between=(date(2007, 4, 1), date(2008, 12, 31)), meetings=MEETINGS)
    assert found == [
        date(2007, 12, 13),
        date(2007, 12, 14),
        date(2008, 3, 13),
        date(2008, 6, 5),
        date(2008, 6, 26),
    ]
    assert occurrences(read_timescale("for each meeting"), between=Y0708, meetings=()) == []


def test_relative_to_a_kind_no_meeting_has() -> None:
    reading = read_timescale("before each scrutiny meeting", period=P0708)
    assert occurrences(reading, between=Y0708, meetings=MEETINGS) == []


def test_quarter_end_and_year_end_anchors() -> None:
    reading = read_timescale("within 6 weeks of the quarter end", period=P0708)
    found = occurrences(reading, between=Y0708)
    assert found == [date(2007, 5, 12), date(2007, 8, 11), date(2007, 11, 11), date(2008, 2, 11)]
    working = read_timescale("20 working days after the end of each quarter", period=P0708)
    assert occurrences(working, between=(date(2008, 1, 1), date(2008, 6, 30))) == [
        date(2008, 1, 29),
        date(2008, 4, 28),
    ]
    year_end = read_timescale("one month after year end", period=P0710)
    assert occurrences(year_end, between=Y0710) == [
        date(2007, 4, 30),
        date(2008, 4, 30),
        date(2009, 4, 30),
    ]


def test_one_off_readings_fall_due_once() -> None:
    assert occurrences(read_timescale("by June 08", period=P0708), between=Y0710) == [
        date(2008, 6, 30)
    ]
    assert occurrences(read_timescale("Aug – Oct 07", period=P0708), between=Y0708) == [
        date(2007, 10, 31)
    ]
    assert occurrences(read_timescale("12/03/08", period=P0708), between=Y0708) == [
        date(2008, 3, 12)
    ]
    assert occurrences(read_timescale("12/03/09", period=P0708), between=Y0708) == []
    assert occurrences(read_timescale("ongoing", period=P0708), between=Y0708) == []
    assert occurrences(read_timescale("TBC", period=P0708), between=Y0708) == []


def test_next_due_for_each_kind() -> None:
    day = date(2008, 1, 5)
    assert next_due(read_timescale("12/03/08", period=P0708), on_or_after=day) == date(2008, 3, 12)
    # Overdue one-off items keep their date.
    assert next_due(read_timescale("Aug – Oct 07", period=P0708), on_or_after=day) == date(
        2007, 10, 31
    )
    assert next_due(read_timescale("by Feb 2006", period=P0708), on_or_after=day) == date(
        2006, 2, 28
    )
    assert next_due(read_timescale("Quarterly", period=P0708), on_or_after=day) == date(2008, 3, 31)
    assert next_due(read_timescale("Quarterly", period=P0708), on_or_after=date(2008, 3, 31)) == (
        date(2008, 3, 31)
    )
    assert next_due(read_timescale("Quarterly", period=P0708), on_or_after=date(2008, 4, 1)) is None
    board = read_timescale("within 5 working days of board meetings", period=P0708)
    assert next_due(board, on_or_after=day, meetings=MEETINGS) == date(2008, 3, 31)
    assert next_due(board, on_or_after=date(2008, 4, 1), meetings=MEETINGS) == date(2008, 7, 10)
    assert next_due(board, on_or_after=date(2008, 4, 1), meetings=MEETINGS, horizon_days=30) is None
    assert next_due(read_timescale("ongoing", period=P0708), on_or_after=day) is None
    assert next_due(read_timescale("TBC", period=P0708), on_or_after=day) is None
    assert next_due(read_timescale("within 6 weeks of the quarter end"), on_or_after=day) == date(
        2008, 2, 11
    )


def test_readings_made_by_hand_work_too() -> None:
    reading = Reading(
        text="the board's papers",
        kind="relative",
        start=None,
        end=None,
        anchor="meeting:board",
        offset=Offset(-3, True),
        confidence=0.8,
    )
    assert occurrences(reading, between=Y0708, meetings=MEETINGS) == [
        date(2007, 12, 18),
        date(2008, 3, 17),
    ]
