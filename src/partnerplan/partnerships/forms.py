"""Forms for the framework screens. Plain forms: the services do the saving."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.utils import ErrorDict

from partnerplan.core.forms import with_blank
from partnerplan.core.permissions import (
    access_for,
    visible_organisations,
    visible_partnerships,
    visible_people,
)
from partnerplan.partnerships.choices import (
    MemberRole,
    OrganisationSector,
    PartnershipKind,
    SectorRepresented,
)
from partnerplan.partnerships.models import Partnership, ReportingLine
from partnerplan.partnerships.services import check_no_loop


class PartnershipChoices(forms.ModelMultipleChoiceField):
    """Refuses ids no database could hold, instead of letting the database overflow."""

    def _check_values(self, value):  # type: ignore[no-untyped-def]
        for item in value or ():
            text = str(item)
            if not (text.isascii() and text.isdigit() and len(text) < 19):
                raise forms.ValidationError(
                    "Choose partnerships from the list", code="invalid_choice"
                )
        return super()._check_values(value)


class PartnershipForm(forms.Form):
    name = forms.CharField(
        max_length=200, error_messages={"required": "Enter the partnership’s name"}
    )
    short_name = forms.CharField(
        max_length=50, required=False, help_text="For example, CSP or HWB. Optional."
    )
    kind = forms.ChoiceField(
        label="Kind of partnership",
        choices=with_blank(PartnershipKind.choices),
        error_messages={"required": "Choose what kind of partnership this is"},
    )
    description = forms.CharField(
        widget=forms.Textarea, required=False, help_text="Its role and purpose, in a few lines."
    )
    website = forms.URLField(
        assume_scheme="https",
        required=False,
        help_text="The full address, starting https://",
        error_messages={
            "invalid": "Enter the website address in the right format, like https://example.org"
        },
    )
    reports_to = PartnershipChoices(
        queryset=Partnership.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Select all that apply.",
    )

    def __init__(
        self, *args: Any, user: Any, partnership: Partnership | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.partnership = partnership
        choices = visible_partnerships(user).order_by("name")
        if partnership is not None:
            choices = choices.exclude(pk=partnership.pk)
        self.fields["reports_to"].queryset = choices

    def clean_reports_to(self) -> list[Partnership]:
        chosen = list(self.cleaned_data["reports_to"])
        access = access_for(self.user)
        if (
            self.partnership is None
            and not access.is_admin
            and not any(p.pk in access.managed_ids for p in chosen)
        ):
            raise forms.ValidationError(
                "Choose at least one partnership that you manage for this one to report to"
            )
        return chosen


class OrganisationForm(forms.Form):
    name = forms.CharField(
        max_length=200, error_messages={"required": "Enter the organisation’s name"}
    )
    short_name = forms.CharField(max_length=50, required=False, help_text="Optional.")
    sector = forms.ChoiceField(
        choices=OrganisationSector.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the organisation’s sector"},
    )
    website = forms.URLField(
        assume_scheme="https",
        required=False,
        help_text="The full address, starting https://",
        error_messages={
            "invalid": "Enter the website address in the right format, like https://example.org"
        },
    )


class PersonForm(forms.Form):
    name = forms.CharField(
        max_length=200,
        label="Full name",
        error_messages={"required": "Enter the person’s full name"},
    )
    job_title = forms.CharField(max_length=200, required=False)
    organisation = forms.ModelChoiceField(queryset=None, required=False, empty_label="None")  # type: ignore[arg-type]
    email = forms.EmailField(
        label="E-mail address",
        required=False,
        error_messages={
            "invalid": "Enter an e-mail address in the right format, like name@example.org"
        },
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = visible_organisations(user).order_by("name")


class MemberChoice(forms.ModelChoiceField):
    """A person or organisation chosen by id, looked up only among those the user may
    see: an id typed into a crafted request is refused like one not in the list."""

    widget = forms.HiddenInput

    def to_python(self, value: Any) -> Any:
        text = str(value or "")
        if text and not (text.isascii() and text.isdigit() and len(text) < 19):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


class MembershipForm(forms.Form):
    """A seat on a partnership. The member comes from a search (see
    selectors.member_matches): the radios send "person-<id>" or "organisation-<id>" as
    `member`; `person` or `organisation` with a bare id are accepted too."""

    member = forms.CharField(required=False, label="Choose the member")
    person = MemberChoice(
        queryset=None,  # type: ignore[arg-type]
        required=False,
        error_messages={"invalid_choice": "Choose a person from the search results"},
    )
    organisation = MemberChoice(
        queryset=None,  # type: ignore[arg-type]
        required=False,
        error_messages={"invalid_choice": "Choose an organisation from the search results"},
    )
    role = forms.ChoiceField(choices=MemberRole.choices, initial=MemberRole.MEMBER)
    sector = forms.ChoiceField(
        label="Sector represented",
        choices=with_blank(SectorRepresented.choices),
        error_messages={"required": "Choose the sector this member represents"},
    )
    from_date = forms.DateField(
        label="From",
        required=False,
        widget=forms.DateInput,
        error_messages={"invalid": "Enter the start date as a real date"},
    )
    to_date = forms.DateField(
        label="To",
        required=False,
        widget=forms.DateInput,
        help_text="Leave empty while the membership goes on.",
        error_messages={"invalid": "Enter the end date as a real date"},
    )

    def __init__(self, data: Any = None, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(_member_as_fields(data), *args, **kwargs)
        # Querysets, never evaluated whole: each checks the one id sent, in one query.
        self.fields["person"].queryset = visible_people(user).select_related("organisation")
        self.fields["organisation"].queryset = visible_organisations(user)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for name in ("person", "organisation"):
            # Shown beside the radios: the id fields are hidden.
            for error in self.errors.pop(name, []):
                self.add_error("member", error)
        member_fields_valid = not self.errors.get("member")
        if member_fields_valid and bool(data.get("person")) == bool(data.get("organisation")):
            message = (
                "Choose either a person or an organisation, not both"
                if data.get("person")
                else "Search for and choose a person or an organisation"
            )
            self.add_error("member", message)
        start, end = data.get("from_date"), data.get("to_date")
        if start and end and end < start:
            self.add_error("to_date", "The end date must be the same as or after the start date")
        self._errors_in_field_order()
        return data

    def _errors_in_field_order(self) -> None:
        """The member's error is added last, in clean(), but the error summary must list
        errors in the order of the fields on the page."""
        order = list(self.fields)
        ranked = sorted(self.errors.items(), key=lambda item: _rank(order, item[0]))
        self._errors = ErrorDict(ranked)

    def service_fields(self) -> dict[str, Any]:
        """What the services store: `member` was only how the form chose the person."""
        return {name: value for name, value in self.cleaned_data.items() if name != "member"}

    @property
    def chosen(self) -> str:
        """The radio value of the member chosen, to keep it checked when shown again."""
        if self.is_bound and self.data.get("member"):
            return str(self.data["member"])
        given = self.data if self.is_bound else self.initial
        for kind in ("person", "organisation"):
            if given.get(kind):
                return f"{kind}-{given[kind]}"
        return ""


def _rank(order: list[str], name: str) -> int:
    return order.index(name) if name in order else len(order)


def _member_as_fields(data: Any) -> Any:
    """Copy a radio's "person-12" or "organisation-3" into the `person` or
    `organisation` field; anything else in `member` is left for validation to refuse."""
    if data is None or not data.get("member"):
        return data
    data = data.copy()
    kind, _, pk = str(data["member"]).partition("-")
    if kind in ("person", "organisation") and not data.get(kind):
        data[kind] = pk
    elif kind not in ("person", "organisation"):
        data["person"] = "invalid"
    return data


class ReportingLineAdminForm(forms.ModelForm):
    """The site administration's form for one reporting line, refusing a loop by the
    same rule as the service's own pages (services.check_no_loop)."""

    class Meta:
        model = ReportingLine
        fields = ["partnership", "reports_to"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        partnership, reports_to = data.get("partnership"), data.get("reports_to")
        if partnership is not None and reports_to is not None:
            # Raises on "reports_to", which the form shows beside that field. A line being
            # edited is replaced by the new one, so it cannot close a loop.
            editing = self.instance if self.instance.pk else None
            check_no_loop(partnership, [reports_to], replacing=editing)
        return data
