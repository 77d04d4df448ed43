"""`make bench`: time reading a 50-page plan, as Word and as PDF, into the plan format.

It writes a plan the size of a long real one with python-docx (objectives as headings,
one table each with Activity, Lead, Milestones and Progress columns, numbered
milestones), and its PDF: LibreOffice's conversion of that Word document when `soffice`
is installed, otherwise the same plan drawn with fpdf2 (the output says which). It
checks the PDF's page count, then times `read_plans` on each document, which is the
whole import short of saving: the reader (for the PDF, its child process too) and
structure recovery. Five runs each; it prints one table and exits non-zero when a
median is over the budget of 3 seconds.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

# The plan builders are shared with the PDF reader's tests.
from pdf_documents import Objective, Plan, Row, plan_docx, plan_pdf

BUDGET_SECONDS = 3.0
RUNS = 5
HEADER = ("Activity", "Lead", "Milestones", "Progress")
OBJECTIVES = 12
ACTIONS_PER_OBJECTIVE = 31
# LibreOffice lays the plan out on 50 pages; the fpdf2 drawing, with its smaller margins
# and type, on fewer. Either is a plan of the same words.
PAGES_EXPECTED = range(40, 61)

_THEMES = (
    "Safer streets",
    "Healthier lives",
    "Cleaner neighbourhoods",
    "Skills and jobs",
    "Warmer homes",
    "Greener travel",
    "Stronger communities",
    "Children and young people",
    "Older people",
    "Access to services",
    "Culture and leisure",
    "Working together",
)
_VERBS = ("Review", "Extend", "Agree", "Publish", "Train", "Map", "Start", "Survey")
_THINGS = (
    "the referral pathway between partners",
    "the volunteer scheme to every ward",
    "a shared data set with the districts",
    "an annual report for residents",
    "front-line staff in the new approach",
    "services against the needs assessment",
    "a pilot in the two most deprived wards",
    "residents on what the partnership should do next",
)
_LEADS = (
    "Alex Morgan (Partnership Manager), Westshire County Council",
    "Community Safety Team",
    "Westshire Police",
    "Dr Ruth Akande (Director of Public Health)",
    "Westshire Voluntary Action",
    "Housing Board",
)
_PROGRESS = (
    "Green - on track; the first stage finished in the spring.",
    "Amber - delayed while partners agree the funding for next year.",
    "Red - the lead post is vacant and recruitment has started again.",
    "Not started",
)


def bench_plan() -> Plan:
    objectives = []
    for number, theme in enumerate(_THEMES[:OBJECTIVES], start=1):
        rows = []
        for action in range(1, ACTIONS_PER_OBJECTIVE + 1):
            seed = number * 31 + action
            milestones = tuple(
                f"{step}. {_VERBS[(seed + step) % len(_VERBS)]} stage {step} "
                f"(by {('June', 'September', 'December', 'March')[step % 4]} 2026)"
                for step in range(1, 2 + seed % 4)
            )
            rows.append(
                Row(
                    f"{number}.{action} {_VERBS[seed % len(_VERBS)]} "
                    f"{_THINGS[seed % len(_THINGS)]}",
                    _LEADS[seed % len(_LEADS)],
                    milestones,
                    _PROGRESS[seed % len(_PROGRESS)],
                )
            )
        objectives.append(Objective(f"Objective {number}: {theme}", tuple(rows)))
    return Plan(
        title="Westshire Partnership Improvement Plan 2025/26",
        introduction="Agreed by the Westshire Partnership Board in April 2025.",
        objectives=tuple(objectives),
        header=HEADER,
    )


def pdf_of(docx: bytes, plan: Plan) -> tuple[bytes, str]:
    """LibreOffice's PDF of the Word plan if it is installed, else fpdf2's drawing."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return plan_pdf(plan), "drawn with fpdf2 (LibreOffice is not installed)"
    with tempfile.TemporaryDirectory(prefix="partnerplan-bench-") as folder:
        source = Path(folder) / "plan.docx"
        source.write_bytes(docx)
        subprocess.run(  # noqa: S603 - a fixed command on a file written here
            [soffice, "--headless", "--convert-to", "pdf", "--outdir", folder, str(source)],
            check=True,
            capture_output=True,
            timeout=300,
            env={**os.environ, "HOME": folder},  # a profile of its own, not the user's
        )
        return (
            Path(folder) / "plan.pdf"
        ).read_bytes(), "converted from the Word plan by LibreOffice"


def page_count(data: bytes) -> int:
    import io

    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return len(pdf.pages)


@dataclass
class Timed:
    document: str
    pages: int | str
    objectives: int
    actions: int
    milestones: int
    best: float
    median: float


def timed(name: str, pages: int | str, read: Callable[[], object]) -> Timed:
    seconds = []
    document = None
    for _ in range(RUNS):
        started = time.perf_counter()
        document = read()
        seconds.append(time.perf_counter() - started)
    plans = document.plans  # type: ignore[attr-defined]
    return Timed(
        name,
        pages,
        sum(len(plan.objectives) for plan in plans),
        sum(len(plan.actions) for plan in plans),
        sum(plan.milestone_count for plan in plans),
        min(seconds),
        statistics.median(seconds),
    )


def main(argv: list[str] | None = None) -> int:
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnerplan.settings")
    import django

    django.setup()
    from partnerplan.importers.readers import read
    from partnerplan.importers.recover import recover
    from partnerplan.importers.services import read_plans

    plan = bench_plan()
    docx = plan_docx(plan)
    pdf, how = pdf_of(docx, plan)
    pages = page_count(pdf)
    print(f"bench imports: the PDF was {how}; {pages} pages, {len(pdf) / 1024:.0f} KB.")
    if pages not in PAGES_EXPECTED:
        print(f"bench imports: expected a PDF of about 50 pages, got {pages}.")
        return 1
    load_before = os.getloadavg()[0]
    results = [
        timed("Word (.docx)", "—", lambda: read_plans(docx, name="plan.docx")),
        timed("PDF", pages, lambda: read_plans(pdf, name="plan.pdf")),
        # The upload page reads every type in the limited child process.
        timed(
            "Word (.docx), as the upload page reads it",
            "—",
            lambda: recover(read(docx, name="plan.docx", isolated=True)),
        ),
    ]
    load_after = os.getloadavg()[0]
    cpus = os.cpu_count() or 1
    print(
        f"\nEach document read {RUNS} times with read_plans (reader and structure recovery); "
        f"load average {load_before:.1f} before, {load_after:.1f} after, {cpus} CPUs."
    )
    if max(load_before, load_after) > cpus:
        print("The machine was busy: these times are longer than it would take on a quiet one.")
    print()
    print(
        "| document | pages | objectives | actions | milestones | best s | median s "
        "| budget s | within budget |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---|")
    over = []
    for row in results:
        within = row.median <= BUDGET_SECONDS
        print(
            f"| {row.document} | {row.pages} | {row.objectives} | {row.actions} "
            f"| {row.milestones} | {row.best:.2f} | {row.median:.2f} | {BUDGET_SECONDS:.0f} "
            f"| {'yes' if within else 'no'} |"
        )
        if not within:
            over.append(row.document)
    word, *others = results
    counts = (word.objectives, word.actions, word.milestones)
    if any(counts != (other.objectives, other.actions, other.milestones) for other in others):
        print("\nNot every reading gave the same objectives, actions and milestones as Word.")
        return 1
    if over:
        print(f"\nTOO SLOW: {', '.join(over)} over the budget of {BUDGET_SECONDS:.0f} s.")
        return 1
    print(f"\nEvery import is within the budget of {BUDGET_SECONDS:.0f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
