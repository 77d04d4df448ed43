"""Forms for meetings, publishing obligations, data releases, fixing timescales,
calendar feeds and reminder settings."""

from __future__ import annotations

from typing import Any

from django import forms

from partnerplan.core.forms import with_blank
from partnerplan.timescales.choices import MeetingKind, ReminderChoice


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label="Kind of meeting", choices=MeetingKind.choices)
    held_on = forms.DateField(
        label="Date",
        widget=forms.DateInput,
        error_messages={"required": "Enter the date of the meeting"},
    )
    starts_at = forms.TimeField(
        label="Start time",
        required=False,
        help_text="For example, 14:00",
        error_messages={"invalid": "Enter a time such as 14:00"},
    )
    venue = forms.CharField(max_length=300, required=False)
    agenda_url = forms.URLField(
        label="Agenda link", max_length=500, required=False, assume_scheme="https"
    )
    papers_url = forms.URLField(
        label="Papers link", max_length=500, required=False, assume_scheme="https"
    )
    minutes_published_on = forms.DateField(
        label="Minutes published on", required=False, widget=forms.DateInput
    )

    @staticmethod
    def initial_for(meeting: Any) -> dict[str, Any]:
        return {name: getattr(meeting, name) for name in MeetingForm.base_fields}


class ObligationForm(forms.Form):
    what = forms.CharField(
        label="What is published",
        max_length=300,
        help_text="For example, “Agenda and reports on the website”",
        error_messages={"required": "Say what is published"},
    )
    timescale = forms.CharField(
        label="When",
        max_length=300,
        help_text="Counting from the meetings, for example “within 5 working days after each "
        "board meeting”",
        error_messages={"required": "Say when it is due"},
    )


class DataReleaseForm(forms.Form):
    name = forms.CharField(
        label="Figures",
        max_length=300,
        help_text="For example, “Police recorded crime” or “Action updates”",
        error_messages={"required": "Name the figures"},
    )
    timescale = forms.CharField(
        label="Available",
        max_length=300,
        help_text="Counting from the end of each quarter, for example “within 20 working days "
        "of the quarter end”",
        error_messages={"required": "Say when each quarter’s figures are available"},
    )


class DoneForm(forms.Form):
    done_on = forms.DateField(
        label="Done on",
        widget=forms.DateInput,
        error_messages={"required": "Enter the day it was done"},
    )


class FixTimescaleForm(forms.Form):
    """One row of the timescales to check: better words, or a date by hand."""

    timescale = forms.CharField(label="Timescale", max_length=300, required=False)
    due_on = forms.DateField(label="Due on", required=False, widget=forms.DateInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not self.errors and not (data.get("timescale") or "").strip() and not data.get("due_on"):
            raise forms.ValidationError("Write the timescale again or enter a due date")
        return data


class ReminderForm(forms.Form):
    choice = forms.ChoiceField(
        label="Reminders by e-mail",
        choices=ReminderChoice.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how you want your reminders"},
    )


class FeedForm(forms.Form):
    """A new calendar: the person's own dates, or a partnership's."""

    partnership = forms.TypedChoiceField(
        label="Calendar of",
        coerce=int,
        empty_value=None,
        required=False,
    )

    def __init__(self, *args: Any, partnerships: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partnership"].choices = with_blank(
            partnerships, "My own dates: what I lead, and my partnerships’ meetings"
        )


class DueFilterForm(forms.Form):
    partnership = forms.TypedChoiceField(coerce=int, empty_value=None, required=False)
    lead = forms.ChoiceField(required=False)

    def __init__(
        self,
        *args: Any,
        partnerships: list[tuple[int, str]],
        leads: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partnership"].choices = with_blank(partnerships, "All partnerships")
        self.fields["lead"].choices = with_blank(leads, "Everyone")
