"""Who may open which page and send which form: the whole matrix, persona by persona.

The fixture's framework: the Testshire board, the thematic partnership that reports
to it and the officer group under that; an unrelated district partnership. The
viewer, lead, editor and manager hold their role on the board (so on everything
below it); the outsider manages the district; the administrator is a superuser.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from partnerplan.accounts.models import RoleGrant, User
from partnerplan.core.audit import Actor
from partnerplan.core.models import AuditEvent, AuditSource
from partnerplan.core.periods import Quarter
from partnerplan.core.testing.factories import SmallFramework
from partnerplan.core.testing.plans import small_plan
from partnerplan.importers.interchange import (
    ActionData,
    Document,
    ObjectiveData,
    PlanData,
    to_text,
)
from partnerplan.importers.models import ImportJob, ImportState
from partnerplan.importers.services import PLAN_FORMAT
from partnerplan.partnerships import services
from partnerplan.partnerships.models import Organisation
from partnerplan.timescales import services as timescale_services

pytestmark = pytest.mark.django_db

SETUP = Actor.system(AuditSource.CLI)
DENIED_TEXT = "You do not have permission to see this page"

PERSONAS = ["anonymous", "viewer", "lead", "editor", "manager", "administrator", "outsider"]
SIGNED_IN = frozenset(PERSONAS) - {"anonymous"}
BOARD_READERS = frozenset({"viewer", "lead", "editor", "manager", "administrator"})
BOARD_MANAGERS = frozenset({"manager", "administrator"})
MANAGERS_ANYWHERE = frozenset({"manager", "administrator", "outsider"})
DISTRICT_READERS = frozenset({"outsider", "administrator"})
ADMINISTRATOR = frozenset({"administrator"})
BOARD_EDITORS = frozenset({"editor", "manager", "administrator"})
# The lead works for the volunteer centre, whose officer leads the officer's action.
OFFICER_ACTION_UPDATERS = BOARD_EDITORS | {"lead"}
IMPORT_OWNER = frozenset({"editor", "administrator"})
GATE_PLAN = Document(
    plans=(
        PlanData(
            title="Gate plan",
            period="2026/27",
            objectives=(
                ObjectiveData(title="Gates", actions=(ActionData(title="Mend the gate"),)),
            ),
        ),
    )
)


@dataclass(frozen=True)
class Page:
    """One row of the matrix: a request, who may make it, and what must not leak."""

    name: str
    method: str
    url: str  # a template filled from the fixture's ids, e.g. "/partnerships/{board}/"
    allowed: frozenset[str]
    secret: str = ""  # a key of NAMES: a name a refused persona must not see
    data: Callable[[dict[str, Any], str], dict[str, Any]] | None = field(
        default=None, compare=False
    )


def _new_partnership(ids: dict[str, Any], persona: str) -> dict[str, Any]:
    # Non-administrators must hang a new partnership under one they manage.
    parent = ids["district"] if persona == "outsider" else ids["board"]
    return {"name": "Brand New Group", "kind": "sub_group", "reports_to": [parent]}


# fmt: off
MATRIX: list[Page] = [
    # --- pages (GET) ---------------------------------------------------------------------
    Page("home", "GET", "/", SIGNED_IN),
    Page("framework", "GET", "/framework/", SIGNED_IN),
    Page("board", "GET", "/partnerships/{board}/", BOARD_READERS, "board"),
    Page("sub-group, role inherited", "GET", "/partnerships/{subgroup}/", BOARD_READERS,
         "subgroup"),
    Page("district", "GET", "/partnerships/{district}/", DISTRICT_READERS, "district"),
    Page("add a partnership form", "GET", "/partnerships/new/", MANAGERS_ANYWHERE),
    Page("edit the board form", "GET", "/partnerships/{board}/edit/", BOARD_MANAGERS, "board"),
    Page("edit the sub-group form", "GET", "/partnerships/{subgroup}/edit/", BOARD_MANAGERS,
         "subgroup"),
    Page("delete a partnership confirm", "GET", "/partnerships/{thematic}/delete/",
         BOARD_MANAGERS, "thematic"),
    Page("add a member form", "GET", "/partnerships/{board}/members/new/", BOARD_MANAGERS,
         "board"),
    Page("edit a membership form", "GET", "/memberships/{chair_membership}/edit/",
         BOARD_MANAGERS, "chair"),
    Page("remove a membership confirm", "GET", "/memberships/{chair_membership}/delete/",
         BOARD_MANAGERS, "chair"),
    Page("who has access", "GET", "/partnerships/{board}/access/", BOARD_MANAGERS, "board"),
    Page("organisations", "GET", "/organisations/", SIGNED_IN),
    Page("add an organisation form", "GET", "/organisations/new/", MANAGERS_ANYWHERE),
    Page("organisation on the board's side", "GET", "/organisations/{charity}/", BOARD_READERS,
         "charity"),
    Page("organisation on the district", "GET", "/organisations/{other_org}/",
         DISTRICT_READERS, "other_org"),
    Page("edit an organisation form", "GET", "/organisations/{charity}/edit/", BOARD_MANAGERS,
         "charity"),
    Page("delete an organisation confirm", "GET", "/organisations/{charity}/delete/",
         BOARD_MANAGERS, "charity"),
    Page("people", "GET", "/people/", SIGNED_IN),
    Page("add a person form", "GET", "/people/new/", MANAGERS_ANYWHERE),
    Page("person on the board", "GET", "/people/{chair}/", BOARD_READERS, "chair"),
    Page("person on the district", "GET", "/people/{district_person}/", DISTRICT_READERS,
         "district_person"),
    Page("edit a person form", "GET", "/people/{chair}/edit/", BOARD_MANAGERS, "chair"),
    Page("delete a person confirm", "GET", "/people/{chair}/delete/", BOARD_MANAGERS, "chair"),
    Page("history of the board", "GET", "/history/partnerships.partnership/{board}/",
         BOARD_READERS, "board"),
    Page("history of the district", "GET", "/history/partnerships.partnership/{district}/",
         DISTRICT_READERS, "district"),
    Page("history of an organisation", "GET", "/history/partnerships.organisation/{charity}/",
         BOARD_READERS, "charity"),
    Page("history of a person", "GET", "/history/partnerships.person/{chair}/",
         BOARD_READERS, "chair"),
    Page("history of a membership", "GET",
         "/history/partnerships.membership/{chair_membership}/", BOARD_READERS, "chair"),
    # Who was given which role on the board is the board managers' business.
    Page("history of a role", "GET", "/history/accounts.rolegrant/{viewer_grant}/",
         BOARD_MANAGERS, "board"),
    Page("deleted items", "GET", "/deleted/", MANAGERS_ANYWHERE),
    Page("my actions", "GET", "/my-actions/", SIGNED_IN),
    Page("dashboard", "GET", "/partnerships/{thematic}/dashboard/", BOARD_READERS, "thematic"),
    Page("add a plan form", "GET", "/partnerships/{thematic}/plans/new/", BOARD_EDITORS,
         "thematic"),
    Page("import a plan form", "GET", "/partnerships/{thematic}/plans/import/", BOARD_EDITORS,
         "thematic"),
    # An import in progress is seen by the person who uploaded it (the editor) alone.
    Page("an import", "GET", "/imports/{import_job}/", IMPORT_OWNER, "import_file"),
    Page("an import's progress", "GET", "/imports/{import_job}/progress/", IMPORT_OWNER,
         "import_file"),
    Page("plan", "GET", "/plans/{plan}/", BOARD_READERS, "plan"),
    Page("plan exported", "GET", "/plans/{plan}/export.{fmt}", BOARD_READERS),
    Page("edit a plan form", "GET", "/plans/{plan}/edit/", BOARD_EDITORS, "plan"),
    Page("delete a plan confirm", "GET", "/plans/{plan}/delete/", BOARD_EDITORS, "plan"),
    Page("add an objective form", "GET", "/plans/{plan}/objectives/new/", BOARD_EDITORS, "plan"),
    Page("edit an objective form", "GET", "/objectives/{objective}/edit/", BOARD_EDITORS,
         "objective"),
    Page("delete an objective confirm", "GET", "/objectives/{objective}/delete/",
         BOARD_EDITORS, "objective"),
    Page("reorder actions form", "GET", "/objectives/{objective}/reorder/", BOARD_EDITORS,
         "action"),
    Page("add an action form", "GET", "/objectives/{objective}/actions/new/", BOARD_EDITORS,
         "objective"),
    Page("action", "GET", "/actions/{action}/", BOARD_READERS, "action"),
    Page("edit an action form", "GET", "/actions/{action}/edit/", BOARD_EDITORS, "action"),
    Page("delete an action confirm", "GET", "/actions/{action}/delete/", BOARD_EDITORS,
         "action"),
    Page("add a milestone form", "GET", "/actions/{action}/milestones/new/", BOARD_EDITORS,
         "action"),
    Page("edit a milestone form", "GET", "/milestones/{milestone}/edit/",
         OFFICER_ACTION_UPDATERS, "milestone"),
    Page("delete a milestone confirm", "GET", "/milestones/{milestone}/delete/", BOARD_EDITORS,
         "milestone"),
    Page("history of a plan", "GET", "/history/plans.plan/{plan}/", BOARD_READERS, "plan"),
    Page("history of an action", "GET", "/history/plans.action/{action}/", BOARD_READERS,
         "action"),
    # --- forms sent (POST) ------------------------------------------------------------------
    Page("add a partnership", "POST", "/partnerships/new/", MANAGERS_ANYWHERE,
         data=_new_partnership),
    Page("edit the board", "POST", "/partnerships/{board}/edit/", BOARD_MANAGERS, "board",
         data=lambda ids, _: {"name": "Renamed Board", "kind": "board"}),
    Page("delete a partnership", "POST", "/partnerships/{thematic}/delete/", BOARD_MANAGERS,
         "thematic"),
    Page("add a member", "POST", "/partnerships/{board}/members/new/", BOARD_MANAGERS, "board",
         data=lambda ids, _: {"organisation": ids["charity"], "role": "member",
                              "sector": "voluntary"}),
    Page("edit a membership", "POST", "/memberships/{chair_membership}/edit/", BOARD_MANAGERS,
         "chair", data=lambda ids, _: {"person": ids["chair"], "role": "vice_chair",
                                       "sector": "statutory"}),
    Page("remove a membership", "POST", "/memberships/{chair_membership}/delete/",
         BOARD_MANAGERS, "chair"),
    Page("set a role", "POST", "/partnerships/{board}/access/", BOARD_MANAGERS, "board",
         data=lambda ids, _: {"user": ids["lead_user"], "role": "editor"}),
    Page("remove a role", "POST", "/roles/{viewer_grant}/remove/", BOARD_MANAGERS, "board"),
    Page("add an organisation", "POST", "/organisations/new/", MANAGERS_ANYWHERE,
         data=lambda ids, _: {"name": "Brand New Trust", "sector": "voluntary"}),
    Page("edit an organisation", "POST", "/organisations/{charity}/edit/", BOARD_MANAGERS,
         "charity", data=lambda ids, _: {"name": "Renamed Centre", "sector": "voluntary"}),
    Page("delete an organisation", "POST", "/organisations/{charity}/delete/", BOARD_MANAGERS,
         "charity"),
    Page("add a person", "POST", "/people/new/", MANAGERS_ANYWHERE,
         data=lambda ids, _: {"name": "Pat Newcomer"}),
    Page("edit a person", "POST", "/people/{chair}/edit/", BOARD_MANAGERS, "chair",
         data=lambda ids, _: {"name": "Chris Renamed"}),
    Page("delete a person", "POST", "/people/{chair}/delete/", BOARD_MANAGERS, "chair"),
    Page("restore a deleted membership", "POST", "/deleted/{deletion}/restore/",
         BOARD_MANAGERS, "removed_member"),
    Page("add a plan", "POST", "/partnerships/{thematic}/plans/new/", BOARD_EDITORS, "thematic",
         data=lambda ids, _: {"title": "New plan", "kind": "work_programme",
                              "first_year": "2026/27", "last_year": "2027/28",
                              "status": "draft", "scale": "three_point"}),
    Page("import a plan", "POST", "/partnerships/{thematic}/plans/import/", BOARD_EDITORS,
         "thematic", data=lambda ids, _: {
             "document": SimpleUploadedFile("plan.csv", b"Action,Lead\nMend the gate,Sam\n")}),
    Page("save an import", "POST", "/imports/{import_job}/", IMPORT_OWNER, "import_file",
         data=lambda ids, _: {"do": "save"}),
    Page("edit a plan", "POST", "/plans/{plan}/edit/", BOARD_EDITORS, "plan",
         data=lambda ids, _: {"title": "Renamed plan", "kind": "work_programme",
                              "first_year": "2025/26", "last_year": "2027/28",
                              "status": "adopted", "scale": "three_point"}),
    Page("delete a plan", "POST", "/plans/{plan}/delete/", BOARD_EDITORS, "plan"),
    Page("add an objective", "POST", "/plans/{plan}/objectives/new/", BOARD_EDITORS, "plan",
         data=lambda ids, _: {"title": "A new aim"}),
    Page("edit an objective", "POST", "/objectives/{objective}/edit/", BOARD_EDITORS,
         "objective", data=lambda ids, _: {"title": "Fewer burglaries, renamed"}),
    Page("delete an objective", "POST", "/objectives/{objective}/delete/", BOARD_EDITORS,
         "objective"),
    Page("reorder actions", "POST", "/objectives/{objective}/reorder/", BOARD_EDITORS, "action",
         data=lambda ids, _: {f"position_{ids['action']}": "2",
                              f"position_{ids['council_action']}": "1"}),
    Page("add an action", "POST", "/objectives/{objective}/actions/new/", BOARD_EDITORS,
         "objective", data=lambda ids, _: {"objective": ids["objective"], "title": "New work"}),
    Page("edit an action", "POST", "/actions/{action}/edit/", BOARD_EDITORS, "action",
         data=lambda ids, _: {"objective": ids["objective"], "title": "Renamed work",
                              "version": "1"}),
    Page("delete an action", "POST", "/actions/{action}/delete/", BOARD_EDITORS, "action"),
    Page("update the officer's action", "POST", "/actions/{action}/updates/",
         OFFICER_ACTION_UPDATERS, "action",
         data=lambda ids, _: {"status": "amber", "narrative": "Behind", "period": ids["now"]}),
    Page("update the council's action", "POST", "/actions/{council_action}/updates/",
         BOARD_EDITORS, "council_action",
         data=lambda ids, _: {"status": "green", "narrative": "Fine", "period": ids["now"]}),
    Page("add a milestone", "POST", "/actions/{action}/milestones/new/", BOARD_EDITORS,
         "action", data=lambda ids, _: {"text": "Another step"}),
    Page("edit a milestone", "POST", "/milestones/{milestone}/edit/", OFFICER_ACTION_UPDATERS,
         "milestone", data=lambda ids, _: {"text": "Scheme agreed", "completed_on": "2026-05-30"}),
    Page("delete a milestone", "POST", "/milestones/{milestone}/delete/", BOARD_EDITORS,
         "milestone"),
    # --- timescales, meetings, calendars and reminders -------------------------------------
    Page("what's due", "GET", "/due/", SIGNED_IN),
    Page("timescales to check", "GET", "/timescales/to-check/", SIGNED_IN),
    Page("a plan's timeline", "GET", "/plans/{plan}/timeline/", BOARD_READERS, "plan"),
    Page("meetings", "GET", "/partnerships/{thematic}/meetings/", BOARD_READERS, "thematic"),
    Page("add a meeting form", "GET", "/partnerships/{thematic}/meetings/new/", BOARD_MANAGERS,
         "thematic"),
    Page("edit a meeting form", "GET", "/meetings/{meeting}/edit/", BOARD_MANAGERS, "thematic"),
    Page("delete a meeting confirm", "GET", "/meetings/{meeting}/delete/", BOARD_MANAGERS,
         "thematic"),
    Page("add a publishing deadline form", "GET", "/partnerships/{thematic}/obligations/new/",
         BOARD_MANAGERS, "thematic"),
    Page("delete a publishing deadline confirm", "GET", "/obligations/{obligation}/delete/",
         BOARD_MANAGERS, "obligation"),
    Page("reporting timetable", "GET", "/partnerships/{thematic}/timetable/", BOARD_READERS,
         "thematic"),
    Page("add figures form", "GET", "/partnerships/{thematic}/data-releases/new/",
         BOARD_MANAGERS, "thematic"),
    Page("delete figures confirm", "GET", "/data-releases/{release}/delete/", BOARD_MANAGERS,
         "release"),
    Page("calendars", "GET", "/calendars/", SIGNED_IN),
    Page("reminders", "GET", "/reminders/", SIGNED_IN),
    Page("fix a milestone's timescale", "POST", "/timescales/{milestone_kind}/{milestone}/fix/",
         OFFICER_ACTION_UPDATERS, "milestone",
         data=lambda ids, _: {f"milestone-{ids['milestone']}-timescale": "by March 2027"}),
    Page("fix an action's timescale", "POST", "/timescales/{action_kind}/{action}/fix/",
         BOARD_EDITORS, "action",
         data=lambda ids, _: {f"action-{ids['action']}-timescale": "Q3 2026/27"}),
    Page("add a meeting", "POST", "/partnerships/{thematic}/meetings/new/", BOARD_MANAGERS,
         "thematic", data=lambda ids, _: {"kind": "board", "held_on": "2026-12-01"}),
    Page("edit a meeting", "POST", "/meetings/{meeting}/edit/", BOARD_MANAGERS, "thematic",
         data=lambda ids, _: {"kind": "board", "held_on": "2026-12-02", "venue": "Town Hall"}),
    Page("delete a meeting", "POST", "/meetings/{meeting}/delete/", BOARD_MANAGERS,
         "thematic"),
    Page("add a publishing deadline", "POST", "/partnerships/{thematic}/obligations/new/",
         BOARD_MANAGERS, "thematic",
         data=lambda ids, _: {"what": "Minutes on the website",
                              "timescale": "within 10 working days after each board meeting"}),
    Page("delete a publishing deadline", "POST", "/obligations/{obligation}/delete/",
         BOARD_MANAGERS, "obligation"),
    Page("record a deadline met", "POST", "/obligations/{obligation}/meetings/{meeting}/done/",
         BOARD_EDITORS, "obligation",
         data=lambda ids, _: {f"done-{ids['obligation']}-{ids['meeting']}-done_on":
                              ids["today"]}),
    Page("add figures", "POST", "/partnerships/{thematic}/data-releases/new/", BOARD_MANAGERS,
         "thematic", data=lambda ids, _: {
             "name": "Recorded crime", "timescale": "within 20 working days of the quarter end"}),
    Page("delete figures", "POST", "/data-releases/{release}/delete/", BOARD_MANAGERS,
         "release"),
    Page("make a calendar address", "POST", "/calendars/", SIGNED_IN,
         data=lambda ids, _: {"partnership": ""}),
    # A calendar address is its owner's (the editor's) to stop.
    Page("stop a calendar address", "POST", "/calendars/{feed}/revoke/", IMPORT_OWNER),
    Page("sign out", "POST", "/sign-out/", SIGNED_IN),
]
# fmt: on

CASES = [
    pytest.param(page, persona, id=f"{page.method} {page.name} as {persona}")
    for page in MATRIX
    for persona in PERSONAS
]


@pytest.fixture
def ids(framework: SmallFramework) -> dict[str, Any]:
    """The ids the matrix's URLs are filled from, plus one restorable deletion."""
    other_org = Organisation.objects.get(name="Elsewhere District Council")
    removed = services.person_create(actor=SETUP, name="Rowan Removed")
    seat = services.membership_add(
        actor=SETUP, partnership=framework.board, person=removed, role="member", sector="other"
    )
    deletion = services.membership_remove(membership=seat, actor=SETUP)
    today = timezone.localdate()
    plan = small_plan(framework, today)
    meeting = timescale_services.meeting_create(
        actor=SETUP,
        partnership=framework.thematic,
        kind="board",
        held_on=today - timedelta(days=20),
        venue="Secret venue",
    )
    obligation = timescale_services.obligation_create(
        actor=SETUP,
        partnership=framework.thematic,
        what="Agenda on the website",
        timescale="within 5 working days after each board meeting",
    )
    release = timescale_services.data_release_create(
        actor=SETUP,
        partnership=framework.thematic,
        name="Police recorded crime",
        timescale="within 20 working days of the quarter end",
    )
    feed = timescale_services.feed_create(
        actor=SETUP, owner=framework.users["editor"], partnership=framework.thematic
    )
    return {
        "milestone_kind": "milestone",
        "action_kind": "action",
        "meeting": meeting.pk,
        "obligation": obligation.pk,
        "release": release.pk,
        "feed": feed.pk,
        "today": today.isoformat(),
        "plan": plan.plan.pk,
        "fmt": "csv",
        "objective": plan.first.pk,
        "action": plan.officer_action.pk,
        "council_action": plan.council_action.pk,
        "milestone": plan.milestone.pk,
        "now": Quarter.containing(today).key,
        "board": framework.board.pk,
        "thematic": framework.thematic.pk,
        "subgroup": framework.subgroup.pk,
        "district": framework.district.pk,
        "council": framework.council.pk,
        "charity": framework.charity.pk,
        "other_org": other_org.pk,
        "chair": framework.chair.pk,
        "officer": framework.officer.pk,
        "district_person": framework.district_person.pk,
        "chair_membership": framework.chair_membership.pk,
        "viewer_grant": RoleGrant.objects.get(user__username="viewer").pk,
        "lead_user": framework.users["lead"].pk,
        "deletion": deletion.pk,
        "import_job": ImportJob.objects.create(
            owner=framework.users["editor"],
            partnership=framework.thematic,
            file_name="Secret strategy.docx",
            state=ImportState.READ,
            kind=PLAN_FORMAT,
            data=to_text(GATE_PLAN).encode(),
        ).pk,
    }


