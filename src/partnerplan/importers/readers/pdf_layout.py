"""A PDF's pages to blocks: words by position, back into lines, paragraphs and tables.

A PDF keeps no paragraphs or tables, only words at positions, so they are rebuilt:

- Tables drawn with ruling lines are found by pdfplumber's lines strategy; each word
  goes to the cell its middle falls in, and a cell pdfplumber reports as covered by its
  neighbour is `merged`. A single ruled box is a frame, not a table.
- On pages without ruled tables, a table without lines is a run of lines that break
  into pieces at wide gaps, whose pieces start at the same few positions (the columns),
  with the lines between them fitting inside a column. Rows are told apart by the extra
  space between them, as such tables are laid out.
- Lines are joined into a paragraph unless the next line starts with a bullet or a number
  ("1."), or the space left on the line would have held the next line's first word (so
  the line was ended on purpose), or there is more space above it than between lines.
- A paragraph whose font is bigger than the body's is a heading, its level by its size
  among the headings; one whose words are all in a bold font is bold.
- Lines in the top and bottom margins that repeat on most pages (running heads, page
  numbers) are dropped, so they do not come between a table and its continuation.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..blocks import Block, Cell, Paragraph, Skipped, Style, Table
from .safety import check_table_cells

HEADING_RATIO = 1.15  # a line this much bigger than the body text is a heading
COLUMN_GAP = 0.75  # a gap this many font sizes wide separates table columns
PARAGRAPH_GAP = 0.5  # space above a line, in font sizes, that starts a new paragraph
ROW_GAP = 0.45  # space between lines, in font sizes, that separates unruled table rows
TABLE_END_GAP = 2.5  # space, in font sizes, after which an unruled table has ended
MARGIN_BAND = 0.08  # the top and bottom part of a page where running heads are
ALIGN = 4.0  # points within which two positions are the same column or indent

# Symbol and Wingdings bullets come out of many PDFs as private-use characters.
BULLET_GLYPHS = "•·○▪◦●■□➢‣∙\uf0b7\uf0a7\uf076\uf0d8\uf0fc\uf0a8"
_BULLET = re.compile(rf"^(?:[{BULLET_GLYPHS}]\s*|[-–*]\s+)(?=\S)")
_NUMBER = re.compile(r"^(?:\(?\d{1,2}[.)]|[a-z][.)])\s")
_MARKER = re.compile(rf"^(?:[{BULLET_GLYPHS}\-–*]|\(?\d{{1,2}}[.)]|[a-z][.)])$")
_PAGE_NUMBER = re.compile(r"^(?:page\s*)?\d+(?:\s*(?:of|/)\s*\d+)?$", re.IGNORECASE)
_LINES = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    font: str

    @property
    def bold(self) -> bool:
        return "bold" in self.font.lower()


@dataclass
class Line:
    words: list[Word]

    @property
    def text(self) -> str:
        return " ".join(word.text for word in self.words)

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return max(word.x1 for word in self.words)

    @property
    def top(self) -> float:
        return min(word.top for word in self.words)

    @property
    def bottom(self) -> float:
        return max(word.bottom for word in self.words)

    @property
    def size(self) -> float:
        return max(word.size for word in self.words)

    @property
    def bold(self) -> bool:
        return all(word.bold for word in self.words)

    def segments(self, gap: float) -> list[Line]:
        """The line cut wherever the space between two words is wider than `gap`."""
        pieces = [Line([self.words[0]])]
        for word in self.words[1:]:
            # A bullet or a list number is often set off by a tab: it stays with its text.
            marker = len(pieces[-1].words) == 1 and _MARKER.match(pieces[-1].words[0].text)
            if word.x0 - pieces[-1].words[-1].x1 > gap and not marker:
                pieces.append(Line([word]))
            else:
                pieces[-1].words.append(word)
        return pieces


@dataclass
class PageText:
    """What one page holds, before the document-wide decisions (body size, headings,
    running heads) are made."""

    number: int
    height: float
    tables: list[tuple[float, Table]] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    images: int = 0
    has_text: bool = False
    sizes: Counter[float] = field(default_factory=Counter)  # characters by font size


def page_text(page: Any) -> PageText:
    """One pdfplumber page's ruled tables and the lines outside them."""
    words, edges, images = _words_and_edges(page)
    found = PageText(page.page_number, float(page.height), images=images)
    found.has_text = bool(words)
    for word in words:
        found.sizes[round(word.size * 2) / 2] += len(word.text)
    if not words:
        return found
    outside = words
    from pdfplumber.table import TableFinder

    for table in TableFinder(_Edges(edges, page.bbox), _LINES).tables:
        cells = [cell for row in table.rows for cell in row.cells if cell is not None]
        if len(cells) < 2:
            continue  # a frame round a paragraph or the page
        inside, outside = _split_by_box(outside, table.bbox)
        if not inside:
            continue
        found.tables.append((float(table.bbox[1]), _ruled_table(table, inside, page.page_number)))
    found.lines = group_lines(outside)
    return found


