"""Importing a Word plan in a real browser: upload, the reading in the background, the
preview corrected, and the plan saved only when the person says so."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from playwright.sync_api import Page, expect

from partnerplan.core.testing.factories import SmallFramework
from partnerplan.plans.models import Action, Plan

pytestmark = pytest.mark.browser


def a_word_plan() -> bytes:
    """A plan as partnerships write them: a heading per theme, a table under each."""
    document = Document()
    document.add_heading("Allotments Development Plan 2013/14", level=1)
    rows = {
        "Theme 1: More plots": [
            ("1.1 Open the old nursery site", "Priya Nair (Estates Officer)", "1. Lease signed"),
            ("1.2 Halve the waiting list", "Testshire County Council", "1. Plots split"),
        ],
        "Theme 2: Growing skills": [
            ("2.1 Monthly open days", "Testshire Volunteer Centre", "1. First open day"),
        ],
    }
    for heading, actions in rows.items():
        document.add_paragraph(heading, style="Heading 2")
        table = document.add_table(rows=1, cols=3)
        for cell, word in zip(table.rows[0].cells, ["Action", "Lead", "Milestones"], strict=True):
            cell.text = word
        for action in actions:
            for cell, text in zip(table.add_row().cells, action, strict=True):
                cell.text = text
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_word_plan_is_checked_corrected_and_imported(
    framework: SmallFramework,
    page: Page,
    sign_in: Callable[[Any], None],
    accessibility: Callable[[Page, str], None],
    tmp_path: Path,
) -> None:
    sign_in(framework.users["manager"])
    page.goto(f"/partnerships/{framework.board.pk}/")
    page.get_by_role("button", name="Import a plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import a plan")
    upload = tmp_path / "allotments.docx"
    upload.write_bytes(a_word_plan())
    page.get_by_label("Upload a plan").set_input_files(str(upload))
    page.get_by_role("button", name="Read the document").click()

    # The reading happens after the upload; the page shows the preview when it is done.
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text("Check the plan read from allotments.docx", timeout=30_000)
    expect(page.locator("#import-summary")).to_contain_text("2 themes, 3 actions and 3 milestones")
    expect(page.get_by_label("Plan title")).to_have_value("Allotments Development Plan 2013/14")
    accessibility(page, "import-journey-preview")
    assert Plan.objects.count() == 0

    # Leave out one action and look again before saving.
    page.get_by_label("Import this action").nth(1).uncheck()
    page.get_by_role("button", name="Update preview").click()
    expect(page.locator("#import-summary")).to_contain_text("2 themes, 2 actions")
    expect(page.get_by_text("Left out")).to_have_count(1)
    assert Plan.objects.count() == 0

    page.get_by_role("button", name="Import plan").click()
    expect(heading).to_have_text("Allotments Development Plan 2013/14")
    plan = Plan.objects.get()
    assert sorted(Action.objects.filter(plan=plan).values_list("number", flat=True)) == [
        "1.1",
        "2.1",
    ]
    expect(page.get_by_text("Open the old nursery site")).to_be_visible()
