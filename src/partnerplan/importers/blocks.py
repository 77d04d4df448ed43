"""What a reader makes of a document, whatever its type: paragraphs and tables in reading
order, with only what structure recovery needs to tell a plan's parts apart.

Readers (Word, Excel, CSV, PDF, HTML, Markdown, converter text) write these and nothing
else; structure recovery reads them and writes the interchange format. Plain data, no
Django: both sides are tested without a database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Style(StrEnum):
    """What a paragraph is in its document."""

    BODY = "body"
    HEADING = "heading"  # a heading by its style (Word, HTML, Markdown), level 1 to 6
    LIST_ITEM = "list_item"  # a bullet or numbered item, level 0 at the outside


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of text. `numbered` is a list item numbered by the document's own
    list formatting (the number is then not in `text`); `bold` is a paragraph that is
    bold throughout, which plans use as a heading."""

    text: str
    style: Style = Style.BODY
    level: int = 0
    bold: bool = False
    numbered: bool = False


@dataclass(frozen=True)
class Cell:
    """One cell of a table, as paragraphs (a list inside a cell is list-item paragraphs).

    Rows always have one cell per column of the table's grid. A cell merged with the
    one to its left, or with the one above, is `merged` and has no paragraphs of its own:
    its text is in the cell it was merged into, once.
    """

    paragraphs: tuple[Paragraph, ...] = ()
    merged: bool = False

    @property
    def text(self) -> str:
        return "\n".join(paragraph.text for paragraph in self.paragraphs)

    @property
    def is_empty(self) -> bool:
        return not any(paragraph.text.strip() for paragraph in self.paragraphs)


@dataclass(frozen=True)
class Table:
    """A table's rows in order. `page` is the page it starts on, where the document has
    pages (a PDF); a table a page break cut in two arrives as two tables."""

    rows: tuple[tuple[Cell, ...], ...]
    page: int | None = None

    @property
    def width(self) -> int:
        return max((len(row) for row in self.rows), default=0)


Block = Paragraph | Table


@dataclass(frozen=True)
class Skipped:
    """Something the reader found but could not read as text (an image, a chart, an
    embedded object), and where, so that it is reported, never silently dropped."""

    what: str
    where: str


@dataclass(frozen=True)
class ReadDocument:
    """A document as its reader found it: its type ("docx", "xlsx", "csv", "pdf",
    "html", "markdown", "text"), its blocks in reading order, and what it skipped."""

    kind: str
    blocks: tuple[Block, ...]
    skipped: tuple[Skipped, ...] = field(default_factory=tuple)


# --- as JSON ------------------------------------------------------------------------------
#
# A read document crosses a process boundary (the PDF reader's child process) and is kept
# between requests (the upload page), so it has a plain JSON form. Reading one back checks
# every field: what comes in from outside a process is not trusted to be well formed.

_PARAGRAPH_KEYS = {"text", "style", "level", "bold", "numbered"}


def blocks_to_json(document: ReadDocument) -> dict:
    """The document as plain dicts, lists, strings, numbers and booleans."""
    return {
        "kind": document.kind,
        "blocks": [_block_to_json(block) for block in document.blocks],
        "skipped": [{"what": item.what, "where": item.where} for item in document.skipped],
    }


def _block_to_json(block: Block) -> dict:
    if isinstance(block, Table):
        return {
            "table": [
                [
                    {
                        "paragraphs": [_paragraph_to_json(p) for p in cell.paragraphs],
                        "merged": cell.merged,
                    }
                    for cell in row
                ]
                for row in block.rows
            ],
            "page": block.page,
        }
    return {"paragraph": _paragraph_to_json(block)}


def _paragraph_to_json(paragraph: Paragraph) -> dict:
    return {
        "text": paragraph.text,
        "style": paragraph.style.value,
        "level": paragraph.level,
        "bold": paragraph.bold,
        "numbered": paragraph.numbered,
    }


def blocks_from_json(data: dict) -> ReadDocument:
    """The document `blocks_to_json` wrote; ValueError, naming the bad value, for anything else."""
    _fields(data, {"kind", "blocks", "skipped"}, "document")
    kind = _string(data["kind"], "kind")
    blocks = tuple(
        _block_from_json(block, f"blocks[{index}]")
        for index, block in enumerate(_list(data["blocks"], "blocks"))
    )
    skipped = []
    for index, item in enumerate(_list(data["skipped"], "skipped")):
        where = f"skipped[{index}]"
        _fields(item, {"what", "where"}, where)
        skipped.append(
            Skipped(
                _string(item["what"], f"{where}.what"), _string(item["where"], f"{where}.where")
            )
        )
    return ReadDocument(kind, blocks, tuple(skipped))


def _block_from_json(data: object, where: str) -> Block:
    if isinstance(data, dict) and "paragraph" in data:
        _fields(data, {"paragraph"}, where)
        return _paragraph_from_json(data["paragraph"], f"{where}.paragraph")
    _fields(data, {"table", "page"}, where)
    assert isinstance(data, dict)
    page = data["page"]
    if page is not None and (not isinstance(page, int) or isinstance(page, bool) or page < 1):
        raise ValueError(f"{where}.page: must be a page number or null")
    rows = []
    for row_index, row in enumerate(_list(data["table"], f"{where}.table")):
        cells = []
        for cell_index, cell in enumerate(_list(row, f"{where}.table[{row_index}]")):
            at = f"{where}.table[{row_index}][{cell_index}]"
            _fields(cell, {"paragraphs", "merged"}, at)
            merged = cell["merged"]
            if not isinstance(merged, bool):
                raise ValueError(f"{at}.merged: must be true or false")
            paragraphs = tuple(
                _paragraph_from_json(paragraph, f"{at}.paragraphs[{index}]")
                for index, paragraph in enumerate(_list(cell["paragraphs"], f"{at}.paragraphs"))
            )
            cells.append(Cell(paragraphs, merged))
        rows.append(tuple(cells))
    return Table(tuple(rows), page)


def _paragraph_from_json(data: object, where: str) -> Paragraph:
    _fields(data, _PARAGRAPH_KEYS, where)
    assert isinstance(data, dict)
    try:
        style = Style(data["style"])
    except ValueError:
        raise ValueError(f"{where}.style: must be one of {', '.join(Style)}") from None
    level = data["level"]
    if not isinstance(level, int) or isinstance(level, bool) or level < 0:
        raise ValueError(f"{where}.level: must be a whole number, 0 or more")
    flags = []
    for name in ("bold", "numbered"):
        if not isinstance(data[name], bool):
            raise ValueError(f"{where}.{name}: must be true or false")
        flags.append(data[name])
    return Paragraph(_string(data["text"], f"{where}.text"), style, level, flags[0], flags[1])


def _fields(data: object, expected: set[str], where: str) -> None:
    if not isinstance(data, dict):
        raise ValueError(f"{where}: must be an object")
    if set(data) != expected:
        raise ValueError(f"{where}: must have exactly the fields {', '.join(sorted(expected))}")


def _list(data: object, where: str) -> list:
    if not isinstance(data, list):
        raise ValueError(f"{where}: must be a list")
    return data


def _string(data: object, where: str) -> str:
    if not isinstance(data, str):
        raise ValueError(f"{where}: must be text")
    return data
