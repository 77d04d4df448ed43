"""Django forms drawn with the GOV.UK Frontend components.

`govuk_field(bound_field)` turns a bound field into the parameters of the matching
component macro, so that templates stay one line per field and every form shows
errors, hints and what the user typed in the same way.
"""

from __future__ import annotations

from typing import Any

from django import forms
from markupsafe import Markup, escape

from partnerplan.core.components import class_names


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


# --- drawing a field ----------------------------------------------------------------------
# The GOV.UK Frontend markup of label, hint, error message, input, textarea, select, radios
# and checkboxes, written in Python from the parameters govuk_field() gives. The macros
# draw the same markup through dozens of template calls per field, which made a page's
# form cost more than the rest of the page. Keep in step with govuk-frontend on upgrades;
# the password input, drawn only on the sign-in page, still uses its macro.


def field_html(params: dict[str, Any]) -> Markup:
    """One form field in its GOV.UK form group, from govuk_field()'s parameters."""
    if params["component"] in {"radios", "checkboxes"}:
        html = _choices_html(params)
    else:
        html = _single_html(params)
    return Markup(html)  # noqa: S704 - every value and text is escaped where it is written


def _hint_and_error(params: dict[str, Any], id_: str) -> tuple[list[str], list[str]]:
    """The hint and error message as HTML, and the ids a control is described by."""
    parts: list[str] = []
    described_by: list[str] = []
    if params.get("hint"):
        parts.append(
            f'<div id="{id_}-hint" class="govuk-hint">{escape(params["hint"]["text"])}</div>'
        )
        described_by.append(f"{id_}-hint")
    if params.get("errorMessage"):
        parts.append(
            f'<p id="{id_}-error" class="govuk-error-message">'
            f'<span class="govuk-visually-hidden">Error:</span> '
            f"{escape(params['errorMessage']['text'])}</p>"
        )
        described_by.append(f"{id_}-error")
    return parts, described_by


def _label_html(label: dict[str, Any], for_id: str) -> str:
    html = (
        f'<label class="{class_names("govuk-label", label.get("classes"))}" for="{for_id}">'
        f"{escape(label['text'])}</label>"
    )
    if label.get("isPageHeading"):
        return f'<h1 class="govuk-label-wrapper">{html}</h1>'
    return html


def _attribute(name: str, value: Any) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        value = str(value).lower()
    return f' {name}="{escape(value)}"'


def _affix(params: dict[str, Any], kind: str) -> str:
    affix = params.get(kind)
    if not affix:
        return ""
    return f'<div class="govuk-input__{kind}" aria-hidden="true">{escape(affix["text"])}</div>'


def _single_html(params: dict[str, Any]) -> str:
    component = params["component"]
    id_ = escape(params["id"])
    name = escape(params["name"])
    error = bool(params.get("errorMessage"))
    extra, described_by = _hint_and_error(params, id_)
    described = _attribute("aria-describedby", " ".join(described_by))
    base = {"textarea": "govuk-textarea", "select": "govuk-select"}.get(component, "govuk-input")
    css = class_names(base, params.get("classes"), error and f"{base}--error")
    if component == "textarea":
        control = (
            f'<textarea class="{css}"'
            f' id="{id_}" name="{name}" rows="{escape(params.get("rows", 5))}"{described}'
            f"{_attribute('autocomplete', params.get('autocomplete'))}>"
            f"{escape(params.get('value', ''))}</textarea>"
        )
    elif component == "select":
        # None of the values is "\0": with no value given, only "selected" items are chosen.
        chosen_value = str(params.get("value") or "\0")
        options = "".join(
            f'<option value="{escape(item["value"])}"'
            f"{' selected' if item.get('selected') or item['value'] == chosen_value else ''}>"
            f"{escape(item['text'])}</option>"
            for item in params.get("items", [])
        )
        control = f'<select class="{css}" id="{id_}" name="{name}"{described}>{options}</select>'
    else:
        spellcheck = params.get("spellcheck")
        control = (
            f'<input class="{css}"'
            f' id="{id_}" name="{name}" type="{escape(params.get("type") or "text")}"'
            f"{_attribute('spellcheck', spellcheck if isinstance(spellcheck, bool) else None)}"
            f' value="{escape(params.get("value") or "")}"{described}'
            f"{_attribute('autocomplete', params.get('autocomplete'))}>"
        )
        if params.get("prefix") or params.get("suffix"):
            control = (
                f'<div class="govuk-input__wrapper">{_affix(params, "prefix")}{control}'
                f"{_affix(params, 'suffix')}</div>"
            )
    group = class_names("govuk-form-group", error and "govuk-form-group--error")
    return (
        f'<div class="{group}">{_label_html(params["label"], id_)}{"".join(extra)}{control}</div>'
    )


def _choices_html(params: dict[str, Any]) -> str:
    kind = params["component"]  # "radios" or "checkboxes"
    block = "govuk-radios" if kind == "radios" else "govuk-checkboxes"
    input_type = "radio" if kind == "radios" else "checkbox"
    prefix = escape(params.get("idPrefix") or params["name"])
    name = escape(params["name"])
    error = bool(params.get("errorMessage"))
    extra, described_by = _hint_and_error(params, prefix)
    items = []
    for index, item in enumerate(params.get("items", []), start=1):
        item_id = prefix if index == 1 else f"{prefix}-{index}"
        checked = " checked" if item.get("checked") else ""
        hint = described = ""
        if item.get("hint"):
            described = f' aria-describedby="{item_id}-item-hint"'
            hint = (
                f'<div id="{item_id}-item-hint" class="govuk-hint {block}__hint">'
                f"{escape(item['hint']['text'])}</div>"
            )
        items.append(
            f'<div class="{block}__item"><input class="{block}__input" id="{item_id}"'
            f' name="{name}" type="{input_type}" value="{escape(item["value"])}"{checked}'
            f"{described}>"
            f'<label class="govuk-label {block}__label" for="{item_id}">'
            f"{escape(item['text'])}</label>{hint}</div>"
        )
    legend = params.get("fieldset", {}).get("legend", {"text": params["label"]["text"]})
    group = class_names("govuk-form-group", error and "govuk-form-group--error")
    return (
        f'<div class="{group}"><fieldset class="govuk-fieldset"'
        f"{_attribute('aria-describedby', ' '.join(described_by))}>"
        f'<legend class="{class_names("govuk-fieldset__legend", legend.get("classes"))}">'
        f"{escape(legend['text'])}</legend>{''.join(extra)}"
        f'<div class="{class_names(block, params.get("classes"))}" data-module="{block}">'
        f"{''.join(items)}</div></fieldset></div>"
    )
