"""A plan table's rows as HTML, built in Python: a plan page draws hundreds of rows of
several cells each, and doing it here takes a fraction of the time of a template loop.
The markup is the same GOV.UK table markup the template around it uses.

The rows escape their text with the standard library's html.escape: it returns a plain
string, where markupsafe's escape wraps each in a Markup object, and a plan page escapes
over three thousand values."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache
from html import escape as escape_text

from markupsafe import Markup

from partnerplan.core.links import link_maker
from partnerplan.plans.choices import STATUS_TAG_CLASS, status_label
from partnerplan.plans.selectors import ActionRow, Cell


@lru_cache(maxsize=32)
def status_tag(status: str | None) -> Markup:
    """A status as a coloured tag that also says the status in words."""
    css = STATUS_TAG_CLASS.get(status or "", "govuk-tag--grey")
    return Markup('<strong class="govuk-tag {}">{}</strong>').format(css, status_label(status))


def _milestone_items(cell: Cell) -> str:
    return "".join(
        f'<li class="pp-overdue">{escape_text(line)}</li>'
        if late
        else f"<li>{escape_text(line)}</li>"
        for line, late in zip(cell.lines, cell.overdue, strict=True)
    )


def _cell(cell: Cell) -> str:
    if cell.status:
        inner: str = status_tag(cell.status)
    elif cell.numbered and cell.lines:
        items = _milestone_items(cell)
        inner = f'<ol class="govuk-list govuk-list--number pp-milestones">{items}</ol>'
    elif len(cell.lines) == 1:
        inner = escape_text(cell.lines[0])
    else:
        inner = "<br>".join([escape_text(line) for line in cell.lines])
    return f'<td class="govuk-table__cell pp-col-{cell.column}">{inner}</td>'


def _row(row: ActionRow, link: Callable[[object], str]) -> str:
    heading = (
        f'<th scope="row" class="govuk-table__header pp-col-action">'
        f'<a class="govuk-link" href="{link(row.pk)}">{escape_text(row.number or "View")}</a> '
        f"{escape_text(row.title)}</th>"
    )
    cells = "".join([_cell(cell) for cell in row.cells])
    return f'<tr class="govuk-table__row">{heading}{cells}</tr>'


def action_rows(rows: list[ActionRow]) -> Markup:
    """An objective's rows at once: one call from the template instead of one a row."""
    link = link_maker("plans:action")
    return Markup("\n".join([_row(row, link) for row in rows]))  # noqa: S704 - escaped in _row


def select_options(choices: Iterable[tuple[object, str]], selected: object) -> Markup:
    """A select's options: a plan's filters offer hundreds of leads and organisations."""
    return Markup(  # noqa: S704 - every value and label escaped here
        "".join(
            [
                f'<option value="{escape_text(str(value))}"'
                f"{' selected' if value == selected else ''}>{escape_text(label)}</option>"
                for value, label in choices
            ]
        )
    )