NAMES = {
    "board": "Testshire Partnership Board",
    "thematic": "Safer Testshire",
    "subgroup": "Safer Testshire Officer Group",
    "district": "Elsewhere District Partnership",
    "charity": "Testshire Volunteer Centre",
    "other_org": "Elsewhere District Council",
    "chair": "Chris Chair",
    "district_person": "Dana District",
    "removed_member": "Rowan Removed",
    "plan": "Safer Testshire Improvement Plan",
    "objective": "Fewer burglaries",
    "action": "Target hardening for repeat victims",
    "council_action": "Street lighting review",
    "milestone": "Scheme agreed",
    "import_file": "Secret strategy.docx",
    "obligation": "Agenda on the website",
    "release": "Police recorded crime",
}


def main_and_title(response: Any) -> str:
    """What the page itself says: its title and <main>, without the account bar."""
    html = response.content.decode()
    parts = re.findall(r"<title>.*?</title>|<main\b.*?</main>", html, flags=re.DOTALL)
    assert parts, "expected a full page with <title> and <main>"
    return "\n".join(parts)


def without_account_bar(response: Any) -> str:
    """The whole page except the bar naming the signed-in user and their organisation,
    which is theirs to see (the lead works for the volunteer centre, say)."""
    html = response.content.decode()
    return re.sub(r'<nav class="pp-account-bar"[^>]*>.*?</nav>', "", html, flags=re.DOTALL)


