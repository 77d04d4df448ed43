"""Every page issues a fixed number of SQL queries, whatever the size of the framework.

The framework and partnership pages are pinned here, query by query; the other pages
are pinned in query_baselines.json. When a page changes on purpose, update its number
and say why in the commit. The same numbers must hold on the small test framework, on
the "small" generated scale and on the "county" one, and none may exceed 12.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from partnerplan.accounts.models import User
from partnerplan.core.audit import Actor
from partnerplan.core.models import AuditSource
from partnerplan.core.testing.factories import SmallFramework
from partnerplan.partnerships import services
from partnerplan.partnerships.models import Membership, Organisation

pytestmark = pytest.mark.django_db

MOST_QUERIES_PER_PAGE = 12
BASELINES: dict[str, dict[str, int]] = json.loads(
    (Path(__file__).with_name("query_baselines.json")).read_text()
)

# fmt: off
PINNED: dict[str, int] = {
    "framework": 5,
    # 1  the session
    # 2  the signed-in user with their organisation, for the account bar
    #                                            (accounts.backends.UserBackend)
    # 3  the user's role grants                  (core.permissions.Access.roles)
    # 4  every partnership with the lines it reports up (Access.graph: roles flow down
    #                                            them, and the page draws them)
    # 5  the visible partnerships, with member counts   (selectors.framework)
    "partnership": 8,
    # 1  the session
    # 2  the signed-in user with their organisation
    # 3  every partnership with the lines it reports up (Access.graph: an unknown id
    #                                            is a 404 here, before the database)
    # 4  the user's role grants                  (Access.roles, for the neighbours)
    # 5  the partnership and the neighbours the user may see (selectors.neighbourhood)
    # 6  its members counted by role and sector  (selectors.partnership_page)
    # 7  the office holders and one page of members, with people and organisations
    #                                            (selectors.partnership_page)
    # 8  its plans                               (selectors.partnership_page)
}
# fmt: on


@dataclass(frozen=True)
class Ids:
    partnership: int
    organisation: int
    person: int
    membership: int

    @property
    def search(self) -> str:
        """The organisation's name, so that a search finds at least one."""
        return quote(Organisation.objects.get(pk=self.organisation).name)


MANAGER_PAGES: dict[str, str] = {
    "framework": "/framework/",
    "partnership": "/partnerships/{partnership}/",
    "organisations": "/organisations/",
    "organisations search": "/organisations/?q={search}",
    "organisations search fragment": "/organisations/?q={search}&htmx",
    "people": "/people/",
    "organisation": "/organisations/{organisation}/",
    "person": "/people/{person}/",
    "history": "/history/partnerships.partnership/{partnership}/",
    "partnership edit form": "/partnerships/{partnership}/edit/",
    "membership add form": "/partnerships/{partnership}/members/new/",
    "membership edit form": "/memberships/{membership}/edit/",
}
VIEWER_PAGES = [
    "framework",
    "partnership",
    "organisations",
    "people",
    "organisation",
    "person",
    "history",
]
# Measured last, after one deletion, so that the list is not empty at any scale.
DELETED_PAGE = ("deleted items", "/deleted/")


def expected(persona: str, page: str) -> int:
    return PINNED[page] if page in PINNED else BASELINES[persona][page]


def count_queries(client: Client, url: str) -> tuple[int, int, list[str]]:
    headers = {}
    if url.endswith("&htmx"):
        url, headers = url.removesuffix("&htmx"), {"HX-Request": "true"}
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, headers=headers)
    return response.status_code, len(context), [q["sql"] for q in context.captured_queries]


def measure(client: Client, persona: str, ids: Ids) -> dict[str, tuple[int, int, list[str]]]:
    pages = MANAGER_PAGES if persona == "manager" else {p: MANAGER_PAGES[p] for p in VIEWER_PAGES}
    return {
        page: count_queries(client, url.format(**ids.__dict__, search=ids.search))
        for page, url in pages.items()
    }


def measure_deleted_items(client: Client, manager: User, membership_id: int) -> tuple[Any, ...]:
    services.membership_remove(
        membership=Membership.objects.get(pk=membership_id),
        actor=Actor(user=manager, source=AuditSource.WEB),
    )
    return count_queries(client, DELETED_PAGE[1])


def problems(persona: str, counts: dict[str, tuple[int, int, list[str]]], scale: str) -> list[str]:
    found = []
    for page, (status, number, sqls) in counts.items():
        if status != 200:
            found.append(f"{scale} {persona} {page}: status {status}")
            continue
        if number != expected(persona, page):
            listing = "\n      ".join(sql[:160] for sql in sqls)
            found.append(
                f"{scale} {persona} {page}: {number} queries, pinned {expected(persona, page)}"
                f"\n      {listing}"
            )
        if number > MOST_QUERIES_PER_PAGE:
            found.append(f"{scale} {persona} {page}: {number} queries, more than 12")
    return found


