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
