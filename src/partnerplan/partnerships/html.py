"""Long lists of the framework pages as HTML, built in Python: a template loop with a
macro per row costs many times more (see plans/html.py, which does the same for plans).
The markup is the GOV.UK Frontend markup the templates around them use, and every value
is escaped here."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import Any

from markupsafe import Markup, escape

from partnerplan.core.forms import field_html
from partnerplan.core.links import link_maker
from partnerplan.partnerships.choices import PartnershipKind, SectorRepresented

SECTOR_LABELS = dict(SectorRepresented.choices)
KIND_LABELS = dict(PartnershipKind.choices)


def _long_date(value: date | None) -> str:
    return "" if value is None else value.strftime("%-d %B %Y")


class _MemberLinks:
    """The addresses a members table links to, each reversed once for the table."""

    def __init__(self) -> None:
        self.person = link_maker("partnerships:person")
        self.organisation = link_maker("partnerships:organisation")
        self.change = link_maker("partnerships:membership_edit")
        self.remove = link_maker("partnerships:membership_delete")


def _member_cell(row: dict[str, Any], links: _MemberLinks) -> str:
    if row["person_id"]:
        link = (
            f'<a class="govuk-link" href="{links.person(row["person_id"])}">'
            f"{escape(row['person__name'])}</a>"
        )
        if row["person__job_title"]:
            link += (
                f'<br><span class="govuk-body-s pp-muted">{escape(row["person__job_title"])}</span>'
            )
        return link
    href = links.organisation(row["organisation_id"])
    name = escape(row["organisation__name"])
    return (
        f'<a class="govuk-link" href="{href}">{name}</a> '
        '<span class="govuk-body-s pp-muted">(organisation)</span>'
    )


def _actions_cell(row: dict[str, Any], links: _MemberLinks) -> str:
    name = escape(row["person__name"] or row["organisation__name"])
    return (
        f'<a class="govuk-link" href="{links.change(row["pk"])}">'
        f'Change<span class="govuk-visually-hidden"> membership of {name}</span></a>'
        f'<a class="govuk-link govuk-!-margin-left-2" '
        f'href="{links.remove(row["pk"])}">'
        f'Remove<span class="govuk-visually-hidden"> {name}</span></a>'
    )


def member_row(row: dict[str, Any], may_change: bool, links: _MemberLinks) -> str:
    """One member's table row: name (linked), organisation, sector, dates, actions."""
    since = _long_date(row["from_date"]) or "—"
    if row["to_date"]:
        since += f" to {_long_date(row['to_date'])}"
    organisation = row["person__organisation__name"] if row["person_id"] else None
    cells = (
        _member_cell(row, links),
        escape(organisation or "—"),
        escape(SECTOR_LABELS.get(row["sector"], row["sector"])),
        since,
        _actions_cell(row, links) if may_change else "",
    )
    return (
        '<tr class="govuk-table__row">'
        f'<td class="govuk-table__cell">{cells[0]}</td>'
        f'<td class="govuk-table__cell">{cells[1]}</td>'
        f'<td class="govuk-table__cell">{cells[2]}</td>'
        f'<td class="govuk-table__cell">{cells[3]}</td>'
        f'<td class="govuk-table__cell pp-nowrap">{cells[4]}</td>'
        "</tr>"
    )


def member_rows(rows: Iterable[dict[str, Any]], may_change: bool) -> Markup:
    """The rows of a members table; `may_change` is asked once for the partnership."""
    links = _MemberLinks()
    html = "".join(member_row(row, may_change, links) for row in rows)
    return Markup(html)  # noqa: S704 - every value was escaped in member_row


def _kind_label(partnership: Any) -> str:
    # Not get_kind_display(): it flattens and hashes the choices on every call.
    return KIND_LABELS.get(partnership.kind, partnership.kind)


def _members(count: int) -> str:
    return f"{count} member{'' if count == 1 else 's'}"


def framework_tree(
    nodes: Sequence[Any], level: int = 1, link: Callable[[object], str] | None = None
) -> Markup:
    """The reporting lines as nested lists: each partnership under those it reports to.
    A nested list is what assistive technology reads as a tree of links."""
    link = link or link_maker("partnerships:partnership")
    parts = [f'<ul class="pp-tree{" pp-tree--root" if level == 1 else ""}">']
    for node in nodes:
        p = node.partnership
        href = link(p.pk)
        meta = f"{escape(_kind_label(p))} · {_members(p.member_count)}"
        parts.append(
            '<li class="pp-tree__item">'
            f'<div class="pp-tree__card pp-kind--{escape(p.kind)}">'
            f'<a class="govuk-link govuk-!-font-weight-bold" href="{href}">{escape(p.name)}</a> '
            f'<span class="pp-tree__meta">{meta}</span>'
        )
        if node.other_parents:
            names = ", ".join(str(escape(other.name)) for other in node.other_parents)
            parts.append(f' <span class="pp-tree__meta">Also reports to {names}</span>')
        parts.append("</div>")
        if node.children:
            parts.append(framework_tree(node.children, level + 1, link))
        parts.append("</li>")
    parts.append("</ul>")
    return Markup("".join(parts))  # noqa: S704 - every value was escaped above


def framework_table_rows(partnerships: Sequence[Any], parents_of: dict[int, list[Any]]) -> Markup:
    """The table alternative to the diagram: one row per partnership."""
    rows = []
    link = link_maker("partnerships:partnership")
    for p in partnerships:
        parents = ", ".join(str(escape(parent.name)) for parent in parents_of.get(p.pk, ()))
        rows.append(
            '<tr class="govuk-table__row">'
            f'<td class="govuk-table__cell"><a class="govuk-link" '
            f'href="{link(p.pk)}">{escape(p.name)}</a></td>'
            f'<td class="govuk-table__cell">{escape(_kind_label(p))}</td>'
            f'<td class="govuk-table__cell">{parents or "—"}</td>'
            f'<td class="govuk-table__cell govuk-table__cell--numeric">{p.member_count}</td>'
            "</tr>"
        )
    return Markup("".join(rows))  # noqa: S704 - every value was escaped above


def member_radios(field: Any, options: Sequence[Any], chosen: str) -> Markup:
    """The people and organisations found, as GOV.UK radios named `member`, each with
    its organisation or kind as the hint, drawn by the one form-field renderer."""
    params: dict[str, Any] = {
        "component": "radios",
        "name": field.html_name,
        "idPrefix": field.auto_id,
        "label": {"text": str(field.label)},
        "fieldset": {"legend": {"text": str(field.label), "classes": "govuk-fieldset__legend--m"}},
        "classes": "govuk-radios--small",
        "items": [
            {
                "value": option.value,
                "text": option.label,
                "checked": option.value == chosen,
                "hint": {"text": option.hint},
            }
            for option in options
        ],
    }
    if field.errors:
        params["errorMessage"] = {"text": " ".join(str(error) for error in field.errors)}
    return field_html(params)
