"""The timescale reader: the words plans use for "when", read into dates or rules.

The table holds real phrases (from sample plans and the domain notes) and variants, each
with its plan period and the full reading expected. Phrases are embedded: nothing is read
from outside the tests.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import NamedTuple

import pytest
from dateutil.rrule import rrulestr
from hypothesis import given, settings
from hypothesis import strategies as st

from partnerplan.timescales.reader import KINDS, MEETING_KINDS, Offset, Reading, read_timescale

P0607 = (2006, 2006)
P0708 = (2007, 2007)
P0710 = (2007, 2009)
# Used only where no plan period is given: the reference year is then 2007/08.
TODAY = date(2007, 6, 1)


class Row(NamedTuple):
    text: str
    period: tuple[int, int] | None
    kind: str
    start: str | None
    end: str | None
    rrule: str | None = None
    anchor: str | None = None
    offset: tuple[int, bool] | None = None
    confidence: float = 0.0


TABLE = [
    # Halton's 2006 plan: the Timescale column and dates in its targets.
    Row("April 06", P0607, "period", "2006-04-01", "2006-04-30", confidence=0.9),
    Row("On going", P0607, "ongoing", "2006-04-01", None, confidence=0.9),
    Row("Sept 2006", P0607, "period", "2006-09-01", "2006-09-30", confidence=0.9),
    Row(
        "Sept 2006  (April 2007 for formal LAAs)",
        P0607,
        "period",
        "2006-09-01",
        "2006-09-30",
        confidence=0.6,
    ),
    Row("01-02-06", P0607, "date", "2006-02-01", "2006-02-01", confidence=1.0),
    Row("by Feb 2006", P0607, "deadline", None, "2006-02-28", confidence=0.9),
    # Oldham's 2007/08 plan: milestones and progress.
    Row("April 2007/8", P0708, "period", "2007-04-01", "2008-03-31", confidence=0.8),
    Row(
        "quarterly",
        P0708,
        "recurring",
        "2007-06-30",
        "2008-03-31",
        rrule="FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1",
        confidence=0.9,
    ),
    Row("August/September", P0708, "period", "2007-08-01", "2007-09-30", confidence=0.85),
    Row("October 07", P0708, "period", "2007-10-01", "2007-10-31", confidence=0.9),
    Row("2008", P0708, "period", "2008-01-01", "2008-12-31", confidence=0.8),
    Row("2007/08", P0708, "period", "2007-04-01", "2008-03-31", confidence=0.9),
    Row("2007/8", P0708, "period", "2007-04-01", "2008-03-31", confidence=0.9),
    Row("ongoing", P0708, "ongoing", "2007-04-01", None, confidence=0.9),
    Row("Ongoing.", P0708, "ongoing", "2007-04-01", None, confidence=0.9),
    Row("August 2007", P0708, "period", "2007-08-01", "2007-08-31", confidence=0.9),
    Row(
        "minimum twice a year",
        P0708,
        "recurring",
        "2007-09-30",
        "2008-03-31",
        rrule="FREQ=MONTHLY;INTERVAL=6;BYMONTHDAY=-1",
        confidence=0.6,
    ),
    Row("October 2007", P0708, "period", "2007-10-01", "2007-10-31", confidence=0.9),
    Row("May 2007", P0708, "period", "2007-05-01", "2007-05-31", confidence=0.9),
    Row("September", P0708, "period", "2007-09-01", "2007-09-30", confidence=0.85),
    Row("June 07", P0708, "period", "2007-06-01", "2007-06-30", confidence=0.9),
    Row("7th Sept 2007", P0708, "date", "2007-09-07", "2007-09-07", confidence=1.0),
    Row("26th Sept 07", P0708, "date", "2007-09-26", "2007-09-26", confidence=1.0),
    Row("Oct 07", P0708, "period", "2007-10-01", "2007-10-31", confidence=0.9),
    Row("July 07", P0708, "period", "2007-07-01", "2007-07-31", confidence=0.9),
    Row("Aug – Oct 07", P0708, "period", "2007-08-01", "2007-10-31", confidence=0.9),
    Row("Jan 08", P0708, "period", "2008-01-01", "2008-01-31", confidence=0.9),
    Row("March 08", P0708, "period", "2008-03-01", "2008-03-31", confidence=0.9),
    Row("25th July", P0708, "date", "2007-07-25", "2007-07-25", confidence=0.85),
    Row("18 th October 2007", P0708, "date", "2007-10-18", "2007-10-18", confidence=1.0),
    Row("April 07", P0708, "period", "2007-04-01", "2007-04-30", confidence=0.9),
    Row("9th July", P0708, "date", "2007-07-09", "2007-07-09", confidence=0.85),
    Row("7 th August", P0708, "date", "2007-08-07", "2007-08-07", confidence=0.85),
    Row("during 2007", P0708, "period", "2007-01-01", "2007-12-31", confidence=0.8),
    Row("June 2006", P0708, "period", "2006-06-01", "2006-06-30", confidence=0.9),
    Row("10 th July", P0708, "date", "2007-07-10", "2007-07-10", confidence=0.85),
    Row("Aug 23 rd & 29 th", P0708, "period", "2007-08-23", "2007-08-29", confidence=0.7),
    Row(
        "weekly",
        P0708,
        "recurring",
        "2007-04-01",
        "2008-03-31",
        rrule="FREQ=WEEKLY",
        confidence=0.85,
    ),
    Row("mid July", P0708, "period", "2007-07-11", "2007-07-20", confidence=0.6),
    Row("August - September", P0708, "period", "2007-08-01", "2007-09-30", confidence=0.85),
    Row("September/ October", P0708, "period", "2007-09-01", "2007-10-31", confidence=0.85),
    Row("October", P0708, "period", "2007-10-01", "2007-10-31", confidence=0.85),
    Row("December", P0708, "period", "2007-12-01", "2007-12-31", confidence=0.85),
    Row("January", P0708, "period", "2008-01-01", "2008-01-31", confidence=0.85),
    Row(
        "Conducted Quarterly",
        P0708,
        "recurring",
        "2007-06-30",
        "2008-03-31",
        rrule="FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1",
        confidence=0.9,
    ),
    Row("15 th June", P0708, "date", "2007-06-15", "2007-06-15", confidence=0.85),
    Row("23 rd July", P0708, "date", "2007-07-23", "2007-07-23", confidence=0.85),
    Row("April & May 07", P0708, "period", "2007-04-01", "2007-05-31", confidence=0.9),
    Row("in June", P0708, "period", "2007-06-01", "2007-06-30", confidence=0.85),
    Row("Oct 07", P0710, "period", "2007-10-01", "2007-10-31", confidence=0.9),
    Row("June 07", P0710, "period", "2007-06-01", "2007-06-30", confidence=0.9),
    # Cheshire's 2007/08 work programme: comments.
    Row("a.s.a.p.", P0708, "unknown", None, None, confidence=0.0),
    Row("later in the year", P0708, "unknown", None, None, confidence=0.0),
    Row("the end of July", P0708, "period", "2007-07-21", "2007-07-31", confidence=0.6),
    Row("as and when required", P0708, "ongoing", "2007-04-01", None, confidence=0.6),
    Row("in the autumn", P0708, "period", "2007-09-01", "2007-11-30", confidence=0.6),
    Row("the autumn", P0708, "period", "2007-09-01", "2007-11-30", confidence=0.6),
    Row("latter half of the year", P0708, "period", "2007-10-01", "2008-03-31", confidence=0.6),
    Row("next twelve months", P0708, "unknown", None, None, confidence=0.0),
    Row("immediately", P0708, "unknown", None, None, confidence=0.0),
    Row("December 2006", P0708, "period", "2006-12-01", "2006-12-31", confidence=0.9),
    Row("11 May", P0708, "date", "2007-05-11", "2007-05-11", confidence=0.85),
    Row("17 May", P0708, "date", "2007-05-17", "2007-05-17", confidence=0.85),
    Row("February", P0708, "period", "2008-02-01", "2008-02-29", confidence=0.85),
    # The domain notes' examples, in a three-year plan.
    Row("Aug – Oct 07", P0710, "period", "2007-08-01", "2007-10-31", confidence=0.9),
    Row("April 2007/8", P0710, "period", "2007-04-01", "2008-03-31", confidence=0.8),
    Row(
        "Quarterly",
        P0710,
        "recurring",
        "2007-06-30",
        "2010-03-31",
        rrule="FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1",
        confidence=0.9,
    ),
    Row(
        "March annually",
        P0710,
        "recurring",
        "2008-03-31",
        "2010-03-31",
        rrule="FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=-1",
        confidence=0.85,
    ),
    Row(
        "6 monthly",
        P0710,
        "recurring",
        "2007-09-30",
        "2010-03-31",
        rrule="FREQ=MONTHLY;INTERVAL=6;BYMONTHDAY=-1",
        confidence=0.85,
    ),
    Row(
        "minimum twice a year",
        P0710,
        "recurring",
        "2007-09-30",
        "2010-03-31",
        rrule="FREQ=MONTHLY;INTERVAL=6;BYMONTHDAY=-1",
        confidence=0.6,
    ),
    Row(
        "May and October annually",
        P0710,
        "recurring",
        "2007-05-31",
        "2010-03-31",
        rrule="FREQ=YEARLY;BYMONTH=5,10;BYMONTHDAY=-1",
        confidence=0.85,
    ),
    Row(
        "February 09 and then annually",
        P0710,
        "recurring",
        "2009-02-28",
        "2010-03-31",
        rrule="FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1",
        confidence=0.8,
    ),
    Row(
        "within 5 working days of board meetings",
        P0710,
        "relative",
        None,
        None,
        anchor="meeting:board",
        offset=(5, True),
        confidence=0.8,
    ),
    Row(
        "before each board meeting",
        P0710,
        "relative",
        None,
        None,
        anchor="meeting:board",
        offset=(-1, True),
        confidence=0.8,
    ),
    Row(
        "for each meeting",
        P0710,
        "relative",
        None,
        None,
        anchor="meeting",
        offset=(0, True),
        confidence=0.8,
    ),
    # Deadlines.
    Row("by June 08", P0710, "deadline", None, "2008-06-30", confidence=0.9),
    Row("mid July", P0710, "period", "2007-07-11", "2007-07-20", confidence=0.6),
    Row("the autumn", P0710, "period", "2007-09-01", "2007-11-30", confidence=0.6),
    Row("latter half of the year", P0710, "period", "2007-10-01", "2008-03-31", confidence=0.6),
    Row("August 2007", P0710, "period", "2007-08-01", "2007-08-31", confidence=0.9),
    # Single days, UK order.
    Row("12 March 2008", P0708, "date", "2008-03-12", "2008-03-12", confidence=1.0),
    Row("12/03/08", P0708, "date", "2008-03-12", "2008-03-12", confidence=1.0),
    Row("31st March 2008", P0708, "date", "2008-03-31", "2008-03-31", confidence=1.0),
    Row("31/03/2008", P0708, "date", "2008-03-31", "2008-03-31", confidence=1.0),
    Row("1.4.07", P0708, "date", "2007-04-01", "2007-04-01", confidence=1.0),
    Row("2008-03-31", P0708, "date", "2008-03-31", "2008-03-31", confidence=1.0),
    Row("March 12th, 2008", P0708, "date", "2008-03-12", "2008-03-12", confidence=1.0),
    Row("12th of March 2008", P0708, "date", "2008-03-12", "2008-03-12", confidence=1.0),
    Row("31 Feb 2008", P0708, "unknown", None, None, confidence=0.0),
    Row("29 February 2008", P0708, "date", "2008-02-29", "2008-02-29", confidence=1.0),
    Row("29/02/07", P0708, "unknown", None, None, confidence=0.0),
    Row("Tuesday", P0708, "unknown", None, None, confidence=0.0),
    Row("MARCH 12TH 2008", P0708, "date", "2008-03-12", "2008-03-12", confidence=1.0),
    Row("1st April", P0710, "date", "2007-04-01", "2007-04-01", confidence=0.7),
    # Months and ranges of months, odd punctuation and case.
    Row("Aug 07", P0708, "period", "2007-08-01", "2007-08-31", confidence=0.9),
    Row("AUG 07", P0708, "period", "2007-08-01", "2007-08-31", confidence=0.9),
    Row("aug. 07", P0708, "period", "2007-08-01", "2007-08-31", confidence=0.9),
    Row("Sept. 07", P0708, "period", "2007-09-01", "2007-09-30", confidence=0.9),
    Row("Sep 07", P0708, "period", "2007-09-01", "2007-09-30", confidence=0.9),
    Row("Jan. 08", P0708, "period", "2008-01-01", "2008-01-31", confidence=0.9),
    Row("August '07", P0708, "period", "2007-08-01", "2007-08-31", confidence=0.9),
    Row("August, 2007", P0708, "period", "2007-08-01", "2007-08-31", confidence=0.9),
    Row("Aug—Oct 07", P0708, "period", "2007-08-01", "2007-10-31", confidence=0.9),
    Row("Aug-Oct 07", P0708, "period", "2007-08-01", "2007-10-31", confidence=0.9),
    Row("Aug to Oct 2007", P0708, "period", "2007-08-01", "2007-10-31", confidence=0.9),
    Row("April–June 2008", P0708, "period", "2008-04-01", "2008-06-30", confidence=0.9),
    Row("Sept 07 to March 08", P0708, "period", "2007-09-01", "2008-03-31", confidence=0.9),
    Row("Nov 07 – Feb 08", P0708, "period", "2007-11-01", "2008-02-29", confidence=0.9),
    Row("Nov – Feb 08", P0708, "period", "2007-11-01", "2008-02-29", confidence=0.9),
    Row("December - January", P0708, "period", "2007-12-01", "2008-01-31", confidence=0.85),
    Row("July until September 2007", P0708, "period", "2007-07-01", "2007-09-30", confidence=0.9),
    Row("June & July 2008", P0708, "period", "2008-06-01", "2008-07-31", confidence=0.9),
    Row("March", P0708, "period", "2008-03-01", "2008-03-31", confidence=0.85),
    Row("March", P0710, "period", "2008-03-01", "2008-03-31", confidence=0.7),
    Row("March", None, "period", "2008-03-01", "2008-03-31", confidence=0.7),
    Row("Feb 99", None, "period", "1999-02-01", "1999-02-28", confidence=0.9),
    Row("Feb 99", P0708, "period", "1999-02-01", "1999-02-28", confidence=0.9),
    Row("Jan 10", P0710, "period", "2010-01-01", "2010-01-31", confidence=0.9),
    Row("3-7 March 2008", P0708, "period", "2008-03-03", "2008-03-07", confidence=0.7),
    # Quarters and years.
    Row("Q3 2007/08", P0708, "period", "2007-10-01", "2007-12-31", confidence=0.9),
    Row("2007/08 Q3", P0708, "period", "2007-10-01", "2007-12-31", confidence=0.9),
    Row("Q2", P0708, "period", "2007-07-01", "2007-09-30", confidence=0.9),
    Row("Q2", P0710, "period", "2007-07-01", "2007-09-30", confidence=0.7),
    Row("quarter 3", P0708, "period", "2007-10-01", "2007-12-31", confidence=0.9),
    Row("Quarter 4 2008/09", P0708, "period", "2009-01-01", "2009-03-31", confidence=0.9),
    Row("third quarter", P0708, "period", "2007-10-01", "2007-12-31", confidence=0.9),
    Row("4th quarter of 2007/08", P0708, "period", "2008-01-01", "2008-03-31", confidence=0.9),
    Row("Q1 2008", P0708, "period", "2008-04-01", "2008-06-30", confidence=0.6),
    Row("2008-09", P0708, "period", "2008-04-01", "2009-03-31", confidence=0.9),
    Row("2008/2009", P0708, "period", "2008-04-01", "2009-03-31", confidence=0.9),
    Row("FY 2008/09", P0708, "period", "2008-04-01", "2009-03-31", confidence=0.9),
    Row("07/08", P0708, "period", "2007-04-01", "2008-03-31", confidence=0.8),
    Row("2007/08 - 2009/10", P0710, "period", "2007-04-01", "2010-03-31", confidence=0.9),
    Row("2008", P0710, "period", "2008-01-01", "2008-12-31", confidence=0.8),
    Row("2007 - 2009", P0708, "period", "2007-01-01", "2009-12-31", confidence=0.7),
    Row("October 2007/08", P0708, "period", "2007-10-01", "2008-03-31", confidence=0.8),
    # Vague windows: the convention is in the note.
    Row("mid-July 2007", P0708, "period", "2007-07-11", "2007-07-20", confidence=0.6),
    Row("early March", P0708, "period", "2008-03-01", "2008-03-10", confidence=0.6),
    Row("beginning of May 2008", P0708, "period", "2008-05-01", "2008-05-10", confidence=0.6),
    Row("start of June", P0708, "period", "2007-06-01", "2007-06-10", confidence=0.6),
    Row("late September", P0708, "period", "2007-09-21", "2007-09-30", confidence=0.6),
    Row("end of February 2008", P0708, "period", "2008-02-21", "2008-02-29", confidence=0.6),
    Row("middle of August", P0708, "period", "2007-08-11", "2007-08-20", confidence=0.6),
    Row("spring", P0708, "period", "2008-03-01", "2008-05-31", confidence=0.6),
    Row("summer 2008", P0708, "period", "2008-06-01", "2008-08-31", confidence=0.6),
    Row("winter", P0708, "period", "2007-12-01", "2008-02-29", confidence=0.6),
    Row("Autumn 2007", P0708, "period", "2007-09-01", "2007-11-30", confidence=0.6),
    Row("first half of the year", P0708, "period", "2007-04-01", "2007-09-30", confidence=0.6),
    Row("second half of the year", P0710, "period", "2007-10-01", "2008-03-31", confidence=0.6),
    Row("latter half of 2008/09", P0708, "period", "2008-10-01", "2009-03-31", confidence=0.6),
    Row("year end", P0708, "period", "2008-03-01", "2008-03-31", confidence=0.6),
    Row("end of the year", P0708, "period", "2008-03-31", "2008-03-31", confidence=0.6),
    Row("end of the financial year", P0710, "period", "2008-03-31", "2008-03-31", confidence=0.6),
    # Deadlines.
    Row("by June 08", P0708, "deadline", None, "2008-06-30", confidence=0.9),
    Row("By end of March 2008", P0708, "deadline", None, "2008-03-31", confidence=0.9),
    Row("no later than 31/03/08", P0708, "deadline", None, "2008-03-31", confidence=0.9),
    Row("before April 2008", P0708, "deadline", None, "2008-03-31", confidence=0.9),
    Row("by 12 March 2008", P0708, "deadline", None, "2008-03-12", confidence=0.9),
    Row("by Q2", P0708, "deadline", None, "2007-09-30", confidence=0.9),
    Row("by the end of the year", P0708, "deadline", None, "2008-03-31", confidence=0.6),
    Row("not later than 30 June 2008", P0708, "deadline", None, "2008-06-30", confidence=0.9),
    Row("BY SEPT 07", P0708, "deadline", None, "2007-09-30", confidence=0.9),
    Row("by December", P0708, "deadline", None, "2007-12-31", confidence=0.85),
    Row("by 2008/09", P0708, "deadline", None, "2009-03-31", confidence=0.9),
    Row("to be completed by July 07", P0708, "deadline", None, "2007-07-31", confidence=0.9),
    Row("until March 2008", P0708, "deadline", None, "2008-03-31", confidence=0.7),
    Row("before 1st April 2008", P0708, "deadline", None, "2008-03-31", confidence=0.9),
    # Recurrences.
    Row(
        "Quarterly",
        P0708,
        "recurring",
        "2007-06-30",
        "2008-03-31",
        rrule="FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1",
        confidence=0.9,
    ),
    Row(
        "QUARTERLY",
        P0708,
        "recurring",
        "2007-06-30",
        "2008-03-31",
        rrule="FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1",
        confidence=0.9,
    ),
    Row(
        "quarterly",
        None,
        "recurring",
        "2007-06-30",
        None,
        rrule="FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1",
        confidence=0.9,
    ),
    Row(
        "each quarter",
        P0708,
        "recurring",
        "2007-06-30",
        "2008-03-31",
        rrule="FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1",
        confidence=0.9,
    ),
    Row(
        "every three months",
        P0708,
        "recurring",
        "2007-06-30",
        "2008-03-31",
        rrule="FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1",
        confidence=0.9,
    ),
    Row(
        "monthly",
        P0710,
        "recurring",
        "2007-04-30",
        "2010-03-31",
        rrule="FREQ=MONTHLY;BYMONTHDAY=-1",
        confidence=0.9,
    ),
    Row(
        "Monthly",
        P0708,
        "recurring",
        "2007-04-30",
        "2008-03-31",
        rrule="FREQ=MONTHLY;BYMONTHDAY=-1",
        confidence=0.9,
    ),
    Row(
        "each month",
        P0708,
        "recurring",
        "2007-04-30",
        "2008-03-31",
        rrule="FREQ=MONTHLY;BYMONTHDAY=-1",
        confidence=0.9,
    ),
    Row(
        "6 monthly",
        P0708,
        "recurring",
        "2007-09-30",
        "2008-03-31",
        rrule="FREQ=MONTHLY;INTERVAL=6;BYMONTHDAY=-1",
        confidence=0.85,
    ),
    Row(
        "six-monthly",
        P0708,
        "recurring",
        "2007-09-30",
        "2008-03-31",
        rrule="FREQ=MONTHLY;INTERVAL=6;BYMONTHDAY=-1",
        confidence=0.85,
    ),
    Row(
        "half yearly",
        P0708,
        "recurring",
        "2007-09-30",
        "2008-03-31",
        rrule="FREQ=MONTHLY;INTERVAL=6;BYMONTHDAY=-1",
        confidence=0.85,
    ),
    Row(
        "twice a year",
        P0708,
        "recurring",
        "2007-09-30",
        "2008-03-31",
        rrule="FREQ=MONTHLY;INTERVAL=6;BYMONTHDAY=-1",
        confidence=0.85,
    ),
    Row(
        "bi-annually",
        P0708,
        "recurring",
        "2007-09-30",
        "2008-03-31",
        rrule="FREQ=MONTHLY;INTERVAL=6;BYMONTHDAY=-1",
        confidence=0.85,
    ),
    Row(
        "at least twice a year",
        P0708,
        "recurring",
        "2007-09-30",
        "2008-03-31",
        rrule="FREQ=MONTHLY;INTERVAL=6;BYMONTHDAY=-1",
        confidence=0.6,
    ),
    Row(
        "annually",
        P0710,
        "recurring",
        "2008-03-31",
        "2010-03-31",
        rrule="FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=-1",
        confidence=0.85,
    ),
    Row(
        "yearly",
        P0708,
        "recurring",
        "2008-03-31",
        "2008-03-31",
        rrule="FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=-1",
        confidence=0.85,
    ),
    Row(
        "each year",
        P0708,
        "recurring",
        "2008-03-31",
        "2008-03-31",
        rrule="FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=-1",
        confidence=0.85,
    ),
    Row(
        "March annually",
        P0708,
        "recurring",
        "2008-03-31",
        "2008-03-31",
        rrule="FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=-1",
        confidence=0.85,
    ),
    Row(
        "annually in March",
        P0708,
        "recurring",
        "2008-03-31",
        "2008-03-31",
        rrule="FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=-1",
        confidence=0.85,
    ),
    Row(
        "every March",
        P0710,
        "recurring",
        "2008-03-31",
        "2010-03-31",
        rrule="FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=-1",
        confidence=0.85,
    ),
    Row(
        "May and October annually",
        P0708,
        "recurring",
        "2007-05-31",
        "2008-03-31",
        rrule="FREQ=YEARLY;BYMONTH=5,10;BYMONTHDAY=-1",
        confidence=0.85,
    ),
    Row(
        "May & October annually",
        P0710,
        "recurring",
        "2007-05-31",
        "2010-03-31",
        rrule="FREQ=YEARLY;BYMONTH=5,10;BYMONTHDAY=-1",
        confidence=0.85,
    ),
    Row(
        "February 09 and then annually",
        P0708,
        "recurring",
        "2009-02-28",
        None,
        rrule="FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1",
        confidence=0.8,
    ),
    Row(
        "weekly",
        P0710,
        "recurring",
        "2007-04-01",
        "2010-03-31",
        rrule="FREQ=WEEKLY",
        confidence=0.85,
    ),
    Row(
        "fortnightly",
        P0708,
        "recurring",
        "2007-04-01",
        "2008-03-31",
        rrule="FREQ=WEEKLY;INTERVAL=2",
        confidence=0.85,
    ),
    Row(
        "every 2 months",
        P0708,
        "recurring",
        "2007-05-31",
        "2008-03-31",
        rrule="FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=-1",
        confidence=0.8,
    ),
    Row(
        "bi-monthly",
        P0708,
        "recurring",
        "2007-05-31",
        "2008-03-31",
        rrule="FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=-1",
        confidence=0.8,
    ),
    Row(
        "three times a year",
        P0708,
        "recurring",
        "2007-07-31",
        "2008-03-31",
        rrule="FREQ=MONTHLY;INTERVAL=4;BYMONTHDAY=-1",
        confidence=0.7,
    ),
    Row(
        "Sept 07, then quarterly",
        P0708,
        "recurring",
        "2007-09-30",
        "2008-03-31",
        rrule="FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1",
        confidence=0.8,
    ),
    Row(
        "quarterly from Sept 2007",
        P0710,
        "recurring",
        "2007-09-30",
        "2010-03-31",
        rrule="FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1",
        confidence=0.8,
    ),
    Row(
        "from April 2008 quarterly",
        P0710,
        "recurring",
        "2008-06-30",
        "2010-03-31",
        rrule="FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1",
        confidence=0.8,
    ),
    Row(
        "12 March 2008 then annually",
        P0710,
        "recurring",
        "2008-03-12",
        "2010-03-31",
        rrule="FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=12",
        confidence=0.8,
    ),
    Row("termly", P0708, "unknown", None, None, confidence=0.0),
    Row(
        "reviewed annually",
        P0708,
        "recurring",
        "2008-03-31",
        "2008-03-31",
        rrule="FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=-1",
        confidence=0.85,
    ),
    Row(
        "Annually (March)",
        P0710,
        "recurring",
        "2008-03-31",
        "2010-03-31",
        rrule="FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=-1",
        confidence=0.85,
    ),
    # Relative to meetings and quarter or year ends.
    Row(
        "within 5 working days of board meetings",
        P0708,
        "relative",
        None,
        None,
        anchor="meeting:board",
        offset=(5, True),
        confidence=0.8,
    ),
    Row(
        "within 5 working days after each board meeting",
        P0708,
        "relative",
        None,
        None,
        anchor="meeting:board",
        offset=(5, True),
        confidence=0.8,
    ),
    Row(
        "5 working days before each meeting",
        P0708,
        "relative",
        None,
        None,
        anchor="meeting",
        offset=(-5, True),
        confidence=0.8,
    ),
    Row(
        "before each board meeting",
        P0708,
        "relative",
        None,
        None,
        anchor="meeting:board",
        offset=(-1, True),
        confidence=0.8,
    ),
    Row(
        "for each meeting",
        P0708,
        "relative",
        None,
        None,
        anchor="meeting",
        offset=(0, True),
        confidence=0.8,
    ),
    Row(
        "at each meeting",
        P0708,
        "relative",
        None,
        None,
        anchor="meeting",
        offset=(0, True),
        confidence=0.8,
    ),
    Row(
        "within 2 weeks of each meeting",
        P0708,
        "relative",
        None,
        None,
        anchor="meeting",
        offset=(14, False),
        confidence=0.8,
    ),
    Row(
        "within 6 weeks of the quarter end",
        P0708,
        "relative",
        None,
        None,
        anchor="quarter-end",
        offset=(42, False),
        confidence=0.8,
    ),
    Row(
        "one month after year end",
        P0708,
        "relative",
        None,
        None,
        anchor="year-end",
        offset=(30, False),
        confidence=0.6,
    ),
    Row(
        "10 days before each steering group meeting",
        P0708,
        "relative",
        None,
        None,
        anchor="meeting:steering",
        offset=(-10, False),
        confidence=0.8,
    ),
    Row(
        "within five working days of each executive meeting",
        P0708,
        "relative",
        None,
        None,
        anchor="meeting:executive",
        offset=(5, True),
        confidence=0.8,
    ),
    Row(
        "prior to each scrutiny meeting",
        P0708,
        "relative",
        None,
        None,
        anchor="meeting:scrutiny",
        offset=(-1, True),
        confidence=0.8,
    ),
    Row(
        "after each board meeting",
        P0708,
        "relative",
        None,
        None,
        anchor="meeting:board",
        offset=(0, True),
        confidence=0.45,
    ),
    Row(
        "at every public meeting",
        P0708,
        "relative",
        None,
        None,
        anchor="meeting:public",
        offset=(0, True),
        confidence=0.8,
    ),
    Row(
        "within 3 working days of each theme group meeting",
        P0708,
        "relative",
        None,
        None,
        anchor="meeting:theme",
        offset=(3, True),
        confidence=0.8,
    ),
    Row(
        "within 5 working days of each sub-group meeting",
        P0708,
        "relative",
        None,
        None,
        anchor="meeting:other",
        offset=(5, True),
        confidence=0.8,
    ),
    Row(
        "Within 5 Working Days of Board Meetings.",
        P0708,
        "relative",
        None,
        None,
        anchor="meeting:board",
        offset=(5, True),
        confidence=0.8,
    ),
    Row(
        "20 working days after the end of each quarter",
        P0708,
        "relative",
        None,
        None,
        anchor="quarter-end",
        offset=(20, True),
        confidence=0.8,
    ),
    # Ongoing.
    Row("ongoing", P0710, "ongoing", "2007-04-01", None, confidence=0.9),
    Row("on-going", P0708, "ongoing", "2007-04-01", None, confidence=0.9),
    Row("On Going", None, "ongoing", None, None, confidence=0.9),
    Row("continuous", P0708, "ongoing", "2007-04-01", None, confidence=0.9),
    Row("throughout", P0708, "ongoing", "2007-04-01", None, confidence=0.9),
    Row("as required", P0708, "ongoing", "2007-04-01", None, confidence=0.6),
    Row("as necessary", P0708, "ongoing", "2007-04-01", None, confidence=0.6),
    Row("2007 onwards", P0708, "ongoing", "2007-01-01", None, confidence=0.8),
    Row("from April 2008 onwards", P0708, "ongoing", "2008-04-01", None, confidence=0.85),
    Row("April 2008 onwards", P0708, "ongoing", "2008-04-01", None, confidence=0.85),
    Row("Ongoing – dummy indicator exercise", P0708, "ongoing", "2007-04-01", None, confidence=0.7),
    Row("Ongoing training", P0708, "ongoing", "2007-04-01", None, confidence=0.7),
    # Mixed.
    Row("Aug – Oct 07 and ongoing", P0708, "period", "2007-08-01", "2007-10-31", confidence=0.6),
    Row("June 07 and ongoing", P0708, "period", "2007-06-01", "2007-06-30", confidence=0.6),
    Row("March 08 (TBC)", P0708, "period", "2008-03-01", "2008-03-31", confidence=0.6),
    # Unknown: never guessed.
    Row("TBC", P0708, "unknown", None, None, confidence=0.0),
    Row("tbc", P0708, "unknown", None, None, confidence=0.0),
    Row("To be confirmed", P0708, "unknown", None, None, confidence=0.0),
    Row("asap", P0708, "unknown", None, None, confidence=0.0),
    Row("ASAP", P0708, "unknown", None, None, confidence=0.0),
    Row("", P0708, "unknown", None, None, confidence=0.0),
    Row("   ", P0708, "unknown", None, None, confidence=0.0),
    Row("depends on funding", P0708, "unknown", None, None, confidence=0.0),
    Row("subject to funding", P0708, "unknown", None, None, confidence=0.0),
    Row("n/a", P0708, "unknown", None, None, confidence=0.0),
    Row("see above", P0708, "unknown", None, None, confidence=0.0),
    Row("Completed", P0708, "unknown", None, None, confidence=0.0),
    Row("Green", P0708, "unknown", None, None, confidence=0.0),
    Row("soon", P0708, "unknown", None, None, confidence=0.0),
    Row("when the Government guidance is published", P0708, "unknown", None, None, confidence=0.0),
    Row("13/13/13", P0708, "unknown", None, None, confidence=0.0),
    Row("2007/09", P0708, "unknown", None, None, confidence=0.0),
    Row("Q5", P0708, "unknown", None, None, confidence=0.0),
    Row("32 March 2008", P0708, "unknown", None, None, confidence=0.0),
    Row("the meeting", P0708, "unknown", None, None, confidence=0.0),
    # A date inside longer words: read, but flagged.
    Row(
        "Final report scheduled for October 07",
        P0708,
        "period",
        "2007-10-01",
        "2007-10-31",
        confidence=0.45,
    ),
    Row(
        "Set up first phase of observatory by Feb 2006 on website",
        P0607,
        "deadline",
        None,
        "2006-02-28",
        confidence=0.45,
    ),
    Row("Governance Away Day 01-02-06", P0607, "date", "2006-02-01", "2006-02-01", confidence=0.45),
    # Review findings: offsets the reader once swallowed as "due at the meeting" (0.8).
    Row("within a fortnight of each board meeting", P0708, "relative", None, None,
        anchor="meeting:board", offset=(14, False), confidence=0.8),
    Row("within two weeks of each board meeting", P0708, "relative", None, None,
        anchor="meeting:board", offset=(14, False), confidence=0.8),
    Row("2 fortnights before each meeting", P0708, "relative", None, None,
        anchor="meeting", offset=(-28, False), confidence=0.8),
    Row("within 1000 days of each board meeting", P0708, "unknown", None, None),
    Row("within 100000 weeks of each meeting", P0708, "unknown", None, None),
    Row("within 14 months of each meeting", P0708, "unknown", None, None),
    Row("within a few days of each meeting", P0708, "relative", None, None,
        anchor="meeting", offset=(0, True), confidence=0.45),
    Row("within 2 to 3 weeks of each meeting", P0708, "relative", None, None,
        anchor="meeting", offset=(21, False), confidence=0.45),
    Row("report to each board meeting", P0708, "relative", None, None,
        anchor="meeting:board", offset=(0, True), confidence=0.8),
    # Two due dates joined by "and", "&", "/" or ",": the first, flagged; not a window.
    Row("March and September 2008", P0708, "period", "2008-03-01", "2008-03-31",
        confidence=0.45),
    Row("31 March 2008 / 30 June 2008", P0708, "date", "2008-03-31", "2008-03-31",
        confidence=0.45),
    Row("31 March 2008 and 30 June 2008", P0708, "date", "2008-03-31", "2008-03-31",
        confidence=0.45),
    Row("March, June", P0708, "period", "2008-03-01", "2008-03-31", confidence=0.45),
    Row("May & October 07", P0708, "period", "2007-05-01", "2007-05-31", confidence=0.45),
    Row("by March and September 2008", P0708, "deadline", None, "2008-03-31", confidence=0.45),
    Row("April to June 2008", P0708, "period", "2008-04-01", "2008-06-30", confidence=0.9),
    Row("Dec/Jan 08", P0708, "period", "2007-12-01", "2008-01-31", confidence=0.9),
    # Three or more months.
    Row("April, July, October and January", P0708, "recurring", "2007-04-30", "2008-03-31",
        rrule="FREQ=YEARLY;BYMONTH=1,4,7,10;BYMONTHDAY=-1", confidence=0.6),
    Row("June, September, December and March", P0708, "recurring", "2007-06-30",
        "2008-03-31", rrule="FREQ=YEARLY;BYMONTH=3,6,9,12;BYMONTHDAY=-1", confidence=0.6),
    Row("each May, August and November", P0708, "recurring", "2007-05-31", "2008-03-31",
        rrule="FREQ=YEARLY;BYMONTH=5,8,11;BYMONTHDAY=-1", confidence=0.7),
    Row("May, August and November 2008", P0708, "period", "2008-05-01", "2008-05-31",
        confidence=0.45),
    Row("by April, July and October", P0708, "deadline", None, "2007-04-30", confidence=0.45),
    # "Not before" gives a start, not a due date.
    Row("not before June 2008", P0708, "unknown", None, None),
    Row("no earlier than 1 May 2008", P0708, "unknown", None, None),
    # Conventions that are noted.
    Row("Every 3 months from July", P0708, "recurring", "2007-09-30", "2008-03-31",
        rrule="FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1", confidence=0.8),
    Row("by 2010", P0708, "deadline", None, "2010-12-31", confidence=0.8),
]  # fmt: skip


def test_review_findings_explain_themselves() -> None:
    notes = {
        text: read_timescale(text, period=P0708).note
        for text in ("within a fortnight of each board meeting",
                     "within 1000 days of each board meeting",
                     "within a few days of each meeting", "31 March 2008 / 30 June 2008",
                     "March and September 2008", "April, July, October and January",
                     "May, August and November 2008", "not before June 2008",
                     "Every 3 months from July", "by 2010", "2007-2010")
    }  # fmt: skip
    assert "a fortnight" in notes["within a fortnight of each board meeting"]
    assert "too long" in notes["within 1000 days of each board meeting"]
    assert "not read" in notes["within a few days of each meeting"]
    assert "31 March 2008 and 30 June 2008" in notes["31 March 2008 / 30 June 2008"]
    assert "March 2008 and September 2008" in notes["March and September 2008"]
    assert "quarterly" in notes["April, July, October and January"]
    assert "August" in notes["May, August and November 2008"]
    assert "start" in notes["not before June 2008"]
    assert "convention" in notes["Every 3 months from July"]
    assert "calendar year" in notes["by 2010"] and "financial" in notes["by 2010"]
    assert "calendar years" in notes["2007-2010"]


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


@pytest.mark.parametrize("row", TABLE, ids=lambda row: f"{row.text!r}@{row.period}")
def test_timescales_are_read_as_people_mean_them(row: Row) -> None:
    reading = read_timescale(row.text, period=row.period, today=TODAY)
    assert reading.text == row.text
    assert reading.kind == row.kind
    assert (reading.start, reading.end) == (_day(row.start), _day(row.end))
    assert reading.rrule == row.rrule
    assert reading.anchor == row.anchor
    assert reading.offset == (Offset(*row.offset) if row.offset else None)
    assert reading.confidence == pytest.approx(row.confidence, abs=0.051)


def test_the_table_is_large_and_covers_every_kind() -> None:
    assert len(TABLE) >= 140
    assert {row.kind for row in TABLE} == set(KINDS)
    anchors = {row.anchor for row in TABLE if row.anchor}
    assert {"meeting", "meeting:board", "quarter-end", "year-end"} <= anchors
    assert all(
        a == "meeting" or a.split(":")[1] in MEETING_KINDS for a in anchors if "meeting" in a
    )


def test_vague_and_mixed_readings_explain_themselves() -> None:
    for text in ("mid July", "the autumn", "latter half of the year", "Aug – Oct 07 and ongoing",
                 "minimum twice a year", "as and when required", "TBC", "asap", ""):  # fmt: skip
        reading = read_timescale(text, period=P0708)
        assert reading.note, text
    assert "11 to 20 July" in read_timescale("mid July", period=P0708).note
    assert "October to March" in read_timescale("latter half of the year", period=P0708).note
    assert "ongoing" in read_timescale("Aug – Oct 07 and ongoing", period=P0708).note
    assert "at least" in read_timescale("minimum twice a year", period=P0708).note


def test_missing_years_come_from_today_without_a_plan_period() -> None:
    reading = read_timescale("August", today=date(2020, 2, 10))
    assert (reading.start, reading.end) == (date(2019, 8, 1), date(2019, 8, 31))
    assert "2019/20" in reading.note
    assert read_timescale("Feb 99").start == date(1999, 2, 1)
    assert read_timescale("Feb 49").start == date(2049, 2, 1)


@pytest.mark.parametrize(
    ("text", "period", "first_dates"),
    [
        ("Quarterly", P0708, [date(2007, 6, 30), date(2007, 9, 30), date(2007, 12, 31)]),
        ("March annually", P0710, [date(2008, 3, 31), date(2009, 3, 31), date(2010, 3, 31)]),
        ("May and October annually", P0710,
         [date(2007, 5, 31), date(2007, 10, 31), date(2008, 5, 31)]),
        ("February 09 and then annually", P0710, [date(2009, 2, 28), date(2010, 2, 28)]),
        ("6 monthly", P0710, [date(2007, 9, 30), date(2008, 3, 31), date(2008, 9, 30)]),
        ("monthly", P0708, [date(2007, 4, 30), date(2007, 5, 31), date(2007, 6, 30)]),
        ("every 2 months", P0708, [date(2007, 5, 31), date(2007, 7, 31), date(2007, 9, 30)]),
        ("weekly", P0708, [date(2007, 4, 1), date(2007, 4, 8), date(2007, 4, 15)]),
        ("Sept 07, then quarterly", P0708,
         [date(2007, 9, 30), date(2007, 12, 31), date(2008, 3, 31)]),
        ("12 March 2008 then annually", P0710, [date(2008, 3, 12), date(2009, 3, 12)]),
        ("annually", P0710, [date(2008, 3, 31), date(2009, 3, 31), date(2010, 3, 31)]),
    ],
)  # fmt: skip
def test_recurrence_rules_parse_and_give_the_expected_dates(
    text: str, period: tuple[int, int], first_dates: list[date]
) -> None:
    reading = read_timescale(text, period=period)
    assert reading.kind == "recurring"
    assert reading.rrule is not None and reading.start is not None
    assert "DTSTART" not in reading.rrule and "UNTIL" not in reading.rrule
    rule = rrulestr(reading.rrule, dtstart=datetime.combine(reading.start, datetime.min.time()))
    produced = []
    for moment in rule:
        produced.append(moment.date())
        if len(produced) == len(first_dates):
            break
    assert produced == first_dates
    assert produced[0] == reading.start == reading.due_on


def test_every_recurring_row_has_a_rule_dateutil_accepts() -> None:
    for row in TABLE:
        if row.kind == "recurring":
            assert row.rrule and row.start
            rule = rrulestr(row.rrule, dtstart=datetime.fromisoformat(row.start))
            assert rule[0].date() == date.fromisoformat(row.start), row.text


def test_flagged_exactly_when_unknown_or_low_confidence() -> None:
    for row in TABLE:
        reading = read_timescale(row.text, period=row.period, today=TODAY)
        assert reading.flagged == (reading.kind == "unknown" or reading.confidence < 0.5)
    assert read_timescale("TBC").flagged
    assert read_timescale("after each board meeting").flagged
    assert not read_timescale("Aug – Oct 07", period=P0708).flagged
    assert Reading("x", "date", date(2008, 1, 1), date(2008, 1, 1), confidence=0.49).flagged


def test_due_on_follows_the_kind() -> None:
    assert read_timescale("by June 08", period=P0708).due_on == date(2008, 6, 30)
    assert read_timescale("Aug – Oct 07", period=P0708).due_on == date(2007, 10, 31)
    assert read_timescale("12/03/08", period=P0708).due_on == date(2008, 3, 12)
    assert read_timescale("Quarterly", period=P0708).due_on == date(2007, 6, 30)
    assert read_timescale("for each meeting", period=P0708).due_on is None
    assert read_timescale("ongoing", period=P0708).due_on is None
    assert read_timescale("TBC", period=P0708).due_on is None


def test_as_json_has_the_contract_shape() -> None:
    keys = ["text", "kind", "start", "end", "rrule", "anchor", "offset", "confidence", "note"]
    relative = read_timescale("within 5 working days of board meetings", period=P0708).as_json()
    assert list(relative) == keys
    assert relative["offset"] == {"days": 5, "working": True}
    assert relative["anchor"] == "meeting:board"
    assert relative["start"] is None and relative["rrule"] is None
    period = read_timescale("Aug – Oct 07", period=P0708).as_json()
    assert (period["start"], period["end"]) == ("2007-08-01", "2007-10-31")
    assert period["offset"] is None
    odd = Reading("x", "period", date(2008, 1, 1), date(2008, 1, 31), confidence=2 / 3).as_json()
    assert odd["confidence"] == 0.67
    for row in TABLE[:40]:
        shape = read_timescale(row.text, period=row.period, today=TODAY).as_json()
        assert json.loads(json.dumps(shape)) == shape
        assert isinstance(shape["confidence"], float)
        assert shape["start"] is None or isinstance(shape["start"], str)


def _check(reading: Reading, text: str) -> None:
    assert isinstance(reading, Reading)
    assert reading.text == text
    assert reading.kind in KINDS
    assert 0.0 <= reading.confidence <= 1.0
    if reading.start and reading.end:
        assert reading.start <= reading.end
    if reading.kind == "unknown":
        assert (reading.start, reading.end, reading.confidence) == (None, None, 0.0)
    if reading.rrule:
        rrulestr(reading.rrule, dtstart=datetime.combine(reading.start, datetime.min.time()))


_PARTS = st.sampled_from(
    ["Aug", "Sept.", "March", "mid", "end of", "by", "before", "within", "working days",
     "of", "each", "board", "meeting", "meetings", "quarterly", "annually", "and then",
     "ongoing", "Q3", "2007/08", "2007/8", "07", "'08", "31", "/", "-", "–", "—", "&",
     ",", "to", "(", ")", "TBC", "onwards", "from", "the autumn", "half", "year end", "6",
     "monthly", "twice a year", "minimum", "12/03/08", "29/02/07", "1st", "th", "weeks",
     "quarter end", "every", "0", "99", "9999", "FY", "week", "\u00a0", "\x00"]
)  # fmt: skip
_PHRASE_LIKE = st.lists(_PARTS, max_size=12).map(" ".join) | st.lists(_PARTS, max_size=8).map(
    "".join
)


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=500))
def test_any_text_gives_a_reading(text: str) -> None:
    _check(read_timescale(text, period=P0710), text)
    _check(read_timescale(text, today=TODAY), text)


@settings(max_examples=500, deadline=None)
@given(
    text=_PHRASE_LIKE,
    period=st.none() | st.tuples(st.integers(1990, 2030), st.integers(0, 3)),
)
def test_phrase_like_text_gives_a_consistent_reading(
    text: str, period: tuple[int, int] | None
) -> None:
    plan = (period[0], period[0] + period[1]) if period else None
    _check(read_timescale(text, period=plan, today=TODAY), text)


def test_very_long_text_is_unknown_not_an_error() -> None:
    text = "Aug – Oct 07 and then quarterly, " * 3100
    assert len(text) > 100_000
    reading = read_timescale(text[:100_000], period=P0708)
    assert reading.kind == "unknown"
    assert reading.text == text[:100_000]
    assert "too long" in reading.note


def test_control_characters_and_odd_unicode_do_not_break_reading() -> None:
    assert read_timescale("Aug\u2013Oct\u00a007", period=P0708).end == date(2007, 10, 31)
    assert read_timescale("\x00March\t08\x7f", period=P0708).kind == "period"
    assert read_timescale("\ud800", period=P0708).kind == "unknown"
