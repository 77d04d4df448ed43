"""`make bench`: time the main pages at county scale, through the real WSGI stack.

It loads the county scale into a fresh database (a new SQLite file in a temporary folder,
or, when DATABASE_URL names a PostgreSQL server, a throwaway database on that server),
serves it with gunicorn exactly as `partnerplan serve` does, signs in as the county's
manager through the sign-in form, and times each page over one kept-alive connection,
with a trivial view (/robots.txt: gunicorn, the middleware, the URL resolver, and no
session, database or template) as the yardstick, in rounds that ask for each once. Each page's
SQL queries are counted in-process against the same database. It prints one table, and
exits non-zero when a page's 95th percentile is over its budget: ten times the trivial
view's on SQLite, twenty-five times for the whole-plan pages on SQLite and PostgreSQL.

Everything it creates (server, database, files) is removed at the end, whatever happens.
"""

from __future__ import annotations

import argparse
import gc
import http.client
import os
import platform
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from http.cookies import SimpleCookie
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote, urlencode, urlsplit, urlunsplit

if TYPE_CHECKING:
    from partnerplan.demo.scale import ScaleSummary

SLOWEST_ALLOWED = 10.0  # a page's p95 may be at most this many times the trivial view's
# Pages that draw a whole plan or roll one up have a budget of their own: the board's
# plan page shows 300 actions with their leads and milestones, as its document does.
ALLOWED_FOR = {
    "plan (300 actions)": 25.0,
    "dashboard": 25.0,
    # Four rows an action: the board plan's 1,200 milestones, each with its bar.
    "timeline (300 actions)": 40.0,
    "what's due": 25.0,
}
# The ten-times budget is set for SQLite, the embedded default. On PostgreSQL every query
# also costs a round trip to the server, and only the whole-plan pages' budgets are set;
# the other pages' ratios are printed, against no budget.
ALLOWED_ON_POSTGRESQL = ALLOWED_FOR
READY_WITHIN = 60.0  # seconds for gunicorn to bind and its worker to answer /healthz
TRIVIAL = ("robots.txt (trivial)", "/robots.txt")
PAGES = [
    ("framework", "/framework/"),
    ("partnership", "/partnerships/{partnership}/"),
    ("organisations", "/organisations/"),
    ("organisations search", "/organisations/?q={search}"),
    ("people", "/people/"),
    ("organisation", "/organisations/{organisation}/"),
    ("person", "/people/{person}/"),
    ("history", "/history/partnerships.partnership/{partnership}/"),
    ("partnership edit form", "/partnerships/{partnership}/edit/"),
    ("membership add form", "/partnerships/{partnership}/members/new/"),
    ("deleted items", "/deleted/"),
    ("plan (300 actions)", "/plans/{plan}/"),
    ("action", "/actions/{action}/"),
    ("dashboard", "/partnerships/{plan_partnership}/dashboard/"),
    ("my actions", "/my-actions/"),
    ("what's due", "/due/"),
    ("timeline (300 actions)", "/plans/{plan}/timeline/"),
    ("meetings", "/partnerships/{plan_partnership}/meetings/"),
    ("reporting timetable", "/partnerships/{plan_partnership}/timetable/"),
]
# Enough deletions for Deleted items to show a real list, well inside its first page.
DELETIONS = 20


# --- a fresh database -------------------------------------------------------------------------


