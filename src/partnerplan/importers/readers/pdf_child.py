"""The PDF reader's child process: a PDF on stdin, its blocks as JSON on stdout.

pdfplumber (pdfminer) is pure Python and will follow whatever a file says, so a hostile
or broken PDF can take any amount of time and memory. It is therefore read here, in a
process of its own that sets its own memory and CPU limits before it reads a byte, and
that the parent kills at its time limit. Progress goes to stderr, one line a page
("page 3 40": page 3 of 40 has been read), so the parent can show it as it comes.

Run as `python -m partnerplan.importers.readers.pdf_child --max-pages N --memory-bytes N
--cpu-seconds N --workers N`. It always exits 0 after writing one JSON object,
`{"document": …}` or `{"refused": "message"}`; any other ending (killed, crashed) is the
parent's to explain.
"""

from __future__ import annotations

import argparse
import io
import json
import logging
import os
import pickle
import resource
import sys
from collections.abc import Callable
from itertools import islice
from typing import Any

from ..blocks import ReadDocument, blocks_to_json
from .errors import ImportRefused
from .pdf_layout import PageText, document_blocks, page_text

# Each worker process is given this many pages at least: a short PDF is read faster in
# one process than by starting more.
PAGES_PER_WORKER = 4
DAMAGED = "The PDF could not be read: it is damaged or incomplete."
TOO_MUCH_MEMORY = (
    "The PDF needs more memory to read than is allowed ({megabytes:,} MB): it may be "
    "damaged or built to exhaust the server. Save it again from the program that made it, "
    "or save the plan as Word (.docx) and import that."
)
# Other documents are read here too when the caller wants them isolated (the web pages).
OTHER_TOO_MUCH_MEMORY = (
    "The file needs more memory to read than is allowed ({megabytes:,} MB): it may be "
    "damaged or built to exhaust the server. Save it again from the program that made it."
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--max-pages", type=int, required=True)
    parser.add_argument("--memory-bytes", type=int, required=True)
    parser.add_argument("--cpu-seconds", type=int, required=True)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--kind", default="pdf", help="the document's type, as detected")
    args = parser.parse_args(argv)
    # Limits first: nothing from the file is touched before they hold.
    resource.setrlimit(resource.RLIMIT_AS, (args.memory_bytes, args.memory_bytes))
    resource.setrlimit(resource.RLIMIT_CPU, (args.cpu_seconds, args.cpu_seconds + 5))
    # pdfminer logs every oddity of a file; the parent reads stderr for progress only.
    logging.disable(logging.CRITICAL)
    data = sys.stdin.buffer.read()
    pdf = args.kind == "pdf"
    try:
        if pdf:
            document = read(data, max_pages=args.max_pages, workers=args.workers, progress=_report)
        else:
            from . import read_as

            document = read_as(args.kind, data)
        result: dict[str, Any] = {"document": blocks_to_json(document)}
    except ImportRefused as refusal:
        result = {"refused": str(refusal)}
    except Exception as error:
        megabytes = args.memory_bytes // 2**20
        if _out_of_memory(error):
            message = TOO_MUCH_MEMORY if pdf else OTHER_TOO_MUCH_MEMORY
            result = {"refused": message.format(megabytes=megabytes)}
        else:
            # A library's own words mean nothing to the person importing; a broken file
            # is what every other parser failure here comes down to.
            from . import damaged

            result = {"refused": DAMAGED if pdf else damaged(args.kind)}
    sys.stdout.write(json.dumps(result))
    sys.stdout.flush()
    return 0


def _out_of_memory(error: BaseException) -> bool:
    """pdfminer and pdfplumber wrap what they catch, a MemoryError too."""
    seen: set[int] = set()
    pending: list[object] = [error]
    while pending:
        current = pending.pop()
        if not isinstance(current, BaseException) or id(current) in seen:
            continue
        if isinstance(current, MemoryError):
            return True
        seen.add(id(current))
        pending.extend([current.__cause__, current.__context__, *current.args])
    return False


def _report(number: int, total: int) -> None:
    sys.stderr.write(f"page {number} {total}\n")
    sys.stderr.flush()


def read(
    data: bytes,
    *,
    max_pages: int,
    workers: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> ReadDocument:
    """The PDF's blocks. Refuses an encrypted, damaged, too long or image-only PDF."""
    try:
        import pdfplumber
        from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
        from pdfminer.pdfpage import PDFPage
        from pdfplumber.page import Page
        from pdfplumber.utils.exceptions import PdfminerException
    except (ImportError, OSError) as error:
        # Seen when the memory limit is too low for the libraries themselves to load.
        raise MemoryError from error
    _quieten_pdfminer()

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except PdfminerException as error:
        cause = error.args[0] if error.args else None
        if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
            raise ImportRefused(
                "The PDF is protected by a password (encrypted), so it cannot be read. "
                "Save a copy without the password and import that."
            ) from error
        raise ImportRefused(DAMAGED) from error
    with pdf:
        declared = _declared_pages(pdf.doc)
        if declared is not None and declared > max_pages:
            raise _too_many(declared, max_pages)
        # The page tree is walked without reading any page's content, so a file whose
        # count is wrong is still stopped at the limit.
        page_objects = list(islice(PDFPage.create_pages(pdf.doc), max_pages + 1))
        if len(page_objects) > max_pages:
            raise _too_many(declared if declared and declared > max_pages else None, max_pages)
        if not page_objects:
            raise ImportRefused(DAMAGED)
        total = len(page_objects)

        def read_pages(numbers: range) -> list[PageText]:
            found = []
            for number in numbers:
                page = Page(pdf, page_objects[number - 1], page_number=number)
                found.append(page_text(page))
                page.close()
                if progress is not None:
                    progress(number, total)
            return found

        workers = min(workers, total // PAGES_PER_WORKER)
        if workers > 1:
            pages = _in_parallel(read_pages, total, workers)
        else:
            pages = read_pages(range(1, total + 1))
    if not any(page.has_text for page in pages):
        raise ImportRefused(
            "The PDF has no text on any page: it looks like scanned images. Run it through "
            "text recognition (OCR) first, or import the plan from the Word or Excel file "
            "it was made from."
        )
    blocks, skipped = document_blocks(pages)
    return ReadDocument("pdf", tuple(blocks), tuple(skipped))


def _in_parallel(
    read_pages: Callable[[range], list[PageText]], total: int, workers: int
) -> list[PageText]:
    """The pages read by `workers` forked processes, each every `workers`th page.

    Forking is safe here: this process has one thread. Each worker inherits the memory
    and CPU limits, and the parent kills the whole process group at its time limit."""
    children = []
    for first in range(1, workers + 1):
        readable, writable = os.pipe()
        pid = os.fork()
        if pid == 0:  # the worker
            os.close(readable)
            try:
                answer: tuple[str, object] = ("pages", read_pages(range(first, total + 1, workers)))
            except ImportRefused as refusal:
                answer = ("refused", str(refusal))
            except Exception as error:
                answer = ("memory" if _out_of_memory(error) else "damaged", None)
            with os.fdopen(writable, "wb") as out:
                pickle.dump(answer, out)
            os._exit(0)
        os.close(writable)
        children.append((pid, readable))
    pages: list[PageText] = []
    failure: tuple[str, object] | None = None
    for pid, readable in children:
        with os.fdopen(readable, "rb") as answers:
            raw = answers.read()
        os.waitpid(pid, 0)
        # A worker that died (the memory limit can kill one outright) says nothing.
        kind, value = pickle.loads(raw) if raw else ("memory", None)  # noqa: S301 - our own workers
        if kind == "pages":
            pages.extend(value)  # type: ignore[arg-type]
        elif failure is None:
            failure = (kind, value)
    if failure is not None:
        kind, value = failure
        if kind == "refused":
            raise ImportRefused(str(value))
        if kind == "memory":
            raise MemoryError
        raise ImportRefused(DAMAGED)
    return sorted(pages, key=lambda page: page.number)


def _quieten_pdfminer() -> None:
    """pdfminer calls its loggers' debug() for nearly every token it reads; even switched
    off, those calls cost a few per cent of the reading time, so they are made no-ops."""
    for name, logger in list(logging.Logger.manager.loggerDict.items()):
        if name.startswith("pdfminer") and isinstance(logger, logging.Logger):
            logger.debug = _nothing  # type: ignore[method-assign]


def _nothing(*args: object, **kwargs: object) -> None:
    return None


def _declared_pages(document: Any) -> int | None:
    from pdfminer.pdftypes import resolve1

    try:
        count = resolve1(resolve1(document.catalog["Pages"])["Count"])
    except Exception:
        return None
    return count if isinstance(count, int) and not isinstance(count, bool) else None


def _too_many(pages: int | None, limit: int) -> ImportRefused:
    counted = f"{pages:,} pages" if pages else f"more than {limit:,} pages"
    return ImportRefused(
        f"The PDF has {counted}; the limit is {limit:,} pages, far more than any plan "
        "needs. Import the plan's own pages as a separate PDF."
    )


if __name__ == "__main__":
    sys.exit(main())
