"""axe-core on every page a user sees, and the keyboard basics.

Each screen is reached the way a user reaches it (a form sent, a tab chosen) and the
check runs on what the browser then shows, scripts and styles applied. Screens are
checked in groups, one browser context and one database per group, each screen a
subtest of its own: a context and a fresh database per screen would double the time.
PARTNERPLAN_SCREENSHOTS=<folder> also saves a full-page picture of each screen.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import time, timedelta
from functools import cached_property
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from playwright.sync_api import Page, expect

from partnerplan.core.testing.factories import SETUP, SmallFramework
from partnerplan.core.testing.plans import SmallPlan, small_plan
from partnerplan.importers import jobs
from partnerplan.importers.models import ImportJob, ImportState
from partnerplan.partnerships import services
from partnerplan.partnerships.models import Membership
from partnerplan.plans import services as plan_services
from partnerplan.timescales import services as timescale_services
from partnerplan.timescales.models import Meeting

pytestmark = pytest.mark.browser

MANAGER = "manager"
ARE_YOU_SURE = re.compile(r"^Are you sure you want to delete ")


class Seeded:
    """What the screens' addresses are built from: the small framework, and a plan of
    its thematic partnership, made only when a screen first asks for it."""

    def __init__(self, framework: SmallFramework) -> None:
        self.f = framework

    @cached_property
    def p(self) -> SmallPlan:
        return small_plan(self.f, timezone.localdate())

    def _job(self, name: str, data: bytes) -> ImportJob:
        return ImportJob.objects.create(
            owner=self.f.users[MANAGER],
            partnership=self.f.board,
            file_name=name,
            data=data,
            state=ImportState.READING,
        )

    @cached_property
    def reading(self) -> ImportJob:
        job = self._job("long-plan.pdf", b"%PDF-1.7")
        ImportJob.objects.filter(pk=job.pk).update(pages=120, pages_read=45)
        return job

    @cached_property
    def refused(self) -> ImportJob:
        job = self._job("broken-plan.docx", b"PK\x03\x04 broken")
        jobs.read_job(job.pk)
        return job

    @cached_property
    def read(self) -> ImportJob:
        job = self._job("parks-plan.txt", IMPORTED_PLAN.encode())
        jobs.read_job(job.pk)
        return job

    @cached_property
    def meeting(self) -> Meeting:
        """A past board meeting of the thematic partnership, with a publishing deadline,
        figures on its timetable, a calendar address and a timescale nobody can read."""
        thematic = self.f.thematic
        today = timezone.localdate()
        meeting = timescale_services.meeting_create(
            actor=SETUP,
            partnership=thematic,
            kind="board",
            held_on=today - timedelta(days=30),
            starts_at=time(18, 30),
            venue="Council Chamber, Town Hall",
            agenda_url="https://example.org/agenda",
        )
        timescale_services.meeting_create(
            actor=SETUP, partnership=thematic, kind="board", held_on=today + timedelta(days=40)
        )
        timescale_services.obligation_create(
            actor=SETUP,
            partnership=thematic,
            what="Agenda and reports on the website",
            timescale="within 5 working days after each board meeting",
        )
        timescale_services.data_release_create(
            actor=SETUP,
            partnership=thematic,
            name="Police recorded crime",
            timescale="within 30 working days of the quarter end",
        )
        timescale_services.feed_create(
            actor=SETUP, owner=self.f.users[MANAGER], partnership=thematic
        )
        plan_services.milestone_create(
            actor=SETUP, action=self.p.officer_action, text="Residents asked", timescale="TBC"
        )
        return meeting

    @cached_property
    def reminder_token(self) -> str:
        officer = self.f.officer
        officer.user = self.f.users["lead"]
        officer.save()
        return timescale_services.reminder_setting_of(officer).token


def with_meetings(seeded: Seeded) -> None:
    assert seeded.meeting.pk is not None


def with_a_reminder_setting(seeded: Seeded) -> None:
    assert seeded.reminder_token


def fix_with_nothing(page: Page) -> None:
    page.locator(".pp-fix").first.get_by_label("Timescale").fill("")
    page.locator(".pp-fix").first.get_by_role("button").click()
    expect(page.locator(".govuk-error-summary")).to_be_focused()


def record_without_a_date(page: Page) -> None:
    page.get_by_label(re.compile("^Done on")).first.fill("")
    page.get_by_role("button", name=re.compile("^Record")).first.click()
    expect(page.locator(".govuk-error-summary")).to_be_focused()


@dataclass(frozen=True)
class Screen:
    """One page a user sees: where it is, who looks at it, and the heading that shows
    we reached it (not a sign-in or error page in its place)."""

    name: str
    route: str | None  # the URL pattern's name; None for the error pages
    path: Callable[[Seeded], str]
    heading: str | re.Pattern[str]
    persona: str | None = MANAGER
    status: int = 200
    # Anything to set up first, and steps in the browser after the page has loaded.
    prepare: Callable[[Seeded], None] | None = None
    then: Callable[[Page], None] | None = None


def delete_the_chair(seeded: Seeded) -> None:
    """Something for Deleted items and for the history of a deleted item to show."""
    # A copy, so the fixture's instance keeps its pk for the addresses built from it.
    membership = Membership.objects.filter(pk=seeded.f.chair_membership.pk).first()
    if membership is not None:
        services.membership_remove(membership=membership, actor=SETUP)


def with_a_plan(seeded: Seeded) -> None:
    """For pages that show the plan without naming it in their address."""
    assert seeded.p.plan.pk is not None


def send_empty(button: str) -> Callable[[Page], None]:
    def send(page: Page) -> None:
        page.get_by_role("button", name=button, exact=True).click()
        expect(page.locator(".govuk-error-summary")).to_be_focused()

    return send


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()


def fail_to_sign_in_five_times(page: Page) -> None:
    # Five failures for one username from one address lock the pair (settings.AXES_*).
    for attempt in range(1, 6):
        page.get_by_label("Username", exact=True).fill(MANAGER)
        page.get_by_label("Password", exact=True).fill("not the password")
        page.get_by_role("button", name="Sign in", exact=True).click()
        if attempt < 5:
            expect(page.locator(".govuk-error-summary")).to_be_visible()


def show_the_table_tab(page: Page) -> None:
    page.get_by_role("tab", name="Table").click()
    expect(page.get_by_role("table")).to_be_visible()


def search_organisations(page: Page) -> None:
    # The list is replaced by htmx as the user types: check the replaced list too.
    page.get_by_label("Search organisations").fill("Volunteer")
    expect(page.get_by_role("link", name="Testshire County Council")).to_have_count(0)
    expect(page.get_by_role("link", name="Testshire Volunteer Centre")).to_be_visible()


def import_without_a_title(page: Page) -> None:
    page.get_by_label("Plan title", exact=True).fill("")
    page.get_by_role("button", name="Import plan").click()
    expect(page.locator(".govuk-error-summary")).to_be_focused()


# The shape a document converter gives a Word plan: tab-separated rows, HTML in cells.
IMPORTED_PLAN = (
    "Parks Improvement Plan 2012/13\n\n"
    "Theme 1: Safer play areas\n"
    "Activity\tLead\tMilestones\tTimescale\tProgress\n"
    "1.1 Replace the swings\tRuth Cole (Parks Officer)\t<ul><li>Quotes in</li>"
    "<li>Swings fitted</li></ul>\tBy May 12\tAmber\n"
    "1.2 Lights on the path\tTestshire County Council\t1. Survey 2. Lights on\tWinter\tGreen\n"
)

BOARD = "Testshire Partnership Board"
CHARITY = "Testshire Volunteer Centre"

# fmt: off
GROUPS: dict[str, list[Screen]] = {
    "signing-in": [
        Screen("sign-in", "accounts:sign_in", lambda d: "/sign-in/",
               "Sign in to Partnership performance", persona=None),
        Screen("sign-in-with-errors", "accounts:sign_in", lambda d: "/sign-in/",
               "Sign in to Partnership performance", persona=None,
               then=send_empty("Sign in")),
        Screen("sign-in-locked-out", "accounts:sign_in", lambda d: "/sign-in/",
               "Too many attempts to sign in", persona=None, then=fail_to_sign_in_five_times),
        Screen("signed-out", "accounts:sign_out", lambda d: "/framework/",
               "You have signed out", then=sign_out),
    ],
    "framework": [
        Screen("framework", "partnerships:framework", lambda d: "/framework/",
               "Partnership framework"),
        Screen("framework-table", "partnerships:framework", lambda d: "/framework/",
               "Partnership framework", then=show_the_table_tab),
        Screen("partnership", "partnerships:partnership",
               lambda d: f"/partnerships/{d.f.board.pk}/", BOARD),
        Screen("partnership-create", "partnerships:partnership_create",
               lambda d: "/partnerships/new/", "Add a partnership"),
        Screen("partnership-create-with-errors", "partnerships:partnership_create",
               lambda d: "/partnerships/new/", "Add a partnership",
               then=send_empty("Save partnership")),
        Screen("partnership-edit", "partnerships:partnership_edit",
               lambda d: f"/partnerships/{d.f.board.pk}/edit/", f"Edit {BOARD}"),
        Screen("partnership-delete", "partnerships:partnership_delete",
               lambda d: f"/partnerships/{d.f.board.pk}/delete/", ARE_YOU_SURE),
        Screen("partnership-access", "accounts:partnership_access",
               lambda d: f"/partnerships/{d.f.board.pk}/access/", "Who has access"),
        Screen("membership-add", "partnerships:membership_add",
               lambda d: f"/partnerships/{d.f.board.pk}/members/new/",
               f"Add a member to {BOARD}"),
        Screen("membership-add-search", "partnerships:membership_add",
               lambda d: f"/partnerships/{d.f.board.pk}/members/new/?q=testshire",
               f"Add a member to {BOARD}"),
        Screen("membership-add-with-errors", "partnerships:membership_add",
               lambda d: f"/partnerships/{d.f.board.pk}/members/new/?q=testshire",
               f"Add a member to {BOARD}", then=send_empty("Save membership")),
        Screen("membership-edit", "partnerships:membership_edit",
               lambda d: f"/memberships/{d.f.chair_membership.pk}/edit/",
               "Change the membership of Chris Chair"),
        Screen("membership-delete", "partnerships:membership_delete",
               lambda d: f"/memberships/{d.f.chair_membership.pk}/delete/", ARE_YOU_SURE),
        Screen("history", "core:history",
               lambda d: f"/history/partnerships.partnership/{d.f.board.pk}/", BOARD),
        Screen("forbidden-403", None, lambda d: f"/partnerships/{d.f.district.pk}/",
               "You do not have permission to see this page", status=403),
        Screen("not-found-404", None, lambda d: "/partnerships/999999/", "Page not found",
               status=404),
    ],
    "organisations-and-people": [
        Screen("organisations", "partnerships:organisations", lambda d: "/organisations/",
               "Organisations"),
        Screen("organisations-searched", "partnerships:organisations",
               lambda d: "/organisations/", "Organisations", then=search_organisations),
        Screen("organisation", "partnerships:organisation",
               lambda d: f"/organisations/{d.f.charity.pk}/", CHARITY),
        Screen("organisation-create", "partnerships:organisation_create",
               lambda d: "/organisations/new/", "Add an organisation"),
        Screen("organisation-edit", "partnerships:organisation_edit",
               lambda d: f"/organisations/{d.f.charity.pk}/edit/", f"Edit {CHARITY}"),
        Screen("organisation-delete", "partnerships:organisation_delete",
               lambda d: f"/organisations/{d.f.charity.pk}/delete/", ARE_YOU_SURE),
        Screen("people", "partnerships:people", lambda d: "/people/", "People"),
        Screen("person", "partnerships:person", lambda d: f"/people/{d.f.chair.pk}/",
               "Chris Chair"),
        Screen("person-create", "partnerships:person_create", lambda d: "/people/new/",
               "Add a person"),
        Screen("person-edit", "partnerships:person_edit",
               lambda d: f"/people/{d.f.chair.pk}/edit/", "Edit Chris Chair"),
        Screen("person-delete", "partnerships:person_delete",
               lambda d: f"/people/{d.f.chair.pk}/delete/", ARE_YOU_SURE),
        # Last: these delete the chair's membership, which screens above show.
        Screen("deleted-items", "core:deleted", lambda d: "/deleted/", "Deleted items",
               prepare=delete_the_chair),
        Screen("history-of-a-deleted-item", "core:history",
               lambda d: f"/history/partnerships.membership/{d.f.chair_membership.pk}/",
               re.compile("Chris Chair"), prepare=delete_the_chair),
    ],
    # The thematic partnership's plan, which the board's manager manages.
    "plans": [
        Screen("my-actions", "plans:my_actions", lambda d: "/my-actions/", "My actions",
               persona="lead", prepare=with_a_plan),
        Screen("dashboard", "plans:dashboard",
               lambda d: f"/partnerships/{d.f.thematic.pk}/dashboard/", "Dashboard",
               prepare=with_a_plan),
        Screen("plan", "plans:plan", lambda d: f"/plans/{d.p.plan.pk}/",
               "Safer Testshire Improvement Plan"),
        Screen("plan-create", "plans:plan_create",
               lambda d: f"/partnerships/{d.f.thematic.pk}/plans/new/",
               "Add a plan to Safer Testshire"),
        Screen("plan-create-with-errors", "plans:plan_create",
               lambda d: f"/partnerships/{d.f.thematic.pk}/plans/new/",
               "Add a plan to Safer Testshire", then=send_empty("Save plan")),
        Screen("plan-edit", "plans:plan_edit", lambda d: f"/plans/{d.p.plan.pk}/edit/",
               "Edit Safer Testshire Improvement Plan"),
        Screen("plan-delete", "plans:plan_delete", lambda d: f"/plans/{d.p.plan.pk}/delete/",
               ARE_YOU_SURE),
        Screen("objective-create", "plans:objective_create",
               lambda d: f"/plans/{d.p.plan.pk}/objectives/new/",
               re.compile("^Add (an )?issue$")),
        Screen("objective-edit", "plans:objective_edit",
               lambda d: f"/objectives/{d.p.first.pk}/edit/", "Edit issue 1"),
        Screen("objective-delete", "plans:objective_delete",
               lambda d: f"/objectives/{d.p.first.pk}/delete/", ARE_YOU_SURE),
        Screen("actions-reorder", "plans:actions_reorder",
               lambda d: f"/objectives/{d.p.first.pk}/reorder/",
               re.compile("^Reorder the activit")),
    ],
    "plan-actions": [
        Screen("action", "plans:action", lambda d: f"/actions/{d.p.officer_action.pk}/",
               re.compile("Target hardening for repeat victims")),
        Screen("action-create", "plans:action_create",
               lambda d: f"/objectives/{d.p.first.pk}/actions/new/",
               re.compile("^Add (an )?activity$")),
        Screen("action-edit", "plans:action_edit",
               lambda d: f"/actions/{d.p.officer_action.pk}/edit/",
               re.compile("^Edit activity")),
        Screen("action-delete", "plans:action_delete",
               lambda d: f"/actions/{d.p.officer_action.pk}/delete/", ARE_YOU_SURE),
        Screen("milestone-create", "plans:milestone_create",
               lambda d: f"/actions/{d.p.officer_action.pk}/milestones/new/",
               "Add a milestone"),
        Screen("milestone-edit", "plans:milestone_edit",
               lambda d: f"/milestones/{d.p.milestone.pk}/edit/", "Edit milestone 1"),
        Screen("milestone-delete", "plans:milestone_delete",
               lambda d: f"/milestones/{d.p.milestone.pk}/delete/", ARE_YOU_SURE),
    ],
    "imports": [
        Screen("import-upload", "importers:upload",
               lambda d: f"/partnerships/{d.f.board.pk}/plans/import/", "Import a plan"),
        Screen("import-upload-with-errors", "importers:upload",
               lambda d: f"/partnerships/{d.f.board.pk}/plans/import/", "Import a plan",
               then=send_empty("Read the document")),
        Screen("import-reading", "importers:job", lambda d: f"/imports/{d.reading.pk}/",
               "Reading long-plan.pdf"),
        Screen("import-refused", "importers:job", lambda d: f"/imports/{d.refused.pk}/",
               "broken-plan.docx could not be imported", status=422),
        Screen("import-preview", "importers:job", lambda d: f"/imports/{d.read.pk}/",
               "Check the plan read from parks-plan.txt"),
        Screen("import-preview-with-errors", "importers:job",
               lambda d: f"/imports/{d.read.pk}/", "Check the plan read from parks-plan.txt",
               then=import_without_a_title),
    ],
    "timescales": [
        Screen("whats-due", "timescales:due", lambda d: "/due/", "What’s due",
               prepare=with_meetings),
        Screen("timescales-to-check", "timescales:to_check", lambda d: "/timescales/to-check/",
               "Timescales to check", prepare=with_meetings),
        Screen("timescale-fix-with-errors", "timescales:fix",
               lambda d: "/timescales/to-check/", "Check a timescale", prepare=with_meetings,
               then=fix_with_nothing),
        Screen("timeline", "timescales:timeline", lambda d: f"/plans/{d.p.plan.pk}/timeline/",
               re.compile("^Timeline of"), prepare=with_meetings),
        Screen("meetings", "timescales:meetings",
               lambda d: f"/partnerships/{d.f.thematic.pk}/meetings/", "Meetings",
               prepare=with_meetings),
        Screen("obligation-met-with-errors", "timescales:obligation_met",
               lambda d: f"/partnerships/{d.f.thematic.pk}/meetings/",
               "Agenda and reports on the website", prepare=with_meetings,
               then=record_without_a_date),
        Screen("meeting-create", "timescales:meeting_create",
               lambda d: f"/partnerships/{d.f.thematic.pk}/meetings/new/", "Add a meeting"),
        Screen("meeting-create-with-errors", "timescales:meeting_create",
               lambda d: f"/partnerships/{d.f.thematic.pk}/meetings/new/", "Add a meeting",
               then=send_empty("Save meeting")),
        Screen("meeting-edit", "timescales:meeting_edit",
               lambda d: f"/meetings/{d.meeting.pk}/edit/", re.compile("^Change Board meeting")),
        Screen("meeting-delete", "timescales:meeting_delete",
               lambda d: f"/meetings/{d.meeting.pk}/delete/", ARE_YOU_SURE),
        Screen("obligation-create", "timescales:obligation_create",
               lambda d: f"/partnerships/{d.f.thematic.pk}/obligations/new/",
               "Add a publishing deadline"),
        Screen("obligation-create-with-errors", "timescales:obligation_create",
               lambda d: f"/partnerships/{d.f.thematic.pk}/obligations/new/",
               "Add a publishing deadline", then=send_empty("Add deadline")),
        Screen("obligation-delete", "timescales:obligation_delete",
               lambda d: f"/obligations/{d.meeting.partnership.obligations.get().pk}/delete/",
               ARE_YOU_SURE),
        Screen("timetable", "timescales:timetable",
               lambda d: f"/partnerships/{d.f.thematic.pk}/timetable/", "Reporting timetable",
               prepare=with_meetings),
        Screen("data-release-create", "timescales:data_release_create",
               lambda d: f"/partnerships/{d.f.thematic.pk}/data-releases/new/",
               "Add figures to the timetable"),
        Screen("data-release-create-with-errors", "timescales:data_release_create",
               lambda d: f"/partnerships/{d.f.thematic.pk}/data-releases/new/",
               "Add figures to the timetable", then=send_empty("Add figures")),
        Screen("data-release-delete", "timescales:data_release_delete",
               lambda d: f"/data-releases/{d.meeting.partnership.data_releases.get().pk}/delete/",
               ARE_YOU_SURE),
        Screen("calendars", "timescales:feeds", lambda d: "/calendars/", "Calendars",
               prepare=with_meetings),
        Screen("reminders-without-a-person", "timescales:reminders", lambda d: "/reminders/",
               "Reminders"),
        Screen("reminders", "timescales:reminders", lambda d: "/reminders/", "Reminders",
               persona="lead", prepare=with_a_reminder_setting),
        Screen("stop-reminders", "timescales:stop_reminders",
               lambda d: f"/reminders/stop/{d.reminder_token}/", "Stop reminder e-mails?",
               persona=None),
    ],
}
# fmt: on
SCREENS = [screen for screens in GROUPS.values() for screen in screens]

# Routes that are no page of their own: they act on a POST and redirect, redirect
# only, send a file, or answer machines.
NOT_PAGES = {
    "accounts:revoke_role",
    "core:restore",
    "partnerships:home",
    "plans:plan_export",
    "plans:progress_add",  # sent from the action's page, where its errors show
    "importers:progress",  # a part of the import's page, polled while it is read
    "timescales:feed_revoke",
    "timescales:feed",  # a calendar, read by calendar programs
    "healthz",
    "robots",
}


@pytest.mark.parametrize("group", list(GROUPS))
def test_every_page_passes_axe(
    group: str,
    page: Page,
    framework: SmallFramework,
    sign_in: Callable[[Any], None],
    accessibility: Callable[[Page, str], None],
    subtests: Any,
) -> None:
    seeded = Seeded(framework)
    for screen in GROUPS[group]:
        with subtests.test(screen.name):
            path = screen.path(seeded)  # before prepare, which may delete what it names
            if screen.prepare:
                screen.prepare(seeded)
            # Signed in afresh each time: a screen before may have signed out.
            page.context.clear_cookies()
            if screen.persona:
                sign_in(framework.users[screen.persona])
            response = page.goto(path)
            assert response is not None and response.status == screen.status
            if screen.then:
                screen.then(page)
            expect(page.get_by_role("heading", level=1)).to_have_text(screen.heading)
            # Every page names itself and the service in its title (WCAG 2.4.2).
            expect(page).to_have_title(re.compile(r".+ – partnerplan$"))
            accessibility(page, screen.name)


def _route_names(resolver: URLResolver, namespace: str = "") -> set[str]:
    names: set[str] = set()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            names |= _route_names(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(namespace + entry.name)
    return names


def test_every_page_of_the_service_is_checked() -> None:
    """A new page joins GROUPS above (or NOT_PAGES), so that nobody forgets to check it.

    The site administration is Django's own, not drawn by our templates: left out.
    """
    routes = {name for name in _route_names(get_resolver()) if not name.startswith("admin:")}
    checked = {screen.route for screen in SCREENS if screen.route}
    assert routes - NOT_PAGES - checked == set()
    assert checked <= routes, "a screen names a route that does not exist"
    names = [screen.name for screen in SCREENS]
    assert len(names) == len(set(names)), "two screens share a name (and a screenshot)"


@pytest.mark.parametrize("persona", [None, MANAGER], ids=["anonymous", "manager"])
def test_the_skip_link_is_the_first_tab_stop(
    persona: str | None,
    page: Page,
    framework: SmallFramework,
    sign_in: Callable[[Any], None],
) -> None:
    if persona:
        sign_in(framework.users[persona])
    page.goto("/framework/" if persona else "/sign-in/")
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to main content")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_visible()  # hidden until focused, then shown
    page.keyboard.press("Enter")
    expect(page.locator("main#main-content")).to_be_focused()