def signed_in_as(client_for: Callable[[Any], Client], persona: str, framework: SmallFramework):  # type: ignore[no-untyped-def]
    return client_for(None if persona == "anonymous" else framework.users[persona])


@pytest.mark.parametrize(("page", "persona"), CASES)
def test_matrix(
    framework: SmallFramework,
    ids: dict[str, Any],
    client_for: Callable[[Any], Client],
    page: Page,
    persona: str,
) -> None:
    client = signed_in_as(client_for, persona, framework)
    url = page.url.format(**ids)
    data = page.data(ids, persona) if page.data else {}
    events_before = AuditEvent.objects.count()

    response = client.get(url) if page.method == "GET" else client.post(url, data)

    if persona == "anonymous":
        assert response.status_code == 302
        location = urlsplit(response["Location"])
        assert location.path == "/sign-in/"
        assert parse_qs(location.query)["next"] == [url]
        assert AuditEvent.objects.count() == events_before
    elif persona in page.allowed:
        if page.method == "GET":
            expected = 302 if url == "/" else 200
            assert response.status_code == expected, response.content.decode()[:2000]
        else:
            if page.name == "sign out":
                assert response.status_code in (200, 302)
            else:
                # A form that was accepted redirects, and what it did is in the trail.
                assert response.status_code == 302, response.content.decode()[:3000]
                assert AuditEvent.objects.count() > events_before
    else:
        assert response.status_code == 403
        assert DENIED_TEXT in main_and_title(response)
        if page.secret:
            assert NAMES[page.secret] not in without_account_bar(response)
        assert AuditEvent.objects.count() == events_before, "a refused request changed data"