@dataclass
class _Edges:
    """All of a page pdfplumber's table finder looks at with the lines strategy."""

    edges: list[dict[str, Any]]
    bbox: tuple[float, float, float, float]


def _words_and_edges(page: Any) -> tuple[list[Word], list[dict[str, Any]], int]:
    """The page's words, the edges of its lines and boxes, and how many images it has.

    The page is interpreted by pdfminer into a device that keeps each character as a
    plain tuple, rather than into pdfminer's character objects and then pdfplumber's
    dictionaries of all their attributes, which cost more than reading the page itself.
    Coordinates are made as pdfplumber makes them: from the top left of the page."""
    from pdfminer.layout import LTContainer, LTCurve, LTImage, LTLine, LTRect
    from pdfminer.pdfinterp import PDFPageInterpreter
    from pdfplumber.utils.geometry import curve_to_edges, line_to_edge, rect_to_edges

    device = _device_class()(page.pdf.rsrcmgr)
    PDFPageInterpreter(page.pdf.rsrcmgr, device).process_page(page.page_obj)
    height = float(page.height)
    left, top_offset = float(page.mediabox[0]), float(page.mediabox[1])
    chars = [
        Word(
            text,
            x0 + left,
            x1 + left,
            height - y1 + top_offset,
            height - y0 + top_offset,
            size,
            font,
        )
        for text, x0, y0, x1, y1, size, font in device.chars
    ]
    edges: list[dict[str, Any]] = []
    images = 0
    pending = list(device.result or ())
    while pending:
        item = pending.pop()
        if isinstance(item, LTImage):
            images += 1
        elif isinstance(item, LTCurve):
            shape = {
                "x0": item.x0 + left,
                "x1": item.x1 + left,
                "y0": item.y0,
                "y1": item.y1,
                "top": height - item.y1 + top_offset,
                "bottom": height - item.y0 + top_offset,
                "width": item.width,
                "height": item.height,
            }
            shape["doctop"] = shape["top"]
            if isinstance(item, LTRect):
                edges.extend(rect_to_edges({**shape, "object_type": "rect"}))
            elif isinstance(item, LTLine):
                if item.width == 0 or item.height == 0:
                    edges.append(line_to_edge({**shape, "object_type": "line"}))
            else:
                points = [(x + left, height - y + top_offset) for x, y in item.pts]
                edges.extend(curve_to_edges({**shape, "object_type": "curve", "pts": points}))
        if isinstance(item, LTContainer):
            pending.extend(item)
    return _words(chars), edges, images


_DEVICE: type | None = None


