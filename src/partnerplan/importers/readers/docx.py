"""Word (.docx) to blocks with python-docx: the body's paragraphs and tables in document
order, headings by style, lists by numbering, merged cells by gridSpan and vMerge.

Numbered or bulleted is decided from the numbering definition's numFmt for the item's
level; where that cannot be found, from the style name ("List Number"), which is an
approximation. A list style's numbering is found on the style itself, not through the
styles it is based on, and its level is read from the style name ("List Bullet 2").

Bold means every run with text is bold directly or through the paragraph's style; bold
from a character style or theme is not followed.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import Any

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run as DocxRun

from ..blocks import Block, Cell, Paragraph, ReadDocument, Skipped, Style, Table
from .safety import check_table_cells, check_xml_parts, open_zip, refuse_macros

_HEADING = re.compile(r"^heading\s*([1-6])$", re.IGNORECASE)
_TRAILING_LEVEL = re.compile(r"\s([2-9])$")


def read_docx(data: bytes) -> ReadDocument:
    with open_zip(data) as archive:
        refuse_macros(archive)
        check_xml_parts(archive)
    document = docx.Document(io.BytesIO(data))
    return _Reader(document).read()


@dataclass(frozen=True)
class _StyleFacts:
    """What a paragraph style says, looked up once per style: python-docx searches the
    whole styles part on every `Paragraph.style`, several times per paragraph."""

    name: str
    element: Any
    bold: bool


class _Reader:
    def __init__(self, document: Any) -> None:
        self.document = document
        self.skipped: list[Skipped] = []
        self.formats = _numbering_formats(document)
        self.tables = 0
        styles = document.styles
        self.paragraph_styles = {
            style.style_id: style for style in styles if style.type == WD_STYLE_TYPE.PARAGRAPH
        }
        self.default_style = styles.default(WD_STYLE_TYPE.PARAGRAPH)
        self.style_facts: dict[str | None, _StyleFacts | None] = {}

    def style_of(self, element: Any) -> _StyleFacts | None:
        """The paragraph's style, or the document's default paragraph style, as Word
        applies it."""
        style_id = element.style
        if style_id not in self.style_facts:
            style = self.paragraph_styles.get(style_id, self.default_style)
            self.style_facts[style_id] = (
                None
                if style is None
                else _StyleFacts(style.name or "", style.element, bool(style.font.bold))
            )
        return self.style_facts[style_id]

    def read(self) -> ReadDocument:
        blocks = self.children(self.document.element.body, "the document body")
        return ReadDocument("docx", tuple(blocks), tuple(self.skipped))

    def children(self, parent: Any, where: str) -> list[Block]:
        blocks: list[Block] = []
        for child in parent.iterchildren():
            if child.tag == qn("w:p"):
                paragraph = self.paragraph(child, where)
                if paragraph is not None:
                    blocks.append(paragraph)
            elif child.tag == qn("w:tbl"):
                blocks.append(self.table(child))
            elif child.tag == qn("w:sdt"):
                # Content controls wrap ordinary paragraphs and tables.
                content = child.find(qn("w:sdtContent"))
                if content is not None:
                    blocks.extend(self.children(content, where))
        return blocks

    def paragraph(self, element: Any, where: str) -> Paragraph | None:
        self.note_drawings(element, where)
        paragraph = DocxParagraph(element, self.document)
        runs = [DocxRun(run, paragraph) for run in _runs(element)]
        text = " ".join("".join(run.text for run in runs).split())
        if not text:
            return None
        style = self.style_of(element)
        style_name = style.name if style is not None else ""
        bold = _is_bold(style, runs)
        heading = _HEADING.match(style_name)
        if heading:
            return Paragraph(text, Style.HEADING, int(heading.group(1)), bold)
        if style_name == "Title":
            return Paragraph(text, Style.HEADING, 1, bold)
        listed = self.list_info(element, style, style_name)
        if listed is not None:
            level, numbered = listed
            return Paragraph(text, Style.LIST_ITEM, level, bold, numbered)
        return Paragraph(text, bold=bold)

    def list_info(
        self, element: Any, style: _StyleFacts | None, style_name: str
    ) -> tuple[int, bool] | None:
        num_pr = _num_pr(element)
        from_style = False
        if num_pr is None and style is not None:
            num_pr = _num_pr(style.element)
            from_style = True
        if num_pr is None and not style_name.startswith("List"):
            return None
        level = 0
        format_level = 0
        num_id = None
        if num_pr is not None:
            ilvl = num_pr.find(qn("w:ilvl"))
            level = format_level = _int(ilvl.get(qn("w:val")) if ilvl is not None else None)
            if ilvl is None and from_style:
                # "List Bullet 2" style: the numbering level is tied to the style.
                trailing = _TRAILING_LEVEL.search(style_name)
                level = int(trailing.group(1)) - 1 if trailing else 0
            num = num_pr.find(qn("w:numId"))
            num_id = num.get(qn("w:val")) if num is not None else None
            if num_id == "0":  # numId 0 switches numbering off
                return None
        else:
            trailing = _TRAILING_LEVEL.search(style_name)
            level = int(trailing.group(1)) - 1 if trailing else 0
        fmt = None
        if num_id is not None:
            # A level the definition leaves out is taken to look like its first level.
            fmt = self.formats.get((num_id, format_level)) or self.formats.get((num_id, 0))
        numbered = fmt not in ("bullet", "none") if fmt else "Number" in style_name
        return min(level, 8), numbered

    def note_drawings(self, element: Any, where: str) -> None:
        for drawing in element.iter(qn("w:drawing"), qn("w:pict"), qn("w:object")):
            xml = drawing.xml if hasattr(drawing, "xml") else ""
            what = "chart" if "drawingml/2006/chart" in xml else "image or embedded object"
            self.skipped.append(Skipped(what, where))

    def table(self, element: Any) -> Table:
        self.tables += 1
        number = self.tables
        rows: list[tuple[Cell, ...]] = []
        total = 0
        for row_index, tr in enumerate(element.findall(qn("w:tr")), start=1):
            cells: list[Cell] = []
            for tc in tr.findall(qn("w:tc")):
                span = max(1, min(_grid_span(tc), 1000))
                if _v_merge(tc) == "continue":
                    cells.extend(Cell(merged=True) for _ in range(span))
                    continue
                where = f"table {number}, row {row_index}, column {len(cells) + 1}"
                cells.append(Cell(tuple(self.cell_paragraphs(tc, where))))
                cells.extend(Cell(merged=True) for _ in range(span - 1))
            rows.append(tuple(cells))
            total += len(cells)
            check_table_cells(total)
        width = max((len(row) for row in rows), default=0)
        return Table(tuple(row + (Cell(),) * (width - len(row)) for row in rows))

    def cell_paragraphs(self, tc: Any, where: str) -> list[Paragraph]:
        paragraphs: list[Paragraph] = []
        for block in self.children(tc, where):
            if isinstance(block, Paragraph):
                paragraphs.append(block)
                continue
            self.skipped.append(Skipped("nested table, read as its cells' text", where))
            for row in block.rows:
                for cell in row:
                    paragraphs.extend(cell.paragraphs)
        return paragraphs


def _num_pr(element: Any) -> Any:
    p_pr = element.find(qn("w:pPr"))
    return p_pr.find(qn("w:numPr")) if p_pr is not None else None


def _grid_span(tc: Any) -> int:
    tc_pr = tc.find(qn("w:tcPr"))
    span = tc_pr.find(qn("w:gridSpan")) if tc_pr is not None else None
    return _int(span.get(qn("w:val")) if span is not None else None, 1)


def _v_merge(tc: Any) -> str | None:
    tc_pr = tc.find(qn("w:tcPr"))
    merge = tc_pr.find(qn("w:vMerge")) if tc_pr is not None else None
    if merge is None:
        return None
    # A vMerge with no value continues the merge above it.
    return merge.get(qn("w:val"), "continue")


def _int(value: str | None, default: int = 0) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _numbering_formats(document: Any) -> dict[tuple[str, int], str]:
    """numFmt by (numId, level), from the numbering part, if there is one."""
    try:
        numbering = document.part.numbering_part.element
    except (KeyError, NotImplementedError, AttributeError):
        return {}
    abstract_formats: dict[str, dict[int, str]] = {}
    for abstract in numbering.findall(qn("w:abstractNum")):
        levels: dict[int, str] = {}
        for lvl in abstract.findall(qn("w:lvl")):
            fmt = lvl.find(qn("w:numFmt"))
            if fmt is not None:
                levels[_int(lvl.get(qn("w:ilvl")))] = fmt.get(qn("w:val"), "")
        abstract_formats[abstract.get(qn("w:abstractNumId"), "")] = levels
    formats: dict[tuple[str, int], str] = {}
    for num in numbering.findall(qn("w:num")):
        abstract_id = num.find(qn("w:abstractNumId"))
        if abstract_id is None:
            continue
        levels = abstract_formats.get(abstract_id.get(qn("w:val"), ""), {})
        for level, fmt in levels.items():
            formats[(num.get(qn("w:numId"), ""), level)] = fmt
    return formats


def _runs(paragraph: Any) -> list[Any]:
    """The paragraph's runs, including those python-docx leaves out (inside smart tags,
    fields, tracked insertions and inline content controls), but not deleted text or
    the paragraphs of a text box anchored in it."""
    found = []
    for run in paragraph.iter(qn("w:r")):
        ancestor = run.getparent()
        while ancestor is not None and ancestor is not paragraph:
            if ancestor.tag in _NOT_THIS_PARAGRAPH:
                break
            ancestor = ancestor.getparent()
        else:
            found.append(run)
    return found


_NOT_THIS_PARAGRAPH = {qn("w:del"), qn("w:moveFrom"), qn("w:p"), qn("w:txbxContent")}


def _is_bold(style: _StyleFacts | None, all_runs: list[Any]) -> bool:
    style_bold = style is not None and style.bold
    runs = [run for run in all_runs if run.text.strip()]
    if not runs:
        return False
    return all(run.bold or (run.bold is None and style_bold) for run in runs)
