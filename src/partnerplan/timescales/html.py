"""Tags for where things stand against their due dates, and the long lists of the due
and timeline pages, drawn in Python: a county's due list or a 300-action plan's timeline
has hundreds of rows, and a template loop over them costs more than the page's own
work (as with the plan table, plans/html.py). The markup is the GOV.UK table markup the
templates around them use; every text is escaped here."""

from __future__ import annotations

import re
from functools import lru_cache
from html import escape as escape_text

from markupsafe import Markup

from partnerplan.core.links import link_maker
from partnerplan.core.periods import long_date
from partnerplan.timescales.choices import DeadlineState, DueState
from partnerplan.timescales.selectors import DUE_TAG_CLASS, DueItem, Timeline

_WORDS = {**dict(DueState.choices), **dict(DeadlineState.choices)}


@lru_cache(maxsize=16)
def due_tag(state: str | None) -> Markup:
    """A due state as a coloured tag that says it in words; nothing for no state."""
    if not state:
        return Markup("")
    return Markup('<strong class="govuk-tag {}">{}</strong>').format(
        DUE_TAG_CLASS.get(state, "govuk-tag--grey"), _WORDS.get(state, state)
    )


def shorten(text: str, limit: int) -> str:
    """One line of at most `limit` characters, cut at a word where there is one."""
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.-") + "…"


def _due_row(item: DueItem, link: str) -> str:
    notes = ""
    if item.recurring:
        notes += '<br><span class="govuk-body-s pp-muted">Repeats: the next date is shown</span>'
    if item.set_by_hand:
        notes += '<br><span class="govuk-body-s pp-muted">Date set by hand</span>'
    return (
        '<tr class="govuk-table__row">'
        f'<td class="govuk-table__cell pp-nowrap">{long_date(item.due_on)}<br>'
        f"{due_tag(item.state)}</td>"
        f'<td class="govuk-table__cell"><a class="govuk-link" href="{link}">'
        f"{escape_text(item.label)}</a>: {escape_text(shorten(item.text, 160))}</td>"
        f'<td class="govuk-table__cell">{escape_text(item.plan_title)}<br>'
        f'<span class="govuk-body-s pp-muted">{escape_text(item.partnership_name)}</span></td>'
        f'<td class="govuk-table__cell">{escape_text(item.timescale)}{notes}</td>'
        "</tr>"
    )


def due_rows(items: list[DueItem]) -> Markup:
    """The rows of one of What's due's tables."""
    link = link_maker("plans:action")
    rows = [_due_row(item, link(item.action_id)) for item in items]
    return Markup("\n".join(rows))  # noqa: S704 - escaped in _due_row


def timeline_rows(timeline: Timeline, action_label: str) -> Markup:
    """The rows of a plan's timeline: the milestone, when it falls, and its bar."""
    link = link_maker("plans:action")
    label = escape_text(action_label)
    today = (
        f'<span class="pp-gantt__today" style="left: {timeline.today_at}%"></span>'
        if timeline.today_at is not None
        else ""
    )
    rows = []
    for bar in timeline.bars:
        words = (
            f'<br><span class="govuk-body-s pp-muted">“{escape_text(bar.timescale)}”</span>'
            if bar.timescale
            else ""
        )
        state = f"<br>{due_tag(bar.state)}" if bar.state else ""
        if bar.marks:
            drawn = "".join(
                f'<span class="pp-gantt__mark" style="left: {mark}%"></span>' for mark in bar.marks
            )
        else:
            drawn = (
                f'<span class="pp-gantt__bar pp-gantt__bar--{bar.state or "upcoming"}" '
                f'style="left: {bar.left}%; width: {bar.width}%"></span>'
            )
        rows.append(
            '<tr class="govuk-table__row">'
            f'<td class="govuk-table__cell pp-gantt__what"><a class="govuk-link" '
            f'href="{link(bar.action_id)}">{label} {escape_text(bar.action_number)}</a>, '
            f"{escape_text(bar.number)}: {escape_text(shorten(bar.text, 90))}</td>"
            f'<td class="govuk-table__cell pp-gantt__when">{escape_text(bar.window)}'
            f"{words}{state}</td>"
            '<td class="govuk-table__cell pp-gantt__chart" aria-hidden="true">'
            f'<span class="pp-gantt__track">{today}{drawn}</span></td>'
            "</tr>"
        )
    return Markup("\n".join(rows))  # noqa: S704 - every text escaped above
