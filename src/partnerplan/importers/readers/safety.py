"""Limits checked before any parsing, so that a hostile or broken file costs little.

Word and Excel files are zip containers: their central directory says how many members
there are and how big each unpacks to, so a zip bomb is refused before anything is
unpacked. Every XML part is then parsed once with defusedxml, which refuses entity
declarations, before python-docx or openpyxl see it.
"""

from __future__ import annotations

import io
import zipfile

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeElementTree

from .errors import ImportRefused

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ZIP_MEMBERS = 2_000
MAX_ZIP_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
# Small parts of real documents (styles, empty sheets) often compress better than 100:1;
# they cannot make a bomb, so the ratio is only held against members bigger than this.
RATIO_CHECKED_FROM_BYTES = 1024 * 1024
# Far beyond any plan, and low enough that reading stays within seconds.
MAX_TEXT_LINES = 100_000
MAX_TABLE_CELLS = 500_000
MAX_HTML_ELEMENTS = 200_000


def check_size(data: bytes) -> None:
    if not data:
        raise ImportRefused("The file is empty.")
    if len(data) > MAX_FILE_BYTES:
        megabytes = len(data) / (1024 * 1024)
        raise ImportRefused(
            f"The file is too large ({megabytes:.1f} MB): the limit is "
            f"{MAX_FILE_BYTES // (1024 * 1024)} MB."
        )


def check_lines(data: bytes) -> None:
    lines = data.count(b"\n") + 1
    if lines > MAX_TEXT_LINES:
        raise ImportRefused(
            f"The file has {lines:,} lines; the limit is {MAX_TEXT_LINES:,}, far more than "
            "any plan needs."
        )


def check_table_cells(cells: int) -> None:
    if cells > MAX_TABLE_CELLS:
        raise ImportRefused(
            f"A table in the file has more than {MAX_TABLE_CELLS:,} cells, far more than "
            "any plan needs."
        )


def open_zip(data: bytes) -> zipfile.ZipFile:
    """The container, once its central directory has passed the limits."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as error:
        raise ImportRefused(
            "The file looks like a Word or Excel file but it is damaged or incomplete "
            "(the zip container could not be opened)."
        ) from error
    if len(members) > MAX_ZIP_MEMBERS:
        raise ImportRefused(
            f"The file holds too many parts ({len(members):,}); the limit is "
            f"{MAX_ZIP_MEMBERS:,}. It may be a zip bomb."
        )
    total = sum(member.file_size for member in members)
    if total > MAX_ZIP_UNPACKED_BYTES:
        raise ImportRefused(
            f"The file would unpack to {total / (1024 * 1024):.0f} MB; the limit is "
            f"{MAX_ZIP_UNPACKED_BYTES // (1024 * 1024)} MB. It may be a zip bomb."
        )
    for member in members:
        if member.file_size < RATIO_CHECKED_FROM_BYTES:
            continue
        ratio = member.file_size / max(member.compress_size, 1)
        if ratio > MAX_COMPRESSION_RATIO:
            raise ImportRefused(
                f"A part of the file is compressed {ratio:.0f} to 1 (the limit is "
                f"{MAX_COMPRESSION_RATIO} to 1). It may be a zip bomb."
            )
    return archive


def refuse_macros(archive: zipfile.ZipFile) -> None:
    names = archive.namelist()
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise _macro_refusal()
    if "[Content_Types].xml" in names:
        content_types = read_member(archive, "[Content_Types].xml")
        if b"macroenabled" in content_types.lower():
            raise _macro_refusal()


def _macro_refusal() -> ImportRefused:
    return ImportRefused(
        "The file contains macros (a macro-enabled .docm or .xlsm). Macros are never "
        "imported: save it as a plain .docx or .xlsx and import that."
    )


def read_member(archive: zipfile.ZipFile, name: str) -> bytes:
    try:
        return archive.read(name)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, KeyError) as error:
        raise ImportRefused(
            f"The file is damaged: its part {name!r} could not be unpacked."
        ) from error


def check_xml_parts(archive: zipfile.ZipFile) -> None:
    """Parse every XML part with defusedxml, refusing entity tricks and broken XML."""
    for name in archive.namelist():
        if not name.lower().endswith((".xml", ".rels")):
            continue
        check_xml(read_member(archive, name), name)


def check_xml(content: bytes, name: str) -> None:
    try:
        SafeElementTree.fromstring(content, forbid_dtd=True)
    except DefusedXmlException as error:
        raise ImportRefused(
            f"The file was refused for safety: its part {name!r} declares XML entities "
            "or a document type, which Word and Excel never write (an entity-expansion "
            "attack)."
        ) from error
    except SafeElementTree.ParseError as error:
        raise ImportRefused(
            f"The file is damaged: its part {name!r} is not well-formed XML."
        ) from error
