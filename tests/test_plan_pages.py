"""The plan screens: the plan's own words, filters, exports that match the page, no
silent overwrite, and a fixed number of queries however large the plan."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from html.parser import HTMLParser
from typing import Any

import openpyxl
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from docx import Document

from partnerplan.core.periods import Quarter
from partnerplan.core.testing.factories import SETUP, SmallFramework
from partnerplan.core.testing.plans import SmallPlan, small_plan
from partnerplan.partnerships import services as partnership_services
from partnerplan.plans import services
from partnerplan.plans.models import Action, ProgressUpdate

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(framework: SmallFramework) -> SmallPlan:
    return small_plan(framework, timezone.localdate())


class TableCells(HTMLParser):
    """The text of every row of the plan's tables, cell by cell, as a reader sees it."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self._in_table = 0
        self._cell: list[str] | None = None
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = dict(attrs).get("class") or ""
        if tag == "table" and "pp-plan-table" in classes:
            self._in_table += 1
        elif self._in_table and tag == "tr":
            self.rows.append([])
        elif self._in_table and tag in {"td", "th"}:
            self._cell = []
        elif self._cell is not None and tag in {"br", "li"} and self._cell:
            self._cell.append("\n")
        if self._cell is not None and "govuk-visually-hidden" in classes:
            self._hidden += 1
        if self._cell is not None and tag == "caption":
            self._hidden += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "table" and self._in_table:
            self._in_table -= 1
        elif tag in {"td", "th"} and self._cell is not None:
            self.rows[-1].append(" ".join("".join(self._cell).split(" ")).strip())
            self._cell = None
        elif tag == "span" and self._hidden:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if self._cell is not None and not self._hidden:
            self._cell.append(data)


def page_rows(client: Client, url: str) -> list[list[str]]:
    parser = TableCells()
    parser.feed(client.get(url).content.decode())
    return [[_tidy(cell) for cell in row] for row in parser.rows]


def _tidy(text: str) -> str:
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


def test_the_plan_page_speaks_in_the_plans_own_words(
    plan: SmallPlan, framework: SmallFramework, client_for: Callable[[Any], Client]
) -> None:
    html = client_for(framework.users["viewer"]).get(f"/plans/{plan.plan.pk}/").content.decode()
    assert "Issue 1: Fewer burglaries" in html
    assert ">Responsibility<" in html and ">Activity<" in html
    assert "Olive Officer (Community Safety Officer)" in html
    # Status in words beside its colour, never colour alone.
    assert '<strong class="govuk-tag govuk-tag--grey">No update yet</strong>' in html


def test_words_that_look_like_markup_are_shown_as_written(
    plan: SmallPlan, framework: SmallFramework, client_for: Callable[[Any], Client]
) -> None:
    """The table's rows and the filters' choices are written in Python, not by the
    template's autoescaping: every value in them must still be escaped."""
    tag = '<script>alert("x")</script>'
    services.action_update(
        action=plan.officer_action, actor=SETUP, title=f"Gates {tag}", timescale=f"By {tag}"
    )
    services.milestone_create(actor=SETUP, action=plan.officer_action, text=f"Check {tag}")
    partnership_services.person_update(
        person=framework.officer, actor=SETUP, name=f"Olive {tag}", job_title=f"Officer {tag}"
    )
    partnership_services.organisation_update(
        organisation=framework.council, actor=SETUP, name=f"Council {tag}"
    )
    html = client_for(framework.users["viewer"]).get(f"/plans/{plan.plan.pk}/").content.decode()
    assert "<script>alert" not in html
    escaped = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"
    for words in ["Gates", "By", "Check", "Olive", "Officer", "Council"]:
        assert f"{words} {escaped}" in html, words
    assert f'<option value="{framework.officer.pk}">Olive {escaped}</option>' in html
    rows = page_rows(client_for(framework.users["viewer"]), f"/plans/{plan.plan.pk}/")
    assert f"1.1 Gates {tag}" in [row[0] for row in rows if row]


def test_filters_narrow_the_table(
    plan: SmallPlan, framework: SmallFramework, client_for: Callable[[Any], Client]
) -> None:
    services.progress_add(
        actor=SETUP, action=plan.council_action, status="red", narrative="Stalled"
    )
    client = client_for(framework.users["viewer"])
    url = f"/plans/{plan.plan.pk}/"

    def shown(query: str) -> list[str]:
        return [row[0] for row in page_rows(client, url + query)[1:] if row and row[0][:1] != "A"]

    assert shown("?status=red") == ["1.2 Street lighting review"]
    assert shown(f"?lead={framework.chair.pk}") == [
        "1.1 Target hardening for repeat victims",
        "2.1 Speed watch in villages",
    ]
    assert shown("?overdue=1") == ["1.1 Target hardening for repeat victims"]
    assert shown("?priority=2") == ["1.2 Street lighting review"]
    assert "1.2 Street lighting review" not in shown("?not_updated=1")
    assert shown("?status=purple&lead=abc") == shown("")  # nonsense is ignored, not a 500


