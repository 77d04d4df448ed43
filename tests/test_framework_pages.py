"""What the framework pages show and do, seen as a partnership manager uses them."""

from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client

from partnerplan.core.audit import Actor
from partnerplan.core.models import AuditEvent, AuditSource
from partnerplan.core.testing.factories import SmallFramework, make_user
from partnerplan.partnerships import services
from partnerplan.partnerships.models import (
    Membership,
    Organisation,
    Partnership,
    Person,
    ReportingLine,
)
from partnerplan.plans import services as plan_services

pytestmark = pytest.mark.django_db

SETUP = Actor.system(AuditSource.CLI)


class TreeReader(HTMLParser):
    """Reads the framework diagram: (partnership, the partnership it sits under) pairs."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str | None] = []  # one entry per open tree item: its partnership
        self.in_card_link = False
        self.pairs: list[tuple[str, str | None]] = []
        self._depth: list[int] = []
        self._li_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag == "li":
            self._li_depth += 1
            if "pp-tree__item" in classes:
                self.stack.append(None)
                self._depth.append(self._li_depth)
        elif tag == "a" and self.stack and self.stack[-1] is None:
            self.in_card_link = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "li":
            if self._depth and self._depth[-1] == self._li_depth:
                self._depth.pop()
                self.stack.pop()
            self._li_depth -= 1
        elif tag == "a":
            self.in_card_link = False

    def handle_data(self, data: str) -> None:
        if self.in_card_link and data.strip():
            name = data.strip()
            self.stack[-1] = name
            parent = self.stack[-2] if len(self.stack) > 1 else None
            self.pairs.append((name, parent))
            self.in_card_link = False


def tree_of(html: str) -> list[tuple[str, str | None]]:
    diagram = re.search(r'<nav aria-label="Partnership framework">(.*?)</nav>', html, re.S)
    assert diagram, "the framework diagram is missing"
    reader = TreeReader()
    reader.feed(diagram.group(1))
    return reader.pairs


def table_rows(html: str, caption_text: str) -> list[list[str]]:
    """The cells of each body row of the table with this caption, as plain text."""
    for table in re.findall(r"<table\b.*?</table>", html, re.S):
        if caption_text in table:
            body = re.search(r"<tbody.*?</tbody>", table, re.S)
            assert body
            return [
                [" ".join(re.sub(r"<[^>]+>", " ", cell).split()) for cell in cells]
                for cells in (
                    re.findall(r"<t[dh]\b[^>]*>(.*?)</t[dh]>", row, re.S)
                    for row in re.findall(r"<tr\b.*?</tr>", body.group(0), re.S)
                )
            ]
    raise AssertionError(f"no table captioned {caption_text!r}")


@pytest.fixture
def manager(framework: SmallFramework, client_for: Callable[[Any], Client]) -> Client:
    return client_for(framework.users["manager"])


# --- the framework page -----------------------------------------------------------------


def test_the_framework_shows_each_partnership_under_the_one_it_reports_to(
    framework: SmallFramework, client_for: Callable[[Any], Client]
) -> None:
    html = client_for(framework.users["administrator"]).get("/framework/").content.decode()
    assert tree_of(html) == [
        ("Elsewhere District Partnership", None),
        ("Testshire Partnership Board", None),
        ("Safer Testshire", "Testshire Partnership Board"),
        ("Safer Testshire Officer Group", "Safer Testshire"),
    ]


def test_a_partnership_with_two_parents_appears_under_each(
    framework: SmallFramework, client_for: Callable[[Any], Client]
) -> None:
    services.partnership_create(
        actor=SETUP,
        name="Joint Housing Group",
        kind="sub_group",
        reports_to=[framework.thematic, framework.district],
    )
    html = client_for(framework.users["administrator"]).get("/framework/").content.decode()
    pairs = tree_of(html)
    assert ("Joint Housing Group", "Safer Testshire") in pairs
    assert ("Joint Housing Group", "Elsewhere District Partnership") in pairs
    assert "Also reports to Elsewhere District Partnership" in html


def test_the_framework_has_a_table_as_a_text_alternative(
    framework: SmallFramework, manager: Client
) -> None:
    html = manager.get("/framework/").content.decode()
    assert table_rows(html, "Every partnership with what it reports to") == [
        ["Safer Testshire", "Thematic partnership", "Testshire Partnership Board", "2"],
        ["Safer Testshire Officer Group", "Officer group", "Safer Testshire", "0"],
        ["Testshire Partnership Board", "Board", "—", "1"],
    ]


def test_a_partnership_whose_parent_is_hidden_is_shown_at_the_top(
    framework: SmallFramework, client_for: Callable[[Any], Client]
) -> None:
    """Someone with a role on the sub-group only sees it as a root, and is not told
    the name of the partnership above it."""
    from partnerplan.core.testing.factories import make_user

    user = make_user("grouponly", role="viewer", partnership=framework.subgroup)
    html = client_for(user).get("/framework/").content.decode()
    assert tree_of(html) == [("Safer Testshire Officer Group", None)]
    assert "Safer Testshire<" not in html.replace("Safer Testshire Officer Group<", "")


# --- the partnership page ---------------------------------------------------------------


def test_the_partnership_page_groups_members_by_role_then_sector(
    framework: SmallFramework, manager: Client
) -> None:
    board = framework.board
    services.membership_add(
        actor=SETUP, partnership=board, person=framework.officer, role="member", sector="voluntary"
    )
    services.membership_add(
        actor=SETUP,
        partnership=board,
        organisation=framework.charity,
        role="member",
        sector="voluntary",
    )
    vice = services.person_create(actor=SETUP, name="Val Vice", organisation=framework.council)
    services.membership_add(
        actor=SETUP, partnership=board, person=vice, role="vice_chair", sector="elected_members"
    )
    html = manager.get(f"/partnerships/{board.pk}/").content.decode()

    headings = re.findall(r'<h3 class="govuk-heading-s"[^>]*>(.*?)</h3>', html)
    assert headings == ["Chair (1)", "Vice-chair (1)", "Members (2)"]
    chairs = table_rows(html, "Chair members by sector represented")
    assert [row[:3] for row in chairs] == [
        ["Chris Chair Leader", "Testshire County Council", "Statutory"]
    ]
    members = table_rows(html, "Member members by sector represented")
    assert sorted(row[:3] for row in members) == [
        ["Olive Officer Community Safety Officer", "Testshire Volunteer Centre",
         "Voluntary and community"],
        ["Testshire Volunteer Centre (organisation)", "—", "Voluntary and community"],
    ]  # fmt: skip
    assert "Sectors represented: Statutory 1, Voluntary and community 2, Elected members 1." in html
    assert "Members <span" in html and "(4)" in html


def test_members_are_listed_by_name_whether_people_or_organisations(
    framework: SmallFramework, manager: Client
) -> None:
    """One alphabetical list by the name shown, the same on SQLite and PostgreSQL (which
    put missing values at opposite ends when sorting by person, then organisation)."""
    board = framework.board
    for name in ("Zed Zebra", "Abe Aardvark"):
        person = services.person_create(actor=SETUP, name=name)
        services.membership_add(
            actor=SETUP, partnership=board, person=person, role="member", sector="other"
        )
    for name in ("Middle Trust", "Acorn Trust"):
        organisation = services.organisation_create(actor=SETUP, name=name, sector="other")
        services.membership_add(
            actor=SETUP, partnership=board, organisation=organisation, role="member",
            sector="other",
        )  # fmt: skip
    html = manager.get(f"/partnerships/{board.pk}/").content.decode()
    members = [row[0] for row in table_rows(html, "Member members by sector represented")]
    assert members == [
        "Abe Aardvark",
        "Acorn Trust (organisation)",
        "Middle Trust (organisation)",
        "Zed Zebra",
    ]


def test_the_partnership_page_shows_what_it_reports_to_and_what_reports_to_it(
    framework: SmallFramework, manager: Client
) -> None:
    html = manager.get(f"/partnerships/{framework.thematic.pk}/").content.decode()
    assert f'href="/partnerships/{framework.board.pk}/">Testshire Partnership Board</a>' in html
    assert f'href="/partnerships/{framework.subgroup.pk}/">Safer Testshire Officer Group</a>' in (
        html
    )


def test_the_partnership_page_links_only_to_partnerships_the_user_may_see(
    framework: SmallFramework, client_for: Callable[[Any], Client]
) -> None:
    """Someone who sees the thematic partnership but not the board it reports to."""
    below = make_user("below", role="viewer", partnership=framework.thematic)
    html = client_for(below).get(f"/partnerships/{framework.thematic.pk}/").content.decode()
    assert "Testshire Partnership Board" not in html
    assert f'href="/partnerships/{framework.board.pk}/"' not in html
    assert "Nobody: this is at the top of the framework" in html
    assert f'href="/partnerships/{framework.subgroup.pk}/">Safer Testshire Officer Group</a>' in (
        html
    )


def test_the_partnership_page_links_its_neighbours_and_plans_with_names_escaped(
    framework: SmallFramework, manager: Client
) -> None:
    services.partnership_create(
        actor=SETUP, name="Youth <Justice> & O'Neill Group", kind="sub_group",
        reports_to=[framework.thematic],
    )  # fmt: skip
    older = plan_services.plan_create(
        actor=SETUP, partnership=framework.thematic, title="Safety <first> plan",
        kind="improvement_plan", first_year=2024, last_year=2026, status="adopted",
    )  # fmt: skip
    newer = plan_services.plan_create(
        actor=SETUP, partnership=framework.thematic, title="O'Neill's programme",
        kind="work_programme", first_year=2025, last_year=2025,
    )  # fmt: skip
    html = manager.get(f"/partnerships/{framework.thematic.pk}/").content.decode()
    links = re.findall(r'<a class="govuk-link" href="/partnerships/\d+/">([^<]*)</a>', html)
    assert links == [
        "Testshire Partnership Board",
        "Safer Testshire Officer Group",
        "Youth &lt;Justice&gt; &amp; O&#x27;Neill Group",
    ]
    plans = re.findall(r"<li><a [^>]*/plans/.*?</li>", html)
    assert plans == [
        f'<li><a class="govuk-link" href="/plans/{newer.pk}/">O&#39;Neill&#39;s programme</a> '
        '<span class="pp-muted">Work programme, 2025/26, draft</span></li>',
        f'<li><a class="govuk-link" href="/plans/{older.pk}/">Safety &lt;first&gt; plan</a> '
        '<span class="pp-muted">Improvement plan, 2024/25 to 2026/27, adopted</span></li>',
    ]


def test_a_viewer_sees_no_buttons_to_change_anything(
    framework: SmallFramework, client_for: Callable[[Any], Client]
) -> None:
    html = client_for(framework.users["viewer"]).get(f"/partnerships/{framework.board.pk}/")
    page = html.content.decode()
    for label in ("Add a member", "Edit partnership", "Delete partnership", "Who has access"):
        assert label not in page
    assert f"/memberships/{framework.chair_membership.pk}/edit/" not in page


# --- creating partnerships and reporting lines -----------------------------------------------


def test_a_manager_adds_a_partnership_under_one_they_manage(
    framework: SmallFramework, manager: Client
) -> None:
    form = manager.get(f"/partnerships/new/?reports_to={framework.thematic.pk}").content.decode()
    assert re.search(rf'value="{framework.thematic.pk}"\s+checked', form)

    response = manager.post(
        "/partnerships/new/",
        {
            "name": "Night-time Economy Group",
            "short_name": "NTE",
            "kind": "sub_group",
            "description": "Keeps town centres safe after dark.",
            "reports_to": [framework.thematic.pk],
        },
    )
    created = Partnership.objects.get(name="Night-time Economy Group")
    assert response.status_code == 302
    assert response["Location"] == f"/partnerships/{created.pk}/"
    assert list(created.reports_to.all()) == [framework.thematic]
    page = manager.get(response["Location"]).content.decode()
    assert "Night-time Economy Group has been created." in page
    assert "Keeps town centres safe after dark." in page
    assert ("Night-time Economy Group", "Safer Testshire") in tree_of(
        manager.get("/framework/").content.decode()
    )
    # The new partnership is the manager's to run, through the line to the board.
    assert manager.get(f"/partnerships/{created.pk}/edit/").status_code == 200


def test_a_manager_must_hang_a_new_partnership_under_one_they_manage(
    framework: SmallFramework, manager: Client
) -> None:
    response = manager.post("/partnerships/new/", {"name": "Floating Group", "kind": "sub_group"})
    assert response.status_code == 400
    assert "Choose at least one partnership that you manage" in response.content.decode()
    assert not Partnership.objects.filter(name="Floating Group").exists()


def test_a_line_to_a_partnership_the_user_cannot_see_is_refused(
    framework: SmallFramework, client_for: Callable[[Any], Client]
) -> None:
    outsider = client_for(framework.users["outsider"])
    response = outsider.post(
        "/partnerships/new/",
        {"name": "Sneaky Group", "kind": "sub_group", "reports_to": [framework.board.pk]},
    )
    assert response.status_code == 400
    assert not Partnership.objects.filter(name="Sneaky Group").exists()


def test_an_administrator_may_add_a_partnership_at_the_top(
    framework: SmallFramework, client_for: Callable[[Any], Client]
) -> None:
    admin = client_for(framework.users["administrator"])
    response = admin.post("/partnerships/new/", {"name": "Westshire Board", "kind": "board"})
    assert response.status_code == 302
    assert not Partnership.objects.get(name="Westshire Board").reports_to.exists()


def test_a_loop_in_the_reporting_lines_is_refused_with_a_clear_message(
    framework: SmallFramework, manager: Client
) -> None:
    events = AuditEvent.objects.count()
    response = manager.post(
        f"/partnerships/{framework.board.pk}/edit/",
        {"name": "Renamed Board", "kind": "board", "reports_to": [framework.subgroup.pk]},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "That would make a loop" in html
    assert "govuk-error-summary" in html
    assert not ReportingLine.objects.filter(partnership=framework.board).exists()
    # Nothing of the form was saved, not even the name.
    assert Partnership.objects.get(pk=framework.board.pk).name == "Testshire Partnership Board"
    assert AuditEvent.objects.count() == events


def test_a_partnership_cannot_report_to_itself(framework: SmallFramework, manager: Client) -> None:
    response = manager.post(
        f"/partnerships/{framework.thematic.pk}/edit/",
        {"name": "Safer Testshire", "kind": "thematic", "reports_to": [framework.thematic.pk]},
    )
    assert response.status_code == 400
    assert ReportingLine.objects.filter(partnership=framework.thematic).count() == 1


def test_a_loop_is_refused_in_the_site_administration_too(
    framework: SmallFramework, client_for: Callable[[Any], Client]
) -> None:
    admin = client_for(framework.users["administrator"])
    response = admin.post(
        "/admin/partnerships/reportingline/add/",
        {"partnership": framework.board.pk, "reports_to": framework.subgroup.pk, "_save": "Save"},
    )
    assert response.status_code == 200  # the admin form shown again with its error
    assert "That would make a loop" in response.content.decode()
    assert not ReportingLine.objects.filter(partnership=framework.board).exists()


def test_editing_keeps_lines_to_partnerships_the_manager_cannot_see(
    framework: SmallFramework, manager: Client
) -> None:
    joint = services.partnership_create(
        actor=SETUP,
        name="Joint Housing Group",
        kind="sub_group",
        reports_to=[framework.thematic, framework.district],
    )
    form = manager.get(f"/partnerships/{joint.pk}/edit/").content.decode()
    assert "Elsewhere District Partnership" not in form

    response = manager.post(
        f"/partnerships/{joint.pk}/edit/",
        {"name": "Joint Housing Forum", "kind": "sub_group", "reports_to": [framework.board.pk]},
    )
    assert response.status_code == 302
    assert set(joint.reports_to.all()) == {framework.board, framework.district}
    assert Partnership.objects.get(pk=joint.pk).name == "Joint Housing Forum"


# --- members --------------------------------------------------------------------------------


def test_adding_a_person_as_a_member(framework: SmallFramework, manager: Client) -> None:
    response = manager.post(
        f"/partnerships/{framework.subgroup.pk}/members/new/",
        {
            "person": framework.officer.pk,
            "role": "coordinator",
            "sector": "voluntary",
            "from_date": "2026-04-01",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == f"/partnerships/{framework.subgroup.pk}/"
    membership = Membership.objects.get(partnership=framework.subgroup)
    assert (membership.person, membership.organisation, membership.role) == (
        framework.officer,
        None,
        "coordinator",
    )
    assert str(membership.from_date) == "2026-04-01"
    page = manager.get(response["Location"]).content.decode()
    assert "Olive Officer has been added to Safer Testshire Officer Group." in page
    assert "Co-ordinator (1)" in page
    assert "1 April 2026" in page


def test_adding_an_organisation_as_a_member(framework: SmallFramework, manager: Client) -> None:
    response = manager.post(
        f"/partnerships/{framework.subgroup.pk}/members/new/",
        {"organisation": framework.council.pk, "role": "member", "sector": "statutory"},
    )
    assert response.status_code == 302
    membership = Membership.objects.get(partnership=framework.subgroup)
    assert (membership.person, membership.organisation) == (None, framework.council)


@pytest.mark.parametrize("choice", ["both", "neither"])
def test_a_member_is_a_person_or_an_organisation(
    framework: SmallFramework, manager: Client, choice: str
) -> None:
    data = {"role": "member", "sector": "statutory"}
    if choice == "both":
        data |= {"person": framework.chair.pk, "organisation": framework.council.pk}
    response = manager.post(f"/partnerships/{framework.subgroup.pk}/members/new/", data)
    assert response.status_code == 400
    html = response.content.decode()
    message = {
        "both": "Choose either a person or an organisation, not both",
        "neither": "Search for and choose a person or an organisation",
    }[choice]
    assert message in html
    assert 'href="#id_member"' in html
    assert not Membership.objects.filter(partnership=framework.subgroup).exists()


def test_a_membership_cannot_end_before_it_starts(
    framework: SmallFramework, manager: Client
) -> None:
    response = manager.post(
        f"/partnerships/{framework.subgroup.pk}/members/new/",
        {
            "person": framework.chair.pk,
            "role": "member",
            "sector": "statutory",
            "from_date": "2026-04-01",
            "to_date": "2025-03-31",
        },
    )
    assert response.status_code == 400
    assert "The end date must be the same as or after the start date" in response.content.decode()


def test_changing_a_membership(framework: SmallFramework, manager: Client) -> None:
    membership = framework.chair_membership
    form = manager.get(f"/memberships/{membership.pk}/edit/").content.decode()
    assert re.search(r'<option value="chair"\s+selected', form)

    response = manager.post(
        f"/memberships/{membership.pk}/edit/",
        {"person": framework.chair.pk, "role": "vice_chair", "sector": "elected_members"},
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert (membership.role, membership.sector) == ("vice_chair", "elected_members")


# --- editing and deleting -------------------------------------------------------------------


def test_the_edit_form_starts_from_what_is_stored(
    framework: SmallFramework, manager: Client
) -> None:
    html = manager.get(f"/partnerships/{framework.thematic.pk}/edit/").content.decode()
    assert 'value="Safer Testshire"' in html
    assert re.search(r'<option value="thematic"\s+selected', html)
    assert re.search(rf'value="{framework.board.pk}"\s+checked', html)


def test_editing_an_organisation_and_a_person(framework: SmallFramework, manager: Client) -> None:
    response = manager.post(
        f"/organisations/{framework.charity.pk}/edit/",
        {
            "name": "Testshire Voluntary Action",
            "short_name": "TVA",
            "sector": "voluntary",
            "website": "https://example.org/tva",
        },
    )
    assert response.status_code == 302
    page = manager.get(response["Location"]).content.decode()
    assert "Testshire Voluntary Action has been updated." in page
    assert "https://example.org/tva" in page

    response = manager.post(
        f"/people/{framework.officer.pk}/edit/",
        {
            "name": "Olive Officer",
            "job_title": "Head of Community Safety",
            "organisation": framework.council.pk,
            "email": "olive@example.org",
        },
    )
    assert response.status_code == 302
    officer = Person.objects.get(pk=framework.officer.pk)
    assert (officer.job_title, officer.organisation, officer.email) == (
        "Head of Community Safety",
        framework.council,
        "olive@example.org",
    )


# --- the organisation and person pages ------------------------------------------------------


def test_the_organisation_page_lists_its_seats_and_people_with_names_escaped(
    framework: SmallFramework, manager: Client
) -> None:
    charity = framework.charity
    group = services.partnership_create(
        actor=SETUP, name="Youth <Justice> & O'Neill Group", kind="sub_group",
        reports_to=[framework.thematic],
    )  # fmt: skip
    services.membership_add(
        actor=SETUP, partnership=group, organisation=charity, role="chair", sector="other"
    )
    intruder = services.person_create(
        actor=SETUP, name="<script>alert(1)</script>", job_title="Head of <b>Tricks</b> & O'Neill",
        organisation=charity,
    )  # fmt: skip
    services.membership_add(
        actor=SETUP, partnership=group, person=intruder, role="member", sector="other"
    )
    html = main_of(manager.get(f"/organisations/{charity.pk}/"))
    assert table_rows(html, "Partnerships this organisation is a member of") == [
        ["Safer Testshire", "Member", "Voluntary and community"],
        ["Youth &lt;Justice&gt; &amp; O&#39;Neill Group", "Chair", "Other"],
    ]
    assert (
        f'<a class="govuk-link" href="/partnerships/{group.pk}/">'
        "Youth &lt;Justice&gt; &amp; O&#39;Neill Group</a>"
    ) in html
    assert "<script>" not in html
    assert re.findall(r"<li>.*?</li>", html) == [
        f'<li><a class="govuk-link" href="/people/{intruder.pk}/">'
        "&lt;script&gt;alert(1)&lt;/script&gt;</a>, "
        "Head of &lt;b&gt;Tricks&lt;/b&gt; &amp; O&#39;Neill</li>",
        f'<li><a class="govuk-link" href="/people/{framework.officer.pk}/">Olive Officer</a>, '
        "Community Safety Officer</li>",
    ]


def test_the_person_page_lists_their_seats_and_links_their_organisation_escaped(
    framework: SmallFramework, manager: Client
) -> None:
    firm = services.organisation_create(actor=SETUP, name="Smith & O'Brien <Ltd>", sector="private")
    person = services.person_create(actor=SETUP, name="Sam <Smith>", organisation=firm)
    for partnership, role in ((framework.thematic, "vice_chair"), (framework.board, "member")):
        services.membership_add(
            actor=SETUP, partnership=partnership, person=person, role=role, sector="private"
        )
    html = main_of(manager.get(f"/people/{person.pk}/"))
    assert '<h1 class="govuk-heading-l">Sam &lt;Smith&gt;</h1>' in html
    assert table_rows(html, "Partnerships this person is a member of") == [
        ["Safer Testshire", "Vice-chair", "Private"],
        ["Testshire Partnership Board", "Member", "Private"],
    ]
    # As the templates' pp_link filter writes it, with Django's escaping.
    assert (
        f'<a class="govuk-link" href="/organisations/{firm.pk}/">'
        "Smith &amp; O&#x27;Brien &lt;Ltd&gt;</a>"
    ) in html

    nobody = services.person_create(actor=SETUP, name="Nell Nowhere")
    html = main_of(manager.get(f"/people/{nobody.pk}/"))
    assert re.search(r"Organisation</dt>\s*<dd[^>]*>\s*None\s*</dd>", html)
    assert "No memberships of partnerships you can see." in html


def test_seats_on_partnerships_the_user_may_not_see_stay_hidden(
    framework: SmallFramework, client_for: Callable[[Any], Client]
) -> None:
    """Someone who sees the thematic partnership but not the board it reports to."""
    below = make_user("below", role="viewer", partnership=framework.thematic)
    for member in ({"organisation": framework.charity}, {"person": framework.officer}):
        services.membership_add(
            actor=SETUP, partnership=framework.board, role="vice_chair", sector="voluntary",
            **member,
        )  # fmt: skip
    board_only = services.person_create(
        actor=SETUP, name="Bea Boardonly", organisation=framework.charity
    )
    services.membership_add(
        actor=SETUP,
        partnership=framework.board,
        person=board_only,
        role="member",
        sector="voluntary",
    )
    pages = {
        "organisation": (
            f"/organisations/{framework.charity.pk}/",
            "Partnerships this organisation is a member of",
        ),
        "person": (f"/people/{framework.officer.pk}/", "Partnerships this person is a member of"),
    }
    for address, caption in pages.values():
        html = main_of(client_for(below).get(address))
        assert [row[0] for row in table_rows(html, caption)] == ["Safer Testshire"]
        assert "Testshire Partnership Board" not in html
        assert "Bea Boardonly" not in html
        manager_html = main_of(client_for(framework.users["manager"]).get(address))
        assert [row[0] for row in table_rows(manager_html, caption)] == [
            "Safer Testshire",
            "Testshire Partnership Board",
        ]
    assert "Bea Boardonly" in main_of(
        client_for(framework.users["manager"]).get(pages["organisation"][0])
    )


def test_a_member_seated_only_where_a_manager_cannot_see_is_not_theirs_to_change(
    framework: SmallFramework, client_for: Callable[[Any], Client]
) -> None:
    """The outsider manages the district and sees the people of their own organisation;
    one of them sits only on the county board, which is not the outsider's to change."""
    outsider = framework.users["outsider"]
    colleague = services.person_create(
        actor=SETUP, name="Cal Colleague", organisation=outsider.organisation
    )
    services.membership_add(
        actor=SETUP,
        partnership=framework.board,
        person=colleague,
        role="member",
        sector="statutory",
    )
    response = client_for(outsider).get(f"/people/{colleague.pk}/")
    assert response.status_code == 200
    html = main_of(response)
    assert "No memberships of partnerships you can see." in html
    assert "Edit person" not in html
    assert "Delete person" not in html
    assert client_for(outsider).get(f"/people/{colleague.pk}/edit/").status_code == 403


