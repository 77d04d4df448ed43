"""Document readers: a file's bytes to `ReadDocument` blocks, whatever its type.

`read` is the one entry point. It checks the size, works out the type from the content
(never the name), and raises only `ImportRefused`, with a message for the user.

`progress`, if given, is called with (pages done, pages in all): page by page for a
PDF, which is read in a process of its own and can take a while; once, at the end, for
the other types, which take a moment. With `isolated`, the other types are read in
that limited process too: a caller that must not be held up or run out of memory by a
hostile file (a web server) asks for it; the command line does not pay for the process.
"""

from __future__ import annotations

from collections.abc import Callable

from ..blocks import ReadDocument
from .detect import decode_text, detect
from .errors import ImportRefused
from .safety import check_lines, check_size

__all__ = ["ImportRefused", "read"]

# Each document type in words, for messages: "could not be read as a Word document".
_KIND_NAMES = {
    "docx": "a Word document",
    "pdf": "a PDF",
    "xlsx": "an Excel workbook",
    "csv": "a CSV file",
    "html": "a web page (HTML)",
    "markdown": "a Markdown file",
    "text": "a text file",
}


def read(
    data: bytes,
    *,
    name: str = "",
    progress: Callable[[int, int], None] | None = None,
    isolated: bool = False,
) -> ReadDocument:
    """Read a document. `name` is the uploaded file's name; the content decides the
    type, and the caller can compare `ReadDocument.kind` with the name if it wishes."""
    check_size(data)
    kind = ""
    try:
        kind = detect(data)
        if kind == "pdf":
            from .pdf import read_pdf

            return read_pdf(data, progress=progress)
        if isolated:
            from .pdf import read_in_child

            document = read_in_child(kind, data)
        else:
            document = read_as(kind, data)
    except ImportRefused:
        raise
    except Exception as error:
        # Every library failure becomes a refusal; deep nesting (RecursionError) too.
        raise ImportRefused(damaged(kind)) from error
    if progress is not None:
        progress(1, 1)
    return document


def kind_name(kind: str) -> str:
    """A document type in words: "a Word document"."""
    return _KIND_NAMES.get(kind, "a document")


def damaged(kind: str) -> str:
    """Why a file its library could not read was refused."""
    return f"The file could not be read as {kind_name(kind)}: it may be damaged."


def read_as(kind: str, data: bytes) -> ReadDocument:
    """Read a document of a known type other than PDF, in this process."""
    # Imported here so that reading a CSV never loads python-docx or openpyxl.
    if kind == "docx":
        from .docx import read_docx

        return read_docx(data)
    if kind == "xlsx":
        from .xlsx import read_xlsx

        return read_xlsx(data)
    check_lines(data)
    text = decode_text(data)
    if kind == "csv":
        from .csv import read_csv

        return read_csv(text)
    if kind == "html":
        from .html import read_html

        return read_html(text)
    if kind == "markdown":
        from .markdown import read_markdown

        return read_markdown(text)
    from .text import read_text

    return read_text(text)