def test_every_url_pattern_is_in_the_matrix() -> None:
    """A new page must be added to the matrix before it can ship."""
    from django.urls import URLPattern, URLResolver, get_resolver

    def patterns(resolver: URLResolver, prefix: str = "") -> list[str]:
        found = []
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                if "admin" in str(entry.pattern):
                    continue
                found += patterns(entry, prefix + str(entry.pattern))
            elif isinstance(entry, URLPattern):
                found.append(prefix + str(entry.pattern))
        return found

    def normalise(path: str) -> str:
        return re.sub(r"<[^>]+>|\{[^}]+\}", "*", path).lstrip("/")

    covered = {normalise(page.url) for page in MATRIX}
    # Calendar feeds and the stop-reminders link carry their own token (test_feeds,
    # test_timescale_pages).
    public = {"healthz", "robots.txt", "sign-in/", "feeds/*.ics", "reminders/stop/*/"}
    missing = {normalise(p) for p in patterns(get_resolver())} - covered - public
    # The history URL takes a model label as well as an id.
    missing.discard("history/*/*/")
    assert not missing


# --- pages open to everyone ---------------------------------------------------------------


def test_sign_in_and_health_are_open_to_anonymous(client: Client, db: None) -> None:
    assert client.get("/sign-in/").status_code == 200
    health = client.get("/healthz")
    assert health.status_code == 200
    assert health.json()["database"] == "ok"
    robots = client.get("/robots.txt")
    assert robots.status_code == 200
    assert robots.content == b"User-agent: *\nDisallow: /\n"


