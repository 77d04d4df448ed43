"""`.venv/bin/python bench/remind.py`: time `partnerplan remind` at county scale, sending
through a real SMTP server on the loopback interface.

It loads the county scale into a new SQLite file in a temporary folder, adds a year of
monthly board meetings for each partnership, reads every timescale as the services
would have on saving (as if the last run of `remind` were a week before), and keeps a
copy. Then it times, each on a fresh copy of that database:

- cold: the first run, on the first weekday of a quarter, when most leads have something
  new: overdue and due-soon milestones and the quarter's update request;
- warm: a second run the same day, which finds nothing new;
- digest: the first run of the week with everyone on the weekly digest.

The e-mails go over one SMTP connection to an aiosmtpd server in this process, which
counts them. It prints one table and exits non-zero when a run is over its budget of
30 seconds. Everything it creates (server, files) is removed at the end.
"""

from __future__ import annotations

import argparse
import logging
import os
import platform
import secrets
import shutil
import signal
import socket
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

BUDGET_SECONDS = 30.0


class Sink:
    """An aiosmtpd handler that counts the messages and their recipients."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.messages = 0
        self.recipients: set[str] = set()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self.lock:
            self.messages += 1
            self.recipients.update(envelope.rcpt_tos)
        return "250 Message accepted for delivery"

    def reset(self) -> None:
        with self.lock:
            self.messages = 0
            self.recipients.clear()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Size:
    people: int
    leads: int
    actions: int
    milestones: int
    partnerships: int
    meetings: int


@dataclass
class Result:
    run: str
    emails: list[int]
    seconds: list[float]
    queries: list[int]
    received: list[int]

    @property
    def worst(self) -> float:
        return max(self.seconds)


# --- the data -----------------------------------------------------------------------------


def load(seed: int, day: date) -> tuple[Size, float]:
    """The county scale with a year of meetings, its timescales read a week before `day`."""
    from django.core.management import call_command

    from partnerplan.core.periods import FinancialYear
    from partnerplan.demo import scale
    from partnerplan.partnerships.models import Partnership, Person
    from partnerplan.plans.models import Action, ActionLead, Milestone
    from partnerplan.timescales.models import Meeting
    from partnerplan.timescales.services import refresh_due_dates

    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    scale.generate("county", seed=seed, password=secrets.token_urlsafe(16))
    # Monthly board meetings through the financial year the run falls in: what the
    # meeting-relative timescales count from.
    year = FinancialYear.containing(day)
    months = [year.first_day.replace(day=1)]
    while len(months) < 12:
        last = months[-1]
        months.append(date(last.year + (last.month == 12), last.month % 12 + 1, 1))
    Meeting.objects.bulk_create(
        [
            Meeting(partnership_id=pk, kind="board", held_on=month + timedelta(days=9))
            for pk in Partnership.objects.values_list("pk", flat=True)
            for month in months
        ],
        batch_size=500,
    )
    # The generator writes timescales without reading them; the services read them on
    # saving, and the previous run a week ago moved the recurring ones on.
    refresh_due_dates(today=day - timedelta(days=7))
    size = Size(
        people=Person.objects.count(),
        leads=ActionLead.objects.filter(person__isnull=False)
        .values("person_id")
        .distinct()
        .count(),
        actions=Action.objects.count(),
        milestones=Milestone.objects.count(),
        partnerships=Partnership.objects.count(),
        meetings=Meeting.objects.count(),
    )
    return size, time.perf_counter() - started


def copy_database(source: Path, target: Path) -> None:
    """A consistent copy, through SQLite's backup (the database is in WAL mode)."""
    from django.db import connections

    connections.close_all()
    target.unlink(missing_ok=True)
    for suffix in ("-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    with sqlite3.connect(source) as reading, sqlite3.connect(target) as writing:
        reading.backup(writing)
    reading.close()
    writing.close()


# --- the runs -----------------------------------------------------------------------------


def timed_remind(day: date, sink: Sink) -> tuple[int, float, int, int]:
    """E-mails sent, seconds, queries and messages the server received, for one run, as
    `partnerplan remind --today day` makes it (the command adds only its parsing)."""
    from django.db import connection

    from partnerplan.timescales.reminders import send_reminders

    queries = 0

    def count(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    sink.reset()
    with connection.execute_wrapper(count):
        started = time.perf_counter()
        summary = send_reminders(today=day)
        seconds = time.perf_counter() - started
    if summary.failures:
        raise SystemExit(f"bench remind: {summary.failures} e-mails failed: {summary.describe()}")
    print(f"bench remind: {summary.describe()}", flush=True)
    return summary.emails_sent, seconds, queries, sink.messages


def everyone_weekly() -> None:
    from partnerplan.partnerships.models import Person
    from partnerplan.timescales.choices import ReminderChoice
    from partnerplan.timescales.models import ReminderSetting

    ReminderSetting.objects.bulk_create(
        [
            ReminderSetting(person_id=pk, choice=ReminderChoice.WEEKLY, token=secrets.token_hex(16))
            for pk in Person.objects.values_list("pk", flat=True)
        ],
        batch_size=500,
    )


def measure(
    seed: int, runs: int, sink: Sink, folder: Path, day: date
) -> tuple[Size, float, list[Result]]:
    database = folder / "bench.sqlite3"
    pristine = folder / "pristine.sqlite3"
    print(f"bench remind: loading the county scale (seed {seed})…", flush=True)
    size, load_seconds = load(seed, day)
    copy_database(database, pristine)

    results = {name: Result(name, [], [], [], []) for name in ("cold", "warm", "digest")}

    def record(name: str, outcome: tuple[int, float, int, int]) -> None:
        sent, seconds, queries, received = outcome
        result = results[name]
        result.emails.append(sent)
        result.seconds.append(seconds)
        result.queries.append(queries)
        result.received.append(received)
        print(
            f"bench remind: {name}: {sent:,} e-mails in {seconds:.2f} s, {queries:,} queries",
            flush=True,
        )

    for _ in range(runs):
        copy_database(pristine, database)
        record("cold", timed_remind(day, sink))
        record("warm", timed_remind(day, sink))
    for _ in range(runs):
        copy_database(pristine, database)
        everyone_weekly()
        record("digest", timed_remind(day, sink))
    return size, load_seconds, list(results.values())


def report(size: Size, results: list[Result]) -> bool:
    print(
        f"data: {size.people:,} people ({size.leads:,} of them lead actions), {size.actions:,} "
        f"actions, {size.milestones:,} milestones, {size.partnerships:,} partnerships, "
        f"{size.meetings:,} meetings\n"
    )
    header = ("run", "e-mails sent", "received", "queries", "median s", "slowest s", "budget")
    rows = [
        (
            result.run,
            f"{statistics.median(result.emails):,.0f}",
            f"{statistics.median(result.received):,.0f}",
            f"{statistics.median(result.queries):,.0f}",
            f"{statistics.median(result.seconds):.2f}",
            f"{result.worst:.2f}",
            f"{BUDGET_SECONDS:.0f} s: "
            + ("within budget" if result.worst <= BUDGET_SECONDS else "OVER"),
        )
        for result in results
    ]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    for row in [header, tuple("-" * w for w in widths), *rows]:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
    wrong = [r.run for r in results if r.emails != r.received]
    if wrong:
        print(f"\nMISMATCH: the SMTP server did not receive every e-mail sent in: {wrong}")
    return all(r.worst <= BUDGET_SECONDS for r in results) and not wrong


def stopped(number: int, _frame: object) -> None:
    raise SystemExit(f"bench remind: stopped by {signal.Signals(number).name}; cleaned up.")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--runs", type=int, default=3, help="fresh copies timed per run")
    options = parser.parse_args(argv)
    for stop in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(stop, stopped)

    from aiosmtpd.controller import Controller

    # The server logs every SMTP command; the bench wants only its own lines.
    logging.getLogger("mail.log").setLevel(logging.WARNING)

    folder = Path(tempfile.mkdtemp(prefix="partnerplan-bench-remind-"))
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port())
    controller.start()  # returns once the server answers
    try:
        (folder / "var").mkdir()
        os.environ.update(
            {
                "DJANGO_SETTINGS_MODULE": "partnerplan.settings",
                "DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite3'}",
                "PARTNERPLAN_VAR": str(folder / "var"),
                "DEBUG": "0",
                "EMAIL_HOST": "127.0.0.1",
                "EMAIL_PORT": str(controller.port),
                "EMAIL_USE_TLS": "0",
                "EMAIL_HOST_USER": "",
                "EMAIL_HOST_PASSWORD": "",
            }
        )
        import django

        django.setup()
        from partnerplan.core.periods import Quarter

        # The generator writes its history up to the current quarter; the run is on the
        # first weekday of the next, when the quarter's update requests go out.
        day = Quarter.containing(date.today()).next().first_day
        while day.weekday() >= 5:
            day += timedelta(days=1)
        load_before = os.getloadavg()[0]
        size, load_seconds, results = measure(options.seed, options.runs, sink, folder, day)
        load_after = os.getloadavg()[0]
    finally:
        controller.stop()
        try:
            from django.db import connections

            connections.close_all()
        except Exception:  # noqa: S110 - Django may never have been set up
            pass
        shutil.rmtree(folder, ignore_errors=True)

    print(
        f"\npartnerplan bench remind, {date.today():%-d %B %Y}, {os.cpu_count()} CPUs "
        f"({platform.machine()}), Python {platform.python_version()}\n"
        f"database: SQLite, a new file in a temporary folder; loaded in {load_seconds:.0f} s\n"
        f"run as `partnerplan remind --today {day.isoformat()}` (the first weekday of a "
        f"quarter), {options.runs} times each on a fresh copy; e-mails to an aiosmtpd "
        f"server on 127.0.0.1 over one SMTP connection\n"
        f"load average (1 min): {load_before:.1f} before, {load_after:.1f} after"
    )
    within = report(size, results)
    if not within:
        print(f"\nOVER BUDGET: a run took more than {BUDGET_SECONDS:.0f} s.")
        return 1
    print(f"\nEvery run is within its budget of {BUDGET_SECONDS:.0f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
