"""`partnerplan timescale TEXT`: show how the timescale reader reads some words."""

from __future__ import annotations

import json
import re
import sys
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from partnerplan.core.periods import FinancialYear, PeriodError, long_date
from partnerplan.timescales.reader import Reading, read_timescale

_PERIOD_SPLIT = re.compile(r"^\s*(\S+?)\s*(?:\s-\s|\s+to\s+|-(?=\d{4}\s*[/-]))\s*(\S+)\s*$")


class Command(BaseCommand):
    # Tests may hand in their own standard input: call_command(..., stdin=...).
    stealth_options = ("stdin",)
    help = (
        "Read a plan's timescale (such as “Aug – Oct 07” or “March annually”) and show "
        "what it means. With TEXT “-”, read one timescale a line from standard input and "
        "print one JSON object a line."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("text", help="The timescale's words, or - to read lines from input.")
        parser.add_argument(
            "--plan-period",
            metavar="YEARS",
            help="The plan's financial years: 2007/08, or 2007/08-2009/10.",
        )
        parser.add_argument(
            "--today",
            metavar="YYYY-MM-DD",
            help="The day to count from when there is no plan period (default: today).",
        )
        parser.add_argument("--json", action="store_true", help="Print the reading as JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        period = _plan_period(options["plan_period"])
        today = _today(options["today"])
        if options["text"] == "-":
            for line in options.get("stdin") or sys.stdin:
                words = line.rstrip("\r\n")
                if not words.strip():
                    continue
                reading = read_timescale(words, period=period, today=today)
                self.stdout.write(json.dumps(reading.as_json(), ensure_ascii=False))
            return
        reading = read_timescale(options["text"], period=period, today=today)
        if options["json"]:
            self.stdout.write(json.dumps(reading.as_json(), ensure_ascii=False))
        else:
            self.stdout.write(summary(reading))


def _plan_period(text: str | None) -> tuple[int, int] | None:
    if text is None:
        return None
    match = _PERIOD_SPLIT.match(text)
    parts = [match.group(1), match.group(2)] if match else [text]
    try:
        years = [FinancialYear.parse(part) for part in parts]
    except PeriodError as error:
        raise CommandError(
            f"{error} A plan period is one financial year, or two joined by “-” or “to”, "
            "such as 2007/08-2009/10."
        ) from error
    if years[-1] < years[0]:
        raise CommandError(f"The plan period “{text}” ends before it starts.")
    return years[0].start, years[-1].start


def _today(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise CommandError(f"“{text}” is not a date: write --today as YYYY-MM-DD.") from error


def _day(day: date | None) -> str:
    return long_date(day) or "-"


def summary(reading: Reading) -> str:
    """A few lines a person can read."""
    lines = [f"Timescale: {reading.text}", f"Kind: {reading.kind}"]
    if reading.start or reading.end:
        lines.append(f"From: {_day(reading.start)}  To: {_day(reading.end)}")
    if reading.rrule:
        lines.append(f"Repeats: {reading.rrule}")
    if reading.anchor:
        lines.append(f"Relative to: {reading.anchor}")
    if reading.offset:
        unit = "working days" if reading.offset.working else "calendar days"
        lines.append(f"Offset: {reading.offset.days:+d} {unit}")
    lines.append(f"Confidence: {reading.confidence:.2f}")
    if reading.note:
        lines.append(f"Note: {reading.note}")
    if reading.flagged:
        lines.append("Flagged for a person to check.")
    return "\n".join(lines)
