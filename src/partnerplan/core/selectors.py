"""Reads shared by every app: the audit trail shaped for a history page."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Page, Paginator

from partnerplan.core.models import AuditEvent

# Entries on one page of a history: a creation lists every field it set.
HISTORY_PAGE_SIZE = 25


@dataclass(frozen=True)
class FieldChange:
    label: str
    before: str
    after: str


class HistoryEvent(NamedTuple):
    """What a history entry shows of an event: plain values, not a model instance."""

    at: datetime
    actor_name: str
    source: str
    action: str
    content_type_id: int
    object_repr: str
    changes: dict[str, Any]


@dataclass(frozen=True)
class HistoryRow:
    event: HistoryEvent
    changes: list[FieldChange]


def _text(change: dict, side: str) -> str:
    text = change.get(f"{side}_text")
    if text is None:
        value = change.get(side)
        text = "" if value is None else str(value)
    return text


def history_rows(events: Iterable[HistoryEvent]) -> list[HistoryRow]:
    return [
        HistoryRow(
            event=event,
            changes=[
                FieldChange(
                    label=str(change.get("label", name)).capitalize(),
                    before=_text(change, "before"),
                    after=_text(change, "after"),
                )
                for name, change in event.changes.items()
            ],
        )
        for event in events
    ]


def history_page(
    content_type: ContentType, object_id: str, number: str | None
) -> tuple[Page, list[HistoryRow]]:
    """One page of an object's history, newest first (three queries: how many, which,
    and those events). A partnership's history takes in its members joining and leaving.

    Each part of the history is read by its own index and the parts put together before
    they are put in order by time: asked for in one query with an OR, PostgreSQL walked
    the index of every event's time backwards through the whole trail instead.
    """
    parts = [AuditEvent.objects.for_key(content_type, object_id)]
    if content_type.natural_key() == ("partnerships", "partnership"):
        memberships = ContentType.objects.get_by_natural_key("partnerships", "membership")
        parts.append(
            AuditEvent.objects.filter(content_type=memberships, partnership_id=int(object_id))
        )
    keys = [part.order_by().values("at", "pk") for part in parts]
    combined = keys[0].union(*keys[1:], all=True) if len(keys) > 1 else keys[0]
    ordered = combined.order_by("-at", "-pk")
    page = Paginator(ordered, HISTORY_PAGE_SIZE).get_page(number)
    ids = [row["pk"] for row in page.object_list]
    # Only the page's own events are read, and only what the page shows of them: not
    # what a deletion removed, which can run to thousands of rows.
    events = (
        AuditEvent.objects.filter(pk__in=ids)
        .order_by("-at", "-id")
        .values_list(*HistoryEvent._fields)
    )
    return page, history_rows(map(HistoryEvent._make, events))