@pytest.mark.parametrize("kind", ["organisations", "people"])
@pytest.mark.parametrize("pk", ["987654", "99999999999999999999999"])
def test_an_organisation_or_person_that_is_not_there_is_not_found(
    framework: SmallFramework, manager: Client, kind: str, pk: str
) -> None:
    assert manager.get(f"/{kind}/{pk}/").status_code == 404


@pytest.mark.parametrize(
    ("url", "model", "attribute", "after"),
    [
        ("/partnerships/{pk}/delete/", Partnership, "thematic", "/framework/"),
        ("/organisations/{pk}/delete/", Organisation, "charity", "/organisations/"),
        ("/people/{pk}/delete/", Person, "officer", "/people/"),
        ("/memberships/{pk}/delete/", Membership, "chair_membership", "/partnerships/{board}/"),
    ],
)
def test_deleting_asks_first_then_deletes(
    framework: SmallFramework,
    manager: Client,
    url: str,
    model: type,
    attribute: str,
    after: str,
) -> None:
    obj = getattr(framework, attribute)
    address = url.format(pk=obj.pk)

    confirm = manager.get(address)
    assert confirm.status_code == 200
    html = confirm.content.decode()
    assert "Are you sure you want to delete" in html
    assert "Yes, delete" in html
    assert "can be restored" in html
    assert model.objects.filter(pk=obj.pk).exists()  # asking deletes nothing

    response = manager.post(address)
    assert response.status_code == 302
    assert response["Location"] == after.format(board=framework.board.pk)
    assert not model.objects.filter(pk=obj.pk).exists()


