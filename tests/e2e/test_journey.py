"""A manager's day, in a real browser: sign in, change the framework, undo a deletion."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from partnerplan.core.testing.factories import PASSWORD, SmallFramework

pytestmark = pytest.mark.browser

NEW_PARTNERSHIP = "Testshire Climate Partnership"


def heading(page: Page) -> Locator:
    return page.get_by_role("heading", level=1)


def banner(page: Page, text: str) -> Locator:
    """The notification banner saying `text` (GOV.UK banners are ARIA alerts)."""
    return page.get_by_role("alert").filter(has_text=text)


def create_partnership(page: Page) -> None:
    page.get_by_role("button", name="Add a partnership").click()
    expect(heading(page)).to_have_text("Add a partnership")
    page.get_by_label("Name", exact=True).fill(NEW_PARTNERSHIP)
    page.get_by_label("Kind of partnership").select_option(label="Thematic partnership")
    page.get_by_label("Description").fill("Cuts the county's carbon emissions.")
    page.get_by_role("checkbox", name="Testshire Partnership Board", exact=True).check()
    page.get_by_role("button", name="Save partnership").click()
    expect(heading(page)).to_have_text(NEW_PARTNERSHIP)
    expect(banner(page, f"{NEW_PARTNERSHIP} has been created.")).to_be_visible()


def add_member(page: Page) -> None:
    page.get_by_role("button", name="Add a member").click()
    expect(heading(page)).to_have_text(f"Add a member to {NEW_PARTNERSHIP}")
    # Search first: nobody is listed until the manager types part of a name.
    expect(page.get_by_role("radio")).to_have_count(0)
    page.get_by_label("Find a person or organisation").fill("olive")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("status")).to_contain_text("1 match for “olive”")
    # Saving without the sector is refused in the GOV.UK way, keeping the choice.
    page.get_by_role("radio", name="Olive Officer").check()
    page.get_by_role("button", name="Save membership").click()
    summary = page.get_by_role("alert").filter(has_text="There is a problem")
    expect(summary).to_contain_text("Choose the sector this member represents")
    expect(page.get_by_role("radio", name="Olive Officer")).to_be_checked()
    page.get_by_label("Role", exact=True).select_option(label="Lead")
    page.get_by_label("Sector represented").select_option(label="Voluntary and community")
    page.get_by_role("button", name="Save membership").click()
    expect(heading(page)).to_have_text(NEW_PARTNERSHIP)
    expect(banner(page, f"Olive Officer has been added to {NEW_PARTNERSHIP}.")).to_be_visible()
    expect(page.get_by_role("heading", name="Members (1)")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("Olive Officer"))).to_contain_text(
        "Voluntary and community"
    )


def delete_partnership(page: Page) -> None:
    page.get_by_role("button", name="Delete partnership").click()
    expect(heading(page)).to_have_text(f"Are you sure you want to delete {NEW_PARTNERSHIP}?")
    page.get_by_role("button", name="Yes, delete").click()
    expect(heading(page)).to_have_text("Partnership framework")
    expect(banner(page, f"{NEW_PARTNERSHIP} has been deleted.")).to_be_visible()


def restore_from_deleted_items(page: Page) -> None:
    page.get_by_role("link", name="Deleted items").click()
    expect(heading(page)).to_have_text("Deleted items")
    page.get_by_role("button", name=f"Restore {NEW_PARTNERSHIP}", exact=True).click()
    expect(banner(page, f"“{NEW_PARTNERSHIP}” has been restored.")).to_be_visible()


def test_a_manager_changes_the_framework_and_undoes_a_deletion(
    page: Page,
    framework: SmallFramework,
    sign_in_with_form: Callable[[Page, str, str], None],
    styles_loaded: Callable[[Page], None],
) -> None:
    # Anonymous visitors are sent to the sign-in page, and back where they were after.
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/sign-in/\?next=/$"))
    expect(heading(page)).to_have_text("Sign in to Partnership performance")
    styles_loaded(page)
    sign_in_with_form(page, "manager", PASSWORD)
    expect(page).to_have_url(re.compile(r"/framework/$"))
    expect(heading(page)).to_have_text("Partnership framework")
    expect(page.get_by_text("Signed in as Manager, Testshire County Council")).to_be_visible()
    # The district is another manager's: not on this manager's framework.
    expect(page.get_by_role("link", name="Testshire Partnership Board")).to_be_visible()
    expect(page.get_by_text("Elsewhere District Partnership")).to_have_count(0)

    create_partnership(page)
    add_member(page)

    page.get_by_role("link", name="View the history of changes").click()
    expect(heading(page)).to_have_text(NEW_PARTNERSHIP)
    expect(page.get_by_text("History of the partnership")).to_be_visible()
    entries = page.locator(".pp-history-entry")
    created = entries.filter(has_text="Created").filter(has_not_text="Membership")
    # The member who joined is part of the partnership's history too.
    expect(entries.filter(has_text="Created Membership Olive Officer")).to_contain_text(
        "by Manager"
    )
    expect(created).to_contain_text("by Manager")
    expect(created.get_by_role("row", name=re.compile("^Name"))).to_contain_text(NEW_PARTNERSHIP)

    # Delete it: it leaves the framework, with a banner saying how to get it back.
    page.get_by_role("link", name=NEW_PARTNERSHIP).click()
    delete_partnership(page)
    expect(page.get_by_role("link", name=NEW_PARTNERSHIP)).to_have_count(0)

    # Restore it from Deleted items: back on its page with its member and reporting
    # line, and back on the framework.
    restore_from_deleted_items(page)
    expect(heading(page)).to_have_text(NEW_PARTNERSHIP)
    expect(page.get_by_role("link", name="Olive Officer", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Testshire Partnership Board")).to_be_visible()
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Framework").click()
    expect(heading(page)).to_have_text("Partnership framework")
    expect(page.get_by_text("4 partnerships you can see")).to_be_visible()
    expect(page.get_by_role("link", name=NEW_PARTNERSHIP)).to_be_visible()


def test_adding_a_member_shows_on_the_partnerships_history(
    page: Page, framework: SmallFramework, sign_in: Callable[[Any], None]
) -> None:
    sign_in(framework.users["manager"])
    page.goto("/framework/")
    create_partnership(page)
    add_member(page)
    page.get_by_role("link", name="View the history of changes").click()
    expect(heading(page)).to_have_text(NEW_PARTNERSHIP)
    expect(page.locator("main")).to_contain_text("Olive Officer", timeout=1000)


def test_an_invalid_form_shows_the_error_summary_focused_keeping_what_was_typed(
    page: Page, framework: SmallFramework, sign_in: Callable[[Any], None]
) -> None:
    sign_in(framework.users["manager"])
    page.goto("/partnerships/new/")
    name = page.get_by_label("Name", exact=True)
    website = page.get_by_label("Website")
    name.fill(NEW_PARTNERSHIP)
    website.fill("not a web address")
    page.get_by_role("button", name="Save partnership").click()

    expect(page).to_have_title(re.compile(r"^Error: Add a partnership"))
    summary = page.locator(".govuk-error-summary")
    # GOV.UK Frontend's script moves focus to the summary, so a screen reader reads it.
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading")).to_have_text("There is a problem")
    kind_error = summary.get_by_role("link", name="Choose what kind of partnership this is")
    expect(kind_error).to_be_visible()
    expect(
        summary.get_by_role("link", name="Enter the website address in the right format")
    ).to_be_visible()
    expect(name).to_have_value(NEW_PARTNERSHIP)
    expect(website).to_have_value("not a web address")
    # Each message is also beside its field, and its link in the summary leads there.
    expect(page.locator("#id_kind-error")).to_contain_text("Choose what kind of partnership")
    kind_error.click()
    expect(page.get_by_label("Kind of partnership")).to_be_focused()


def test_a_wrong_password_is_refused_keeping_the_username(
    page: Page,
    framework: SmallFramework,
    sign_in_with_form: Callable[[Page, str, str], None],
) -> None:
    page.goto("/sign-in/")
    sign_in_with_form(page, "manager", "not the password")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Enter a correct username and password.")
    expect(page.get_by_label("Username", exact=True)).to_have_value("manager")
    # The password is never sent back, not even hidden in the page's source.
    expect(page.get_by_label("Password", exact=True)).to_have_value("")
    assert "not the password" not in page.content()
    expect(page).to_have_url(re.compile(r"/sign-in/$"))
