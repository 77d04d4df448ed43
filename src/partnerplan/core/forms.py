"""Django forms drawn with the GOV.UK Frontend components.

`govuk_field(bound_field)` turns a bound field into the parameters of the matching
component macro, so that templates stay one line per field and every form shows
errors, hints and what the user typed in the same way.
"""

from __future__ import annotations

from typing import Any

from django import forms
from markupsafe import Markup, escape


def _component(field: forms.BoundField) -> str:
    widget = field.field.widget
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.PasswordInput):
        return "password"
    return "input"


def _input_type(widget: forms.Widget) -> str:
    return {
        forms.EmailInput: "email",
        forms.URLInput: "url",
        forms.DateInput: "date",
        forms.NumberInput: "number",
    }.get(type(widget), "text")


def with_blank(choices: list[tuple[Any, str]], blank: str = "Choose") -> list[tuple[Any, str]]:
    """Choices led by an empty one, so that nothing is chosen until the user chooses."""
    return [("", blank), *choices]


def govuk_field(field: forms.BoundField, **overrides: Any) -> dict[str, Any]:
    component = _component(field)
    label = {"text": str(field.label)}
    if overrides.pop("label_as_heading", False):
        label.update({"classes": "govuk-label--l", "isPageHeading": True})
    params: dict[str, Any] = {
        "component": component,
        "id": field.id_for_label or field.auto_id,
        "name": field.html_name,
        "label": label,
    }
    if field.help_text:
        params["hint"] = {"text": str(field.help_text)}
    if field.errors:
        params["errorMessage"] = {"text": " ".join(str(e) for e in field.errors)}
    value = field.value()
    if component in {"select", "radios", "checkboxes"}:
        chosen = {
            str(v)
            for v in (value if isinstance(value, list | tuple) else [value])
            if v not in (None, "")
        }
        items = [
            {
                "value": str(v),
                "text": str(text),
                "selected": str(v) in chosen,
                "checked": str(v) in chosen,
            }
            for v, text in field.field.choices
        ]
        if component == "select":
            params["items"] = items
        else:
            params["items"] = [item for item in items if item["value"] != ""]
            params["fieldset"] = {
                "legend": {"text": str(field.label), "classes": "govuk-fieldset__legend--s"}
            }
            params["idPrefix"] = params.pop("id")
    elif component == "password" and not getattr(field.field.widget, "render_value", False):
        # A password typed into a refused form is never sent back in the page.
        params["value"] = ""
    else:
        params["value"] = "" if value is None else str(value)
        if component == "input":
            params["type"] = _input_type(field.field.widget)
            if params["type"] == "date" and hasattr(value, "isoformat"):
                params["value"] = value.isoformat()
            if params["type"] == "email":
                params["spellcheck"] = False
                params["autocomplete"] = "email"
    params.update(overrides)
    return params


def error_summary(form: forms.Form) -> list[dict[str, str]]:
    """The error list for govukErrorSummary: each message links to its field."""
    items = []
    for name, errors in form.errors.items():
        target = f"#{form[name].auto_id}" if name in form.fields else "#main-content"
        if name in form.fields and _component(form[name]) in {"radios", "checkboxes"}:
            target = f"#{form[name].auto_id}"
        items.extend({"text": str(error), "href": target} for error in errors)
    return items


def add_validation_error(form: forms.Form, error: Any) -> None:
    """Show a service's ValidationError on the form, beside the field it is about."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            for message in errors:
                text = " ".join(message.messages)
                if name == "name" and message.code == "unique":
                    text = "That name is already taken. Choose another."
                form.add_error(name if name in form.fields else None, text)
    else:
        form.add_error(None, error)


# A select with more options than this has them written in Python: the GOV.UK macro
# renders each option through several template conditionals, which for the 2,000 people
# of a county takes a large part of a second.
LONG_SELECT = 50
OPTIONS_PLACEHOLDER = "__partnerplan_options__"


def long_select(params: dict[str, Any]) -> tuple[dict[str, Any], Markup]:
    """The parameters for the GOV.UK select macro with one placeholder option, and the
    real options as HTML to put in its place."""
    html = "".join(
        f'<option value="{escape(item["value"])}"'
        f"{' selected' if item.get('selected') else ''}>{escape(item['text'])}</option>"
        for item in params["items"]
    )
    options = Markup(html)  # noqa: S704 - every value and text was escaped above
    placeholder = {"value": OPTIONS_PLACEHOLDER, "text": ""}
    return {**params, "items": [placeholder]}, options