# --- lists, search and the htmx partial --------------------------------------------------------


def main_of(response: Any) -> str:
    """The page's own content, without the account bar (which names the user's organisation)."""
    found = re.search(r"<main\b.*?</main>", response.content.decode(), re.S)
    assert found
    return found.group(0)


def test_searching_organisations(framework: SmallFramework, manager: Client) -> None:
    html = main_of(manager.get("/organisations/", {"q": "volunteer"}))
    assert "Testshire Volunteer Centre" in html
    assert "Testshire County Council" not in html
    assert 'value="volunteer"' in html  # the search box keeps what was typed

    html = manager.get("/organisations/", {"q": "nothing like this"}).content.decode()
    assert "No organisations match “nothing like this”" in html


def test_searching_people_by_organisation_name(framework: SmallFramework, manager: Client) -> None:
    html = main_of(manager.get("/people/", {"q": "Volunteer Centre"}))
    assert "Olive Officer" in html
    assert "Chris Chair" not in html


def test_htmx_gets_only_the_results(framework: SmallFramework, manager: Client) -> None:
    full = manager.get("/organisations/", {"q": "Testshire"})
    partial = manager.get("/organisations/", {"q": "Testshire"}, headers={"HX-Request": "true"})
    assert "<html" in full.content.decode()
    fragment = partial.content.decode()
    assert partial.status_code == 200
    assert "<html" not in fragment and "<body" not in fragment
    assert fragment.lstrip().startswith("<table")
    assert "Testshire Volunteer Centre" in fragment
    assert "Testshire County Council" in fragment
    # The fragment is exactly the results part of the full page.
    assert fragment.strip() in full.content.decode()


