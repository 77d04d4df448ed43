"""Long lists of the framework pages as HTML, built in Python: a template loop with a
macro per row costs many times more (see plans/html.py, which does the same for plans).
The markup is the GOV.UK Frontend markup the templates around them use, and every value
is escaped here."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.utils.html import escape as django_escape
from markupsafe import Markup, escape

from partnerplan.core.forms import field_html
from partnerplan.core.links import link_maker
from partnerplan.core.periods import long_date
from partnerplan.partnerships.choices import MemberRole, PartnershipKind, SectorRepresented
from partnerplan.partnerships.selectors import MemberRow, PersonEntry, Seat

KIND_LABELS = dict(PartnershipKind.choices)


# Escaped once, not once a row.
SECTOR_CELLS = {value: str(escape(label)) for value, label in SectorRepresented.choices}
ROLE_CELLS = {value: str(escape(label)) for value, label in MemberRole.choices}


class _MemberLinks:
    """The addresses a members table links to, each reversed once for the table."""

    def __init__(self) -> None:
        self.person = link_maker("partnerships:person")
        self.organisation = link_maker("partnerships:organisation")
        self.change = link_maker("partnerships:membership_edit")
        self.remove = link_maker("partnerships:membership_delete")


def _member_cell(row: MemberRow, name: str, links: _MemberLinks) -> str:
    """The member's name (escaped by the caller), linked, with a job title or "(organisation)"."""
    if row.person_id:
        cell = f'<a class="govuk-link" href="{links.person(row.person_id)}">{name}</a>'
        if row.person_job_title:
            title = escape(row.person_job_title)
            cell += f'<br><span class="govuk-body-s pp-muted">{title}</span>'
        return cell
    return (
        f'<a class="govuk-link" href="{links.organisation(row.organisation_id)}">{name}</a> '
        '<span class="govuk-body-s pp-muted">(organisation)</span>'
    )


def _actions_cell(row: MemberRow, name: str, links: _MemberLinks) -> str:
    return (
        f'<a class="govuk-link" href="{links.change(row.pk)}">'
        f'Change<span class="govuk-visually-hidden"> membership of {name}</span></a>'
        f'<a class="govuk-link govuk-!-margin-left-2" href="{links.remove(row.pk)}">'
        f'Remove<span class="govuk-visually-hidden"> {name}</span></a>'
    )


def member_row(row: MemberRow, may_change: bool, links: _MemberLinks) -> str:
    """One member's table row: name (linked), organisation, sector, dates, actions."""
    name = escape(row.person_name if row.person_id else row.organisation_name)
    since = long_date(row.from_date) or "—"
    if row.to_date:
        since += f" to {long_date(row.to_date)}"
    organisation = row.person_organisation_name if row.person_id else None
    sector = SECTOR_CELLS.get(row.sector) or escape(row.sector)
    actions = _actions_cell(row, name, links) if may_change else ""
    return (
        '<tr class="govuk-table__row">'
        f'<td class="govuk-table__cell">{_member_cell(row, name, links)}</td>'
        f'<td class="govuk-table__cell">{escape(organisation or "—")}</td>'
        f'<td class="govuk-table__cell">{sector}</td>'
        f'<td class="govuk-table__cell">{since}</td>'
        f'<td class="govuk-table__cell pp-nowrap">{actions}</td>'
        "</tr>"
    )


def member_rows(rows: Iterable[MemberRow], may_change: bool) -> Markup:
    """The rows of a members table; `may_change` is asked once for the partnership."""
    links = _MemberLinks()
    html = "".join([member_row(row, may_change, links) for row in rows])
    return Markup(html)  # noqa: S704 - every value was escaped in member_row


def _seat_row(seat: Seat, link: Callable[[object], str]) -> str:
    role = ROLE_CELLS.get(seat.role) or escape(seat.role)
    sector = SECTOR_CELLS.get(seat.sector) or escape(seat.sector)
    return (
        '    <tr class="govuk-table__row">\n'
        '      <td class="govuk-table__cell"><a class="govuk-link" '
        f'href="{link(seat.partnership_id)}">{escape(seat.partnership_name)}</a></td>\n'
        f'      <td class="govuk-table__cell">{role}</td>\n'
        f'      <td class="govuk-table__cell">{sector}</td>\n'
        "    </tr>"
    )


def seat_rows(seats: Iterable[Seat]) -> Markup:
    """A person's or organisation's seats as the rows of their partnerships table:
    the partnership (linked), the role, the sector represented; laid out line by line
    as the template loop they replace wrote them."""
    link = link_maker("partnerships:partnership")
    rows = [_seat_row(seat, link) for seat in seats]
    return Markup("\n".join(rows))  # noqa: S704 - every value was escaped in _seat_row


def people_items(people: Iterable[PersonEntry]) -> Markup:
    """An organisation's people as list items: the name (linked), then any job title."""
    link = link_maker("partnerships:person")
    items = [
        f'<li><a class="govuk-link" href="{link(person.pk)}">{escape(person.name)}</a>'
        f"{f', {escape(person.job_title)}' if person.job_title else ''}</li>"
        for person in people
    ]
    return Markup("".join(items))  # noqa: S704 - every value was escaped above


def _kind_label(partnership: Any) -> str:
    # Not get_kind_display(): it flattens and hashes the choices on every call.
    return KIND_LABELS.get(partnership.kind, partnership.kind)


def _members(count: int) -> str:
    return f"{count} member{'' if count == 1 else 's'}"


def partnership_links(partnerships: Iterable[Any]) -> Markup:
    """Links to partnerships, for a list of names inside a sentence, separated by commas:
    each as the templates' pp_link filter writes it (with Django's escaping, which writes
    an apostrophe as &#x27;)."""
    link = link_maker("partnerships:partnership")
    links = [
        f'<a class="govuk-link" href="{link(p.pk)}">{django_escape(p.name)}</a>'
        for p in partnerships
    ]
    return Markup(", ".join(links))  # noqa: S704 - every name was escaped above


def plan_items(plans: Iterable[Any]) -> Markup:
    """A partnership's plans as list items: the title (linked), kind, period and status."""
    link = link_maker("plans:plan")
    items = [
        f'<li><a class="govuk-link" href="{link(plan.pk)}">{escape(plan.title)}</a> '
        f'<span class="pp-muted">{escape(plan.get_kind_display())}, {escape(plan.period)}, '
        f"{escape(plan.get_status_display().lower())}</span></li>"
        for plan in plans
    ]
    return Markup("\n".join(items))  # noqa: S704 - every value was escaped above


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