def _device_class() -> type:
    """pdfminer's layout device, keeping upright characters as tuples (text, x0, y0, x1,
    y1, size, font name) and lines, boxes and images as pdfminer's objects. Made on first
    use, so that importing this module does not import pdfminer."""
    global _DEVICE
    if _DEVICE is not None:
        return _DEVICE
    from pdfminer.converter import PDFLayoutAnalyzer
    from pdfminer.pdffont import PDFUnicodeNotDefined
    from pdfminer.utils import apply_matrix_rect

    class Device(PDFLayoutAnalyzer):
        def __init__(self, resources: Any) -> None:
            super().__init__(resources, pageno=1, laparams=None)
            self.chars: list[tuple[str, float, float, float, float, float, str]] = []
            self.result: Any = None

        def render_char(
            self,
            matrix: Any,
            font: Any,
            fontsize: float,
            scaling: float,
            rise: float,
            cid: int,
            ncs: Any,
            graphicstate: Any,
        ) -> float:
            if font.is_vertical():  # vertical writing: not read, only stepped over
                return float(
                    super().render_char(
                        matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate
                    )
                )
            try:
                text = font.to_unichr(cid)
            except PDFUnicodeNotDefined:
                text = self.handle_undefined_char(font, cid)
            advance = font.char_width(cid) * fontsize * scaling
            descent = font.get_descent() * fontsize
            box = (0, descent + rise, advance, descent + rise + fontsize)
            x0, y0, x1, y1 = apply_matrix_rect(matrix, box)
            a, b, c, d = matrix[:4]
            if a * d * scaling > 0 and b * c <= 0:  # upright, as pdfminer decides it
                self.chars.append(
                    (
                        text,
                        min(x0, x1),
                        min(y0, y1),
                        max(x0, x1),
                        max(y0, y1),
                        abs(y1 - y0),
                        str(font.fontname),
                    )
                )
            return float(advance)

        def receive_layout(self, ltpage: Any) -> None:
            self.result = ltpage

    _DEVICE = Device
    return Device


def _words(chars: list[Word]) -> list[Word]:
    """Characters into words: split at spaces, at gaps, and where the font changes."""
    words: list[Word] = []
    for line in group_lines(chars):
        run: list[Word] = []
        for char in line.words:
            if run and (
                char.text.isspace()
                or char.x0 - run[-1].x1 > 3
                or char.font != run[-1].font
                or abs(char.size - run[-1].size) > 0.1
            ):
                words.append(_word(run))
                run = []
            if not char.text.isspace():
                run.append(char)
        if run:
            words.append(_word(run))
    return words


def _word(chars: list[Word]) -> Word:
    return Word(
        "".join(char.text for char in chars),
        chars[0].x0,
        max(char.x1 for char in chars),
        min(char.top for char in chars),
        max(char.bottom for char in chars),
        chars[0].size,
        chars[0].font,
    )


def _split_by_box(words: list[Word], box: tuple[float, ...]) -> tuple[list[Word], list[Word]]:
    inside, outside = [], []
    for word in words:
        (inside if _within(word, box) else outside).append(word)
    return inside, outside


def _within(word: Word, box: tuple[float, ...]) -> bool:
    x, y = (word.x0 + word.x1) / 2, (word.top + word.bottom) / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def _ruled_table(table: Any, words: list[Word], page: int) -> Table:
    # Words by the height of their middles, so that each cell looks only at the words
    # level with it, not at every word of the table.
    middles = sorted(((word.top + word.bottom) / 2, at) for at, word in enumerate(words))
    heights = [middle for middle, _ in middles]
    taken = [False] * len(words)
    rows: list[tuple[Cell, ...]] = []
    total = 0
    for row in table.rows:
        cells: list[Cell] = []
        for box in row.cells:
            if box is None:
                cells.append(Cell(merged=True))
                continue
            inside = []
            level = middles[bisect_left(heights, box[1]) : bisect_right(heights, box[3])]
            for _, at in level:
                word = words[at]
                if not taken[at] and box[0] <= (word.x0 + word.x1) / 2 <= box[2]:
                    taken[at] = True
                    inside.append(word)
            lines = group_lines(inside)
            padding = min((line.x0 for line in lines), default=box[0]) - box[0]
            cells.append(Cell(cell_paragraphs(lines, float(box[2]) - max(padding, 0.0))))
        rows.append(tuple(cells))
        total += len(cells)
        check_table_cells(total)
    return Table(tuple(rows), page=page)


def group_lines(words: list[Word]) -> list[Line]:
    """Words into lines, top to bottom: a word is on a line when its middle is within
    the line's height."""
    lines: list[Line] = []
    top = bottom = 0.0  # of the line being filled, kept here: a line can be long
    for word in sorted(words, key=lambda word: (word.top, word.x0)):
        middle = (word.top + word.bottom) / 2
        if lines and top <= middle <= bottom:
            lines[-1].words.append(word)
            bottom = max(bottom, word.bottom)
        else:
            lines.append(Line([word]))
            top, bottom = word.top, word.bottom
    for line in lines:
        line.words.sort(key=lambda word: word.x0)
    return lines