def test_the_full_page_and_the_fragment_are_never_mixed_up_by_a_cache(
    framework: SmallFramework, manager: Client
) -> None:
    """The search pushes its address into the browser history: without Vary, the back
    button or a cache may show the bare fragment as if it were the page."""
    for url in ("/organisations/", "/people/"):
        for headers in ({}, {"HX-Request": "true"}):
            response = manager.get(url, {"q": "Testshire"}, headers=headers)
            assert "HX-Request" in response.get("Vary", ""), (url, headers)


def test_lists_are_paged(framework: SmallFramework, manager: Client) -> None:
    for number in range(55):
        services.organisation_create(actor=SETUP, name=f"Paging Trust {number:02}", sector="other")
    first = manager.get("/organisations/", {"q": "Paging"}).content.decode()
    second = manager.get("/organisations/", {"q": "Paging", "page": "2"}).content.decode()
    assert "Paging Trust 49" in first and "Paging Trust 50" not in first
    assert "Paging Trust 50" in second and "Paging Trust 54" in second
    assert "Page 2 of 2, 55 in all." in second
    assert 'href="?page=2&amp;q=Paging"' in first


# --- the partnership page at scale: members a page at a time ------------------------------------


def add_plain_members(board: Partnership, count: int, sector: str = "other") -> list[Person]:
    people = []
    for number in range(count):
        person = services.person_create(actor=SETUP, name=f"Member {number:03d}")
        services.membership_add(
            actor=SETUP, partnership=board, person=person, role="member", sector=sector
        )
        people.append(person)
    return people


