"""The upload form, and the preview's corrections read from what the page sent."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import QueryDict

from partnerplan.importers.columns import ROLES
from partnerplan.importers.preview import Choices
from partnerplan.importers.readers.safety import MAX_FILE_BYTES

ACCEPTED = ".docx,.xlsx,.csv,.pdf,.html,.htm,.md,.txt,.json"


class UploadForm(forms.Form):
    document = forms.FileField(
        label="Upload a plan",
        help_text="A Word document, Excel workbook, PDF, CSV, web page, Markdown or text "
        "file, up to 20 MB. Nothing is saved until you have checked what was read.",
        error_messages={
            "required": "Choose the document to import",
            "empty": "The chosen file is empty",
        },
    )

    def clean_document(self) -> Any:
        document = self.cleaned_data["document"]
        if document.size > MAX_FILE_BYTES:
            raise forms.ValidationError("The file must be smaller than 20 MB")
        return document


def _number(value: str, below: int) -> int | None:
    """An action's number as the form sent it; None for anything the form never sends."""
    if value.isascii() and value.isdigit() and len(value) <= 6 and int(value) < below:
        return int(value)
    return None


def _numbers(post: QueryDict, name: str, below: int) -> frozenset[int]:
    found = (_number(value, below) for value in post.getlist(name))
    return frozenset(number for number in found if number is not None)


def choices_from(post: QueryDict, actions: int) -> Choices:
    """The corrections the preview form sent, for a plan of `actions` actions. Values
    that name no action are ignored: the form only ever sends those it showed."""
    titles = {}
    for key, value in post.items():
        at = key.removeprefix("objective-title-")
        number = _number(at, actions) if at != key else None
        if number is not None:
            titles[number] = value[:300]
    kept = _numbers(post, "keep", actions)
    return Choices(
        title=post.get("title", "")[:300] if "title" in post else None,
        period=post.get("period", "")[:30] if "period" in post else None,
        starts=_numbers(post, "starts", actions) if "objectives-shown" in post else None,
        objective_titles=titles,
        dropped=frozenset(range(actions)) - kept if "objectives-shown" in post else frozenset(),
    )


def column_roles_from(post: QueryDict, columns: int) -> dict[int, str]:
    """The roles chosen for the document's columns; a column left as read is absent."""
    roles = {}
    for number in range(columns):
        role = post.get(f"column-{number}", "")
        if role in ROLES:
            roles[number] = role
    return roles
