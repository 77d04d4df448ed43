"""GOV.UK Frontend components drawn in Python, for the Jinja templates.

The govuk-frontend-jinja macros render each component through dozens of template calls
(attribute helpers, nested macros, indentation filters); a page with a row of buttons, a
summary list and pagination spent more time in them than on its own data. These write
the same markup, take the same parameters as the macros they replace (the subset this
service uses), and escape every text. Keep them in step with govuk-frontend on upgrades.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from markupsafe import Markup, escape

ARROW_PREVIOUS = (
    '<svg class="govuk-pagination__icon govuk-pagination__icon--prev" '
    'xmlns="http://www.w3.org/2000/svg" height="13" width="15" aria-hidden="true" '
    'focusable="false" viewBox="0 0 15 13"><path d="m6.5938-0.0078125-6.7266 6.7266 6.7441 '
    '6.4062 1.377-1.449-4.1856-3.9768h12.896v-2h-12.984l4.2931-4.293-1.414-1.414z"></path></svg>'
)
ARROW_NEXT = (
    '<svg class="govuk-pagination__icon govuk-pagination__icon--next" '
    'xmlns="http://www.w3.org/2000/svg" height="13" width="15" aria-hidden="true" '
    'focusable="false" viewBox="0 0 15 13"><path d="m8.107-0.0078125-1.4136 1.414 4.2926 '
    '4.293h-12.986v2h12.896l-4.1855 3.9766 1.377 1.4492 6.7441-6.4062-6.7246-6.7266z"></path></svg>'
)


def _safe(html: str) -> Markup:
    return Markup(html)  # noqa: S704 - callers escape every value they put in


def _content(item: dict[str, Any]) -> Markup:
    """An item's "html" as it is (the template made it safe) or its "text" escaped."""
    if item.get("html") is not None:
        return (
            _safe(str(item["html"])) if isinstance(item["html"], Markup) else escape(item["html"])
        )
    return escape(item.get("text", ""))


def class_names(*names: str | None) -> str:
    """A class attribute's value from the names given, the empty ones left out."""
    return " ".join(name for name in names if name)


def button(params: dict[str, Any]) -> Markup:
    """govukButton: a link styled as a button when it has an "href", else a submit button."""
    classes = escape(class_names("govuk-button", params.get("classes")))
    text = _content(params)
    if params.get("href"):
        return _safe(
            f'<a href="{escape(params["href"])}" role="button" draggable="false" '
            f'class="{classes}" data-module="govuk-button">{text}</a>'
        )
    kind = escape(params.get("type") or "submit")
    return _safe(
        f'<button type="{kind}" class="{classes}" data-module="govuk-button">{text}</button>'
    )


def summary_list(params: dict[str, Any]) -> Markup:
    """govukSummaryList without cards or row actions: a key and a value per row."""
    rows = "".join(
        f'<div class="govuk-summary-list__row">'
        f'<dt class="govuk-summary-list__key">{_content(row["key"])}</dt>'
        f'<dd class="govuk-summary-list__value">{_content(row["value"])}</dd></div>'
        for row in params["rows"]
        if row
    )
    classes = escape(class_names("govuk-summary-list", params.get("classes")))
    return _safe(f'<dl class="{classes}">{rows}</dl>')


def pagination(params: dict[str, Any]) -> Markup:
    """govukPagination with "previous" and "next" links only (the block style)."""
    parts = [
        '<nav class="govuk-pagination govuk-pagination--block" '
        f'aria-label="{escape(params.get("landmarkLabel") or "Pagination")}">'
    ]
    for key, side, arrow, words in (
        ("previous", "prev", ARROW_PREVIOUS, "Previous"),
        ("next", "next", ARROW_NEXT, "Next"),
    ):
        link = params.get(key)
        if link and link.get("href"):
            parts.append(
                f'<div class="govuk-pagination__{side}">'
                f'<a class="govuk-link govuk-pagination__link" href="{escape(link["href"])}" '
                f'rel="{side}">{arrow}<span class="govuk-pagination__link-title '
                f'govuk-pagination__link-title--decorated">{words}'
                '<span class="govuk-visually-hidden"> page</span></span></a></div>'
            )
    parts.append("</nav>")
    return _safe("".join(parts))


def breadcrumbs(items: Iterable[dict[str, str]]) -> Markup:
    """GOV.UK breadcrumbs: each item's "text", linked to its "href" when it has one."""
    parts = [
        '<nav class="govuk-breadcrumbs" aria-label="Breadcrumb">'
        '<ol class="govuk-breadcrumbs__list">'
    ]
    for item in items:
        text = escape(item["text"])
        if item.get("href"):
            parts.append(
                '<li class="govuk-breadcrumbs__list-item"><a class="govuk-breadcrumbs__link" '
                f'href="{escape(item["href"])}">{text}</a></li>'
            )
        else:
            parts.append(
                f'<li class="govuk-breadcrumbs__list-item" aria-current="page">{text}</li>'
            )
    parts.append("</ol></nav>")
    return _safe("".join(parts))