# --- paragraphs -----------------------------------------------------------------------------


def _join(text: str, more: str) -> str:
    # A line broken after a hyphen ("fly-" / "tipping") is one word.
    if text.endswith("-") and len(text) > 1 and text[-2].isalpha() and more[:1].islower():
        return text + more
    return f"{text} {more}"


def _starts_item(line: Line) -> bool:
    return bool(_BULLET.match(line.text) or _NUMBER.match(line.text))


def _ended_on_purpose(previous: Line, line: Line, right: float) -> bool:
    """The next line's first word would have fitted at the end of the previous line, with
    a font size to spare: where the right edge is depends on padding that is guessed."""
    room = right - previous.x1
    return room > line.words[0].x1 - line.words[0].x0 + 1.3 * line.size


def _goes_on(previous: Line, line: Line, right: float) -> bool:
    gap = line.top - previous.bottom
    return (
        gap <= PARAGRAPH_GAP * min(line.size, previous.size)
        and previous.bold == line.bold
        and abs(previous.size - line.size) < 0.5
        and not _starts_item(line)
        and not _ended_on_purpose(previous, line, right)
    )


def cell_paragraphs(lines: list[Line], right: float) -> tuple[Paragraph, ...]:
    """A cell's lines as paragraphs: a bullet's line as a list item, without its bullet;
    a number ("1.") kept in the text, which is how structure recovery numbers milestones."""
    paragraphs: list[Paragraph] = []
    text = ""
    style = Style.BODY
    bold = False
    previous: Line | None = None
    for line in lines:
        if previous is not None and _goes_on(previous, line, right):
            text = _join(text, line.text)
        else:
            if text:
                paragraphs.append(Paragraph(_clean(text), style, 0, bold))
            bullet = _BULLET.match(line.text)
            text = line.text[bullet.end() :] if bullet else line.text
            style = Style.LIST_ITEM if bullet else Style.BODY
            bold = line.bold
        previous = line
    if text:
        paragraphs.append(Paragraph(_clean(text), style, 0, bold))
    return tuple(paragraphs)


def _clean(text: str) -> str:
    return " ".join(text.split())


# --- tables without lines ---------------------------------------------------------------------


def _column_of(starts: list[float], x0: float) -> int | None:
    index = None
    for at, start in enumerate(starts):
        if start <= x0 + ALIGN:
            index = at
    return index


def _fits(starts: list[float], piece: Line) -> bool:
    column = _column_of(starts, piece.x0)
    if column is None:
        return False
    return column == len(starts) - 1 or piece.x1 <= starts[column + 1] + ALIGN


def _add_starts(starts: list[float], pieces: list[Line]) -> list[float]:
    for piece in pieces:
        if all(abs(piece.x0 - start) > ALIGN for start in starts):
            starts = sorted([*starts, piece.x0])
    return starts


def unruled_tables(lines: list[Line], body: float, page: int) -> list[tuple[int, int, Table]]:
    """Runs of lines that are a table without ruling lines: (first, end, table)."""
    found: list[tuple[int, int, Table]] = []
    gap = COLUMN_GAP * body
    index = 0
    while index < len(lines):
        first = lines[index].segments(gap)
        if len(first) < 2 or lines[index].size >= body * HEADING_RATIO:
            index += 1
            continue
        starts = _add_starts([], first)
        end = index + 1
        tabular = 1
        while end < len(lines):
            line = lines[end]
            if line.top - lines[end - 1].bottom > TABLE_END_GAP * body:
                break
            if line.size >= body * HEADING_RATIO:
                break
            pieces = line.segments(gap)
            if len(pieces) >= 2:
                starts = _add_starts(starts, pieces)
                tabular += 1
            elif not _fits(starts, pieces[0]):
                break
            end += 1
        if tabular >= 2 and len(starts) >= 2:
            found.append((index, end, _unruled_table(lines[index:end], starts, gap, page)))
            index = end
        else:
            index += 1
    return found


