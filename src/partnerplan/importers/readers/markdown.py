"""Markdown to blocks: ATX headings, bullet and numbered lists nested by indent, whole
bold lines, pipe tables, and raw HTML tables (read by the HTML reader)."""

from __future__ import annotations

import re

from ..blocks import Block, Cell, Paragraph, ReadDocument, Skipped, Style, Table
from .html import parse_fragment, read_html
from .safety import check_table_cells
from .text import line_paragraphs

_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:\s++(.*))?$")
_CLOSING_HASHES = re.compile(r"\s#+$")
_LIST_ITEM = re.compile(r"^(\s*)(?:([-*+•])|(\d{1,9})[.)])\s+(.*)$")
# Possessive quantifiers: a long line of spaces must not make the match quadratic.
_TABLE_RULE = re.compile(r"^\s*+(?:\|\s*+)?:?-++:?\s*+(?:\|\s*+:?-++:?\s*+)*+\|?\s*+$")
_CELL_SPLIT = re.compile(r"(?<!\\)\|")
# Brackets are kept out of the repeated parts so that a line of "![![![" stays linear.
_IMAGE = re.compile(r"!\[([^\[\]\n]{0,500}+)\]\([^()\n]{0,2000}+\)")
_HTML_TABLE_START = re.compile(r"^\s*<table\b", re.IGNORECASE)


def read_markdown(text: str) -> ReadDocument:
    lines = text.expandtabs(4).splitlines()
    blocks: list[Block] = []
    skipped: list[Skipped] = []
    paragraph: list[str] = []
    indents: list[int] = []

    def flush() -> None:
        if paragraph:
            blocks.extend(line_paragraphs(" ".join(paragraph), skipped))
            paragraph.clear()

    index = 0
    while index < len(lines):
        line = lines[index]
        if _HTML_TABLE_START.match(line):
            flush()
            end = _html_table_end(lines, index)
            found = read_html("\n".join(lines[index:end]))
            blocks.extend(found.blocks)
            skipped.extend(found.skipped)
            index = end
            continue
        if "|" in line and index + 1 < len(lines) and _is_rule(lines[index + 1]):
            flush()
            end = index + 2
            while end < len(lines) and "|" in lines[end] and lines[end].strip():
                end += 1
            blocks.append(_pipe_table(lines[index], lines[index + 2 : end], skipped))
            index = end
            continue
        index += 1
        if not line.strip():
            flush()
            continue
        heading = _HEADING.match(line)
        if heading:
            flush()
            indents.clear()
            text_ = _plain(_CLOSING_HASHES.sub("", (heading.group(2) or "").rstrip()))
            if text_:
                blocks.append(Paragraph(text_, Style.HEADING, len(heading.group(1))))
            continue
        for image in _IMAGE.finditer(line):
            skipped.append(Skipped("image", f"Markdown image {image.group(1)[:60]!r}"))
        line = _IMAGE.sub("", line)
        if not line.strip():
            continue
        item = _LIST_ITEM.match(line)
        if item:
            flush()
            blocks.append(_list_item(item, indents))
            continue
        if paragraph and paragraph[-1].endswith("  "):
            flush()
        paragraph.append(line.strip() + ("  " if line.endswith("  ") else ""))
        if not line.endswith("  "):
            indents.clear()
    flush()
    return ReadDocument("markdown", tuple(blocks), tuple(skipped))


def _is_rule(line: str) -> bool:
    return "-" in line and bool(_TABLE_RULE.match(line))


def _list_item(item: re.Match[str], indents: list[int]) -> Paragraph:
    indent = len(item.group(1))
    while indents and indents[-1] > indent:
        indents.pop()
    if not indents or indents[-1] < indent:
        indents.append(indent)
    numbered = item.group(3) is not None
    return Paragraph(_plain(item.group(4)), Style.LIST_ITEM, len(indents) - 1, False, numbered)


def _pipe_table(header: str, body: list[str], skipped: list[Skipped]) -> Table:
    rows = [_pipe_cells(line) for line in [header, *body]]
    # Markdown needs a header row, so converters write an empty one for a table that
    # continues from the page before; it is not part of the plan.
    if not any(cell.strip() for cell in rows[0]):
        rows = rows[1:]
    width = max((len(row) for row in rows), default=0)
    check_table_cells(width * len(rows))
    return Table(
        tuple(
            tuple(Cell(_cell_paragraphs(cell, skipped)) for cell in row)
            + (Cell(),) * (width - len(row))
            for row in rows
        )
    )


def _pipe_cells(line: str) -> list[str]:
    line = line.strip()
    if line.startswith("|"):
        line = line[1:]
    if line.endswith("|") and not line.endswith("\\|"):
        line = line[:-1]
    return [cell.strip().replace("\\|", "|") for cell in _CELL_SPLIT.split(line)]


def _cell_paragraphs(cell: str, skipped: list[Skipped]) -> tuple[Paragraph, ...]:
    if "<" in cell:
        paragraphs, found = parse_fragment(cell)
        skipped.extend(found)
        return tuple(Paragraph(_plain(p.text), p.style, p.level, p.bold, p.numbered)
                     for p in paragraphs)  # fmt: skip
    return tuple(line_paragraphs(cell, skipped))


def _html_table_end(lines: list[str], start: int) -> int:
    depth = 0
    for index in range(start, len(lines)):
        lowered = lines[index].lower()
        depth += len(re.findall(r"<table\b", lowered)) - lowered.count("</table")
        if depth <= 0:
            return index + 1
    return len(lines)


def _plain(text: str) -> str:
    if text.count("**") % 2 == 0:
        text = text.replace("**", "")
    return " ".join(text.split())