@dataclass
class Database:
    """The database the bench writes to, and how to get rid of it afterwards."""

    url: str
    description: str
    server_url: str = ""  # PostgreSQL only: where to connect to drop it
    name: str = ""

    @classmethod
    def fresh(cls, configured: str, folder: Path) -> Database:
        scheme = urlsplit(configured).scheme if configured else ""
        if scheme in {"postgres", "postgresql", "pgsql"}:
            return cls._fresh_postgresql(configured)
        if scheme and scheme != "sqlite":
            raise SystemExit(f"bench: only SQLite and PostgreSQL are supported, not {scheme}.")
        path = folder / "bench.sqlite3"
        return cls(url=f"sqlite:///{path}", description="SQLite, a new file in a temporary folder")

    @classmethod
    def _fresh_postgresql(cls, server_url: str) -> Database:
        import psycopg
        from psycopg import sql

        name = f"partnerplan_bench_{os.getpid()}"
        with psycopg.connect(server_url, autocommit=True) as connection:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            version = connection.info.server_version
        parts = urlsplit(server_url)
        return cls(
            url=urlunsplit(parts._replace(path=f"/{name}")),
            description=f"PostgreSQL {version // 10000}.{version % 10000}, "
            f"a new database {name} on {parts.hostname}:{parts.port or 5432}",
            server_url=server_url,
            name=name,
        )

    def drop(self) -> None:
        if not self.name:
            return  # SQLite: the file goes with the temporary folder
        import psycopg
        from psycopg import sql

        with psycopg.connect(self.server_url, autocommit=True) as connection:
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(self.name))
            )


def environment(folder: Path, database: Database) -> dict[str, str]:
    """Settings for this process and for the server: production defaults, this database."""
    var = folder / "var"
    # Static files are served from the source tree (no collectstatic); no page timed here
    # loads one, and STATIC_ROOT exists so that whitenoise does not warn about it.
    (var / "static").mkdir(parents=True)
    return {
        "DJANGO_SETTINGS_MODULE": "partnerplan.settings",
        "DATABASE_URL": database.url,
        "PARTNERPLAN_VAR": str(var),
        "PARTNERPLAN_PLAIN_STATIC": "1",
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "PARTNERPLAN_HTTPS": "0",
        "PARTNERPLAN_BEHIND_PROXY": "0",
    }


# --- the data -----------------------------------------------------------------------------------


@dataclass
class Loaded:
    urls: dict[str, str]
    manager_username: str
    password: str
    summary: ScaleSummary
    migrate_seconds: float


def load_county(seed: int) -> Loaded:
    from django.core.management import call_command

    from partnerplan.accounts.models import User
    from partnerplan.core.audit import Actor
    from partnerplan.core.models import AuditSource
    from partnerplan.demo import scale
    from partnerplan.partnerships import services
    from partnerplan.partnerships.models import Membership, Organisation

    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    migrate_seconds = time.perf_counter() - started
    password = secrets.token_urlsafe(16)
    summary = scale.generate("county", seed=seed, password=password)

    manager = User.objects.get(username=summary.manager_username)
    doomed = Membership.objects.exclude(pk=summary.membership_id).order_by("-pk")[:DELETIONS]
    for membership in list(doomed):
        services.membership_remove(
            membership=membership, actor=Actor(user=manager, source=AuditSource.WEB)
        )
    from django.db import connection

    if connection.vendor == "postgresql":
        # A long-running server has statistics from autovacuum; a database loaded a moment
        # ago has none yet, and PostgreSQL would plan for empty tables.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    # The first word of a name is a town or the county: a search that finds many.
    search = Organisation.objects.get(pk=summary.organisation_id).name.split()[0]
    from partnerplan.plans.models import Plan

    board_plan = Plan.objects.get(pk=summary.plans.largest_plan_id)
    ids = {
        "plan": board_plan.pk,
        "action": board_plan.actions.order_by("pk").values_list("pk", flat=True).first(),
        "plan_partnership": board_plan.partnership_id,
        "partnership": summary.largest_partnership_id,
        "organisation": summary.organisation_id,
        "person": summary.person_id,
        "search": quote(search),
    }
    urls = {page: path.format(**ids) for page, path in PAGES}
    return Loaded(urls, summary.manager_username, password, summary, migrate_seconds)


