"""The Jinja2 environment: our templates, the GOV.UK Frontend macros, and a few globals."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.messages import get_messages
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, PrefixLoader
from markupsafe import Markup

from partnerplan.core.components import breadcrumbs, button, pagination, summary_list
from partnerplan.core.forms import error_summary, field_html, govuk_field
from partnerplan.core.html import history_entries
from partnerplan.core.links import link_to
from partnerplan.core.periods import long_date
from partnerplan.core.permissions import access_for, can
from partnerplan.partnerships.html import member_radios, member_rows
from partnerplan.plans.html import action_rows, select_options, status_tag
from partnerplan.timescales.html import due_rows, due_tag, timeline_rows
from partnerplan.timescales.selectors import due_state


def url(name: str, *args: Any, **kwargs: Any) -> str:
    if kwargs:
        return reverse(name, kwargs=kwargs)
    return link_to(name, *args)


def localtime(value: datetime | None) -> str:
    """A moment as people in the partnership read it: 4 May 2026, 14:05."""
    if value is None:
        return ""
    return timezone.localtime(value).strftime("%-d %B %Y, %H:%M")


def link(obj: Any) -> Markup:
    """A link to an object's page, for lists of names inside a sentence."""
    return format_html('<a class="govuk-link" href="{}">{}</a>', obj.get_absolute_url(), obj)


def external_link(address: str) -> Markup:
    return format_html('<a class="govuk-link" href="{}">{}</a>', address, address)


def history_url(obj: Any) -> str:
    return link_to("core:history", obj._meta.label_lower, obj.pk)


def quarter_label(key: int | None) -> str:
    from partnerplan.core.periods import Quarter

    return Quarter.from_key(key).label if key else "Never"


def environment(**options: Any) -> Environment:
    options["loader"] = ChoiceLoader(
        [
            FileSystemLoader(str(settings.PACKAGE_DIR / "templates")),
            PrefixLoader(
                {"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja", "templates")}
            ),
        ]
    )
    options.setdefault("trim_blocks", True)
    options.setdefault("lstrip_blocks", True)
    env = Environment(**options)  # noqa: S701 - autoescape is set in settings.TEMPLATES
    env.globals.update(
        {
            "url": url,
            "breadcrumbs": breadcrumbs,
            "button": button,
            "summary_list": summary_list,
            "pagination": pagination,
            "static": static,
            "can": can,
            "access_for": access_for,
            "history_url": history_url,
            "status_tag": status_tag,
            "due_tag": due_tag,
            "due_rows": due_rows,
            "timeline_rows": timeline_rows,
            "due_state": due_state,
            # Long lists and tables, drawn in Python (see each module's docstring).
            "action_rows": action_rows,
            "select_options": select_options,
            "member_rows": member_rows,
            "member_radios": member_radios,
            "history_entries": history_entries,
            "quarter_label": quarter_label,
            "govuk_field": govuk_field,
            "field_html": field_html,
            "error_summary": error_summary,
            "get_messages": get_messages,
            "service_name": settings.SERVICE_NAME,
            "installation_name": settings.INSTALLATION_NAME,
        }
    )
    env.filters.update(
        {
            "localtime": localtime,
            "long_date": long_date,
            "pp_link": link,
            "external_link": external_link,
        }
    )
    return env
