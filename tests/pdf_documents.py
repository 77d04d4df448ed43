"""Plans as PDFs (drawn with fpdf2) and as Word documents (python-docx), for the PDF
reader's tests and the import benchmark. Every plan here is invented.

The committed fixture tests/fixtures/plan-across-pages.pdf is the Word plan of
`across_pages_plan()` converted by LibreOffice, which is not needed to run the tests.
To make it again:

    cd tests/fixtures
    ../../.venv/bin/python ../pdf_documents.py plan-across-pages.docx
    soffice --headless --convert-to pdf plan-across-pages.docx
    rm plan-across-pages.docx
"""

from __future__ import annotations

import io
import struct
import sys
import zlib
from dataclasses import dataclass

HEADER = ("Action", "Lead", "Milestones", "Progress")


@dataclass(frozen=True)
class Row:
    action: str
    lead: str
    milestones: tuple[str, ...]
    progress: str


@dataclass(frozen=True)
class Objective:
    heading: str
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Plan:
    title: str
    introduction: str
    objectives: tuple[Objective, ...]
    header: tuple[str, ...] = HEADER


def harbourside_plan() -> Plan:
    return Plan(
        title="Harbourside Partnership Improvement Plan 2024/25",
        introduction="The partnership board agreed this plan at its meeting in April 2024.",
        objectives=(
            Objective(
                "Objective 1: Cleaner neighbourhoods",
                (
                    Row(
                        "1.1 Clear fly-tipping hot spots within five working days of a report",
                        "Mina Patel (Street Scene Manager), Harbourside Council",
                        ("1. Hot spots mapped (June 2024)", "2. Clearance crews trained"),
                        "Green - on track",
                    ),
                    Row(
                        "1.2 Add litter bins at every bus stop on the seafront",
                        "Parks Team",
                        ("1. Sites agreed", "2. Bins fitted", "3. Emptying rota agreed"),
                        "Amber - bins delayed by the supplier",
                    ),
                ),
            ),
            Objective(
                "Objective 2: Safer streets at night",
                (
                    Row(
                        "2.1 Run a late-night safety patrol on Fridays and Saturdays",
                        "Harbourside Police",
                        ("1. Volunteers recruited", "2. Patrol routes agreed"),
                        "Red",
                    ),
                    Row(
                        "2.2 Improve lighting on the harbour footpath",
                        "Owen Reed (Highways Engineer)",
                        ("1. Lighting survey walked",),
                        "Not started",
                    ),
                    Row(
                        "2.3 Report night-time incidents to the board each quarter",
                        "Community Safety Group",
                        (),
                        "Green",
                    ),
                ),
            ),
        ),
    )


def across_pages_plan() -> Plan:
    """One objective whose table is too long for a page: the fourth action's milestones
    run over the page break, so its row is split, and the header row is repeated."""
    many = tuple(f"{number}. Visit {place}" for number, place in enumerate(_PLACES, start=1))
    return Plan(
        title="Northfield Wellbeing Partnership Delivery Plan 2025/26",
        introduction="Agreed by the Northfield Wellbeing Partnership in May 2025.",
        objectives=(
            Objective(
                "Objective 1: Healthier lives",
                (
                    Row(
                        "1.1 Offer a free health check at every community centre",
                        "Priya Shah (Public Health Lead), Northfield Council",
                        ("1. Centres signed up", "2. Nurses booked"),
                        "Green",
                    ),
                    Row(
                        "1.2 Start a walking group in each ward",
                        "Leisure Team",
                        ("1. Walk leaders trained", "2. Routes mapped"),
                        "Amber - two wards still without a leader",
                    ),
                    Row(
                        "1.3 Publish a directory of local support groups",
                        "Northfield Voluntary Action",
                        ("1. Groups contacted", "2. Directory printed"),
                        "Green",
                    ),
                    Row(
                        "1.4 Visit every sheltered housing scheme to promote the checks",
                        "Sam Okafor (Outreach Officer)",
                        many,
                        "Amber",
                    ),
                    Row(
                        "1.5 Report uptake to the partnership each quarter",
                        "Performance Team",
                        ("1. First report (July 2025)",),
                        "Not started",
                    ),
                ),
            ),
            Objective(
                "Objective 2: Warmer homes",
                (
                    Row(
                        "2.1 Fit insulation in homes with the lowest energy ratings",
                        "Housing Team",
                        ("1. Homes surveyed", "2. Installers appointed"),
                        "Red - funding not yet confirmed",
                    ),
                ),
            ),
        ),
    )


_PLACES = tuple(
    f"{tree} {kind}"
    for kind in ("Court", "House", "Lodge")
    for tree in (
        "Ash",
        "Beech",
        "Cedar",
        "Damson",
        "Elm",
        "Hawthorn",
        "Juniper",
        "Larch",
        "Maple",
        "Oak",
        "Poplar",
        "Rowan",
        "Sycamore",
        "Willow",
        "Yew",
    )
)


# --- Word -----------------------------------------------------------------------------------