def count_queries(loaded: Loaded) -> dict[str, int]:
    """Each page's queries, as the manager, in this process against the same database."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from partnerplan.accounts.models import User

    counts = {}
    # The trivial view is asked for without a session, as a crawler asks for it.
    pages = [(TRIVIAL[0], TRIVIAL[1], Client(HTTP_HOST="127.0.0.1"))]
    manager = Client(HTTP_HOST="127.0.0.1")
    # The backend that signs people in with a password, as the server's sign-in does.
    manager.force_login(
        User.objects.get(username=loaded.manager_username),
        backend=settings.AUTHENTICATION_BACKENDS[-1],
    )
    pages += [(page, url, manager) for page, url in loaded.urls.items()]
    for page, url, client in pages:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"bench: {page} ({url}) answered {response.status_code} in-process.")
        counts[page] = len(captured)
    return counts


# --- the server ---------------------------------------------------------------------------------


class Server:
    """`partnerplan serve` on a port the system chooses, one worker, as a child process."""

    def __init__(self, env: dict[str, str], folder: Path) -> None:
        self.log_path = folder / "server.log"
        self._log = self.log_path.open("wb")
        command = [sys.executable, "-m", "partnerplan.cli", "serve", "--bind", "127.0.0.1:0"]
        # Our own interpreter and a fixed command line: nothing here comes from outside.
        self.process = subprocess.Popen(  # noqa: S603
            [*command, "--workers", "1"],
            env={**os.environ, **env},
            stdout=self._log,
            stderr=subprocess.STDOUT,
            cwd=folder,
        )
        self.port = 0

    def wait_until_ready(self) -> None:
        """Read the port from gunicorn's "Listening at" line, then wait for /healthz."""
        deadline = time.monotonic() + READY_WITHIN
        while not self.port:
            self._check_alive(deadline)
            found = re.search(
                rb"Listening at: http://127\.0\.0\.1:(\d+)", self.log_path.read_bytes()
            )
            if found:
                self.port = int(found.group(1))
            else:
                time.sleep(0.05)  # bounded by READY_WITHIN
        while True:
            self._check_alive(deadline)
            try:
                connection = http.client.HTTPConnection(
                    "127.0.0.1", self.port, timeout=READY_WITHIN
                )
                connection.request("GET", "/healthz")
                status = connection.getresponse().status
                connection.close()
            except OSError:
                status = 0
            if status == 200:
                return
            time.sleep(0.05)  # bounded by READY_WITHIN

    def _check_alive(self, deadline: float) -> None:
        if self.process.poll() is not None:
            raise SystemExit(f"bench: the server stopped early:\n{self.log_path.read_text()}")
        if time.monotonic() > deadline:
            raise SystemExit(f"bench: the server was not ready in {READY_WITHIN:.0f} s.")

    def stop(self) -> None:
        if self.process.poll() is None:
            # gunicorn stops its worker and exits on SIGTERM; kill only if it hangs.
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()