def _unruled_table(lines: list[Line], starts: list[float], gap: float, page: int) -> Table:
    rows: list[list[Line]] = [[lines[0]]]
    for previous, line in itertools.pairwise(lines):
        if line.top - previous.bottom > ROW_GAP * min(line.size, previous.size):
            rows.append([line])
        else:
            rows[-1].append(line)
    right = max(line.x1 for line in lines)
    edges = [start - gap for start in starts[1:]] + [right]
    check_table_cells(len(rows) * len(starts))
    table_rows = []
    for row in rows:
        columns: list[list[Line]] = [[] for _ in starts]
        for line in row:
            for piece in line.segments(gap):
                columns[_column_of(starts, piece.x0) or 0].append(piece)
        table_rows.append(
            tuple(Cell(cell_paragraphs(column, edges[at])) for at, column in enumerate(columns))
        )
    return Table(tuple(table_rows), page=page)


# --- the document -------------------------------------------------------------------------------


def document_blocks(pages: list[PageText]) -> tuple[list[Block], list[Skipped]]:
    """Every page's tables and paragraphs in reading order, and what could not be read."""
    body = _body_size(pages)
    _drop_running_heads(pages, body)
    skipped: list[Skipped] = []
    placed: list[tuple[int, list[tuple[float, Table | Line]]]] = []
    for page in pages:
        items: list[tuple[float, Table | Line]] = list(page.tables)
        lines = page.lines
        if not page.tables:
            taken: set[int] = set()
            for first, end, table in unruled_tables(lines, body, page.number):
                items.append((lines[first].top, table))
                taken.update(range(first, end))
            lines = [line for at, line in enumerate(lines) if at not in taken]
        items.extend((line.top, line) for line in lines)
        items.sort(key=lambda item: item[0])
        placed.append((page.number, items))
        skipped.extend(Skipped("image", f"page {page.number}") for _ in range(page.images))
        if not page.has_text and len(pages) > 1:
            skipped.append(Skipped("a page with no text (a scanned image?)", f"page {page.number}"))
    loose = [item for _, items in placed for _, item in items if isinstance(item, Line)]
    right = max((line.x1 for line in loose), default=0.0)
    levels = _heading_levels(loose, body)
    indents = _indents(
        [line for line in loose if _BULLET.match(line.text) or _NUMBER.match(line.text)]
    )
    blocks: list[Block] = []
    for _, items in placed:
        run: list[Line] = []
        for _, item in items:
            if isinstance(item, Table):
                blocks.extend(_paragraphs(run, body, right, levels, indents))
                run = []
                blocks.append(item)
            else:
                run.append(item)
        blocks.extend(_paragraphs(run, body, right, levels, indents))
    return _mend_split_rows(blocks), skipped


def _mend_split_rows(blocks: list[Block]) -> list[Block]:
    """A row a page break split in the middle of a wrapped line leaves the line's end at
    the top of the next page, where it would read as a paragraph (a milestone) of its own:
    it is put back at the end of the paragraph it was cut from. The row itself stays
    split, as it is in a Word document that structure recovery reads."""
    mended = list(blocks)
    for at in range(1, len(mended)):
        before, table = mended[at - 1], mended[at]
        if not (
            isinstance(before, Table)
            and isinstance(table, Table)
            and before.page is not None
            and table.page == before.page + 1
            and before.rows
            and table.rows
            and table.width == before.width
        ):
            continue
        first = 1 if _row_words(table.rows[0]) == _row_words(before.rows[0]) else 0
        if first >= len(table.rows):
            continue
        last_row, next_row = list(before.rows[-1]), list(table.rows[first])
        changed = False
        for column, (upper, lower) in enumerate(zip(last_row, next_row, strict=False)):
            if not upper.paragraphs or not lower.paragraphs:
                continue
            tail, cut = lower.paragraphs[0], upper.paragraphs[-1]
            if not _cut_short(cut, tail):
                continue
            joined = Paragraph(_join(cut.text, tail.text), cut.style, cut.level, cut.bold)
            last_row[column] = Cell((*upper.paragraphs[:-1], joined), upper.merged)
            next_row[column] = Cell(lower.paragraphs[1:], lower.merged)
            changed = True
        if changed:
            mended[at - 1] = Table((*before.rows[:-1], tuple(last_row)), before.page)
            rows = list(table.rows)
            rows[first] = tuple(next_row)
            mended[at] = Table(tuple(rows), table.page)
    return mended


