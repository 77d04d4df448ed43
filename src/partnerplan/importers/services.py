"""Importing plans: a document's bytes read into the interchange format, then saved.

Reading needs no database and saves nothing, so a preview or a dry run is the same
reading as the import itself. Saving is one transaction for the whole document.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import PurePath

from django.db import transaction

from partnerplan.core.audit import Actor
from partnerplan.importers.interchange import FORMAT, Document, InterchangeError, from_text
from partnerplan.importers.readers import kind_name, read
from partnerplan.importers.readers.detect import detect
from partnerplan.importers.readers.errors import ImportRefused
from partnerplan.importers.recover import recover
from partnerplan.importers.save import save_plan
from partnerplan.partnerships.models import Partnership
from partnerplan.plans.models import Plan

# A document in the interchange format itself (an export, or an edited dry run's output)
# starts with its format's name within its first few hundred bytes.
_FORMAT_MARK = f'"{FORMAT}"'.encode()


PLAN_FORMAT = "plan format"

# The types a file's name promises, to say so when its content is something else.
_EXTENSIONS = {
    ".docx": "docx",
    ".xlsx": "xlsx",
    ".csv": "csv",
    ".pdf": "pdf",
    ".html": "html",
    ".htm": "html",
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "text",
    ".json": PLAN_FORMAT,
}
# Plain text in all three: the content decides how it reads, whatever the name says.
_PLAIN_TEXT = {"text", "csv", "markdown"}


def kind_of(data: bytes) -> str:
    """The document's type, from its content (ImportRefused for an unsupported one)."""
    return PLAN_FORMAT if is_plan_format(data) else detect(data)


def name_mismatch(name: str, kind: str) -> str | None:
    """What to tell a person whose file's name promises another type than it holds."""
    promised = _EXTENSIONS.get(PurePath(name).suffix.lower())
    if promised is None or promised == kind or {promised, kind} <= _PLAIN_TEXT:
        return None
    return f"{PurePath(name).name} is named as {_in_words(promised)} but is {_in_words(kind)}."


def _in_words(kind: str) -> str:
    return "a partnerplan plan file" if kind == PLAN_FORMAT else kind_name(kind)


def is_plan_format(data: bytes) -> bool:
    """Is this a document in the interchange format itself?"""
    return data.lstrip()[:1] == b"{" and _FORMAT_MARK in data[:500]


def read_plans(
    data: bytes,
    *,
    name: str = "",
    title: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Document:
    """The plans in a document, in the interchange format. Raises ImportRefused for a
    file that cannot be read, InterchangeError for an interchange document that is not
    valid; saves nothing. `progress` is told (pages read, pages) as a PDF is read."""
    if is_plan_format(data):
        return from_text(data)
    return recover(read(data, name=name, progress=progress), title=title)


@transaction.atomic
def import_plans(
    *,
    document: Document,
    partnership: Partnership,
    actor: Actor,
    saved: Callable[[Plan], None] | None = None,
) -> list[Plan]:
    """Save every plan of the document in `partnership`, all or none (InterchangeError
    if any part is refused). `saved` is told of each plan as it is saved."""
    if not document.plans:
        raise InterchangeError(["plans: the document holds no plan to import"])
    plans = []
    for plan_data in document.plans:
        plan = save_plan(document_plan=plan_data, partnership=partnership, actor=actor)
        plans.append(plan)
        if saved is not None:
            saved(plan)
    return plans


__all__ = [
    "ImportRefused",
    "import_plans",
    "is_plan_format",
    "kind_of",
    "name_mismatch",
    "read_plans",
]
