"""A quarter's update in a real browser: a lead reports, an editor's stale edit is caught,
and nothing anyone typed is lost."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import BrowserContext, Page, expect

from partnerplan.core.models import AuditAction, AuditEvent
from partnerplan.core.testing.factories import PASSWORD, SmallFramework
from partnerplan.core.testing.plans import small_plan
from partnerplan.plans.models import Action

pytestmark = pytest.mark.browser


def signed_in_page(
    new_context: Callable[[str], BrowserContext],
    live_server: Any,
    sign_in_with_form: Callable[[Page, str, str], None],
    username: str,
) -> Page:
    page = new_context(live_server.url).new_page()
    page.goto("/sign-in/")
    sign_in_with_form(page, username, PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Partnership framework")
    return page


def test_a_lead_reports_progress_and_a_stale_edit_loses_nothing(
    framework: SmallFramework,
    new_context: Callable[[str], BrowserContext],
    live_server: Any,
    sign_in_with_form: Callable[[Page, str, str], None],
    accessibility: Callable[[Page, str], None],
) -> None:
    plan = small_plan(framework, timezone.localdate())
    action = plan.officer_action

    # An editor opens the action's edit form in one browser, and leaves it open.
    editor = signed_in_page(new_context, live_server, sign_in_with_form, "editor")
    editor.goto(f"/actions/{action.pk}/edit/")
    editor.get_by_label("Activity", exact=True).fill("Target hardening for every repeat victim")

    # Meanwhile the lead, in another browser, reports on the quarter from "My actions".
    lead = signed_in_page(new_context, live_server, sign_in_with_form, "lead")
    lead.get_by_role("navigation", name="Menu").get_by_role("link", name="My actions").click()
    needs_update = lead.get_by_role("table", name=re.compile("Needs an update this quarter"))
    needs_update.get_by_role("link", name=re.compile("Target hardening")).click()
    expect(lead.get_by_role("heading", level=1)).to_contain_text("Target hardening")
    timeline = lead.get_by_role("list", name="Status each quarter")
    expect(timeline.locator("li").last).to_contain_text("No update yet")
    lead.get_by_role("radio", name="Amber").check()
    lead.get_by_label("What has happened").fill(
        "Two contractors dropped out; new ones start in May."
    )
    lead.get_by_role("button", name="Save update").click()
    # htmx redraws the progress section in place: the timeline and the list change.
    expect(lead.get_by_role("status")).to_contain_text("Your update has been saved: Amber")
    expect(timeline.locator("li").last).to_contain_text("Amber")
    expect(lead.locator(".pp-update").first).to_contain_text("Two contractors dropped out")
    # The plan's summary counts it, and "My actions" files it as done for the quarter.
    lead.goto(f"/plans/{plan.plan.pk}/")
    summary = lead.locator(".pp-summary")
    expect(summary).to_contain_text("Amber 1")
    expect(summary).to_contain_text(re.compile(r"Updated in .*: 1, 33%"))
    lead.goto("/my-actions/")
    expect(lead.get_by_role("table", name=re.compile("Updated this quarter"))).to_contain_text(
        "Target hardening"
    )

    # A manager, in a third browser, renames the action while the editor's form is open.
    manager = signed_in_page(new_context, live_server, sign_in_with_form, "manager")
    manager.goto(f"/actions/{action.pk}/edit/")
    manager.get_by_label("Activity", exact=True).fill("Target hardening, renamed by the manager")
    manager.get_by_role("button", name="Save activity").click()
    expect(manager.get_by_role("heading", level=1)).to_contain_text("renamed by the manager")

    # The editor saves the stale form: nothing is written, both versions are shown.
    editor.get_by_role("button", name="Save activity").click()
    expect(editor.get_by_role("heading", level=1)).to_have_text("Choose which version to keep")
    expect(editor.locator(".govuk-error-summary")).to_contain_text("Manager saved a change")
    expect(editor.get_by_text("Target hardening, renamed by the manager")).to_be_visible()
    expect(editor.get_by_label("Activity", exact=True)).to_have_value(
        "Target hardening for every repeat victim"
    )
    assert Action.objects.get(pk=action.pk).title == "Target hardening, renamed by the manager"
    accessibility(editor, "action-conflict")
    editor.get_by_role("button", name="Keep mine, save it over theirs").click()
    expect(editor.get_by_role("heading", level=1)).to_contain_text("for every repeat victim")

    # Neither change is lost: both titles and the lead's update are in the history.
    editor.get_by_role("link", name="View the history of changes").click()
    main = editor.locator("main")
    expect(main).to_contain_text("Target hardening, renamed by the manager")
    expect(main).to_contain_text("Target hardening for every repeat victim")
    titles = [
        event.changes["title"]["after"]
        for event in AuditEvent.objects.for_object(action).order_by("id")
        if event.action == AuditAction.UPDATE and "title" in event.changes
    ]
    assert titles == [
        "Target hardening, renamed by the manager",
        "Target hardening for every repeat victim",
    ]
    assert list(Action.objects.get(pk=action.pk).updates.values_list("status", flat=True)) == [
        "amber"
    ]