def plan_docx(plan: Plan) -> bytes:
    """The plan as Word: a title, objectives as headings, one bordered table each, the
    header row repeated on every page, milestones one paragraph each."""
    import docx
    from docx.oxml import OxmlElement
    from docx.shared import Pt

    document = docx.Document()
    document.styles["Normal"].font.size = Pt(10)
    document.add_heading(plan.title, level=0)
    document.add_paragraph(plan.introduction)
    for objective in plan.objectives:
        document.add_heading(objective.heading, level=1)
        table = document.add_table(rows=1, cols=len(plan.header))
        table.style = "Table Grid"
        header = table.rows[0]
        header._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
        for cell, text in zip(header.cells, plan.header, strict=True):
            cell.text = text
            cell.paragraphs[0].runs[0].bold = True
        for row in objective.rows:
            cells = table.add_row().cells
            cells[0].text = row.action
            cells[1].text = row.lead
            for index, milestone in enumerate(row.milestones):
                if index == 0:
                    cells[2].text = milestone
                else:
                    cells[2].add_paragraph(milestone)
            cells[3].text = row.progress
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# --- PDF --------------------------------------------------------------------------------------

PAGE_WIDTH, PAGE_HEIGHT = 595.0, 842.0
MARGIN = 48.0
BODY = 10.0
LINE = BODY * 1.2
PADDING = 4.0
WIDTHS = (190.0, 110.0, 120.0, 79.0)