def test_plain_members_are_paged_while_office_holders_are_listed_in_full(
    framework: SmallFramework, manager: Client
) -> None:
    board = framework.board
    add_plain_members(board, 55)
    first = manager.get(f"/partnerships/{board.pk}/").content.decode()
    assert "Chair (1)" in first and "Members (55)" in first
    members = [row[0] for row in table_rows(first, "Member members by sector represented")]
    assert members == [f"Member {number:03d}" for number in range(50)]
    assert "Page 1 of 2 of the members." in first
    assert 'href="?page=2#role-member"' in first

    second = manager.get(f"/partnerships/{board.pk}/", {"page": "2"}).content.decode()
    members = [row[0] for row in table_rows(second, "Member members by sector represented")]
    assert members == [f"Member {number:03d}" for number in range(50, 55)]
    # The chair is on every page: office holders are never paged.
    assert [row[0] for row in table_rows(second, "Chair members by sector represented")] == [
        "Chris Chair Leader"
    ]
    for junk in ("0", "-1", "abc", "99999999999"):
        assert manager.get(f"/partnerships/{board.pk}/", {"page": junk}).status_code == 200


def test_members_can_be_found_by_name_and_sector(
    framework: SmallFramework, manager: Client
) -> None:
    board = framework.board
    add_plain_members(board, 51)
    add_plain_members_named = services.person_create(actor=SETUP, name="Zara Voluntary")
    services.membership_add(
        actor=SETUP,
        partnership=board,
        person=add_plain_members_named,
        role="member",
        sector="voluntary",
    )
    found = manager.get(f"/partnerships/{board.pk}/", {"q": "zara"}).content.decode()
    assert [row[0] for row in table_rows(found, "Member members by sector represented")] == [
        "Zara Voluntary"
    ]
    assert "Show all members" in found
    by_sector = manager.get(f"/partnerships/{board.pk}/", {"sector": "voluntary"})
    rows = table_rows(by_sector.content.decode(), "Member members by sector represented")
    assert [row[0] for row in rows] == ["Zara Voluntary"]
    none = manager.get(f"/partnerships/{board.pk}/", {"q": "nobody-like-this"}).content.decode()
    assert "No members match." in none


