"""A file's type from its content, never its name: people rename files, and a name's
extension says what someone hoped the file was, not what it is."""

from __future__ import annotations

import csv
import re

from .errors import ImportRefused
from .safety import open_zip

OLE_HEADER = bytes.fromhex("D0CF11E0A1B11AE1")
SNIFF_CHARS = 8192

_HTML_START = re.compile(r"<(?:!doctype\s+html|html|table|body)\b", re.IGNORECASE)
_MD_TABLE_RULE = re.compile(
    r"^[ \t]*+(?:\|[ \t]*+)?:?-{2,}+:?[ \t]*+(?:\|[ \t]*+:?-{2,}+:?[ \t]*+)++\|?[ \t]*+$",
    re.MULTILINE,
)
_MD_HEADING = re.compile(r"^ {0,3}#{1,6}\s+\S", re.MULTILINE)


def detect(data: bytes) -> str:
    """One of "docx", "xlsx", "pdf", "html", "markdown", "csv", "text"; refuses the rest."""
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return _zip_kind(data)
    if data.startswith(OLE_HEADER):
        raise ImportRefused(
            "The file is an encrypted (password-protected) Office document or an old "
            "binary .doc/.xls: save it as .docx/.xlsx without a password and import that."
        )
    if data.lstrip()[:5] == b"%PDF-":
        return "pdf"
    return detect_text(decode_text(data))


def _zip_kind(data: bytes) -> str:
    with open_zip(data) as archive:
        names = set(archive.namelist())
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if any(name.startswith("ppt/") for name in names):
        looks_like = "a PowerPoint presentation"
    elif "content.xml" in names:
        looks_like = "an OpenDocument file (LibreOffice)"
    else:
        looks_like = "a zip archive"
    raise ImportRefused(
        f"The file looks like {looks_like}, which cannot be imported: use Word (.docx), "
        "Excel (.xlsx), PDF, CSV, HTML, Markdown or text."
    )


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without its byte-order mark), else Windows-1252, which is what
    older UK office files that are not UTF-8 almost always are; UTF-16 only with its
    byte-order mark."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # Excel's "Unicode text" export: UTF-16 with its byte-order mark.
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise _binary() from error
        if _looks_binary(text):
            raise _binary()
        return text
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as error:
            raise _binary() from error
    if _looks_binary(text):
        raise _binary()
    return text


def _looks_binary(text: str) -> bool:
    sample = text[:SNIFF_CHARS]
    if "\x00" in sample:
        return True
    controls = sum(1 for char in sample if ord(char) < 32 and char not in "\t\n\r\f")
    return controls > max(1, len(sample) // 100)


def _binary() -> ImportRefused:
    return ImportRefused(
        "The file looks like binary data of a type that cannot be imported: use Word "
        "(.docx), Excel (.xlsx), PDF, CSV, HTML, Markdown or text."
    )


def detect_text(text: str) -> str:
    head = text[:SNIFF_CHARS]
    if _HTML_START.search(head[:1024]):
        return "html"
    if _MD_TABLE_RULE.search(head) or _MD_HEADING.search(head):
        return "markdown"
    lines = [line for line in head.splitlines()[:50] if line.strip()]
    # Tabs are the converter's signature; it is read by the text reader, as a TSV is.
    if sum(1 for line in lines if "\t" in line) >= max(1, len(lines) // 4):
        return "text"
    if _is_csv(lines):
        return "csv"
    return "text"


def _is_csv(lines: list[str]) -> bool:
    if len(lines) < 2:
        return False
    sample = "\n".join(lines[:20])
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;")
    except csv.Error:
        return False
    try:
        widths = [len(row) for row in csv.reader(sample.splitlines(), dialect)]
    except csv.Error:
        return False
    most = max(set(widths), key=widths.count)
    return most >= 2 and widths.count(most) >= 0.8 * len(widths)
