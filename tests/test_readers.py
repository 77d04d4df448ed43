"""Document readers: each type to blocks, and bad files refused with a clear message."""

from __future__ import annotations

import contextlib
import io
import random
import struct
import zipfile
import zlib

import docx
import openpyxl
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partnerplan.importers.blocks import Cell, Paragraph, ReadDocument, Style, Table
from partnerplan.importers.readers import ImportRefused, read
from partnerplan.importers.readers.detect import detect

# --- fixtures the tests build -------------------------------------------------------


def _png() -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def build_docx() -> bytes:
    document = docx.Document()
    document.add_heading("Riverside Partnership Delivery Plan 2025/26", level=0)
    document.add_heading("1. Introduction", level=1)
    document.add_paragraph("The board agreed this plan at its spring meeting.")
    bold = document.add_paragraph()
    bold.add_run("Theme A: Safer streets").bold = True
    document.add_paragraph("Walk the estates each month", style="List Bullet")
    document.add_paragraph("Report to the board", style="List Number")
    for number_id, level, words in (("5", "1", "Agree the budget"), ("0", "0", "Not a list")):
        item = document.add_paragraph(words)
        numbering = OxmlElement("w:numPr")
        for tag, value in (("w:ilvl", level), ("w:numId", number_id)):
            child = OxmlElement(tag)
            child.set(qn("w:val"), value)
            numbering.append(child)
        item._p.get_or_add_pPr().append(numbering)
    tagged = document.add_paragraph("Meet in ")
    smart_tag = OxmlElement("w:smartTag")
    smart_tag.append(tagged.add_run("Eastfield")._r)
    tagged._p.append(smart_tag)
    deleted = OxmlElement("w:del")
    deleted.append(tagged.add_run(" never")._r)
    tagged._p.append(deleted)
    document.add_picture(io.BytesIO(_png()), width=Inches(0.5))

    table = document.add_table(rows=4, cols=3)
    header = table.cell(0, 0).merge(table.cell(0, 1))
    header.text = "Key task"
    table.cell(0, 2).text = "Progress"
    table.cell(1, 0).text = "Open a youth hub"
    tall = table.cell(1, 1).merge(table.cell(2, 1))
    tall.text = "Housing lead"
    milestones = table.cell(1, 2)
    milestones.text = "Milestones:"
    milestones.add_paragraph("Site found by June", style="List Bullet")
    milestones.add_paragraph("Staff in post", style="List Bullet 2")
    milestones.add_paragraph("Opened by March", style="List Number")
    table.cell(2, 0).text = "Survey residents"
    table.cell(2, 2).text = "On track"
    inner = table.cell(3, 0).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "Inner left"
    inner.cell(0, 1).text = "Inner right"
    document.add_paragraph("Closing note after the table.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def build_xlsx() -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Action plan"
    sheet.append(["Outcome", None, "Lead", "Due"])
    sheet.merge_cells("A1:B1")
    sheet.append(["Cleaner parks", "Litter picks\nMore bins", "Parks team", "Q2 2025/26"])
    sheet.append(["Safer roads", "Speed checks", "Police", 2026])
    sheet.append([None, None, None, None])
    sheet.merge_cells("C2:C3")
    second = workbook.create_sheet("Risks")
    second.append(["Risk", "Score"])
    second.append(["Funding ends", 12])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def texts(cell: Cell) -> list[str]:
    return [paragraph.text for paragraph in cell.paragraphs]


def tables(document: ReadDocument) -> list[Table]:
    return [block for block in document.blocks if isinstance(block, Table)]


def paragraphs(document: ReadDocument) -> list[Paragraph]:
    return [block for block in document.blocks if isinstance(block, Paragraph)]


def refused(data: bytes, match: str) -> None:
    with pytest.raises(ImportRefused, match=match):
        read(data, name="plan.docx")


def rezip(data: bytes, replace: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for member in source.infolist():
            target.writestr(member, replace.pop(member.filename, source.read(member)))
        for name, content in replace.items():
            target.writestr(name, content)
    return out.getvalue()


# --- Word ---------------------------------------------------------------------------


def test_docx_body_in_order_with_headings_lists_and_bold() -> None:
    document = read(build_docx(), name="plan.docx")
    assert document.kind == "docx"
    found = paragraphs(document)
    assert found[0] == Paragraph("Riverside Partnership Delivery Plan 2025/26", Style.HEADING, 1)
    assert (found[1].text, found[1].style, found[1].level) == ("1. Introduction", Style.HEADING, 1)
    assert found[2] == Paragraph("The board agreed this plan at its spring meeting.")
    assert found[3].text == "Theme A: Safer streets" and found[3].bold
    assert found[4] == Paragraph("Walk the estates each month", Style.LIST_ITEM, 0)
    assert found[5] == Paragraph("Report to the board", Style.LIST_ITEM, 0, numbered=True)
    # Numbering set on the paragraph itself, its format read from the numbering part.
    assert found[6] == Paragraph("Agree the budget", Style.LIST_ITEM, 1, numbered=True)
    assert found[7] == Paragraph("Not a list")
    # Text python-docx alone would drop (a smart tag) is kept; deleted text is not.
    assert found[8] == Paragraph("Meet in Eastfield")
    assert isinstance(document.blocks[-2], Table)
    assert document.blocks[-1] == Paragraph("Closing note after the table.")
    assert any(skipped.what.startswith("image") for skipped in document.skipped)


def test_docx_table_merges_lists_and_nested_table() -> None:
    document = read(build_docx())
    (table,) = tables(document)
    assert table.width == 3 and all(len(row) == 3 for row in table.rows)
    assert texts(table.rows[0][0]) == ["Key task"]
    assert table.rows[0][1] == Cell(merged=True)
    assert texts(table.rows[1][1]) == ["Housing lead"]
    assert table.rows[2][1].merged and not table.rows[2][1].paragraphs
    items = table.rows[1][2].paragraphs
    assert items[0] == Paragraph("Milestones:")
    assert items[1] == Paragraph("Site found by June", Style.LIST_ITEM, 0)
    assert items[2] == Paragraph("Staff in post", Style.LIST_ITEM, 1)
    assert items[3] == Paragraph("Opened by March", Style.LIST_ITEM, 0, numbered=True)
    assert texts(table.rows[3][0]) == ["Inner left", "Inner right"]
    assert any("nested table" in skipped.what for skipped in document.skipped)


def test_name_does_not_decide_the_type() -> None:
    assert read(build_docx(), name="plan.xlsx").kind == "docx"
    assert read(b"# Plan\n\nText.", name="plan.docx").kind == "markdown"


# --- Excel --------------------------------------------------------------------------


def test_xlsx_sheets_merges_and_lines() -> None:
    document = read(build_xlsx(), name="plan.xlsx")
    assert document.kind == "xlsx"
    heading, first, heading2, second = document.blocks
    assert heading == Paragraph("Action plan", Style.HEADING, 1)
    assert heading2 == Paragraph("Risks", Style.HEADING, 1)
    assert isinstance(first, Table) and isinstance(second, Table)
    assert len(first.rows) == 3 and first.width == 4  # the empty last row is dropped
    assert texts(first.rows[0][0]) == ["Outcome"] and first.rows[0][1].merged
    assert texts(first.rows[1][1]) == ["Litter picks", "More bins"]
    assert texts(first.rows[1][2]) == ["Parks team"] and first.rows[2][2].merged
    assert texts(first.rows[2][3]) == ["2026"]
    assert texts(second.rows[1][1]) == ["12"]


# --- CSV, HTML, Markdown, converter text ----------------------------------------------

CSV = (
    "Objective,Action,Lead,Timescale\r\n"
    'Better transport,"Review bus routes\nConsult users",Transport group,Sept 2025\r\n'
    "Cleaner air,Monitor schools,Environment team,Ongoing\r\n"
)


def test_csv_rows_to_one_table() -> None:
    document = read(CSV.encode())
    assert document.kind == "csv"
    (table,) = document.blocks
    assert isinstance(table, Table) and len(table.rows) == 3 and table.width == 4
    assert texts(table.rows[1][1]) == ["Review bus routes", "Consult users"]


def test_csv_in_windows_1252_with_semicolons() -> None:
    data = "Aim;Budget\nHousing;£5,000\nParks;£2,500\n".encode("cp1252")
    (table,) = read(data).blocks
    assert isinstance(table, Table)
    assert texts(table.rows[1][1]) == ["£5,000"]


HTML = """<!DOCTYPE html><html><head><title>x</title><style>p{}</style></head><body>
<h1>Northgate Partnership Work Programme</h1>
<p><strong>Part one: governance</strong></p>
<p>Some <b>mixed</b> text.</p><script>alert(1)</script>
<ul><li>Agree terms<ul><li>Send to partners</li></ul></li></ul>
<ol><li>Elect a chair</li></ol>
<table>
<tr><th colspan="2">Priority</th><th>Notes</th></tr>
<tr><td rowspan="2">1</td><td>Map services</td>
<td><p>Started.</p><ul><li>Met in May</li></ul></td></tr>
<tr><td>Share data</td><td>Not started</td></tr>
</table></body></html>"""


def test_html_saved_by_word_keeps_its_list_paragraphs() -> None:
    page = (
        "<html><body><p class=MsoNormal>Intro</p>"
        "<p class=MsoListParagraphCxSpFirst style='mso-list:l0 level1 lfo1'>"
        "<![if !supportLists]><span>\u00b7<span>&nbsp;&nbsp; </span></span><![endif]>"
        "Recruit volunteers<o:p></o:p></p>"
        "<p class=MsoListParagraphCxSpLast style='mso-list:l0 level2 lfo1'>"
        "<span>o<span>&nbsp;&nbsp; </span></span>Train them</p></body></html>"
    )
    assert read(page.encode("cp1252")).blocks == (
        Paragraph("Intro"),
        Paragraph("Recruit volunteers", Style.LIST_ITEM, 0),
        Paragraph("Train them", Style.LIST_ITEM, 1),
    )


def test_html_headings_lists_and_merged_cells() -> None:
    document = read(HTML.encode())
    assert document.kind == "html"
    found = paragraphs(document)
    assert found[0] == Paragraph("Northgate Partnership Work Programme", Style.HEADING, 1)
    assert found[1] == Paragraph("Part one: governance", bold=True)
    assert found[2] == Paragraph("Some mixed text.")
    assert found[3] == Paragraph("Agree terms", Style.LIST_ITEM, 0)
    assert found[4] == Paragraph("Send to partners", Style.LIST_ITEM, 1)
    assert found[5] == Paragraph("Elect a chair", Style.LIST_ITEM, 0, numbered=True)
    assert all("alert" not in paragraph.text for paragraph in found)
    (table,) = tables(document)
    assert table.rows[0][1].merged and texts(table.rows[0][0]) == ["Priority"]
    assert table.rows[2][0].merged and texts(table.rows[2][1]) == ["Share data"]
    assert table.rows[1][2].paragraphs == (
        Paragraph("Started."),
        Paragraph("Met in May", Style.LIST_ITEM, 0),
    )


MARKDOWN = """# Westbrook Partnership Work Programme 2025/26

**Recommendations**

The board is asked to:
- note the work so far;
  - including the survey
1. agree the priorities below.

| Key activity | Priority | Comments |
|---|----|--|
| 1. Refresh the strategy | 2 | Due in the autumn. |
| 2. Review membership | 1 | First<br>Second |

| | | |
|---|---|---|
| 3. Hold an annual event | 3 | Optional. |
"""


def test_markdown_headings_lists_bold_and_pipe_tables() -> None:
    document = read(MARKDOWN.encode())
    assert document.kind == "markdown"
    found = paragraphs(document)
    assert found[0] == Paragraph("Westbrook Partnership Work Programme 2025/26", Style.HEADING, 1)
    assert found[1] == Paragraph("Recommendations", bold=True)
    assert found[3] == Paragraph("note the work so far;", Style.LIST_ITEM, 0)
    assert found[4] == Paragraph("including the survey", Style.LIST_ITEM, 1)
    assert found[5] == Paragraph("agree the priorities below.", Style.LIST_ITEM, 0, numbered=True)
    first, continued = tables(document)
    assert len(first.rows) == 3 and texts(first.rows[2][2]) == ["First", "Second"]
    # The empty header a continued table is given is not a row of the plan.
    assert len(continued.rows) == 1 and texts(continued.rows[0][0]) == ["3. Hold an annual event"]


def test_markdown_hands_raw_html_tables_to_the_html_reader() -> None:
    data = b"## Plan\n\n<table>\n<tr><td colspan='2'>Aim</td></tr>\n</table>\n\nAfter.\n"
    document = read(data)
    (table,) = tables(document)
    assert texts(table.rows[0][0]) == ["Aim"] and table.rows[0][1].merged
    assert document.blocks[-1] == Paragraph("After.")


CONVERTER = (
    "**REPORT TO:** Eastfield Partnership Board  \n"
    "**DATE:** 3<sup>rd</sup> May 2025\n"
    "\n"
    "**SUBJECT:** **SAFER EASTFIELD : ACTION PLAN 2025**\n"
    "\n"
    "<b>Issue</b>\t<b>Action</b>\t<b>Target</b>\t<b>Timescale</b>\n"
    "Street lighting\tFix broken lamps on main roads\t"
    '<ul style="list-style-type: none"> <li>• Survey done</li> <li>• Repairs booked</li> </ul>'
    "\tJune 25\n"
    "Youth work\t<p>Extend opening hours.</p> <p>Add a Friday session.</p>\t"
    '<ol style="list-style-type: none"> <li>1. Staff hired</li> </ol>\tOn going\n'
    "\n"
    "Aim: 2. KEEP PEOPLE INFORMED.\t\t\t\n"
    "• Newsletter each quarter\n"
    "Plain closing line.\n"
)


def test_converter_text_tables_with_html_cells() -> None:
    document = read(CONVERTER.encode())
    assert document.kind == "text"
    found = paragraphs(document)
    assert found[0] == Paragraph("REPORT TO: Eastfield Partnership Board")
    assert found[1] == Paragraph("DATE: 3rd May 2025")
    assert found[2] == Paragraph("SUBJECT: SAFER EASTFIELD : ACTION PLAN 2025", bold=True)
    (table,) = tables(document)
    assert table.width == 4 and len(table.rows) == 3
    assert table.rows[0][0].paragraphs == (Paragraph("Issue", bold=True),)
    assert table.rows[1][2].paragraphs == (
        Paragraph("Survey done", Style.LIST_ITEM, 0),
        Paragraph("Repairs booked", Style.LIST_ITEM, 0),
    )
    assert texts(table.rows[2][1]) == ["Extend opening hours.", "Add a Friday session."]
    # The number is typed into the text, so the item is not "numbered" by formatting.
    assert table.rows[2][2].paragraphs == (Paragraph("1. Staff hired", Style.LIST_ITEM, 0),)
    assert found[3] == Paragraph("Aim: 2. KEEP PEOPLE INFORMED.")
    assert found[4] == Paragraph("Newsletter each quarter", Style.LIST_ITEM, 0)
    assert found[5] == Paragraph("Plain closing line.")


def test_utf16_tab_separated_export() -> None:
    data = "Aim\tLead\nLess litter\tParks team\n".encode("utf-16")
    document = read(data)
    assert document.kind == "text"
    (table,) = tables(document)
    assert texts(table.rows[1][1]) == ["Parks team"]


def test_markdown_image_is_reported() -> None:
    document = read(b"# Plan\n\n![Map of the wards](map.png)\n\nText.\n")
    assert document.blocks[-1] == Paragraph("Text.")
    assert [skipped.what for skipped in document.skipped] == ["image"]


def test_plain_text_and_utf8_bom() -> None:
    document = read("\ufeffA plain note\n\n- a bullet\n".encode())
    assert document.kind == "text"
    assert document.blocks == (
        Paragraph("A plain note"),
        Paragraph("a bullet", Style.LIST_ITEM, 0),
    )


# --- refused files ------------------------------------------------------------------


def test_zip_bomb_member_ratio() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"<w/>")
        archive.writestr("word/zeros.xml", b"\0" * (30 * 1024 * 1024))
    refused(out.getvalue(), "compressed .* to 1.*zip bomb")


def test_zip_with_too_many_members() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", b"<w/>")
        for number in range(5_000):
            archive.writestr(f"m/{number}", b"")
    refused(out.getvalue(), "too many parts")


def test_zip_that_unpacks_too_large() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", b"<w/>")
    # Claim 300 MB in the central directory rather than write 300 MB in a test: the
    # limit is held against what the directory says, before anything is unpacked.
    data = bytearray(out.getvalue())
    entry = data.find(b"PK\x01\x02")
    struct.pack_into("<I", data, entry + 24, 300 * 1024 * 1024)
    refused(bytes(data), "unpack to 300 MB.*zip bomb")


def test_entity_expansion_inside_docx() -> None:
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
        b"<lolz>&lol3;</lolz>"
    )
    refused(rezip(build_docx(), {"word/document.xml": laughs}), "declares XML entities")


