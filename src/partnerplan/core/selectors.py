"""Reads shared by every app: the audit trail shaped for a history page."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from partnerplan.core.models import AuditEvent


@dataclass(frozen=True)
class FieldChange:
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class HistoryRow:
    event: AuditEvent
    changes: list[FieldChange]


def _text(change: dict, side: str) -> str:
    text = change.get(f"{side}_text")
    if text is None:
        value = change.get(side)
        text = "" if value is None else str(value)
    return text


def history_rows(events: Iterable[AuditEvent]) -> list[HistoryRow]:
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
