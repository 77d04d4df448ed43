"""What `make run` does, from an empty var/ folder, checked in the browser.

The same commands the Makefile runs, through the installed `partnerplan` script, then
gunicorn as a real server on SQLite: what someone trying partnerplan sees first.
"""

from __future__ import annotations

import os
import queue
import re
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect

pytestmark = pytest.mark.browser

# The script pip installed beside the Python running the tests, wherever the venv is.
PARTNERPLAN = Path(sys.executable).parent / "partnerplan"
# Settings the test process may carry that a person typing `make run` would not have.
NOT_INHERITED = (
    "DATABASE_URL",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "PARTNERPLAN_PLAIN_STATIC",
    "PARTNERPLAN_DEMO_PASSWORD",
    "SECRET_KEY",
    "DEBUG",
    "WEB_CONCURRENCY",
)
SIGN_IN_LINE = re.compile(
    r"^partnerplan demo: sign in at (?P<url>\S+) as (?P<username>\S+) "
    r"with password (?P<password>\S+)$",
    re.MULTILINE,
)
DEMO_TABLES = (
    "partnerships_partnership",
    "partnerships_organisation",
    "partnerships_person",
    "partnerships_membership",
    "accounts_user",
    "core_auditevent",
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def run(command: list[str], env: dict[str, str], cwd: Path) -> str:
    """Runs one `partnerplan` command to the end; its output, or a failure showing it."""
    done = subprocess.run(  # noqa: S603 - our own script, arguments from this file
        command, env=env, cwd=cwd, capture_output=True, text=True, timeout=180, check=False
    )
    assert done.returncode == 0, (
        f"{' '.join(command)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}"
    )
    return done.stdout


def row_counts(database: Path) -> dict[str, int]:
    with sqlite3.connect(database) as connection:
        return {
            table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608
            for table in DEMO_TABLES
        }


@pytest.fixture
def start_server() -> Iterator[Callable[[list[str], dict[str, str], Path], str]]:
    """Starts `partnerplan serve` and returns its address once gunicorn listens.

    Whatever happens in the test, the server is stopped afterwards.
    """
    servers: list[subprocess.Popen[str]] = []

    def start(command: list[str], env: dict[str, str], cwd: Path) -> str:
        server = subprocess.Popen(  # noqa: S603 - our own script, arguments from this file
            command,
            env=env,
            cwd=cwd,
            stdout=subprocess.DEVNULL,  # the access log
            stderr=subprocess.PIPE,
            text=True,
        )
        servers.append(server)
        lines: queue.Queue[str | None] = queue.Queue()

        def read_stderr() -> None:
            # Read to the end, so that a full pipe never blocks gunicorn's logging.
            assert server.stderr is not None
            for line in server.stderr:
                lines.put(line)
            lines.put(None)

        threading.Thread(target=read_stderr, daemon=True).start()
        seen: list[str] = []
        deadline = time.monotonic() + 30
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = lines.get(timeout=left)
            except queue.Empty:
                break
            if line is None:
                break  # gunicorn exited
            seen.append(line)
            if listening := re.search(r"Listening at: (http://\S+)", line):
                return listening.group(1)
        raise AssertionError("gunicorn did not start listening:\n" + "".join(seen))

    yield start
    for server in servers:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def test_make_run_serves_the_demo_county_from_an_empty_var_folder(
    tmp_path: Path,
    start_server: Callable[[list[str], dict[str, str], Path], str],
    new_context: Callable[[str], BrowserContext],
    styles_loaded: Callable[[Page], None],
    sign_in_with_form: Callable[[Page, str, str], None],
) -> None:
    var = tmp_path / "var"
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in NOT_INHERITED}
    # As `PORT=<port> make run` would: the Makefile exports PARTNERPLAN_VAR.
    env.update({"PARTNERPLAN_VAR": str(var), "PORT": str(port)})
    assert PARTNERPLAN.exists(), f"no partnerplan script beside {sys.executable}"
    partnerplan = str(PARTNERPLAN)

    run([partnerplan, "migrate", "--noinput"], env, tmp_path)
    run([partnerplan, "collectstatic", "--noinput", "--verbosity", "0"], env, tmp_path)
    first = run([partnerplan, "demo"], env, tmp_path)
    sign_in_line = SIGN_IN_LINE.search(first)
    assert sign_in_line, f"no sign-in line in the demo's output:\n{first}"
    assert sign_in_line["url"] == f"http://127.0.0.1:{port}/"
    assert "Loaded the demo county" in first
    database = var / "partnerplan.sqlite3"
    loaded = row_counts(database)
    assert loaded["partnerships_partnership"] >= 14

    # `make run` again: the demo is there already, and the same password still works.
    second = run([partnerplan, "demo"], env, tmp_path)
    assert "The demo county is already loaded." in second
    assert sign_in_line[0] in second
    assert row_counts(database) == loaded

    address = start_server([partnerplan, "serve", "--bind", f"127.0.0.1:{port}"], env, tmp_path)
    assert address == f"http://127.0.0.1:{port}"

    page = new_context(address).new_page()
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/sign-in/\?next=/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Partnership performance")
    # Served by whitenoise from the collected, hashed files, unlike under live_server.
    styles_loaded(page)
    sign_in_with_form(page, sign_in_line["username"], sign_in_line["password"])
    expect(page.get_by_role("heading", level=1)).to_have_text("Partnership framework")
    for partnership in (
        "Marlshire Partnership Board",
        "Marlshire Public Service Board",
        "Safer Marlshire Partnership",
    ):
        expect(page.get_by_role("link", name=partnership, exact=True).first).to_be_visible()
    page.get_by_role("link", name="Marlshire Partnership Board", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Marlshire Partnership Board")