def test_sign_in_page_sends_a_signed_in_user_on(
    framework: SmallFramework, client_for: Callable[[Any], Client]
) -> None:
    response = client_for(framework.users["viewer"]).get("/sign-in/")
    assert response.status_code == 302
    assert response["Location"] == "/framework/"


@pytest.mark.parametrize("persona", sorted(SIGNED_IN - ADMINISTRATOR))
def test_site_administration_is_for_administrators_only(
    framework: SmallFramework, client_for: Callable[[Any], Client], persona: str
) -> None:
    client = client_for(framework.users[persona])
    response = client.get("/admin/partnerships/partnership/")
    # Django's admin sends other users to its own sign-in page; never shows the list.
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    follow = client.get(f"/admin/partnerships/partnership/{framework.board.pk}/change/")
    assert follow.status_code == 302
    assert NAMES["board"] not in follow.content.decode()


def test_site_administration_opens_for_an_administrator(
    framework: SmallFramework, client_for: Callable[[Any], Client]
) -> None:
    response = client_for(framework.users["administrator"]).get("/admin/")
    assert response.status_code == 200


def test_site_administration_sends_anonymous_to_sign_in(client: Client, db: None) -> None:
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/?next=")


def test_an_unknown_object_is_not_found_not_an_error(
    framework: SmallFramework, client_for: Callable[[Any], Client]
) -> None:
    client = client_for(framework.users["manager"])
    for url in ("/partnerships/999999/", "/organisations/999999/", "/people/999999/"):
        assert client.get(url).status_code == 404