class Browser:
    """One kept-alive connection with a cookie jar, as a browser holds to a site."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}
        self.connection = self._connect()

    def _connect(self) -> http.client.HTTPConnection:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        connection.connect()
        return connection

    def request(
        self, method: str, path: str, body: str | None = None, cookies: bool = True
    ) -> tuple[int, bytes, bool]:
        """Status, body, and whether the connection had to be opened again on the way."""
        headers = {"Host": f"127.0.0.1:{self.port}"}
        if cookies and self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        reconnected = False
        for _attempt in range(2):
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                content = response.read()
                break
            except (http.client.RemoteDisconnected, ConnectionError):
                # The server closed an idle kept-alive connection: open another and ask again.
                self.connection.close()
                self.connection = self._connect()
                reconnected = True
        else:
            raise SystemExit(f"bench: {path} failed twice on a fresh connection.")
        if cookies:
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
        if response.will_close:
            self.connection.close()
            self.connection = self._connect()
        return response.status, content, reconnected

    def sign_in(self, username: str, password: str) -> None:
        status, page, _ = self.request("GET", "/sign-in/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if status != 200 or token is None or "csrftoken" not in self.cookies:
            raise SystemExit(f"bench: the sign-in page answered {status} without a CSRF token.")
        form = {
            "username": username,
            "password": password,
            "csrfmiddlewaretoken": token.group(1).decode(),
        }
        status, _, _ = self.request("POST", "/sign-in/", body=urlencode(form))
        if status != 302 or "sessionid" not in self.cookies:
            raise SystemExit(f"bench: signing in as {username} answered {status}.")

    def close(self) -> None:
        self.connection.close()


def timed_get(browser: Browser, page: str, url: str, cookies: bool) -> float | None:
    """Milliseconds for one request, or None if the connection had to be opened again."""
    started = time.perf_counter()
    status, _, reconnected = browser.request("GET", url, cookies=cookies)
    elapsed = (time.perf_counter() - started) * 1000
    if status != 200:
        raise SystemExit(f"bench: {page} ({url}) answered {status}.")
    # A reconnection would time the TCP handshake, not the page.
    return None if reconnected else elapsed


def time_pages(
    browser: Browser, urls: dict[str, str], warmup: int, requests: int
) -> tuple[dict[str, list[float]], list[float]]:
    """Milliseconds per request for each page, and for the trivial view.

    Timed in rounds: each round asks for the trivial view, every page once, and the
    trivial view again. A busy moment on the machine then falls on the pages and on the
    yardstick alike, instead of on whichever page happened to be timed just then. The
    trivial view is asked for without the session cookie, as a crawler asks for robots.txt.
    """
    trivial_request = (TRIVIAL[0], TRIVIAL[1], False)
    round_ = [trivial_request, *((page, url, True) for page, url in urls.items()), trivial_request]
    for _ in range(warmup):
        for _page, url, cookies in round_:
            browser.request("GET", url, cookies=cookies)
    samples: dict[str, list[float]] = {page: [] for page, _url, _cookies in round_}
    # This process loaded the county a moment ago: a garbage collection of its own in the
    # middle of a request would be timed as the server's. Nothing here makes cycles.
    gc.collect()
    gc.disable()
    try:
        for _ in range(requests):
            for page, url, cookies in round_:
                samples[page].append(_timed_once(browser, page, url, cookies))
    finally:
        gc.enable()
    trivial = samples.pop(TRIVIAL[0])
    return samples, trivial


def _timed_once(browser: Browser, page: str, url: str, cookies: bool) -> float:
    for _attempt in range(3):
        elapsed = timed_get(browser, page, url, cookies)
        if elapsed is not None:
            return elapsed
    raise SystemExit(f"bench: {page} kept losing its connection.")


# --- the report -------------------------------------------------------------------------------


@dataclass
class Row:
    page: str
    median: float
    p95: float
    queries: int


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=100, method="inclusive")[94]


def report(rows: list[Row], trivial: Row, on_postgresql: bool) -> list[str]:
    """Print the table; return what is too slow."""
    print("| page | median ms | p95 ms | p95 ÷ trivial p95 | allowed | queries |")
    print("|---|---:|---:|---:|---:|---:|")
    too_slow = []
    for row in [trivial, *rows]:
        ratio = row.p95 / trivial.p95
        if on_postgresql:
            allowed = ALLOWED_ON_POSTGRESQL.get(row.page)
        else:
            allowed = ALLOWED_FOR.get(row.page, SLOWEST_ALLOWED)
        print(
            f"| {row.page} | {row.median:.1f} | {row.p95:.1f} | {ratio:.1f} "
            f"| {'—' if allowed is None else f'{allowed:.0f}'} | {row.queries} |"
        )
        if allowed is not None and ratio > allowed:
            too_slow.append(
                f"{row.page}: p95 {row.p95:.1f} ms is {ratio:.1f}× the trivial view's "
                f"{trivial.p95:.1f} ms (at most {allowed:.0f}× allowed)"
            )
    return too_slow


@dataclass
class Measured:
    database: str
    loaded: Loaded
    trivial: Row
    trivial_count: int
    rows: list[Row]
    load_before: float
    load_after: float


def measure(options: argparse.Namespace) -> Measured:
    """Load, count, serve, sign in, time; and remove everything made on the way."""
    folder = Path(tempfile.mkdtemp(prefix="partnerplan-bench-"))
    database: Database | None = None
    server: Server | None = None
    browser: Browser | None = None
    django_ready = False
    try:
        database = Database.fresh(os.environ.get("DATABASE_URL", ""), folder)
        env = environment(folder, database)
        os.environ.update(env)
        import django

        django.setup()
        django_ready = True
        print(f"bench: {database.description}; loading the county scale…", flush=True)
        loaded = load_county(options.seed)
        queries = count_queries(loaded)
        from django.db import connections

        connections.close_all()  # the server gets the database to itself while timed

        server = Server(env, folder)
        server.wait_until_ready()
        browser = Browser(server.port)
        browser.sign_in(loaded.manager_username, loaded.password)
        print(f"bench: timing {TRIVIAL[1]} and {len(PAGES)} pages…", flush=True)
        load_before = os.getloadavg()[0]
        timings, trivial_samples = time_pages(
            browser, loaded.urls, options.warmup, options.requests
        )
        trivial = Row(
            TRIVIAL[0],
            statistics.median(trivial_samples),
            p95(trivial_samples),
            queries[TRIVIAL[0]],
        )
        rows = [
            Row(page, statistics.median(samples), p95(samples), queries[page])
            for page, samples in timings.items()
        ]
        load_after = os.getloadavg()[0]
        return Measured(
            database.description,
            loaded,
            trivial,
            len(trivial_samples),
            rows,
            load_before,
            load_after,
        )
    finally:
        if browser is not None:
            browser.close()
        if server is not None:
            server.stop()
        if django_ready:
            from django.db import connections

            connections.close_all()
        if database is not None:
            database.drop()
        shutil.rmtree(folder, ignore_errors=True)


def stopped(number: int, _frame: object) -> None:
    raise SystemExit(f"bench: stopped by {signal.Signals(number).name}; cleaned up.")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=100, help="timed requests per page")
    parser.add_argument("--warmup", type=int, default=5, help="untimed rounds first")
    parser.add_argument("--seed", type=int, default=2026)
    options = parser.parse_args(argv)
    if options.requests < 20:
        parser.error("--requests must be at least 20 for a 95th percentile to mean anything")

    # A run stopped from outside still stops its server and drops its database: turn the
    # signals into SystemExit so that measure()'s cleanup runs.
    for stop in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(stop, stopped)
    measured = measure(options)
    summary = measured.loaded.summary
    counts = ", ".join(f"{number:,} {what}" for what, number in summary.counts().items())
    print(
        f"\npartnerplan bench, {date.today():%d %B %Y}, {os.cpu_count()} CPUs "
        f"({platform.machine()}), Python {platform.python_version()}\n"
        f"database: {measured.database}\n"
        f"county scale (seed {summary.seed}): {counts}; "
        f"migrate {measured.loaded.migrate_seconds:.1f} s, generate {summary.seconds:.1f} s\n"
        f"largest partnership: {summary.largest_partnership_name} "
        f"({summary.largest_partnership_members} members)\n"
        f"server: partnerplan serve (gunicorn, 1 worker, gthread), DEBUG off; "
        f"{options.warmup} warm-up then {options.requests} timed rounds over one kept-alive "
        f"connection, each round the trivial view, every page once, the trivial view again "
        f"({measured.trivial_count} trivial requests, without a session); signed in as "
        f"{measured.loaded.manager_username}\n"
        f"load average (1 min): {measured.load_before:.1f} before timing, "
        f"{measured.load_after:.1f} after\n"
    )
    if max(measured.load_before, measured.load_after) > (os.cpu_count() or 1):
        print(
            "WARNING: the machine was busy with other work while timing (load average above "
            "its CPU count): every number is inflated, the slower pages most. Run again on a "
            "quiet machine before drawing conclusions.\n"
        )
    on_postgresql = measured.database.startswith("PostgreSQL")
    if on_postgresql:
        print("On PostgreSQL only the whole-plan pages have a budget (—: none set).\n")
    too_slow = report(measured.rows, measured.trivial, on_postgresql)
    if too_slow:
        print(f"\nTOO SLOW: {len(too_slow)} page(s) over their budget:")
        for line in too_slow:
            print(f"  {line}")
        return 1
    print("\nEvery page's p95 is within its budget.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
