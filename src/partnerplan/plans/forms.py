"""Forms for plans, objectives, actions, milestones and progress updates.

Plain forms: the services do the saving. The action and plan forms carry the version
they were loaded from, so that a save over someone else's change is caught.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms

from partnerplan.core.forms import with_blank
from partnerplan.core.periods import FinancialYear, PeriodError, Quarter, quarters_between
from partnerplan.core.permissions import visible_organisations, visible_partnerships, visible_people
from partnerplan.partnerships.models import Organisation, Partnership, Person
from partnerplan.plans.choices import (
    DEFAULT_LABELS,
    TABLE_COLUMNS,
    PlanKind,
    PlanStatus,
    Priority,
    ProgressStatus,
    StatusScale,
    statuses_for,
)
from partnerplan.plans.models import Action, Milestone, Objective, Plan

LEAD_SLOTS = 4


class FinancialYearField(forms.CharField):
    """A financial year written as people write it: 2026/27."""

    def to_python(self, value: Any) -> int | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        try:
            return FinancialYear.parse(text).start
        except PeriodError as error:
            raise forms.ValidationError(str(error)) from error

    def prepare_value(self, value: Any) -> Any:
        return FinancialYear(value).label if isinstance(value, int) else value


class PlanForm(forms.Form):
    title = forms.CharField(max_length=300, error_messages={"required": "Enter the plan’s title"})
    kind = forms.ChoiceField(
        label="Kind of plan",
        choices=with_blank(PlanKind.choices),
        error_messages={"required": "Choose what kind of plan this is"},
    )
    first_year = FinancialYearField(
        label="First financial year",
        help_text="For example, 2026/27",
        error_messages={"required": "Enter the financial year the plan starts in"},
    )
    last_year = FinancialYearField(
        label="Last financial year",
        help_text="The same year for a one-year plan",
        error_messages={"required": "Enter the financial year the plan ends in"},
    )
    status = forms.ChoiceField(choices=PlanStatus.choices, widget=forms.RadioSelect)
    adopted_on = forms.DateField(
        label="Adopted on", required=False, widget=forms.DateInput, help_text="Optional"
    )
    adopted_at = forms.CharField(
        label="Adopted at",
        max_length=300,
        required=False,
        help_text="The meeting that adopted it, for example “Board, 12 June 2026”. Optional.",
    )
    scale = forms.ChoiceField(
        label="Status scale", choices=StatusScale.choices, widget=forms.RadioSelect
    )
    columns = forms.MultipleChoiceField(
        label="Columns of the plan’s table",
        choices=[(key, DEFAULT_LABELS[key]) for key in TABLE_COLUMNS],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="The first column is always the action. Select all that apply.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, default in DEFAULT_LABELS.items():
            self.fields[f"label_{key}"] = forms.CharField(
                label=f"Word for “{default}”",
                max_length=60,
                required=False,
                help_text=f"Leave empty for “{default}”.",
            )

    @property
    def label_fields(self) -> list[forms.BoundField]:
        return [self[f"label_{key}"] for key in DEFAULT_LABELS]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        first, last = data.get("first_year"), data.get("last_year")
        if first is not None and last is not None and last < first:
            self.add_error("last_year", "The last year must be the same as or after the first")
        return data

    def service_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        data["labels"] = {key: data.pop(f"label_{key}") for key in DEFAULT_LABELS}
        data["columns"] = [c for c in TABLE_COLUMNS if c in data["columns"]]
        return data

    @staticmethod
    def initial_for(plan: Plan) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "title": plan.title,
            "kind": plan.kind,
            "first_year": FinancialYear(plan.first_year).label,
            "last_year": FinancialYear(plan.last_year).label,
            "status": plan.status,
            "adopted_on": plan.adopted_on,
            "adopted_at": plan.adopted_at,
            "scale": plan.scale,
            "columns": plan.table_columns,
            "version": plan.version,
        }
        for key in DEFAULT_LABELS:
            initial[f"label_{key}"] = (plan.labels or {}).get(key, "")
        return initial


class ObjectiveForm(forms.Form):
    number = forms.CharField(max_length=20, required=False, help_text="For example, 3. Optional.")
    title = forms.CharField(max_length=500, error_messages={"required": "Enter the title"})
    description = forms.CharField(widget=forms.Textarea, required=False)


DUE_ON_HELP = (
    "Worked out from the timescale. A date you enter here is kept instead; "
    "clear it to work it out from the timescale again."
)


def hand_set_only(form: forms.Form, data: dict[str, Any]) -> dict[str, Any]:
    """Pass the due date on only when the person changed the date they were shown: a date
    worked out from the timescale, saved as it was, must not become fixed by hand, even
    if the worked-out date moved while the form was open."""
    shown = data.pop("due_shown", None)
    if data.get("due_on") == shown:
        data.pop("due_on", None)
    return data


def due_shown_field() -> forms.DateField:
    # The due date as the form showed it, to tell a person's change from the date moving.
    return forms.DateField(widget=forms.HiddenInput, required=False)


def lead_key(lead: Person | Organisation | Partnership) -> str:
    kind = {Person: "person", Organisation: "organisation", Partnership: "partnership"}
    return f"{kind[type(lead)]}:{lead.pk}"


class ActionForm(forms.Form):
    objective = forms.TypedChoiceField(coerce=int, error_messages={"required": "Choose one"})
    number = forms.CharField(max_length=20, required=False, help_text="For example, 2.3")
    title = forms.CharField(max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))
    description = forms.CharField(widget=forms.Textarea, required=False)
    timescale = forms.CharField(
        max_length=300,
        required=False,
        help_text="In the plan’s words, for example “by June 2027” or “quarterly”",
    )
    due_on = forms.DateField(
        label="Due on", required=False, widget=forms.DateInput, help_text=DUE_ON_HELP
    )
    due_shown = due_shown_field()
    target = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    resources = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text="For example, “staff time” or “£20,000 from the pooled fund”",
    )
    resource_amount = forms.DecimalField(
        label="Amount (£)", required=False, min_value=0, max_digits=12, decimal_places=2
    )
    priority = forms.TypedChoiceField(
        choices=with_blank(Priority.choices, "None"), coerce=int, empty_value=None, required=False
    )
    source = forms.CharField(
        max_length=500, required=False, help_text="For example, an auditor’s recommendation"
    )
    comments = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, plan: Plan, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.plan = plan
        objective_label = plan.label("objective")
        self.fields["objective"].label = objective_label
        self.fields["objective"].choices = with_blank(
            [(o.pk, str(o)) for o in plan.objectives.order_by("position", "id")]
        )
        self.fields["title"].label = plan.label("action")
        self.fields["timescale"].label = plan.label("when")
        self.fields["target"].label = plan.label("target")
        self.fields["resources"].label = plan.label("resources")
        self.fields["priority"].label = plan.label("priority")
        self.fields["source"].label = plan.label("source")
        self.fields["comments"].label = plan.label("comments")
        self._leads = self._lead_options(user)
        lead_label = plan.label("lead")
        for slot in range(1, LEAD_SLOTS + 1):
            self.fields[f"lead_{slot}"] = forms.ChoiceField(
                label=f"{lead_label} {slot}" if slot > 1 else lead_label,
                choices=with_blank(
                    [(key, text) for key, (text, _obj) in self._leads.items()], "None"
                ),
                required=False,
            )

    def _lead_options(self, user: Any) -> dict[str, tuple[str, Any]]:
        options: dict[str, tuple[str, Any]] = {}
        for person in visible_people(user).select_related("organisation").order_by("name"):
            where = f", {person.organisation.name}" if person.organisation else ""
            options[lead_key(person)] = (f"{person.name}{where}", person)
        for organisation in visible_organisations(user).order_by("name"):
            options[lead_key(organisation)] = (f"{organisation.name} (organisation)", organisation)
        for partnership in visible_partnerships(user).order_by("name"):
            options[lead_key(partnership)] = (f"{partnership.name} (partnership)", partnership)
        return options

    @property
    def lead_fields(self) -> list[forms.BoundField]:
        return [self[f"lead_{slot}"] for slot in range(1, LEAD_SLOTS + 1)]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        chosen = [data.get(f"lead_{slot}") for slot in range(1, LEAD_SLOTS + 1)]
        chosen = [key for key in chosen if key]
        if len(set(chosen)) != len(chosen):
            self.add_error("lead_1", "Choose each lead once")
        data["leads"] = [self._leads[key][1] for key in dict.fromkeys(chosen)]
        return data

    def service_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        for slot in range(1, LEAD_SLOTS + 1):
            data.pop(f"lead_{slot}", None)
        data.pop("version", None)
        data["objective"] = Objective.objects.get(pk=data["objective"], plan=self.plan)
        return hand_set_only(self, data)

    @staticmethod
    def initial_for(action: Action) -> dict[str, Any]:
        initial: dict[str, Any] = {
            name: getattr(action, name)
            for name in (
                "number",
                "title",
                "description",
                "timescale",
                "due_on",
                "target",
                "resources",
                "resource_amount",
                "priority",
                "source",
                "comments",
                "version",
            )
        }
        initial["objective"] = action.objective_id
        initial["due_shown"] = action.due_on
        for slot, lead in enumerate(action.leads.all(), start=1):
            if slot <= LEAD_SLOTS and lead.lead is not None:
                initial[f"lead_{slot}"] = lead_key(lead.lead)
        return initial


class MilestoneForm(forms.Form):
    number = forms.CharField(max_length=20, required=False)
    text = forms.CharField(
        label="Milestone",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Describe the milestone"},
    )
    timescale = forms.CharField(
        max_length=300,
        required=False,
        help_text="In the plan’s words, for example “Aug – Oct 2027” or “March annually”",
    )
    due_on = forms.DateField(
        label="Due on", required=False, widget=forms.DateInput, help_text=DUE_ON_HELP
    )
    due_shown = due_shown_field()
    completed_on = forms.DateField(label="Completed on", required=False, widget=forms.DateInput)

    def service_fields(self) -> dict[str, Any]:
        return hand_set_only(self, dict(self.cleaned_data))

    @staticmethod
    def initial_for(milestone: Milestone) -> dict[str, Any]:
        initial = {
            name: getattr(milestone, name)
            for name in ("number", "text", "timescale", "due_on", "completed_on")
        }
        return {**initial, "due_shown": milestone.due_on}


class ProgressForm(forms.Form):
    status = forms.ChoiceField(
        widget=forms.RadioSelect, error_messages={"required": "Choose a status"}
    )
    narrative = forms.CharField(
        label="What has happened",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Say what has happened this quarter"},
    )
    period = forms.TypedChoiceField(label="Quarter", coerce=int)
    milestone = forms.TypedChoiceField(
        label="About a milestone", coerce=int, empty_value=None, required=False
    )
    evidence = forms.CharField(
        label="Evidence links",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text="Web addresses of reports or minutes, one per line. Optional.",
    )

    def __init__(
        self,
        *args: Any,
        action: Action,
        today: date,
        milestones: list[Milestone] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        plan = action.plan
        self.action = action
        self.fields["status"].label = plan.label("progress")
        self.fields["status"].choices = [
            (status, ProgressStatus(status).label) for status in statuses_for(plan.scale)
        ]
        now = Quarter.containing(today)
        first = min(Quarter(plan.first_year, 1), now)
        last = max(min(Quarter(plan.last_year, 4), now), first)
        quarters = quarters_between(first, last)
        self.fields["period"].choices = [
            (q.key, f"{q.label} ({q.months})") for q in reversed(quarters)
        ]
        self.fields["period"].initial = last.key
        if milestones is None:
            milestones = list(action.milestones.order_by("position", "id"))
        self.fields["milestone"].choices = with_blank(
            [(m.pk, str(m)[:120]) for m in milestones],
            f"The {plan.label('action').lower()} as a whole",
        )

    def clean_evidence(self) -> list[str]:
        return [line for line in self.cleaned_data["evidence"].splitlines() if line.strip()]

    def service_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["period"] = Quarter.from_key(data["period"])
        data["milestone"] = (
            self.action.milestones.get(pk=data["milestone"]) if data["milestone"] else None
        )
        return data


class ReorderForm(forms.Form):
    renumber = forms.BooleanField(label="Renumber the actions in their new order", required=False)

    def __init__(self, *args: Any, actions: list[Action], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.actions = actions
        for index, action in enumerate(actions, start=1):
            self.fields[f"position_{action.pk}"] = forms.IntegerField(
                label=f"Position of {action}",
                min_value=1,
                max_value=len(actions),
                initial=index,
            )

    @property
    def position_fields(self) -> list[tuple[Action, forms.BoundField]]:
        return [(a, self[f"position_{a.pk}"]) for a in self.actions]

    def order(self) -> list[int]:
        positions = [
            (self.cleaned_data[f"position_{a.pk}"], i, a.pk) for i, a in enumerate(self.actions)
        ]
        return [pk for _pos, _i, pk in sorted(positions)]