def test_the_member_search_ignores_case_and_takes_every_character_as_itself(
    framework: SmallFramework, manager: Client
) -> None:
    board = framework.board
    add_plain_members(board, 51)
    for name in ("Percy 100% Sure", "Una Under_Score", "Back\\Slash"):
        person = services.person_create(actor=SETUP, name=name)
        services.membership_add(
            actor=SETUP, partnership=board, person=person, role="member", sector="other"
        )

    def found(words: str) -> list[str]:
        html = manager.get(f"/partnerships/{board.pk}/", {"q": words}).content.decode()
        return [row[0] for row in table_rows(html, "Member members by sector represented")]

    assert found("PERCY") == ["Percy 100% Sure"]
    assert found("100%") == ["Percy 100% Sure"]
    assert found("%") == ["Percy 100% Sure"]
    assert found("_") == ["Una Under_Score"]
    assert found("\\") == ["Back\\Slash"]
    assert found("member 05") == ["Member 050"]


def test_a_viewer_sees_no_change_links_on_any_page_of_members(
    framework: SmallFramework, client_for: Callable[[Any], Client]
) -> None:
    add_plain_members(framework.board, 60)
    viewer = client_for(framework.users["viewer"])
    for page in ("1", "2"):
        html = viewer.get(f"/partnerships/{framework.board.pk}/", {"page": page}).content
        assert b"/memberships/" not in html


