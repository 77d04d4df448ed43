"""What each column of a plan table holds, read from the words of its header row.

Plans name the same columns in many ways ("Lead", "Responsibility", "By whom"), so a
header is normalised (case, punctuation, plurals, filler words) and looked up in a small
table of phrases; a close misspelling is caught by difflib at a high cutoff.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence

ROLES = (
    "action",
    "lead",
    "milestones",
    "when",
    "progress",
    "target",
    "resources",
    "priority",
    "comments",
    "source",
    "objective",
)

# Phrases are written already normalised: lower case, singular, no filler words.
PHRASES: dict[str, tuple[str, ...]] = {
    "action": (
        "action",
        "activity",
        "task",
        "key task",
        "task activity",
        "what we will do",
        "what will we do",
        "what",
        "action required",
        "action point",
        "proposed action",
        "improvement action",
        "work programme",
        "project",
        "action activity",
    ),
    "lead": (
        "lead",
        "lead officer",
        "lead partner",
        "lead organisation",
        "lead agency",
        "lead person",
        "lead responsibility",
        "responsibility",
        "responsible",
        "responsible officer",
        "who",
        "by whom",
        "owner",
        "action owner",
        "officer",
    ),
    "milestones": ("milestone", "step", "action step", "milestone target", "stage"),
    "when": (
        "timescale",
        "when",
        "by when",
        "target date",
        "deadline",
        "date",
        "due date",
        "completion date",
        "timing",
        "timeframe",
        "time scale",
    ),
    "progress": (
        "progress",
        "status",
        "rag",
        "rag status",
        "update",
        "progress update",
        "current position",
        "progress to date",
    ),
    "target": (
        "target",
        "indicator",
        "measure",
        "outcome",
        "success criterion",
        "success criteria",
        "performance indicator",
        "measure of success",
        "expected outcome",
        "output",
    ),
    "resources": (
        "resource",
        "resource implication",
        "cost",
        "budget",
        "funding",
        "resource required",
    ),
    "priority": ("priority", "priority level", "priority rating"),
    "comments": ("comment", "note", "remark", "observation"),
    "source": ("source", "reference", "recommendation", "ref", "origin", "audit recommendation"),
    "objective": (
        "objective",
        "strategic aim",
        "issue",
        "priority area",
        "theme",
        "aim",
        "strategic objective",
        "area for improvement",
        "improvement area",
        "strategic priority",
    ),
}

_FILLER = {"the", "our", "key", "a", "an", "of", "to", "be", "for", "no", "number"}
_KEEP_S = {"progress", "status", "success", "address", "process", "business", "rag"}
_ROLE_OF_PHRASE = {phrase: role for role, phrases in PHRASES.items() for phrase in phrases}
_FUZZY_CUTOFF = 0.86


def normalise(text: str) -> str:
    """Header words without case, punctuation, plurals or filler: "Key Milestones:" is
    "milestone"."""
    words = re.sub(r"[^a-z0-9 ]+", " ", text.lower().replace("’", "'").replace("'s", "")).split()
    return " ".join(_singular(word) for word in words if word not in _FILLER)


def _singular(word: str) -> str:
    if word in _KEEP_S or len(word) <= 3:
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def role_of(header: str) -> str | None:
    """The role of a column from its header text, or None when the words are not known."""
    text = header.strip()
    if not text:
        return None
    # "Progress (Green, Amber, Red)": the words in brackets only explain the column.
    unbracketed = re.sub(r"\([^)]*\)", " ", text)
    for candidate in (text, unbracketed):
        role = _known(normalise(candidate))
        if role:
            return role
    # "Key Task / Activity", "Lead & Support": either half names the column.
    for part in re.split(r"/|&|\band\b|\bor\b", unbracketed):
        role = _known(normalise(part))
        if role:
            return role
    return _close(normalise(unbracketed))


def _known(phrase: str) -> str | None:
    return _ROLE_OF_PHRASE.get(phrase)


def _close(phrase: str) -> str | None:
    if not phrase or len(phrase) > 40:
        return None
    matches = difflib.get_close_matches(phrase, list(_ROLE_OF_PHRASE), n=1, cutoff=_FUZZY_CUTOFF)
    return _ROLE_OF_PHRASE[matches[0]] if matches else None


def roles_of(headers: Sequence[str]) -> list[str | None]:
    """The role of each column of a header row."""
    return [role_of(header) for header in headers]


def looks_like_header(texts: Sequence[str]) -> bool:
    """True for a row most of whose non-empty cells are column words."""
    filled = [text for text in texts if text.strip()]
    if not filled:
        return False
    known = sum(1 for text in filled if role_of(text))
    return known >= 1 and known * 2 >= len(filled) and (known >= 2 or len(filled) <= 2)
