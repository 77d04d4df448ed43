"""CSV to one table: every row, with cells split on their line breaks into paragraphs."""

from __future__ import annotations

import csv
import io

from ..blocks import Cell, Paragraph, ReadDocument, Table
from .errors import ImportRefused
from .safety import check_table_cells

# Plans put whole paragraphs in a cell; csv's default 128 KB field limit is kept well
# above that, and a file is at most 20 MB anyway.
csv.field_size_limit(32 * 1024 * 1024)


def read_csv(text: str) -> ReadDocument:
    sample = text[:8192]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    try:
        rows = [list(row) for row in csv.reader(io.StringIO(text, newline=""), dialect)]
    except csv.Error as error:
        raise ImportRefused(f"The file could not be read as CSV: {error}.") from error
    while rows and not any(cell.strip() for cell in rows[-1]):
        rows.pop()
    if not rows:
        return ReadDocument("csv", ())
    width = max(len(row) for row in rows)
    check_table_cells(width * len(rows))
    table = Table(
        tuple(
            tuple(Cell(_paragraphs(cell)) for cell in row) + (Cell(),) * (width - len(row))
            for row in rows
        )
    )
    return ReadDocument("csv", (table,))


def _paragraphs(cell: str) -> tuple[Paragraph, ...]:
    return tuple(Paragraph(line.strip()) for line in cell.splitlines() if line.strip())