# --- the membership form: search first, then choose ---------------------------------------------


def test_the_membership_form_lists_nobody_until_one_searches(
    framework: SmallFramework, manager: Client
) -> None:
    url = f"/partnerships/{framework.subgroup.pk}/members/new/"
    html = manager.get(url).content.decode()
    assert "Find a person or organisation" in html
    assert "Olive Officer" not in html and 'type="radio"' not in html

    found = manager.get(url, {"q": "olive"}).content.decode()
    assert f'value="person-{framework.officer.pk}"' in found
    assert "Community Safety Officer, Testshire Volunteer Centre" in found
    assert "Chris Chair" not in found
    organisations = manager.get(url, {"q": "volunteer"}).content.decode()
    assert f'value="organisation-{framework.charity.pk}"' in organisations


def test_a_member_chosen_from_the_search_is_added(
    framework: SmallFramework, manager: Client
) -> None:
    url = f"/partnerships/{framework.subgroup.pk}/members/new/"
    response = manager.post(
        url,
        {"q": "olive", "member": f"person-{framework.officer.pk}", "role": "lead",
         "sector": "voluntary"},
    )  # fmt: skip
    assert response.status_code == 302
    membership = Membership.objects.get(partnership=framework.subgroup)
    assert (membership.person, membership.role) == (framework.officer, "lead")