def _row_words(row: tuple[Cell, ...]) -> list[str]:
    return [cell.text for cell in row]


def _cut_short(cut: Paragraph, tail: Paragraph) -> bool:
    """`tail` reads as the rest of `cut`: it starts no item and no sentence, or `cut` is a
    list item and `tail` is not one."""
    if tail.style is Style.LIST_ITEM or _NUMBER.match(tail.text) or _BULLET.match(tail.text):
        return False
    if cut.text.rstrip().endswith((".", "!", "?", ":")):
        return False
    is_item = cut.style is Style.LIST_ITEM or bool(_NUMBER.match(cut.text))
    return tail.text[:1].islower() or is_item


def _body_size(pages: list[PageText]) -> float:
    sizes: Counter[float] = Counter()
    for page in pages:
        sizes.update(page.sizes)
    if not sizes:
        return 10.0
    return sizes.most_common(1)[0][0] or 10.0


def _drop_running_heads(pages: list[PageText], body: float) -> None:
    """Lines in the margins that repeat on most pages, and page numbers, are not the plan.
    A heading (bigger than the body text) at the top of every page is the plan's."""

    def key(line: Line) -> str:
        return re.sub(r"\d+", "#", line.text.lower())

    def in_margin(page: PageText, line: Line) -> bool:
        band = page.height * MARGIN_BAND
        return line.bottom < band or line.top > page.height - band

    seen: Counter[str] = Counter()
    for page in pages:
        seen.update({key(line) for line in page.lines if in_margin(page, line)})
    often = max(2, len(pages) // 2)
    for page in pages:
        page.lines = [
            line
            for line in page.lines
            if not in_margin(page, line)
            or not (
                (seen[key(line)] >= often and line.size < body * HEADING_RATIO)
                or _PAGE_NUMBER.match(line.text.strip())
            )
        ]


def _heading_levels(lines: list[Line], body: float) -> dict[float, int]:
    sizes = sorted(
        {round(line.size * 2) / 2 for line in lines if line.size >= body * HEADING_RATIO},
        reverse=True,
    )
    return {size: min(level, 6) for level, size in enumerate(sizes, start=1)}


def _indents(lines: list[Line]) -> list[float]:
    indents: list[float] = []
    for line in sorted(lines, key=lambda line: line.x0):
        if not indents or line.x0 - indents[-1] > ALIGN:
            indents.append(line.x0)
    return indents


def _paragraphs(
    lines: list[Line],
    body: float,
    right: float,
    levels: dict[float, int],
    indents: list[float],
) -> list[Paragraph]:
    paragraphs: list[Paragraph] = []
    current: Paragraph | None = None
    start: Line | None = None
    previous: Line | None = None
    for line in lines:
        if (
            current is not None
            and previous is not None
            and start is not None
            and _goes_on(previous, line, right)
            and (current.style is not Style.LIST_ITEM or line.x0 > start.x0 + 1)
        ):
            current = Paragraph(
                _clean(_join(current.text, line.text)), current.style, current.level, current.bold
            )
        else:
            if current is not None:
                paragraphs.append(current)
            current, start = _first_line(line, body, levels, indents), line
        previous = line
    if current is not None:
        paragraphs.append(current)
    return paragraphs


def _first_line(
    line: Line, body: float, levels: dict[float, int], indents: list[float]
) -> Paragraph:
    text = line.text
    if line.size >= body * HEADING_RATIO:
        level = levels.get(round(line.size * 2) / 2, 1)
        return Paragraph(_clean(text), Style.HEADING, level, line.bold)
    if line.bold:
        return Paragraph(_clean(text), bold=True)
    bullet = _BULLET.match(text)
    if bullet or _NUMBER.match(text):
        level = sum(1 for indent in indents if indent < line.x0 - ALIGN)
        body_text = text[bullet.end() :] if bullet else text
        return Paragraph(_clean(body_text), Style.LIST_ITEM, min(level, 8))
    return Paragraph(_clean(text))
