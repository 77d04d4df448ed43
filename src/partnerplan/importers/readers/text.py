"""Converter text and plain text: tab-separated lines are table rows whose cells may hold
HTML fragments; other lines are paragraphs, or list items when they start with a bullet.
Converters also mark a bold line with Markdown's **stars**, so that is read too."""

from __future__ import annotations

import re

from ..blocks import Block, Cell, Paragraph, ReadDocument, Skipped, Style, Table
from .html import BULLETS, looks_like_html, parse_fragment
from .safety import check_table_cells

_BULLET_LINE = re.compile(rf"^(\s*)[{re.escape(BULLETS)}]\s+(.*)$")
_WHOLE_BOLD = re.compile(r"^\*\*(.+?)\*\*$")
_BOLD_SPANS = re.compile(r"\*\*[^*]*\*\*")


def read_text(text: str) -> ReadDocument:
    blocks: list[Block] = []
    skipped: list[Skipped] = []
    rows: list[list[str]] = []

    def end_table() -> None:
        if len(rows) == 1 and sum(1 for cell in rows[0] if cell.strip()) <= 1:
            # A lone line with stray tabs is a paragraph, not a table of one row.
            blocks.extend(line_paragraphs(" ".join(rows[0]), skipped))
        elif rows:
            blocks.append(make_table(rows, skipped))
        rows.clear()

    for line in text.splitlines():
        if "\t" in line:
            rows.append(line.split("\t"))
            continue
        end_table()
        blocks.extend(line_paragraphs(line, skipped))
    end_table()
    return ReadDocument("text", tuple(blocks), tuple(skipped))


def make_table(rows: list[list[str]], skipped: list[Skipped]) -> Table:
    width = max(len(row) for row in rows)
    check_table_cells(width * len(rows))
    return Table(
        tuple(
            tuple(Cell(cell_paragraphs(cell, skipped)) for cell in row)
            + (Cell(),) * (width - len(row))
            for row in rows
        )
    )


def cell_paragraphs(cell: str, skipped: list[Skipped]) -> tuple[Paragraph, ...]:
    paragraphs: list[Paragraph] = []
    for line in cell.split("\n"):
        paragraphs.extend(line_paragraphs(line, skipped))
    return tuple(paragraphs)


def line_paragraphs(line: str, skipped: list[Skipped]) -> list[Paragraph]:
    line = line.strip()
    if not line:
        return []
    if looks_like_html(line):
        paragraphs, found = parse_fragment(line)
        skipped.extend(found)
        return [_unstar(paragraph) for paragraph in paragraphs]
    bullet = _BULLET_LINE.match(line)
    if bullet:
        return [Paragraph(_strip_stars(bullet.group(2)), Style.LIST_ITEM)]
    return [_unstar(Paragraph(line))]


def _unstar(paragraph: Paragraph) -> Paragraph:
    whole = _WHOLE_BOLD.match(paragraph.text)
    if whole and "**" not in whole.group(1):
        return Paragraph(
            whole.group(1).strip(), paragraph.style, paragraph.level, True, paragraph.numbered
        )
    text = _strip_stars(paragraph.text)
    # "**DATE:** **1 May**" is bold throughout; "**DATE:** 1 May" is not.
    bold = paragraph.bold or (
        "**" in paragraph.text and bool(text) and not _BOLD_SPANS.sub("", paragraph.text).strip()
    )
    return Paragraph(text, paragraph.style, paragraph.level, bold, paragraph.numbered)


def _strip_stars(text: str) -> str:
    """Markdown's bold markers, dropped when they come in pairs."""
    if text.count("**") % 2 == 0:
        text = text.replace("**", "")
    return " ".join(text.split())