class _Layout:
    """Just enough page layout to draw plans as word processors do: text wrapped in
    columns, tables with or without lines, a row split at a page break and the header
    row drawn again on the next page."""

    def __init__(self, *, footer: str | None = None) -> None:
        from fpdf import FPDF

        self.pdf = FPDF(unit="pt", format="A4")
        self.pdf.core_fonts_encoding = "windows-1252"
        self.pdf.set_auto_page_break(False)
        self.footer = footer
        self.y = 0.0
        self.new_page()

    def new_page(self) -> None:
        if self.footer and self.pdf.page:
            self._footer()
        self.pdf.add_page()
        self.y = MARGIN

    def _footer(self) -> None:
        self.pdf.set_font("Helvetica", "", 8)
        self.pdf.text(MARGIN, PAGE_HEIGHT - 28, f"{self.footer} - page {self.pdf.page}")

    def wrap(self, text: str, width: float, size: float = BODY, bold: bool = False) -> list[str]:
        from fpdf.enums import MethodReturnValue

        self.pdf.set_font("Helvetica", "B" if bold else "", size)
        lines: list[str] = []
        for paragraph in text.split("\n"):
            lines.extend(
                self.pdf.multi_cell(
                    width, size * 1.2, paragraph, dry_run=True, output=MethodReturnValue.LINES
                )
            )
        return lines

    def room(self) -> float:
        return PAGE_HEIGHT - MARGIN - self.y

    def write(self, x: float, text: str, size: float = BODY, bold: bool = False) -> None:
        self.pdf.set_font("Helvetica", "B" if bold else "", size)
        self.pdf.text(x, self.y + size * 0.85, text)

    def paragraph(
        self, text: str, *, size: float = BODY, bold: bool = False, indent: float = 0.0
    ) -> None:
        width = PAGE_WIDTH - 2 * MARGIN - indent
        lines = self.wrap(text, width, size, bold)
        if self.room() < len(lines) * size * 1.2:
            self.new_page()
        for line in lines:
            self.write(MARGIN + indent, line, size, bold)
            self.y += size * 1.2
        self.y += size * 0.8

    def bullet(self, text: str, *, level: int = 0, glyph: str = "•") -> None:
        indent = 14.0 + 22.0 * level
        lines = self.wrap(text, PAGE_WIDTH - 2 * MARGIN - indent - 12)
        if self.room() < len(lines) * LINE:
            self.new_page()
        self.write(MARGIN + indent, glyph)
        for line in lines:
            self.write(MARGIN + indent + 12, line)
            self.y += LINE
        self.y += 3

    def table(
        self, header: tuple[str, ...], rows: list[tuple[str, ...]], *, ruled: bool = True
    ) -> None:
        head = [
            self.wrap(text, width - 2 * PADDING, bold=True)
            for text, width in zip(header, WIDTHS, strict=True)
        ]
        if self.room() < 4 * LINE + 4 * PADDING:
            self.new_page()  # a header row is not left alone at the foot of a page
        self._row(head, ruled, bold=True)
        for row in rows:
            cells = [
                self.wrap(text, width - 2 * PADDING)
                for text, width in zip(row, WIDTHS, strict=True)
            ]
            while True:
                fits = int((self.room() - 2 * PADDING) // LINE)
                tallest = max(len(lines) for lines in cells)
                if tallest <= fits:
                    self._row(cells, ruled)
                    break
                if fits >= 1:
                    self._row([lines[:fits] for lines in cells], ruled)
                    cells = [lines[fits:] for lines in cells]
                self.new_page()
                self._row(head, ruled, bold=True)
        self.y += 10

    def _row(self, cells: list[list[str]], ruled: bool, bold: bool = False) -> None:
        height = max(len(lines) for lines in cells) * LINE + 2 * PADDING
        x = MARGIN
        for lines, width in zip(cells, WIDTHS, strict=True):
            if ruled:
                self.pdf.set_line_width(0.5)
                self.pdf.rect(x, self.y, width, height)
            for at, line in enumerate(lines):
                self.pdf.set_font("Helvetica", "B" if bold else "", BODY)
                self.pdf.text(x + PADDING, self.y + PADDING + at * LINE + BODY * 0.85, line)
            x += width
        self.y += height

    def output(self) -> bytes:
        if self.footer:
            self._footer()
        return bytes(self.pdf.output())


def plan_pdf(plan: Plan, *, ruled: bool = True, footer: str | None = None) -> bytes:
    """The plan as a PDF laid out as its Word document would be."""
    layout = _Layout(footer=footer)
    layout.paragraph(plan.title, size=18, bold=True)
    layout.paragraph(plan.introduction)
    for objective in plan.objectives:
        layout.paragraph(objective.heading, size=14, bold=True)
        rows = [
            (row.action, row.lead, "\n".join(row.milestones), row.progress)
            for row in objective.rows
        ]
        layout.table(plan.header, rows, ruled=ruled)
    return layout.output()


def list_plan_pdf() -> bytes:
    """A plan written as headed lists: actions as bullets, milestones as bullets below."""
    layout = _Layout()
    layout.paragraph("Greenway Partnership Work Programme 2025/26", size=18, bold=True)
    layout.paragraph("Theme 1: Greener travel", size=14, bold=True)
    layout.bullet("Open a cycle hub at the railway station, with secure parking and repairs")
    layout.bullet("Hub site leased (June 2025)", level=1, glyph="-")
    layout.bullet("Repair volunteers trained", level=1, glyph="-")
    layout.bullet("Publish a walking map of the town centre")
    layout.paragraph("Theme 2: Cleaner air", size=14, bold=True)
    layout.bullet("Monitor air quality outside every primary school")
    layout.bullet("Monitors installed", level=1, glyph="-")
    return layout.output()


def _png(width: int = 40, height: int = 40) -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    pixels = zlib.compress(
        b"".join(b"\x00" + bytes([(x * 7) % 256 for x in range(width)]) for _ in range(height))
    )
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def numbered_pages_pdf(pages: int) -> bytes:
    """A report whose every page has its own heading and paragraph, to tell pages apart."""
    layout = _Layout()
    for number in range(1, pages + 1):
        if number > 1:
            layout.new_page()
        layout.paragraph(f"Section {number}", size=14, bold=True)
        layout.paragraph(f"What the partnership did in month {number} of the year.")
    return layout.output()


def images_only_pdf(pages: int = 2) -> bytes:
    """A scan: every page one picture, no text."""
    from fpdf import FPDF

    pdf = FPDF(unit="pt", format="A4")
    for _ in range(pages):
        pdf.add_page()
        pdf.image(io.BytesIO(_png()), x=40, y=40, w=500, h=700)
    return bytes(pdf.output())


def encrypted_pdf(*, openable: bool = False) -> bytes:
    """A plan that opens only with its password; or, `openable`, a plan anyone can open
    that is encrypted only to restrict what may be done with it (an owner password)."""
    from fpdf import FPDF

    pdf = FPDF()
    user_password = None if openable else "open-sesame"
    pdf.set_encryption(owner_password="owner-secret", user_password=user_password)
    pdf.add_page()
    pdf.set_font("Helvetica", "", 12)
    pdf.text(20, 20, "Confidential plan")
    return bytes(pdf.output())


def many_pages_pdf(pages: int) -> bytes:
    """A PDF of `pages` pages that all show one line, written by hand: fpdf2 would take
    seconds for thousands of pages, this takes milliseconds."""
    content = b"BT /F1 12 Tf 72 720 Td (A page of a very long report) Tj ET"
    return _raw_pdf([b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content)], pages)


def compressed_pdf(chunk: bytes, repeat: int) -> bytes:
    """One page whose content is `chunk` `repeat` times, compressed: a small file that
    unpacks to a great deal (a decompression bomb), or a page of very many text runs."""
    packer = zlib.compressobj(1)
    body = packer.compress(b"BT /F1 10 Tf 40 800 Td ")
    body += b"".join(packer.compress(chunk) for _ in range(repeat))
    body += packer.compress(b" ET") + packer.flush()
    stream = b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(body), body)
    return _raw_pdf([stream], 1)


def _raw_pdf(contents: list[bytes], pages: int) -> bytes:
    """Objects 1 to 3 are the catalog, the page tree and a font, then the content
    streams, then the pages, each showing the first content stream."""
    first_page = 4 + len(contents)
    kids = " ".join(f"{first_page + page} 0 R" for page in range(pages))
    page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 3 0 R >> >> >>"
    )
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        *contents,
        *(page for _ in range(pages)),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


if __name__ == "__main__":
    # Writes the Word plan the committed fixture PDF is converted from (see the top).
    with open(sys.argv[1], "wb") as target:
        target.write(plan_docx(across_pages_plan()))
