"""The demo county's meetings, publishing deadlines and reporting timetable."""

from __future__ import annotations

import random
from datetime import date, time, timedelta

from partnerplan.core.audit import Actor
from partnerplan.core.periods import Quarter
from partnerplan.partnerships.models import Partnership
from partnerplan.timescales import services
from partnerplan.timescales.models import Meeting
from partnerplan.timescales.workdays import add_working_days

BOARD = "Marlshire Partnership Board"
SAFER = "Safer Marlshire Partnership"


def load_demo_meetings(*, actor: Actor, today: date) -> int:
    """Board meetings every two months and the community safety partnership's each
    quarter, a year back and a year ahead, with their publishing deadlines: the number
    of meetings loaded (0 if they were there already)."""
    board = Partnership.objects.get(name=BOARD)
    if Meeting.objects.filter(partnership=board).exists():
        return 0
    rng = random.Random(2026)
    safer = Partnership.objects.get(name=SAFER)
    agenda = services.obligation_create(
        actor=actor,
        partnership=board,
        what="Agenda and reports on the website",
        timescale="within 5 working days after each board meeting",
    )
    minutes = services.obligation_create(
        actor=actor,
        partnership=board,
        what="Draft minutes to members",
        timescale="within 10 working days after each board meeting",
    )
    for name, words in (
        ("Leads’ updates on their actions", "within 15 working days of the quarter end"),
        ("Police recorded crime", "within 30 working days of the quarter end"),
    ):
        services.data_release_create(actor=actor, partnership=board, name=name, timescale=words)
        services.data_release_create(actor=actor, partnership=safer, name=name, timescale=words)

    loaded = 0
    first = Quarter.containing(today - timedelta(days=365)).first_day
    for step in range(10):
        # The second Tuesday of every other month, in the evening, at County Hall.
        month = date(
            first.year + (first.month - 1 + 2 * step) // 12,
            (first.month - 1 + 2 * step) % 12 + 1,
            1,
        )
        held_on = month + timedelta(days=(1 - month.weekday()) % 7 + 7)
        meeting = services.meeting_create(
            actor=actor,
            partnership=board,
            kind="board",
            held_on=held_on,
            starts_at=time(18, 0),
            venue="Council Chamber, County Hall",
            agenda_url="https://www.example.org/board/agenda",
            minutes_published_on=add_working_days(held_on, 12)
            if held_on < today - timedelta(days=30)
            else None,
        )
        loaded += 1
        if held_on < today - timedelta(days=14):
            # Mostly on time; now and then late, or not recorded at all.
            late = rng.random() < 0.25
            if rng.random() < 0.85:
                services.obligation_met(
                    actor=actor,
                    obligation=agenda,
                    meeting=meeting,
                    done_on=add_working_days(held_on, 7 if late else 3),
                )
            services.obligation_met(
                actor=actor,
                obligation=minutes,
                meeting=meeting,
                done_on=add_working_days(held_on, 9),
            )
    for step in range(7):
        quarter_start = Quarter.containing(first + timedelta(days=92 * step)).first_day
        services.meeting_create(
            actor=actor,
            partnership=safer,
            kind="steering",
            held_on=quarter_start + timedelta(days=20),
            starts_at=time(10, 0),
            venue="Police Headquarters, Marlford",
        )
        loaded += 1
    return loaded
