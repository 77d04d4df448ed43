"""Timescales in a real browser: an editor fixes a timescale nobody could read, a manager
arranges a board meeting and sees its publishing deadline, and subscribes to a calendar
address that a calendar program can read."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any
from urllib.request import urlopen

import pytest
from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import Page, expect

from partnerplan.core.testing.factories import SETUP, SmallFramework
from partnerplan.core.testing.plans import small_plan
from partnerplan.plans import services as plans
from partnerplan.plans.models import Milestone
from partnerplan.timescales import services as timescales
from partnerplan.timescales.workdays import add_working_days

pytestmark = pytest.mark.browser


def test_an_unread_timescale_is_fixed_and_shows_as_due(
    framework: SmallFramework,
    page: Page,
    sign_in: Callable[[Any], None],
    accessibility: Callable[[Page, str], None],
) -> None:
    plan = small_plan(framework, timezone.localdate())
    plans.milestone_create(
        actor=SETUP, action=plan.officer_action, text="Residents asked", timescale="TBC"
    )
    sign_in(framework.users["editor"])
    page.goto("/due/")
    page.get_by_role("link", name="Timescales to check").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Timescales to check")
    fix = page.locator(".pp-fix").filter(has_text="Residents asked")
    soon = timezone.localdate() + timedelta(days=10)
    fix.get_by_label("Timescale").fill(f"by {soon:%-d %B %Y}")
    fix.get_by_role("button", name=re.compile("^Save")).click()
    expect(page.get_by_role("alert")).to_contain_text(f"due {soon:%-d %B %Y}")
    expect(page.get_by_text("There is nothing to check")).to_be_visible()
    accessibility(page, "timescales-to-check-after-fixing")

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="What’s due").click()
    due_soon = page.get_by_role("table", name=re.compile("^Due soon"))
    expect(due_soon).to_contain_text("Residents asked")
    milestone = Milestone.objects.get(text="Residents asked")
    assert (milestone.due_on, milestone.due_set_by_hand) == (soon, False)


def test_a_manager_arranges_a_meeting_and_subscribes_to_its_calendar(
    framework: SmallFramework,
    page: Page,
    live_server: Any,
    sign_in: Callable[[Any], None],
) -> None:
    timescales.obligation_create(
        actor=SETUP,
        partnership=framework.thematic,
        what="Agenda and reports on the website",
        timescale="within 5 working days after each board meeting",
    )
    sign_in(framework.users["manager"])
    page.goto(f"/partnerships/{framework.thematic.pk}/")
    page.get_by_role("button", name="Meetings").click()
    page.get_by_role("button", name="Add a meeting").click()
    held_on = timezone.localdate() + timedelta(days=21)
    page.get_by_label("Date").fill(held_on.isoformat())
    page.get_by_label("Start time").fill("18:30")
    page.get_by_label("Venue").fill("Council Chamber")
    page.get_by_role("button", name="Save meeting").click()
    expect(page.get_by_role("alert")).to_contain_text("has been added")
    deadline = add_working_days(held_on, 5)
    expect(page.get_by_role("table", name=re.compile("^Publishing deadlines"))).to_contain_text(
        deadline.strftime("%-d %B %Y")
    )

    page.get_by_role("link", name="Calendars").click()
    page.get_by_label("Calendar of").select_option(label="Safer Testshire")
    page.get_by_role("button", name="Make address").click()
    address = page.get_by_label("Calendar address").input_value()
    assert address.endswith(".ics")
    # A calendar program reads the address with no session at all.
    path = address.split("/feeds/", 1)[1]
    with urlopen(f"{live_server.url}/feeds/{path}") as response:  # noqa: S310 - our test server
        calendar = Calendar.from_ical(response.read())
    summaries = [str(event.get("SUMMARY")) for event in calendar.walk("VEVENT")]
    assert any(summary.startswith("Board meeting") for summary in summaries), summaries
    assert any("Agenda and reports" in summary for summary in summaries), summaries
