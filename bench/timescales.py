"""Time the timescale reader on 100,000 phrases, and recurrence expansion on 10,000.

The phrases are made from templates of the ways plans write timescales (months,
ranges, quarters, financial years, deadlines, recurrences, meetings, vague words,
unknowns) with varied months, years, days, numbers, separators and case, so most are
distinct; each is read with the period of the (made-up) plan it comes from, so nearly
every (phrase, period) pair, the reader's cache key, is distinct and the cache cannot
hide the work. The cache is cleared before every run. Five runs; it prints one table
and exits non-zero when the median is over the budget of 5 seconds. No Django: the
reader is plain Python.
"""

from __future__ import annotations

import gc
import random
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from partnerplan.timescales.reader import clear_cache, read_timescale
from partnerplan.timescales.recurrence import occurrences

BUDGET_SECONDS = 5.0
RUNS = 5
PHRASES = 100_000
RECURRING = 10_000
PERIOD = (2007, 2009)

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]  # fmt: skip
SHORT = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sept", "Oct", "Nov", "Dec"]
DASHES = [" – ", "–", " - ", "-", " to ", " — ", "/", " & ", " and "]
MEETINGS = ["board", "steering group", "executive", "scrutiny", "theme group", "partnership", ""]
TEMPLATES = [
    "{month} {yyyy}", "{mon} {yy}", "{mon}. {yy}", "{mon} '{yy}", "{day}{th} {month} {yyyy}",
    "{day}/{mm}/{yy}", "{day}.{mm}.{yyyy}", "{mon}{dash}{mon2} {yy}", "{month}{dash}{month2}",
    "{mon} {yy}{dash}{mon2} {yy2}", "Q{q} {yyyy}/{yy1}", "quarter {q}", "{yyyy}/{yy1}",
    "April {yyyy}/{y1}", "by {mon} {yy}", "by end of {month} {yyyy}",
    "no later than {day}/{mm}/{yy}",
    "before {month} {yyyy}", "{month} annually", "{month} and {month2} annually",
    "{mon} {yy} and then annually", "quarterly", "6 monthly", "minimum twice a year", "monthly",
    "every {n} months", "within {n} working days of {meeting} meetings",
    "{n} working days before each {meeting} meeting", "before each {meeting} meeting",
    "for each meeting", "within {n} weeks of the quarter end", "ongoing", "on-going",
    "from {month} {yyyy} onwards", "mid {month}", "early {month} {yyyy}", "late {mon}",
    "the autumn", "latter half of the year", "{mon} {yy} and ongoing", "{mon} {yy}, then quarterly",
    "TBC", "asap", "depends on funding", "{month}", "{day}{th} {mon}", "{yyyy}",
    "Final report due {mon} {yy}", "{season} {yyyy}",
]  # fmt: skip
SEASONS = ["spring", "summer", "autumn", "winter"]
CASES = [str, str.lower, str.upper, str.title]


LEADS = ["", "", "", "in ", "By ", "Target: ", "during ", "Due ", "Timescale: "]
RECURRING_TEMPLATES = [
    "{month} annually", "{month} and {month2} annually", "{mon} {yy} and then annually",
    "quarterly", "6 monthly", "minimum twice a year", "monthly", "every {n} months",
    "{mon} {yy}, then quarterly", "quarterly from {month} {yyyy}", "weekly", "annually",
]  # fmt: skip


def phrases(count: int, seed: int = 2007) -> list[tuple[str, tuple[int, int]]]:
    """`count` realistic phrases, each with the period of the plan it is from."""
    rng = random.Random(seed)
    made = []
    for _ in range(count):
        first = rng.randrange(1998, 2027)
        period = (first, first + rng.randrange(0, 4))
        month, month2 = rng.randrange(12), rng.randrange(12)
        year = rng.randrange(1998, 2031)
        day = rng.randrange(1, 29)
        values = {
            "month": MONTHS[month], "month2": MONTHS[month2], "mon": SHORT[month],
            "mon2": SHORT[month2], "yyyy": str(year), "yy": f"{year % 100:02d}",
            "yy2": f"{(year + 1) % 100:02d}", "yy1": f"{(year + 1) % 100:02d}",
            "y1": str((year + 1) % 10), "day": str(day), "mm": f"{month + 1:02d}",
            "th": rng.choice(["", "st", "th", " th"]), "dash": rng.choice(DASHES),
            "q": str(rng.randrange(1, 5)), "n": str(rng.randrange(1, 31)),
            "meeting": rng.choice(MEETINGS), "season": rng.choice(SEASONS),
        }  # fmt: skip
        templates = RECURRING_TEMPLATES if seed == RECURRING else TEMPLATES
        text = rng.choice(LEADS) + rng.choice(templates).format(**values)
        text = rng.choice(CASES)(text)
        if rng.random() < 0.2:
            text = text + rng.choice([".", " ", ";", "  (tbc)", " approx"])
        made.append((text, period))
    return made


def _time_reading(texts: list[tuple[str, tuple[int, int]]], *, cold: bool = True) -> float:
    if cold:
        clear_cache()
    started = time.perf_counter()
    for text, period in texts:
        read_timescale(text, period=period)
    return time.perf_counter() - started


def _time_occurrences() -> tuple[float, int, int]:
    readings = []
    for text, _ in phrases(RECURRING * 2, seed=RECURRING):
        reading = read_timescale(text, period=PERIOD)
        if reading.kind == "recurring":
            readings.append(reading)
    readings = readings[:RECURRING]
    window = (date(2007, 4, 1), date(2010, 3, 31))
    started = time.perf_counter()
    total = sum(len(occurrences(r, between=window)) for r in readings)
    return time.perf_counter() - started, len(readings), total


def main() -> int:
    texts = phrases(PHRASES)
    # The 100,000 phrases are the benchmark's input, not the reader's work: keep the
    # garbage collector from rescanning them on every collection.
    gc.collect()
    gc.freeze()
    distinct = len({text for text, _ in texts})
    distinct_pairs = len(set(texts))
    times = [_time_reading(texts) for _ in range(RUNS)]
    median = statistics.median(times)
    warm = _time_reading(texts, cold=False)  # the last run's cache left in place
    kinds: dict[str, int] = {}
    for text, period in texts:
        kind = read_timescale(text, period=period).kind
        kinds[kind] = kinds.get(kind, 0) + 1
    recur_seconds, recurring, dates = _time_occurrences()
    verdict = "within budget" if median <= BUDGET_SECONDS else "OVER"
    rows = [
        ("phrases", f"{len(texts):,}"),
        ("distinct phrases", f"{distinct:,}"),
        ("distinct (phrase, plan period)", f"{distinct_pairs:,}"),
        ("runs (cache cleared each)", str(RUNS)),
        ("median seconds", f"{median:.2f}"),
        ("fastest / slowest seconds", f"{min(times):.2f} / {max(times):.2f}"),
        ("phrases per second", f"{len(texts) / median:,.0f}"),
        ("one run, cache kept (seconds)", f"{warm:.2f}"),
        ("budget seconds", f"{BUDGET_SECONDS:.0f}"),
        ("verdict", verdict),
        ("kinds", ", ".join(f"{k} {v:,}" for k, v in sorted(kinds.items()))),
        ("occurrences: recurring readings", f"{recurring:,} over 2007/08-2009/10"),
        ("occurrences: dates found", f"{dates:,}"),
        ("occurrences: seconds", f"{recur_seconds:.2f}"),
    ]
    width = max(len(name) for name, _ in rows)
    print("Timescale reader benchmark")
    for name, value in rows:
        print(f"  {name:<{width}}  {value}")
    return 0 if median <= BUDGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
