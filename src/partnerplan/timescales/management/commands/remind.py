"""`partnerplan remind [--today YYYY-MM-DD] [--dry-run]`: e-mail the leads their reminders.

Safe to run from cron as often as wanted: nothing is sent twice. It exits non-zero when
an e-mail could not be sent (after trying everyone), so that cron reports it."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from partnerplan.timescales.reminders import send_reminders


def _day(text: str) -> date:
    try:
        day = date.fromisoformat(text)
    except ValueError as error:
        raise CommandError(
            f"“{text}” is not a date: give --today as year-month-day, such as 2008-01-07."
        ) from error
    # Dates are counted on from this day by years: keep clear of the calendar's ends.
    if not 1900 <= day.year <= 2200:
        raise CommandError(f"{day.isoformat()} is too far off: give a day between 1900 and 2200.")
    return day


class Command(BaseCommand):
    help = (
        "E-mail each person who leads actions what is overdue, what is due soon and which "
        "updates are wanted: one e-mail a person, each thing once, or a weekly digest for "
        "those who chose one."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--today",
            help="Count from this day (YYYY-MM-DD) instead of today, to catch up or test.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Work out and report what would be sent, and send and record nothing.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = _day(options["today"]) if options["today"] else timezone.localdate()
        try:
            summary = send_reminders(today=today, dry_run=options["dry_run"])
        except OSError as error:
            # The mail server could not be reached: nothing was recorded as sent.
            raise CommandError(
                f"Could not connect to the mail server ({error}). Nothing was sent; "
                "run it again when the server is back."
            ) from error
        self.stdout.write(summary.describe())
        if summary.failures:
            raise CommandError(
                f"Could not send {summary.failures} of the e-mails (to "
                f"{', '.join(summary.failed)}); see the log. They will be tried again next run."
            )