def test_exports_hold_the_cells_on_the_page_and_what_each_latest_update_says(
    plan: SmallPlan, framework: SmallFramework, client_for: Callable[[Any], Client]
) -> None:
    services.progress_add(
        actor=SETUP, action=plan.officer_action, status="amber", narrative="Behind"
    )
    client = client_for(framework.users["viewer"])
    on_page = [row for row in page_rows(client, f"/plans/{plan.plan.pk}/") if row]
    header = on_page[0]
    assert header == [
        "Activity",
        "Responsibility",
        "Milestones",
        "Timescale",
        "Resources",
        "Progress",
    ]
    body = [row for row in on_page if row != header]
    # The page shows milestones as a numbered list; documents write the numbers out, and
    # under each status what the latest update says, as board papers do.
    expected = [[cell if i != 2 else _numbered(cell) for i, cell in enumerate(row)] for row in body]
    for row in expected:
        action = Action.objects.get(plan=plan.plan, number=row[0].split()[0])
        latest = action.updates.order_by("-period", "-written_on", "-id").first()
        if latest is not None and latest.narrative != row[5]:
            row[5] = f"{row[5]}\n{latest.narrative}"
    assert any("\nBehind" in row[5] for row in expected)

    docx = client.get(f"/plans/{plan.plan.pk}/export.docx")
    assert docx["Content-Type"].startswith("application/vnd.openxmlformats")
    document = Document(io.BytesIO(docx.content))
    word_rows = []
    for table in document.tables:
        assert [c.text for c in table.rows[0].cells] == header
        word_rows += [[_tidy(c.text) for c in row.cells] for row in table.rows[1:]]
    assert word_rows == expected
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading 2")]
    assert headings == ["Issue 1: Fewer burglaries", "Issue 2: Safer roads"]

    xlsx = client.get(f"/plans/{plan.plan.pk}/export.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content), read_only=True).active
    cells = [[c or "" for c in row] for row in sheet.iter_rows(min_row=3, values_only=True)]
    assert cells[0] == ["Issue", *header]
    assert [row[1:] for row in cells[1:]] == expected
    assert [row[0] for row in cells[1:]] == [
        "1: Fewer burglaries",
        "1: Fewer burglaries",
        "2: Safer roads",
    ]

    text = client.get(f"/plans/{plan.plan.pk}/export.csv").content.decode("utf-8-sig")
    assert [row[1:] for row in csv.reader(io.StringIO(text))] == [header, *expected]


def _numbered(cell: str) -> str:
    return "\n".join(f"{n}. {line}" for n, line in enumerate(cell.split("\n"), start=1) if line)


def test_a_spreadsheet_formula_in_a_cell_is_written_as_text(
    plan: SmallPlan, framework: SmallFramework, client_for: Callable[[Any], Client]
) -> None:
    services.action_update(action=plan.chair_action, actor=SETUP, title="=HYPERLINK(1)")
    client = client_for(framework.users["viewer"])
    text = client.get(f"/plans/{plan.plan.pk}/export.csv").content.decode("utf-8-sig")
    assert "'2.1 =HYPERLINK(1)" not in text  # the number comes first, so it is safe as it is
    services.objective_update(objective=plan.second, actor=SETUP, number="=1+1")
    text = client.get(f"/plans/{plan.plan.pk}/export.csv").content.decode("utf-8-sig")
    assert '"\'=1+1: Safer roads"' in text or "'=1+1: Safer roads" in text
    assert client.get(f"/plans/{plan.plan.pk}/export.pdf").status_code == 404


def test_a_stale_edit_shows_both_versions_and_saves_nothing(
    plan: SmallPlan, framework: SmallFramework, client_for: Callable[[Any], Client]
) -> None:
    client = client_for(framework.users["editor"])
    url = f"/actions/{plan.officer_action.pk}/edit/"
    loaded = plan.officer_action.version
    services.action_update(action=plan.officer_action, actor=SETUP, title="Their title")
    response = client.post(
        url, {"objective": plan.first.pk, "title": "My title", "version": loaded}
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Their title" in html and "My title" in html
    assert Action.objects.get(pk=plan.officer_action.pk).title == "Their title"
    fresh = Action.objects.get(pk=plan.officer_action.pk).version
    kept = client.post(url, {"objective": plan.first.pk, "title": "My title", "version": fresh})
    assert kept.status_code == 302
    assert Action.objects.get(pk=plan.officer_action.pk).title == "My title"


def test_an_update_sent_with_htmx_redraws_the_progress_section(
    plan: SmallPlan, framework: SmallFramework, client_for: Callable[[Any], Client]
) -> None:
    client = client_for(framework.users["lead"])
    now = Quarter.containing(timezone.localdate())
    response = client.post(
        f"/actions/{plan.officer_action.pk}/updates/",
        {"status": "amber", "narrative": "Two weeks behind", "period": now.key},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="progress"')
    assert "Two weeks behind" in html
    refused = client.post(
        f"/actions/{plan.officer_action.pk}/updates/",
        {"status": "amber", "narrative": "", "period": now.key},
        headers={"HX-Request": "true"},
    )
    assert refused.status_code == 400
    assert "Say what has happened this quarter" in refused.content.decode()
    assert ProgressUpdate.objects.count() == 1


def _count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


# fmt: off
PINNED = {
    "plan": 9,
    # session, user with their organisation, plan with its partnership, role grants,
    # reporting lines, objectives, actions, their leads (also the filters' choices),
    # their milestones; the summary is counted from the actions already read
    "action": 10,
    # session, user with their organisation, action with plan and partnership, role
    # grants, reporting lines, milestones, updates, links both ways, leads with their
    # people and organisations, whether the user leads it
    "my actions": 5,
    # session, user with their organisation, role grants, reporting lines, the actions
    # they or their organisation lead
    "dashboard": 9,
    # session, user with their organisation, partnership, role grants, reporting lines,
    # plans, every reporting line, visible sub-partnerships, the actions counted by plan
    # and status
}
# fmt: on


def test_plan_pages_issue_a_fixed_number_of_queries_however_large_the_plan(
    plan: SmallPlan, framework: SmallFramework, client_for: Callable[[Any], Client]
) -> None:
    client = client_for(framework.users["lead"])
    urls = {
        "plan": f"/plans/{plan.plan.pk}/",
        "action": f"/actions/{plan.officer_action.pk}/",
        "my actions": "/my-actions/",
        "dashboard": f"/partnerships/{framework.thematic.pk}/dashboard/",
    }
    before = {name: _count(client, url) for name, url in urls.items()}
    for number in range(40):
        action = services.action_create(
            actor=SETUP,
            objective=plan.second,
            title=f"More work {number}",
            leads=[framework.officer, framework.charity],
        )
        services.milestone_create(actor=SETUP, action=action, text="A step")
        services.progress_add(actor=SETUP, action=action, status="green", narrative="Fine")
        services.progress_add(
            actor=SETUP, action=plan.officer_action, status="green", narrative=f"{number}"
        )
    after = {name: _count(client, url) for name, url in urls.items()}
    assert before == after
    assert max(after.values()) <= 12
    assert after == PINNED


def test_an_edit_in_the_site_administration_is_audited_and_moves_the_version(
    plan: SmallPlan, framework: SmallFramework, client_for: Callable[[Any], Client]
) -> None:
    from partnerplan.core.models import AuditEvent

    client = client_for(framework.users["administrator"])
    action = plan.chair_action
    response = client.post(
        f"/admin/plans/action/{action.pk}/change/",
        {
            "plan": plan.plan.pk,
            "objective": plan.second.pk,
            "number": "2.1",
            "position": "0",
            "title": "Speed watch in every village",
            "description": "",
            "resources": "",
            "priority": "",
            "source": "",
            "timescale": "",
            "target": "",
            "comments": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    stored = Action.objects.get(pk=action.pk)
    assert stored.title == "Speed watch in every village"
    assert stored.version == action.version + 1
    event = AuditEvent.objects.for_object(stored).first()
    assert event is not None and event.source == "admin"
    assert event.partnership_id == framework.thematic.pk
    assert event.changes["title"]["before"] == "Speed watch in villages"
    # Updates are a record of what was reported: the administration cannot rewrite them.
    services.progress_add(actor=SETUP, action=stored, status="green", narrative="Fine")
    update = ProgressUpdate.objects.get()
    assert client.get(f"/admin/plans/progressupdate/{update.pk}/change/").status_code == 200
    refused = client.post(
        f"/admin/plans/progressupdate/{update.pk}/change/", {"narrative": "Rewritten"}
    )
    assert refused.status_code == 403
    assert ProgressUpdate.objects.get().narrative == "Fine"


def test_a_lead_is_named_as_plans_name_one() -> None:
    from partnerplan.plans.selectors import lead_name

    assert lead_name("Mina Patel", "Street Scene Manager", "Harbourside Council") == (
        "Mina Patel (Street Scene Manager), Harbourside Council"
    )
    assert lead_name("Mina Patel", "Street Scene Manager") == "Mina Patel (Street Scene Manager)"
    assert lead_name("Mina Patel", "", "Harbourside Council") == "Mina Patel (Harbourside Council)"
    # A post recorded as a lead in its own right is named once.
    assert lead_name("Block leads", "Block leads") == "Block leads"
