"""Browser tests: Debian's Chromium, driven by Playwright, against a real server.

One Chromium for the whole session (starting it costs a second or two) and a new
browser context, so new cookies and storage, for every test.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
# No sandbox (containers have no user namespaces), no GPU, and none of Chromium's own
# calls home: this network refuses them and Chromium would keep retrying meanwhile.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
REPO_ROOT = Path(__file__).resolve().parents[2]
AXE_SCRIPT = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
# What an accessibility check refuses; "moderate" and "minor" findings are printed only.
BLOCKING_IMPACTS = {"serious", "critical"}


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.skip(f"the browser tests need Chromium at {CHROMIUM}: apt-get install chromium")
    # Playwright's sync API keeps an asyncio event loop running in this thread from
    # here until the session ends, and Django refuses ORM calls from a thread with a
    # running loop. Our calls are synchronous all the same, so say so, for the rest of
    # the session: database teardown at the very end runs in this thread too.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def new_context(browser: Browser) -> Iterator[Callable[[str], BrowserContext]]:
    """Makes browser contexts for a server's address; closes them after the test."""
    contexts: list[BrowserContext] = []

    def make(base_url: str) -> BrowserContext:
        # bypass_csp: the accessibility check injects axe as an inline script, which a
        # Content-Security-Policy (a likely future hardening) would otherwise block.
        context = browser.new_context(
            base_url=base_url, locale="en-GB", timezone_id="Europe/London", bypass_csp=True
        )
        # Ten seconds, not thirty, for an action to find its element: a page here answers
        # in milliseconds, and a failing test should say so without a long wait.
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context: Callable[[str], BrowserContext], live_server: Any) -> Page:
    """A fresh page on pytest-django's live server (which brings transactional_db).

    The live server serves /static/ itself, through the staticfiles finders, so the
    pages get the stylesheet built into src/partnerplan/static/ without collectstatic.
    """
    return new_context(live_server.url).new_page()


@pytest.fixture
def sign_in(page: Page, live_server: Any) -> Callable[[Any], None]:
    """Signs the page's browser in as a user by giving it a session cookie.

    Quicker than the sign-in form; the journey test goes through the form instead.
    """

    def sign_in_as(user: Any) -> None:
        client = Client()
        client.force_login(user, backend="partnerplan.accounts.backends.UserBackend")
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        page.context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
        )

    return sign_in_as


def fill_in_sign_in_form(page: Page, username: str, password: str) -> None:
    # exact: "Password" alone would also match the "Show password" button.
    page.get_by_label("Username", exact=True).fill(username)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in", exact=True).click()


@pytest.fixture
def sign_in_with_form() -> Callable[[Page, str, str], None]:
    """Fills in and sends the real sign-in form on the page shown."""
    return fill_in_sign_in_form


def check_styles_loaded(page: Page) -> None:
    """Fails unless our stylesheet arrived and applies: a missing CSS file still leaves
    a page with all its text, so the text checks alone would not notice."""
    sheets: list[dict[str, Any]] = page.evaluate(
        """() => [...document.styleSheets].map((sheet) => {
            let rules = 0;
            try { rules = sheet.cssRules.length; } catch (error) { rules = -1; }
            return {href: sheet.href || "", rules};
        })"""
    )
    app_css = [s for s in sheets if "/static/partnerplan/app" in s["href"]]
    assert app_css, f"app.css is not linked from {page.url}: {sheets}"
    assert app_css[0]["rules"] > 100, f"app.css loaded without its rules: {app_css}"
    # GOV.UK Frontend takes the body's default 8px margin away: a sign the rules apply.
    expect(page.locator("body")).to_have_css("margin-top", "0px")


@pytest.fixture
def styles_loaded() -> Callable[[Page], None]:
    return check_styles_loaded


def _describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"{violation['impact']}: {violation['id']}: {violation['help']} "
            f"({violation['helpUrl']})"
        )
        for node in violation["nodes"][:10]:
            lines.append(f"    at {node['target']}: {node['html'][:160]}")
        if len(violation["nodes"]) > 10:
            lines.append(f"    and {len(violation['nodes']) - 10} more")
    return "\n".join(lines)


def check_accessibility(page: Page, name: str) -> None:
    """Runs axe-core on the page shown; fails on any serious or critical violation.

    With PARTNERPLAN_SCREENSHOTS=<folder>, first saves a full-page picture of the page
    as <folder>/<name>.png, for a person to look at.
    """
    if folder := os.environ.get("PARTNERPLAN_SCREENSHOTS"):
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)
    assert AXE_SCRIPT.exists(), f"axe-core is missing at {AXE_SCRIPT}: run `make install`"
    page.add_script_tag(path=str(AXE_SCRIPT))
    # resultTypes: only violations come back in full, which makes axe quicker.
    violations: list[dict[str, Any]] = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    )
    blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
    others = [v for v in violations if v["impact"] not in BLOCKING_IMPACTS]
    if others:
        # Shown with -rP or on failure: worth reading, not worth failing the build for.
        print(f"axe, less serious, on {name} ({page.url}):\n{_describe(others)}")
    assert not blocking, (
        f"axe found serious or critical violations on {name} ({page.url}):\n" + _describe(blocking)
    )


@pytest.fixture
def accessibility() -> Callable[[Page, str], None]:
    return check_accessibility