def signed_in(client: Client, user: User) -> Client:
    client.logout()
    client.force_login(user, backend="partnerplan.accounts.backends.UserBackend")
    return client


def measure_plan_pages(
    client: Client, user: User, summary: Any, *, own: bool = False
) -> dict[str, tuple[int, int, list[str]]]:
    """The plan pages: a plan (the board's 300-action plan, or with `own` the plan of the
    lead's partnership), one of its actions, its dashboard; and the user's own actions."""
    from partnerplan.plans.models import Action, Plan

    plans = Plan.objects.order_by("pk")
    if own:
        plan = plans.filter(partnership_id=summary.plans.lead_partnership_id).first()
    else:
        plan = plans.get(pk=summary.plans.largest_plan_id)
    assert plan is not None
    action = Action.objects.filter(plan=plan).order_by("pk").first()
    assert action is not None
    client = signed_in(client, user)
    return {
        "plan": count_queries(client, f"/plans/{plan.pk}/"),
        "action": count_queries(client, f"/actions/{action.pk}/"),
        "dashboard": count_queries(client, f"/partnerships/{plan.partnership_id}/dashboard/"),
        "my actions": count_queries(client, "/my-actions/"),
        "what's due": count_queries(client, "/due/"),
        "what's due for me": count_queries(client, "/due/?lead=me"),
        "timescales to check": count_queries(client, "/timescales/to-check/"),
        "timeline": count_queries(client, f"/plans/{plan.pk}/timeline/"),
        "meetings": count_queries(client, f"/partnerships/{plan.partnership_id}/meetings/"),
        "timetable": count_queries(client, f"/partnerships/{plan.partnership_id}/timetable/"),
        "calendars": count_queries(client, "/calendars/"),
        "reminders": count_queries(client, "/reminders/"),
    }


# --- on the small test framework -------------------------------------------------------------


@pytest.mark.parametrize("persona", ["manager", "viewer"])
def test_pages_issue_their_pinned_number_of_queries(
    framework: SmallFramework, client_for: Callable[[Any], Client], persona: str
) -> None:
    ids = Ids(
        partnership=framework.board.pk,
        organisation=framework.charity.pk,
        person=framework.chair.pk,
        membership=framework.chair_membership.pk,
    )
    user = framework.users[persona]
    client = client_for(user)
    counts = measure(client, persona, ids)
    if persona == "manager":
        counts[DELETED_PAGE[0]] = measure_deleted_items(client, user, ids.membership)
    # An organisation whose people sit on partnerships but which has no seat itself.
    counts["organisation without a seat"] = count_queries(
        client, f"/organisations/{framework.council.pk}/"
    )
    assert not problems(persona, counts, "test framework"), "\n".join(
        problems(persona, counts, "test framework")
    )


# --- the same numbers at small and at county scale ----------------------------------------------


def test_query_counts_do_not_grow_with_scale(client: Client) -> None:
    """Generate the small scale, measure every page as its manager and its viewer; then the
    county scale in the same database, and measure again as the county's own users."""
    scale = pytest.importorskip("partnerplan.demo.scale")
    measured: dict[str, dict[str, dict[str, tuple[int, int, list[str]]]]] = {}
    sizes: dict[str, int] = {}
    for name in ("small", "county"):
        summary = scale.generate(name, seed=2026, password="a long scale test password")
        ids = Ids(
            partnership=summary.largest_partnership_id,
            organisation=summary.organisation_id,
            person=summary.person_id,
            membership=summary.membership_id,
        )
        manager = User.objects.get(username=summary.manager_username)
        viewer = User.objects.get(username=summary.viewer_username)
        measured[name] = {
            "manager": measure(signed_in(client, manager), "manager", ids),
            "viewer": measure(signed_in(client, viewer), "viewer", ids),
        }
        form = signed_in(client, manager).get(f"/partnerships/{ids.partnership}/members/new/")
        sizes[name] = form.content.decode().count("<option")
        measured[name]["manager"][DELETED_PAGE[0]] = measure_deleted_items(
            signed_in(client, manager), manager, ids.membership
        )
        measured[name]["manager"].update(measure_plan_pages(client, manager, summary))
        lead = User.objects.get(username=summary.usernames["lead"])
        measured[name]["lead"] = measure_plan_pages(client, lead, summary, own=True)

    found: list[str] = []
    for name, by_persona in measured.items():
        for persona, counts in by_persona.items():
            found += problems(persona, counts, name)
    for persona, counts in measured["small"].items():
        for page, (_, number, _sqls) in counts.items():
            at_county = measured["county"][persona][page][1]
            if at_county != number:
                found.append(f"{persona} {page}: {number} queries small, {at_county} county")
    print(f"options in the membership add form: {sizes}")
    assert not found, "\n".join(found)