# --- roles flow down the reporting lines; "no access" stops them --------------------------


def test_no_access_on_a_sub_partnership_overrides_the_role_from_above(
    framework: SmallFramework, client_for: Callable[[Any], Client]
) -> None:
    RoleGrant.objects.create(
        user=framework.users["viewer"], partnership=framework.thematic, role="none"
    )
    client = client_for(User.objects.get(username="viewer"))

    assert client.get(f"/partnerships/{framework.board.pk}/").status_code == 200
    for hidden in (framework.thematic, framework.subgroup):
        response = client.get(f"/partnerships/{hidden.pk}/")
        assert response.status_code == 403
        assert hidden.name not in main_and_title(response)
    page = main_and_title(client.get("/framework/"))
    assert NAMES["board"] in page
    assert NAMES["thematic"] not in page
    assert NAMES["subgroup"] not in page
    # The officer and the volunteer centre sit only on the thematic partnership.
    assert "Olive Officer" not in main_and_title(client.get("/people/"))
    assert NAMES["charity"] not in main_and_title(client.get("/organisations/"))


def test_a_role_given_on_a_sub_partnership_does_not_reach_upwards(
    framework: SmallFramework, client_for: Callable[[Any], Client]
) -> None:
    from partnerplan.core.testing.factories import make_user

    officer_user = make_user("subonly", role="manager", partnership=framework.subgroup)
    client = client_for(officer_user)
    assert client.get(f"/partnerships/{framework.subgroup.pk}/edit/").status_code == 200
    assert client.get(f"/partnerships/{framework.thematic.pk}/").status_code == 403
    assert client.get(f"/partnerships/{framework.board.pk}/").status_code == 403


