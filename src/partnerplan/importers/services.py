"""Importing plans: a document's bytes read into the interchange format, then saved.

Reading needs no database and saves nothing, so a preview or a dry run is the same
reading as the import itself. Saving is one transaction for the whole document.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction

from partnerplan.core.audit import Actor
from partnerplan.importers.interchange import FORMAT, Document, InterchangeError, from_text
from partnerplan.importers.readers import read
from partnerplan.importers.readers.errors import ImportRefused
from partnerplan.importers.recover import recover
from partnerplan.importers.save import save_plan
from partnerplan.partnerships.models import Partnership
from partnerplan.plans.models import Plan

# A document in the interchange format itself (an export, or an edited dry run's output)
# starts with its format's name within its first few hundred bytes.
_FORMAT_MARK = f'"{FORMAT}"'.encode()


def read_plans(data: bytes, *, name: str = "", title: str | None = None) -> Document:
    """The plans in a document, in the interchange format. Raises ImportRefused for a
    file that cannot be read, InterchangeError for an interchange document that is not
    valid; saves nothing."""
    if data.lstrip()[:1] == b"{" and _FORMAT_MARK in data[:500]:
        return from_text(data)
    return recover(read(data, name=name), title=title)


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


__all__ = ["ImportRefused", "import_plans", "read_plans"]