def test_broken_xml_inside_docx() -> None:
    refused(rezip(build_docx(), {"word/document.xml": b"<w:document><w:body>"}), "not well-formed")


def test_truncated_docx() -> None:
    data = build_docx()
    refused(data[: len(data) // 2], "damaged or incomplete")


def test_ole_header_is_encrypted_or_old_office() -> None:
    refused(bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 600, "password-protected.*\\.docx/\\.xlsx")


def test_macro_enabled_docx() -> None:
    refused(rezip(build_docx(), {"word/vbaProject.bin": b"\0" * 64}), "contains macros")


def test_macro_content_type() -> None:
    data = build_docx()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        types = archive.read("[Content_Types].xml")
    types = types.replace(
        b"wordprocessingml.document.main+xml", b"ms-word.document.macroEnabled.main+xml"
    )
    refused(rezip(data, {"[Content_Types].xml": types}), "contains macros")


def test_macro_enabled_xlsx() -> None:
    refused(rezip(build_xlsx(), {"xl/vbaProject.bin": b"\0" * 64}), "contains macros")


def test_entity_expansion_inside_xlsx() -> None:
    laughs = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>'
    refused(rezip(build_xlsx(), {"xl/workbook.xml": laughs}), "declares XML entities")


def test_too_many_lines() -> None:
    refused(b"a\tb\n" * 150_000, "150,001 lines; the limit is 100,000")


def test_too_many_html_elements() -> None:
    refused(b"<html>" + b"<span>x</span>" * 250_000, "more than 200,000 HTML elements")


def test_unclosed_tags_are_read_as_what_they_hold() -> None:
    document = read(b"<html><body>" + b'<a x="' * 50_000)
    assert document.kind == "html"


def test_table_too_large() -> None:
    data = b"<table><tr>" + b'<td colspan="1000" rowspan="1000">x' * 600 + b"<tr><td>y" * 999
    refused(data, "more than 500,000 cells")


def test_too_large() -> None:
    refused(b"a" * (21 * 1024 * 1024), "too large \\(21.0 MB\\).*20 MB")


def test_random_bytes() -> None:
    refused(random.Random(7).randbytes(4096), "binary data")


def test_empty() -> None:
    refused(b"", "empty")


def test_a_pdf_is_known_by_its_content_and_a_cut_short_one_refused() -> None:
    assert detect(b"%PDF-1.7\n%...") == "pdf"
    refused(b"%PDF-1.7\n1 0 obj\n", "PDF is incomplete")


def test_other_zip_named_by_what_it_looks_like() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("ppt/presentation.xml", b"<p/>")
    refused(out.getvalue(), "PowerPoint")


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=4096))
def test_any_bytes_read_or_refused(data: bytes) -> None:
    with contextlib.suppress(ImportRefused):
        assert isinstance(read(data), ReadDocument)


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=2000)
    | st.text('<>/|\t\n -*#abp1ltrdhuo="', max_size=400)
)
def test_any_text_read_or_refused(text: str) -> None:
    with contextlib.suppress(ImportRefused):
        assert isinstance(read(text.encode("utf-8")), ReadDocument)


@given(st.binary(min_size=4, max_size=2048))
@settings(max_examples=100, deadline=None)
def test_any_zip_prefix_read_or_refused(tail: bytes) -> None:
    with contextlib.suppress(ImportRefused):
        assert isinstance(read(b"PK\x03\x04" + tail), ReadDocument)