# --- list pages show exactly what each persona may see ------------------------------------

PARTNERSHIPS = {
    "board": NAMES["board"],
    "thematic": NAMES["thematic"],
    "subgroup": NAMES["subgroup"],
    "district": NAMES["district"],
}
ORGANISATIONS = {
    "council": "Testshire County Council",
    "charity": NAMES["charity"],
    "other_org": NAMES["other_org"],
    "unplaced_org": "Newcombe Housing Trust",
}
PEOPLE = {
    "chair": NAMES["chair"],
    "officer": "Olive Officer",
    "district_person": NAMES["district_person"],
    "floating": "Fay Floating",
    "council_newcomer": "Nina Newstart",
}
BOARD_SIDE = {"board", "thematic", "subgroup"}
# Who sees what, with the rule that lets them:
VISIBLE: dict[str, set[str]] = {
    # roles on the board reach everything below it; the council and the volunteer centre
    # sit there (through their people or themselves); Nina is of the viewer's own council.
    "viewer": BOARD_SIDE | {"council", "charity", "chair", "officer", "council_newcomer"},
    # the lead works for the volunteer centre, whose people are all placed.
    "lead": BOARD_SIDE | {"council", "charity", "chair", "officer"},
    "editor": BOARD_SIDE | {"council", "charity", "chair", "officer", "council_newcomer"},
    # managers also see organisations and people not placed anywhere yet, so that they
    # can add them: the unplaced trust, Fay (no organisation), Nina (of the council).
    "manager": BOARD_SIDE
    | {"council", "charity", "chair", "officer", "council_newcomer"}
    | {"unplaced_org", "floating"},
    "administrator": set(PARTNERSHIPS) | set(ORGANISATIONS) | set(PEOPLE),
    # the outsider manages the district only: its own council and person, and the
    # unplaced trust and Fay; not Nina, whose organisation it cannot see.
    "outsider": {"district", "other_org", "district_person", "unplaced_org", "floating"},
}


