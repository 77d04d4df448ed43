"""The PDF reader: plans in PDFs read into the same plan as their Word documents, and bad
PDFs refused with a message naming the problem, quickly, whatever they hold."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partnerplan.importers.blocks import (
    Cell,
    Paragraph,
    ReadDocument,
    Skipped,
    Style,
    Table,
    blocks_from_json,
    blocks_to_json,
)
from partnerplan.importers.interchange import Document
from partnerplan.importers.readers import ImportRefused, pdf_layout, read
from partnerplan.importers.readers import pdf as pdf_reader
from partnerplan.importers.services import read_plans
from pdf_documents import (
    across_pages_plan,
    compressed_pdf,
    encrypted_pdf,
    harbourside_plan,
    images_only_pdf,
    list_plan_pdf,
    many_pages_pdf,
    numbered_pages_pdf,
    plan_docx,
    plan_pdf,
)

FIXTURE = Path(__file__).parent / "fixtures" / "plan-across-pages.pdf"


def outline(document: Document) -> list[object]:
    """What a plan is made of: objectives, actions, leads, milestones and progress."""
    return [
        (
            plan.title,
            plan.period,
            [
                (
                    objective.number,
                    objective.title,
                    [
                        (
                            action.number,
                            action.title,
                            action.description,
                            [
                                (lead.name, lead.job_title, lead.organisation)
                                for lead in action.leads
                            ],
                            [(m.number, m.text, m.timescale) for m in action.milestones],
                            [(p.status, p.text) for p in action.progress],
                        )
                        for action in objective.actions
                    ],
                )
                for objective in plan.objectives
            ],
        )
        for plan in document.plans
    ]


def refused(data: bytes, match: str) -> list[tuple[int, int]]:
    """Read, expecting a refusal; the progress reported before it."""
    reported: list[tuple[int, int]] = []
    with pytest.raises(ImportRefused, match=match):
        read(data, name="plan.pdf", progress=lambda done, total: reported.append((done, total)))
    return reported


def tables(document: ReadDocument) -> list[Table]:
    return [block for block in document.blocks if isinstance(block, Table)]


# --- plans ---------------------------------------------------------------------------------


@pytest.mark.parametrize("ruled", [True, False], ids=["ruled", "unruled"])
def test_a_table_plan_reads_as_its_word_document_does(ruled: bool) -> None:
    plan = harbourside_plan()
    from_pdf = read_plans(plan_pdf(plan, ruled=ruled), name="plan.pdf")
    from_word = read_plans(plan_docx(plan), name="plan.docx")
    assert outline(from_pdf) == outline(from_word)
    (found,) = from_pdf.plans
    assert (found.title, found.period) == (plan.title, "2024/25")
    assert [(o.number, o.title) for o in found.objectives] == [
        ("1", "Cleaner neighbourhoods"),
        ("2", "Safer streets at night"),
    ]
    actions = found.actions
    assert [action.number for action in actions] == ["1.1", "1.2", "2.1", "2.2", "2.3"]
    # A title wrapped over three lines of its cell is one title again.
    assert actions[0].title == ("Clear fly-tipping hot spots within five working days of a report")
    assert [(lead.name, lead.job_title, lead.organisation) for lead in actions[0].leads] == [
        ("Mina Patel", "Street Scene Manager", "Harbourside Council")
    ]
    assert [(m.number, m.text) for m in actions[1].milestones] == [
        ("1", "Sites agreed"),
        ("2", "Bins fitted"),
        ("3", "Emptying rota agreed"),
    ]
    assert actions[0].milestones[0].timescale == "June 2024"
    assert [[p.status for p in action.progress] for action in actions] == [
        ["green"],
        ["amber"],
        ["red"],
        ["not_started"],
        ["green"],
    ]
    assert [u.text for u in from_pdf.unplaced] == [plan.introduction]
    assert from_pdf.unplaced == from_word.unplaced


def test_a_table_across_a_page_break_with_its_header_repeated_and_a_row_split() -> None:
    plan = across_pages_plan()
    data = plan_pdf(plan, footer="Northfield Wellbeing Partnership")
    document = read(data)
    first, second, third = tables(document)
    assert (first.page, second.page, third.page) == (1, 2, 2)
    assert second.rows[0] == first.rows[0]  # the header row, drawn again
    # The split row goes on with its leading cells empty; the page's footer is not read.
    assert second.rows[1][0].is_empty and second.rows[1][1].is_empty
    assert not any(
        "page" in block.text for block in document.blocks if isinstance(block, Paragraph)
    )
    found = read_plans(data, name="plan.pdf")
    assert outline(found) == outline(read_plans(plan_docx(plan), name="plan.docx"))
    visits = found.plans[0].objectives[0].actions[3]
    assert [m.number for m in visits.milestones] == [str(n) for n in range(1, 46)]
    assert visits.milestones[-1].text == "Visit Yew Lodge"


def test_the_word_plan_converted_by_libreoffice_reads_as_the_word_plan() -> None:
    """The committed PDF: the Word document of `across_pages_plan()` as LibreOffice prints
    it, its table over three pages, a row split in the middle of a wrapped milestone."""
    data = FIXTURE.read_bytes()
    document = read(data)
    assert [table.page for table in tables(document)] == [1, 2, 3, 3]
    found = read_plans(data, name=FIXTURE.name)
    expected = read_plans(plan_docx(across_pages_plan()), name="plan.docx")
    assert outline(found) == outline(expected)
    assert found.unplaced == expected.unplaced
    assert len(found.plans[0].objectives[0].actions[3].milestones) == 45


def test_a_line_cut_by_a_page_break_goes_back_to_its_paragraph() -> None:
    def row(*texts: str) -> tuple[Cell, ...]:
        return tuple(Cell((Paragraph(text),) if text else ()) for text in texts)

    header = row("Action", "Lead", "Milestones")
    before = Table((header, row("1.1 Visit every scheme to", "Jo Hart", "1. Ash Court")), page=1)
    after = Table((header, row("promote the checks", "", "House"), row("1.2 Next", "", "")), page=2)
    mended = pdf_layout._mend_split_rows([before, after])
    assert mended[0].rows[1][0].paragraphs == (
        Paragraph("1.1 Visit every scheme to promote the checks"),
    )
    assert mended[0].rows[1][2].paragraphs == (Paragraph("1. Ash Court House"),)
    assert all(cell.is_empty for cell in mended[1].rows[1])
    # A new milestone, or a new sentence after a finished one, is left where it is.
    kept = Table((header, row("", "", "2. Beech Court"), row("1.2 Next", "", "")), page=2)
    assert pdf_layout._mend_split_rows([before, kept])[1] == kept


def test_headings_and_a_plan_written_as_headed_lists() -> None:
    document = read(list_plan_pdf())
    assert document.kind == "pdf"
    assert document.blocks[:4] == (
        Paragraph("Greenway Partnership Work Programme 2025/26", Style.HEADING, 1, bold=True),
        Paragraph("Theme 1: Greener travel", Style.HEADING, 2, bold=True),
        Paragraph(
            "Open a cycle hub at the railway station, with secure parking and repairs",
            Style.LIST_ITEM,
            0,
        ),
        Paragraph("Hub site leased (June 2025)", Style.LIST_ITEM, 1),
    )
    (plan,) = read_plans(list_plan_pdf(), name="plan.pdf").plans
    assert plan.title == "Greenway Partnership Work Programme 2025/26"
    assert [(o.number, o.title) for o in plan.objectives] == [
        ("1", "Greener travel"),
        ("2", "Cleaner air"),
    ]
    first, second = plan.objectives[0].actions
    assert first.title.startswith("Open a cycle hub")
    assert [(m.text, m.timescale) for m in first.milestones] == [
        ("Hub site leased", "June 2025"),
        ("Repair volunteers trained", None),
    ]
    assert second.milestones == ()
    assert [m.text for m in plan.objectives[1].actions[0].milestones] == ["Monitors installed"]


def test_progress_is_reported_page_by_page() -> None:
    calls: list[tuple[int, int]] = []
    read(plan_pdf(across_pages_plan()), progress=lambda done, total: calls.append((done, total)))
    assert calls == [(1, 2), (2, 2)]


def test_a_long_pdf_is_shared_between_workers_and_read_in_page_order(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(pdf_reader, "WORKERS", 3)
    calls: list[tuple[int, int]] = []
    document = read(numbered_pages_pdf(13), progress=lambda *call: calls.append(call))
    assert calls == [(done, 13) for done in range(1, 14)]
    expected = []
    for number in range(1, 14):
        expected += [
            Paragraph(f"Section {number}", Style.HEADING, 1, bold=True),
            Paragraph(f"What the partnership did in month {number} of the year."),
        ]
    assert list(document.blocks) == expected


def test_other_readers_report_progress_once() -> None:
    calls: list[tuple[int, int]] = []
    read(plan_docx(harbourside_plan()), progress=lambda done, total: calls.append((done, total)))
    assert calls == [(1, 1)]


# --- refused PDFs ----------------------------------------------------------------------------


def test_images_only() -> None:
    refused(images_only_pdf(), "no text on any page: it looks like scanned images")


def test_encrypted() -> None:
    refused(encrypted_pdf(), "protected by a password")


def test_encrypted_with_no_password_to_open_it_is_read() -> None:
    # An owner password restricts printing or copying but any reader opens the file, as
    # the person importing it did; what it shows is read.
    assert read(encrypted_pdf(openable=True)).blocks == (Paragraph("Confidential plan"),)


def test_truncated() -> None:
    data = plan_pdf(harbourside_plan())
    refused(data[: len(data) // 2], "incomplete: its end is missing")


def test_damaged_but_ending_as_a_pdf_does() -> None:
    data = plan_pdf(harbourside_plan())
    refused(data[: len(data) // 2] + b"\n%%EOF\n", "damaged or incomplete")
    refused(b"%PDF-1.7\nnot a PDF at all\n%%EOF\n", "damaged or incomplete")


def test_two_thousand_pages_are_refused_before_any_is_read() -> None:
    reported = refused(many_pages_pdf(2_000), "has 2,000 pages; the limit is 500 pages")
    assert reported == []  # not one page was read


def test_not_a_pdf_named_pdf() -> None:
    refused(bytes(range(256)) * 8, "binary data")
    # The content decides: a Word document named .pdf is read as Word.
    assert read(plan_docx(harbourside_plan()), name="plan.pdf").kind == "docx"


def test_a_decompression_bomb_meets_the_memory_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    # 240 MB of page content in a file of well under 1 MB; the limit is lowered so that the
    # test need not fill a gigabyte.
    monkeypatch.setattr(pdf_reader, "MEMORY_LIMIT_BYTES", 160 * 1024 * 1024)
    refused(compressed_pdf(b"(A) Tj " * 100_000, 350), "more memory to read than is allowed")


def test_a_slow_pdf_is_stopped_at_the_time_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    # 50,000 separate text runs on one page take pdfminer several seconds.
    monkeypatch.setattr(pdf_reader, "TIME_LIMIT_SECONDS", 1.5)
    refused(
        compressed_pdf(b"1 0 Td (A) Tj " * 1_000, 50),
        "longer than the limit of 1.5 seconds",
    )


_SAMPLE = plan_pdf(harbourside_plan())


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.data())
def test_mangled_pdfs_are_read_or_refused(data: st.DataObject) -> None:
    mangled = bytearray(_SAMPLE)
    for _ in range(data.draw(st.integers(1, 8))):
        if not mangled:
            break
        at = data.draw(st.integers(0, len(mangled) - 1))
        action = data.draw(st.sampled_from(["flip", "cut", "insert", "delete"]))
        if action == "flip":
            mangled[at] ^= data.draw(st.integers(1, 255))
        elif action == "cut":
            # Cut out a stretch but keep the ending, so the child process is tried too.
            del mangled[at : at + data.draw(st.integers(1, 4096))]
        elif action == "insert":
            mangled[at:at] = data.draw(st.binary(min_size=1, max_size=64))
        else:
            del mangled[at]
    with contextlib.suppress(ImportRefused):
        assert isinstance(read(bytes(mangled), name="plan.pdf"), ReadDocument)


# --- blocks as JSON ----------------------------------------------------------------------------


def test_blocks_round_trip_through_json() -> None:
    document = ReadDocument(
        "pdf",
        (
            Paragraph("Plan", Style.HEADING, 1, bold=True),
            Paragraph("Item", Style.LIST_ITEM, 12, numbered=True),
            Table(
                (
                    (Cell((Paragraph("Aim"),)), Cell(merged=True)),
                    (Cell(), Cell((Paragraph("a"), Paragraph("b", Style.LIST_ITEM)))),
                ),
                page=3,
            ),
            Table(((Cell(),),)),
        ),
        (Skipped("image", "page 2"),),
    )
    as_json = blocks_to_json(document)
    assert blocks_from_json(json.loads(json.dumps(as_json))) == document
    word = read(plan_docx(harbourside_plan()))
    assert blocks_from_json(json.loads(json.dumps(blocks_to_json(word)))) == word


@pytest.mark.parametrize(
    ("bad", "match"),
    [
        ([], "document: must be an object"),
        ({"kind": "pdf", "blocks": []}, "exactly the fields"),
        ({"kind": 1, "blocks": [], "skipped": []}, "kind: must be text"),
        ({"kind": "pdf", "blocks": [{"x": 1}], "skipped": []}, r"blocks\[0\]: must have"),
        (
            {"kind": "pdf", "blocks": [{"table": [], "page": 0}], "skipped": []},
            r"blocks\[0\].page",
        ),
        (
            {
                "kind": "pdf",
                "blocks": [{"table": [[{"paragraphs": [], "merged": 1}]], "page": None}],
                "skipped": [],
            },
            "merged: must be true or false",
        ),
        (
            {
                "kind": "pdf",
                "blocks": [
                    {
                        "paragraph": {
                            "text": "x",
                            "style": "title",
                            "level": 0,
                            "bold": False,
                            "numbered": False,
                        }
                    }
                ],
                "skipped": [],
            },
            "style: must be one of",
        ),
        ({"kind": "pdf", "blocks": [], "skipped": [{"what": "x"}]}, r"skipped\[0\]"),
    ],
)
def test_blocks_from_bad_json_are_refused(bad: object, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        blocks_from_json(bad)  # type: ignore[arg-type]