def test_a_refused_membership_keeps_the_search_and_the_choice(
    framework: SmallFramework, manager: Client
) -> None:
    url = f"/partnerships/{framework.subgroup.pk}/members/new/"
    response = manager.post(
        url, {"q": "olive", "member": f"person-{framework.officer.pk}", "role": "lead"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Choose the sector this member represents" in html
    assert re.search(rf'value="person-{framework.officer.pk}" checked', html)
    assert 'name="q" value="olive"' in html


@pytest.mark.parametrize(
    "data",
    [
        {"member": "person-{hidden}"},
        {"person": "{hidden}"},
        {"member": "organisation-{hidden_org}"},
        {"organisation": "{hidden_org}"},
        {"member": "castle-1"},
        {"member": "person-99999999999999999999999"},
    ],
)
def test_a_member_the_manager_cannot_see_is_refused(
    framework: SmallFramework, client_for: Callable[[Any], Client], data: dict[str, str]
) -> None:
    """The outsider manages the district only: the board's chair and the charity are not
    theirs to see, so an id typed into the request is refused like a made-up one."""
    outsider = client_for(framework.users["outsider"])
    ids = {"hidden": framework.chair.pk, "hidden_org": framework.charity.pk}
    sent = {name: value.format(**ids) for name, value in data.items()}
    response = outsider.post(
        f"/partnerships/{framework.district.pk}/members/new/",
        sent | {"role": "member", "sector": "statutory"},
    )
    assert response.status_code == 400
    assert not Membership.objects.filter(
        partnership=framework.district, person=framework.chair
    ).exists()
    assert not Membership.objects.filter(
        partnership=framework.district, organisation=framework.charity
    ).exists()
    html = response.content.decode()
    assert "Chris Chair" not in html and "Testshire Volunteer Centre" not in html
    assert 'href="#id_member"' in html


def test_the_search_never_offers_what_the_manager_cannot_see(
    framework: SmallFramework, client_for: Callable[[Any], Client]
) -> None:
    outsider = client_for(framework.users["outsider"])
    url = f"/partnerships/{framework.district.pk}/members/new/"
    html = outsider.get(url, {"q": "testshire"}).content.decode()
    assert "Testshire Volunteer Centre" not in html
    assert "No people or organisations you can see match" in html


def test_the_membership_edit_form_offers_the_current_member(
    framework: SmallFramework, manager: Client
) -> None:
    membership = framework.chair_membership
    html = manager.get(f"/memberships/{membership.pk}/edit/").content.decode()
    assert re.search(rf'value="person-{framework.chair.pk}" checked', html)


def test_the_reports_to_checkboxes_keep_their_error_and_choice(
    framework: SmallFramework, manager: Client
) -> None:
    response = manager.post(
        f"/partnerships/{framework.thematic.pk}/edit/",
        {"name": "Safer Testshire", "kind": "thematic", "reports_to": [framework.board.pk, "x"]},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'href="#id_reports_to"' in html
    assert 'id="id_reports_to-error"' in html
    assert 'class="govuk-checkboxes govuk-checkboxes--small"' in html
