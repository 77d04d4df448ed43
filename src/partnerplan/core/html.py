"""A history page's entries as HTML, built in Python: a page shows 25 changes with a
table of fields each, and a template loop per field costs several times more. The markup
is GOV.UK Frontend's, and every value is escaped here."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from markupsafe import Markup, escape

from partnerplan.core.models import AuditAction, AuditSource
from partnerplan.core.selectors import HistoryRow

TAG_COLOURS = {
    AuditAction.CREATE: "govuk-tag--green",
    AuditAction.UPDATE: "govuk-tag--blue",
    AuditAction.DELETE: "govuk-tag--red",
    AuditAction.RESTORE: "govuk-tag--purple",
}
ACTION_LABELS = dict(AuditAction.choices)
SOURCE_LABELS = dict(AuditSource.choices)
FIELDS_HEAD = (
    '<table class="govuk-table pp-table-compact">'
    '<caption class="govuk-table__caption govuk-visually-hidden">Fields changed</caption>'
    '<thead class="govuk-table__head"><tr class="govuk-table__row">'
    '<th scope="col" class="govuk-table__header">Field</th>'
    '<th scope="col" class="govuk-table__header">Before</th>'
    '<th scope="col" class="govuk-table__header">After</th>'
    '</tr></thead><tbody class="govuk-table__body">'
)


def history_entries(rows: Iterable[HistoryRow], content_type_id: int) -> Markup:
    """Each change: what was done, when and by whom, and the fields before and after.
    Events about another kind of thing (a partnership's memberships) say what they were."""
    parts = []
    for row in rows:
        event = row.event
        about = ""
        if event.content_type_id != content_type_id:
            # The content types are cached by Django: no query.
            kind = ContentType.objects.get_for_id(event.content_type_id).name.capitalize()
            about = f"{escape(kind)} {escape(event.object_repr)}: "
        when = timezone.localtime(event.at).strftime("%-d %B %Y, %H:%M")
        parts.append(
            '<div class="pp-history-entry"><h2 class="govuk-heading-s">'
            f'<strong class="govuk-tag {TAG_COLOURS.get(event.action, "")}">'
            f"{escape(ACTION_LABELS.get(event.action, event.action))}</strong> "
            f"{about}{when} by {escape(event.actor_name)} "
            f'<span class="govuk-body-s pp-muted">'
            f"({escape(SOURCE_LABELS.get(event.source, event.source))})</span></h2>"
        )
        if row.changes:
            parts.append(FIELDS_HEAD)
            parts.extend(
                '<tr class="govuk-table__row">'
                f'<th scope="row" class="govuk-table__header">{escape(change.label)}</th>'
                f'<td class="govuk-table__cell">{escape(change.before or "—")}</td>'
                f'<td class="govuk-table__cell">{escape(change.after or "—")}</td></tr>'
                for change in row.changes
            )
            parts.append("</tbody></table>")
        parts.append("</div>")
    return Markup("".join(parts))  # noqa: S704 - every value was escaped above
