"""A plan as a document, in the same table layout as its page: .xlsx, .docx and .csv.

Each renderer takes the PlanTable the page is drawn from, so the cells in a document are
the cells on screen; under each status, a document also says what the latest update
says (`plan_table(..., with_words=True)`), as the board papers these tables are pasted
into do. A plan downloaded as Word imports back as it was.
"""

from __future__ import annotations

import csv
import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from partnerplan.plans.choices import STATUS_FILL
from partnerplan.plans.selectors import Cell, PlanTable

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CSV = "text/csv; charset=utf-8"


def header(table: PlanTable) -> list[str]:
    """The column headings: the objective, the action, then the plan's own columns."""
    plan = table.plan
    return [plan.label("objective"), plan.label("action")] + [
        plan.label(column) for column in plan.table_columns
    ]


def rows(table: PlanTable) -> list[list[str]]:
    """Every action as a row of plain text, objective first."""
    found = []
    for objective_rows in table.objectives:
        for row in objective_rows.actions:
            found.append([objective_rows.heading, row.heading] + [cell.text for cell in row.cells])
    return found


def _safe_for_spreadsheets(text: str) -> str:
    # A cell starting with = + - @ is run as a formula by spreadsheet programs; a leading
    # apostrophe shows the text as typed (CSV injection).
    return f"'{text}" if text[:1] in {"=", "+", "-", "@", "\t", "\r"} else text


def to_csv(table: PlanTable) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header(table))
    for row in rows(table):
        writer.writerow([_safe_for_spreadsheets(value) for value in row])
    # With a byte-order mark, Excel opens UTF-8 (pound signs, curly quotes) correctly.
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(table: PlanTable) -> bytes:
    import xlsxwriter

    out = io.BytesIO()
    workbook = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False})
    sheet = workbook.add_worksheet("Plan")
    bold = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top", "border": 1})
    wrap = workbook.add_format({"text_wrap": True, "valign": "top", "border": 1})
    fills = {
        status: workbook.add_format(
            {"text_wrap": True, "valign": "top", "border": 1, "bg_color": f"#{colour}"}
        )
        for status, colour in STATUS_FILL.items()
    }
    title = workbook.add_format({"bold": True, "font_size": 14})
    sheet.write(0, 0, f"{table.plan.title} ({table.plan.period})", title)
    headings = header(table)
    sheet.write_row(2, 0, headings, bold)
    widths = [28, 45] + [_width(c) for c in table.plan.table_columns]
    for index, width in enumerate(widths):
        sheet.set_column(index, index, width)
    line = 3
    for objective_rows in table.objectives:
        for row in objective_rows.actions:
            sheet.write(line, 0, objective_rows.heading, wrap)
            sheet.write(line, 1, row.heading, wrap)
            for index, cell in enumerate(row.cells, start=2):
                sheet.write_string(line, index, cell.text, fills.get(cell.status or "", wrap))
            line += 1
    sheet.freeze_panes(3, 2)
    sheet.autofilter(2, 0, max(line - 1, 2), len(headings) - 1)
    sheet.repeat_rows(2)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    workbook.close()
    return out.getvalue()


def _width(column: str) -> int:
    return {"milestones": 45, "lead": 28, "comments": 35, "target": 30}.get(column, 16)


def _shade(cell: object, colour: str) -> None:
    properties = cell._tc.get_or_add_tcPr()  # type: ignore[attr-defined]
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour)
    properties.append(shading)


def _repeat_header(row: object) -> None:
    # A long plan breaks across pages: Word repeats the header row on each.
    properties = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    properties.append(marker)


def _fill_cell(word_cell: object, cell: Cell) -> None:
    # Milestones are numbered in the text itself, a paragraph each with a hanging indent:
    # Word's own list numbering would run on from one cell into the next.
    paragraph = word_cell.paragraphs[0]  # type: ignore[attr-defined]
    for index, line in enumerate(cell.text.split("\n") if cell.lines else []):
        target = paragraph if index == 0 else word_cell.add_paragraph()  # type: ignore[attr-defined]
        if cell.numbered:
            target.paragraph_format.left_indent = Cm(0.5)
            target.paragraph_format.first_line_indent = Cm(-0.5)
        run = target.add_run(line)
        if cell.status:
            run.bold = True
    if cell.status and cell.status in STATUS_FILL:
        _shade(word_cell, STATUS_FILL[cell.status])


# Relative widths of the columns in Word: the words of an action and its milestones need
# room; a status or a priority does not.
DOCX_WEIGHTS = {"action": 5, "milestones": 5, "lead": 3.5, "comments": 4, "target": 3.5}


def _set_widths(word_table: object, columns: list[str], total: int) -> None:
    weights = [DOCX_WEIGHTS.get(column, 2.2) for column in columns]
    widths = [int(total * weight / sum(weights)) for weight in weights]
    word_table.autofit = False  # type: ignore[attr-defined]
    # Word reads the cells' widths, LibreOffice the table's grid: set both.
    for column, width in zip(word_table.columns, widths, strict=True):  # type: ignore[attr-defined]
        column.width = width
    for row in word_table.rows:  # type: ignore[attr-defined]
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width


def to_docx(table: PlanTable) -> bytes:
    """Real Word tables: one per objective, the plan's labels in a repeated header row."""
    plan = table.plan
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)  # A4, as councils print
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))
    document.styles["Normal"].font.size = Pt(9)
    document.core_properties.title = plan.title
    document.add_heading(plan.title, level=1)
    document.add_paragraph(f"{plan.partnership.name} · {plan.period} · {plan.get_status_display()}")
    columns = [plan.label("action")] + [plan.label(c) for c in plan.table_columns]
    for objective_rows in table.objectives:
        document.add_heading(f"{plan.label('objective')} {objective_rows.heading}", level=2)
        # As on the plan's page, an objective's description stands under its heading.
        if objective_rows.objective.description:
            document.add_paragraph(objective_rows.objective.description)
        word_table = document.add_table(rows=1, cols=len(columns))
        word_table.style = "Table Grid"
        head = word_table.rows[0]
        _repeat_header(head)
        for index, text in enumerate(columns):
            head.cells[index].text = ""
            head.cells[index].paragraphs[0].add_run(text).bold = True
        for row in objective_rows.actions:
            cells = word_table.add_row().cells
            cells[0].text = row.heading
            for index, cell in enumerate(row.cells, start=1):
                _fill_cell(cells[index], cell)
        _set_widths(word_table, ["action", *plan.table_columns], Cm(26.7))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
