"""Excel (.xlsx) to blocks with openpyxl in read-only mode: each sheet becomes a heading
with its name, then one table. Merged ranges come from the sheet's own XML, because
read-only worksheets do not expose them."""

from __future__ import annotations

import datetime
import io
import re
import zipfile

import openpyxl
from defusedxml import ElementTree as SafeElementTree
from openpyxl.utils.cell import range_boundaries

from ..blocks import Block, Cell, Paragraph, ReadDocument, Skipped, Style, Table
from .safety import check_xml_parts, open_zip, read_member, refuse_macros

MAX_ROWS = 20_000
MAX_COLUMNS = 200
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def read_xlsx(data: bytes) -> ReadDocument:
    with open_zip(data) as archive:
        refuse_macros(archive)
        check_xml_parts(archive)
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            blocks: list[Block] = []
            skipped: list[Skipped] = []
            for sheet in workbook.worksheets:
                merges = _merged_ranges(archive, getattr(sheet, "_worksheet_path", ""))
                blocks.append(Paragraph(sheet.title, Style.HEADING, 1))
                table = _sheet_table(sheet, merges, skipped)
                if table.rows:
                    blocks.append(table)
            for chartsheet in workbook.chartsheets:
                skipped.append(Skipped("chart sheet", f"sheet {chartsheet.title!r}"))
            if any(name.startswith("xl/drawings/") for name in archive.namelist()):
                # Read-only mode cannot say which sheet a picture or chart sits on.
                skipped.append(Skipped("images or charts", "the workbook's drawings"))
        finally:
            workbook.close()
    return ReadDocument("xlsx", tuple(blocks), tuple(skipped))


def _sheet_table(sheet, merges: list[tuple[int, int, int, int]], skipped) -> Table:
    values: list[list[str]] = []
    for row_number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        if row_number > MAX_ROWS:
            skipped.append(Skipped(f"rows after row {MAX_ROWS:,}", f"sheet {sheet.title!r}"))
            break
        values.append([_text(value) for value in row[:MAX_COLUMNS]])
    while values and not any(values[-1]):
        values.pop()
    width = max(
        (max((i + 1 for i, value in enumerate(row) if value), default=0) for row in values),
        default=0,
    )
    covered: set[tuple[int, int]] = set()
    for min_col, min_row, max_col, max_row in merges:
        for row in range(min_row, min(max_row, len(values)) + 1):
            for column in range(min_col, min(max_col, width) + 1):
                if (row, column) != (min_row, min_col):
                    covered.add((row, column))
    rows = []
    for row_index, row in enumerate(values, start=1):
        padded = row[:width] + [""] * (width - len(row))
        rows.append(
            tuple(
                Cell(merged=True)
                if (row_index, column) in covered
                else Cell(tuple(Paragraph(line) for line in _lines(value)))
                for column, value in enumerate(padded, start=1)
            )
        )
    return Table(tuple(rows))


def _lines(value: str) -> list[str]:
    return [" ".join(line.split()) for line in value.splitlines() if line.strip()]


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _merged_ranges(archive: zipfile.ZipFile, path: str) -> list[tuple[int, int, int, int]]:
    path = path.lstrip("/")
    if not path or path not in archive.namelist():
        return []
    root = SafeElementTree.fromstring(read_member(archive, path), forbid_dtd=True)
    ranges = []
    for merge in root.iter(f"{_MAIN}mergeCell"):
        ref = merge.get("ref", "")
        if re.fullmatch(r"[A-Z]{1,3}[0-9]+:[A-Z]{1,3}[0-9]+", ref):
            ranges.append(range_boundaries(ref))
    return ranges