@pytest.mark.parametrize("persona", sorted(SIGNED_IN))
def test_lists_show_exactly_what_the_persona_may_see(
    framework: SmallFramework, client_for: Callable[[Any], Client], persona: str
) -> None:
    services.organisation_create(actor=SETUP, name=ORGANISATIONS["unplaced_org"], sector="other")
    services.person_create(actor=SETUP, name=PEOPLE["floating"])
    services.person_create(
        actor=SETUP, name=PEOPLE["council_newcomer"], organisation=framework.council
    )
    client = client_for(framework.users[persona])
    pages = {
        "framework": (PARTNERSHIPS, main_and_title(client.get("/framework/"))),
        "organisations": (ORGANISATIONS, main_and_title(client.get("/organisations/"))),
        "people": (PEOPLE, main_and_title(client.get("/people/"))),
    }
    for page_name, (names, body) in pages.items():
        shown = {key for key, name in names.items() if f">{name}<" in body}
        assert shown == VISIBLE[persona] & set(names), page_name


@pytest.mark.parametrize("persona", sorted(SIGNED_IN - ADMINISTRATOR))
def test_search_leaks_nothing_either(
    framework: SmallFramework, client_for: Callable[[Any], Client], persona: str
) -> None:
    client = client_for(framework.users[persona])
    for url, name, key in (
        ("/organisations/?q=Elsewhere", NAMES["other_org"], "other_org"),
        ("/people/?q=Dana", NAMES["district_person"], "district_person"),
        ("/people/?q=Chris", NAMES["chair"], "chair"),
    ):
        body = client.get(url, headers={"HX-Request": "true"}).content.decode()
        assert (name in body) == (key in VISIBLE[persona]), url


@pytest.mark.parametrize(
    ("persona", "own", "hidden_people", "hidden_partnerships"),
    [
        (
            "manager",
            "board",
            [NAMES["district_person"], NAMES["other_org"]],
            [NAMES["district"]],
        ),
        (
            "outsider",
            "district",
            [NAMES["chair"], "Olive Officer", NAMES["charity"]],
            [NAMES["board"], NAMES["thematic"]],
        ),
    ],
)
def test_form_choices_offer_only_what_the_persona_may_see(
    framework: SmallFramework,
    client_for: Callable[[Any], Client],
    persona: str,
    own: str,
    hidden_people: list[str],
    hidden_partnerships: list[str],
) -> None:
    """The choices in a form are a list too: the outsider's never name the board's
    people, the board manager's never name the district's."""
    client = client_for(framework.users[persona])
    partnership = getattr(framework, own)
    member_form = client.get(f"/partnerships/{partnership.pk}/members/new/").content.decode()
    person_form = client.get("/people/new/").content.decode()
    partnership_form = client.get("/partnerships/new/").content.decode()
    for name in hidden_people:
        assert name not in member_form
    assert NAMES["other_org" if persona == "manager" else "charity"] not in person_form
    for name in hidden_partnerships:
        assert name not in partnership_form
