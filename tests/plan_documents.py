"""Plan documents the tests build, in the shapes partnerships write them: Word tables cut
by page breaks, merged cells and lists inside cells, spreadsheets with an objective merged
down its actions, and plans written as headed lists. Every word is made up."""

from __future__ import annotations

import io

import docx
import openpyxl
from docx.enum.text import WD_BREAK

HEADER = ("Activity", "Lead", "Milestones", "Progress")


def _saved(document: docx.document.Document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _fill(row: object, texts: tuple[str, ...]) -> None:
    for cell, text in zip(row.cells, texts, strict=True):  # type: ignore[attr-defined]
        cell.text = text


def _page_break(document: docx.document.Document) -> None:
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def page_spanning_docx() -> bytes:
    """One objective's table cut by a page break into two tables: the second repeats the
    header, and its first row carries on the last row of the first, its leading cells
    empty."""
    document = docx.Document()
    document.add_heading("Brookvale Partnership Delivery Plan 2011/12", level=1)
    document.add_heading("Strategic Aim 1: Better local transport", level=2)
    first = document.add_table(rows=1, cols=4)
    _fill(first.rows[0], HEADER)
    _fill(
        first.add_row(),
        ("1.1 Survey bus users", "Pat Rowe (Transport Officer)", "1. Survey drafted", "Green"),
    )
    _fill(
        first.add_row(),
        (
            "1.2 Agree a new timetable with the operators",
            "Lee Moss (Planning Manager, Brookvale Council)",
            "1. Options drawn up 2. Operators",
            "Talks with two operators have",
        ),
    )
    _page_break(document)
    second = document.add_table(rows=1, cols=4)
    _fill(second.rows[0], HEADER)
    _fill(second.add_row(), ("", "", "met (June 11) 3. Timetable agreed", "begun."))
    _fill(second.add_row(), ("1.3 Publish the timetable", "Brookvale Council", "", "Amber"))
    return _saved(document)


def merged_cells_docx() -> bytes:
    """Objective headings as rows merged across the table, and milestones as a bullet
    list with a nested level inside one cell."""
    document = docx.Document()
    document.add_heading("Fernley Partnership Improvement Plan 2012/13", level=1)
    table = document.add_table(rows=6, cols=4)
    _fill(table.rows[0], ("Action", "Lead", "Milestones", "Timescale"))
    table.cell(1, 0).merge(table.cell(1, 3)).text = "Theme 1: Cleaner streets"
    table.cell(2, 0).text = "1.1 Add bins in the market square"
    table.cell(2, 1).text = "Street Scene Team"
    steps = table.cell(2, 2)
    steps.paragraphs[0].style = document.styles["List Bullet"]
    steps.paragraphs[0].add_run("Sites chosen")
    steps.add_paragraph("Bins ordered", style="List Bullet")
    steps.add_paragraph("Colours agreed", style="List Bullet 2")
    steps.add_paragraph("Bins fitted (May 12)", style="List Bullet")
    table.cell(2, 3).text = "Spring"
    table.cell(3, 0).text = "1.2 Run a spring clean day"
    table.cell(3, 1).text = "Fernley Volunteer Centre"
    table.cell(3, 2).text = "1. Date set 2. Volunteers found"
    table.cell(4, 0).merge(table.cell(4, 3)).text = "Theme 2: Cleaner walls"
    table.cell(5, 0).text = "2.1 Clean the underpass"
    table.cell(5, 1).text = "Sam Officer"
    table.cell(5, 3).text = "Ongoing"
    return _saved(document)


def merged_xlsx() -> bytes:
    """A spreadsheet plan with each objective merged down the rows of its actions."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Plan"
    sheet.append(["Objective", "Action", "Lead", "Timescale", "Priority"])
    sheet.append(
        ["Healthier lives", "Open a walking group", "Kim Dale (Health Trainer)", "May 12", 1]
    )
    sheet.append([None, "Cookery classes for carers", "Glenmoor College", "Autumn", 2])
    sheet.append([None, "Stop smoking clinic", "Glenmoor NHS Trust", "Ongoing", 1])
    sheet.append(["Warmer homes", "Loft insulation drive", "Housing Team", "Winter", 3])
    sheet.merge_cells("A2:A4")
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def headed_list_docx() -> bytes:
    """A plan written as headings and bullets: headings are objectives, bullets actions,
    nested bullets their milestones."""
    document = docx.Document()
    document.add_heading("Ashby Partnership Work Programme 2013/14", level=1)
    document.add_paragraph("The programme was agreed by the board in April.")
    document.add_heading("1. Safer parks", level=2)
    document.add_paragraph("Light the main paths", style="List Bullet")
    document.add_paragraph("Survey the paths", style="List Bullet 2")
    document.add_paragraph("Fit the lamps (March 14)", style="List Bullet 2")
    document.add_paragraph("Train park wardens", style="List Bullet")
    document.add_heading("2. Young people", level=2)
    document.add_paragraph("Open a youth café", style="List Bullet")
    return _saved(document)
