"""HTML to blocks, with the standard library's parser: pages saved from Word or a web
site, and the HTML fragments converters leave inside table cells.

The parser builds a small tree first (closing the tags HTML lets authors leave open),
because merged cells and nested lists are far easier to read from a tree than from a
stream of tags.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from ..blocks import Block, Cell, Paragraph, ReadDocument, Skipped, Style, Table
from .errors import ImportRefused
from .safety import MAX_HTML_ELEMENTS, check_table_cells

_VOID = {"br", "img", "hr", "meta", "link", "input", "col", "area", "base", "wbr", "source"}
_IGNORED = {"head", "script", "style", "noscript", "template", "title", "svg", "object"}
_BLOCK = {
    "p", "div", "ul", "ol", "li", "table", "tr", "td", "th", "thead", "tbody", "tfoot",
    "blockquote", "section", "article", "header", "footer", "main", "body", "html", "pre",
    "dl", "dt", "dd", "caption", "nav", "aside", "figure", "center", "form", "address",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr",
}  # fmt: skip
_HEADINGS = {f"h{level}": level for level in range(1, 7)}
# Tags a new tag closes when it arrives while they are open (HTML's optional end tags).
_CLOSES = {
    "li": ({"li"}, {"ul", "ol", "table"}),
    "td": ({"td", "th"}, {"tr", "table"}),
    "th": ({"td", "th"}, {"tr", "table"}),
    "tr": ({"tr", "td", "th"}, {"table"}),
    "p": ({"p"}, {"td", "th", "li", "table", "div", "blockquote"}),
}
_MAX_DEPTH = 200  # deeper nesting is flattened: no real document needs it
_MAX_SPAN = 1000
BULLETS = "•·○●▪■◦‣∙-*–"
_BULLET_PREFIX = re.compile(rf"^[{re.escape(BULLETS)}]\s+|^[•·○●▪■◦‣∙]")


_MSO_LEVEL = re.compile(r"level(\d{1,2})")
# Word's symbol-font bullets come out as these letters in saved HTML.
_WORD_BULLET = re.compile(r"^[o§Ø]\s+")


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    children: list[Element | str] = field(default_factory=list)


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#root", {})
        self.stack = [self.root]
        self.elements = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._count()
        closes = _CLOSES.get(tag)
        if closes:
            self._close_implied(*closes)
        element = Element(tag, {name: value or "" for name, value in attrs})
        self.stack[-1].children.append(element)
        if tag not in _VOID and len(self.stack) < _MAX_DEPTH:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._count()
        self.stack[-1].children.append(Element(tag, {n: v or "" for n, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index].tag == tag:
                del self.stack[index:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)

    def _count(self) -> None:
        self.elements += 1
        if self.elements > MAX_HTML_ELEMENTS:
            raise ImportRefused(
                f"The file has more than {MAX_HTML_ELEMENTS:,} HTML elements, far more than "
                "any plan needs."
            )

    def _close_implied(self, closed: set[str], boundaries: set[str]) -> None:
        for index in range(len(self.stack) - 1, 0, -1):
            tag = self.stack[index].tag
            if tag in boundaries:
                return
            if tag in closed:
                del self.stack[index:]
                return


# A "<" whose tag never closes before the next "<" is text. The standard parser rescans
# an unclosed tag from its start each time, which makes such input quadratic.
_UNCLOSED_TAG = re.compile(r"<(?=[^<>]*+(?:<|\Z))")


def parse_tree(html: str) -> Element:
    builder = _TreeBuilder()
    builder.feed(_UNCLOSED_TAG.sub("&lt;", html))
    builder.close()
    return builder.root


@dataclass(frozen=True)
class _Context:
    style: Style = Style.BODY
    level: int = 0
    numbered: bool = False
    list_level: int = -1


class _Walker:
    """Turns a tree into blocks. Inline content gathers into a run of (text, bold)
    pieces until a block-level tag or a line break ends the paragraph."""

    def __init__(self) -> None:
        self.skipped: list[Skipped] = []
        self.tables = 0

    def blocks(self, element: Element, context: _Context, bold: bool = False) -> list[Block]:
        out: list[Block] = []
        run: list[tuple[str, bool]] = []

        def flush() -> None:
            paragraph = _paragraph(run, context)
            if paragraph is not None:
                out.append(paragraph)
            run.clear()

        for child in element.children:
            if isinstance(child, str):
                run.append((child, bold))
                continue
            tag = child.tag
            if tag in _IGNORED:
                continue
            if tag == "br":
                flush()
            elif tag == "img":
                flush()
                alt = child.attrs.get("alt", "").strip()
                self.skipped.append(Skipped("image", f"HTML image {alt[:60]!r}".strip()))
            elif tag == "table":
                flush()
                out.append(self.table(child))
            elif tag in ("ul", "ol"):
                flush()
                out.extend(self.list_items(child, context))
            elif tag == "li":
                # A stray item outside any list is still an item.
                flush()
                out.extend(self.list_items(Element("ul", {}, [child]), context))
            elif tag in _HEADINGS:
                flush()
                heading = _Context(Style.HEADING, _HEADINGS[tag])
                out.extend(self.blocks(child, heading, bold))
            elif tag == "p" and "msolist" in child.attrs.get("class", "").lower():
                # Word's "Save as HTML" writes list items as classed paragraphs, with the
                # bullet typed in as text and the level in the inline style.
                flush()
                found = _MSO_LEVEL.search(child.attrs.get("style", ""))
                level = max(int(found.group(1)) - 1, 0) if found else 0
                item = _Context(Style.LIST_ITEM, level, False, level)
                for block in self.blocks(child, item, bold):
                    out.append(_strip_word_bullet(block))
            elif tag in _BLOCK:
                flush()
                out.extend(self.blocks(child, context, bold))
            else:
                child_bold = bold or tag in ("b", "strong")
                pieces = _inline_pieces(child, child_bold)
                if pieces is not None:
                    run.extend(pieces)
                else:
                    # An inline tag holding a break or a block ends the paragraph.
                    flush()
                    out.extend(self.blocks(child, context, child_bold))
        flush()
        return out

    def list_items(self, list_element: Element, context: _Context) -> list[Block]:
        level = context.list_level + 1
        style = list_element.attrs.get("style", "").replace(" ", "").lower()
        # With list-style-type:none the number or bullet is typed into the text itself.
        numbered = list_element.tag == "ol" and "list-style-type:none" not in style
        item_context = _Context(Style.LIST_ITEM, level, numbered, level)
        out: list[Block] = []
        for child in list_element.children:
            if isinstance(child, str):
                if child.strip():
                    out.extend(self.blocks(Element("li", {}, [child]), item_context))
                continue
            if child.tag in ("ul", "ol"):
                out.extend(self.list_items(child, item_context))
            else:
                wrapper = child if child.tag == "li" else Element("li", {}, [child])
                out.extend(self.blocks(wrapper, item_context))
        return out

    def table(self, element: Element) -> Table:
        self.tables += 1
        grid: dict[tuple[int, int], Cell] = {}
        rows = list(_rows_of(element))
        for row_index, row in enumerate(rows):
            column = 0
            for cell in row:
                while (row_index, column) in grid:
                    column += 1
                colspan = _span(cell.attrs.get("colspan"))
                rowspan = _span(cell.attrs.get("rowspan"))
                rowspan = min(rowspan, len(rows) - row_index) if rowspan else 1
                check_table_cells(len(grid) + rowspan * colspan)
                paragraphs = self.cell_paragraphs(cell)
                for down in range(rowspan):
                    for across in range(colspan):
                        grid[(row_index + down, column + across)] = (
                            Cell(paragraphs) if down == across == 0 else Cell(merged=True)
                        )
                column += colspan
        width = max((column + 1 for _, column in grid), default=0)
        table_rows = tuple(
            tuple(grid.get((row_index, column), Cell()) for column in range(width))
            for row_index in range(len(rows))
        )
        return Table(table_rows)

    def cell_paragraphs(self, cell: Element) -> tuple[Paragraph, ...]:
        paragraphs: list[Paragraph] = []
        for block in self.blocks(cell, _Context()):
            if isinstance(block, Paragraph):
                paragraphs.append(block)
            else:
                self.skipped.append(
                    Skipped("nested table", "a table inside a table cell, read as its text")
                )
                paragraphs.extend(flatten_table(block))
        return tuple(paragraphs)


def _strip_word_bullet(block: Block) -> Block:
    if isinstance(block, Paragraph) and _WORD_BULLET.match(block.text):
        text = _WORD_BULLET.sub("", block.text, count=1)
        return Paragraph(text, block.style, block.level, block.bold, block.numbered)
    return block


def flatten_table(table: Table) -> list[Paragraph]:
    """A table inside a cell, as the paragraphs of its cells in reading order."""
    return [paragraph for row in table.rows for cell in row for paragraph in cell.paragraphs]


def _rows_of(table: Element):
    for child in table.children:
        if isinstance(child, str):
            continue
        if child.tag == "tr":
            yield [cell for cell in child.children if _is_cell(cell)]
        elif child.tag in ("thead", "tbody", "tfoot"):
            yield from _rows_of(child)


def _is_cell(node: Element | str) -> bool:
    return isinstance(node, Element) and node.tag in ("td", "th")


def _span(value: str | None) -> int:
    try:
        span = int((value or "1").strip())
    except ValueError:
        return 1
    return max(0, min(span, _MAX_SPAN))


def _inline_pieces(element: Element, bold: bool) -> list[tuple[str, bool]] | None:
    """The text of an inline element with its spacing kept, or None when it holds
    anything that breaks a paragraph."""
    pieces: list[tuple[str, bool]] = []
    for child in element.children:
        if isinstance(child, str):
            pieces.append((child, bold))
        elif child.tag in _IGNORED:
            continue
        elif child.tag in _BLOCK or child.tag in ("br", "img", "li"):
            return None
        else:
            inner = _inline_pieces(child, bold or child.tag in ("b", "strong"))
            if inner is None:
                return None
            pieces.extend(inner)
    return pieces


def _paragraph(run: list[tuple[str, bool]], context: _Context) -> Paragraph | None:
    text = " ".join("".join(piece for piece, _ in run).split())
    if context.style is Style.LIST_ITEM:
        text = _BULLET_PREFIX.sub("", text, count=1).strip()
    if not text:
        return None
    bold = all(is_bold for piece, is_bold in run if piece.strip())
    return Paragraph(text, context.style, context.level, bold, context.numbered)


def read_html(text: str) -> ReadDocument:
    walker = _Walker()
    blocks = walker.blocks(parse_tree(text), _Context())
    return ReadDocument("html", tuple(blocks), tuple(walker.skipped))


def parse_fragment(html: str) -> tuple[tuple[Paragraph, ...], tuple[Skipped, ...]]:
    """A cell's HTML fragment as paragraphs; a table in it is read as its cells' text."""
    walker = _Walker()
    paragraphs: list[Paragraph] = []
    for block in walker.blocks(parse_tree(html), _Context()):
        if isinstance(block, Paragraph):
            paragraphs.append(block)
        else:
            paragraphs.extend(flatten_table(block))
    return tuple(paragraphs), tuple(walker.skipped)


def looks_like_html(text: str) -> bool:
    return bool(_TAG.search(text))


_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>")
