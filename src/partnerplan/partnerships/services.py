"""Writes to the partnership framework. Views, commands and the demo all call these."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from partnerplan.core.audit import Actor, file_under, record_related_change
from partnerplan.core.models import AuditEvent
from partnerplan.core.services import create_audited, delete_audited, update_audited
from partnerplan.partnerships.models import (
    Membership,
    Organisation,
    Partnership,
    Person,
    ReportingLine,
)
from partnerplan.partnerships.selectors import reachable

# --- organisations and people -----------------------------------------------------------


def organisation_create(
    *, actor: Actor, name: str, sector: str, short_name: str = "", website: str = ""
) -> Organisation:
    return create_audited(
        Organisation,
        actor=actor,
        name=name,
        sector=sector,
        short_name=short_name,
        website=website,
    )


def organisation_update(*, organisation: Organisation, actor: Actor, **fields: str) -> Organisation:
    return update_audited(organisation, actor=actor, **fields)


def _partnerships_sat_on(seats: Q) -> set[int]:
    return set(Membership.objects.filter(seats).values_list("partnership_id", flat=True))


@transaction.atomic
def organisation_delete(*, organisation: Organisation, actor: Actor) -> AuditEvent:
    """Delete an organisation with its seats, unlinking its people; all can be restored.

    An organisation belongs to no one partnership, so the deletion is filed under every
    partnership it sat on, itself or through its people (the partnerships whose pages
    showed it): their managers, and no others, may see and restore it.
    """
    # Read before the delete, which takes the organisation's own seats with it.
    partnerships = _partnerships_sat_on(
        Q(organisation=organisation) | Q(person__organisation=organisation)
    )
    event = delete_audited(organisation, actor=actor)
    file_under(event, partnerships)
    return event


def person_create(
    *,
    actor: Actor,
    name: str,
    job_title: str = "",
    organisation: Organisation | None = None,
    email: str = "",
    user: object | None = None,
) -> Person:
    return create_audited(
        Person,
        actor=actor,
        name=name,
        job_title=job_title,
        organisation=organisation,
        email=email,
        user=user,
    )


def person_update(*, person: Person, actor: Actor, **fields: object) -> Person:
    return update_audited(person, actor=actor, **fields)


@transaction.atomic
def person_delete(*, person: Person, actor: Actor) -> AuditEvent:
    """Delete a person with their seats; filed under the partnerships they sat on, as an
    organisation's deletion is."""
    partnerships = _partnerships_sat_on(Q(person=person))
    event = delete_audited(person, actor=actor)
    file_under(event, partnerships)
    return event


# --- partnerships and reporting lines ---------------------------------------------------


def _lines_up(*, without_line: int | None = None) -> dict[int, list[int]]:
    """The partnerships each one reports to directly, from every reporting line (one query).

    `without_line`: the id of a line to leave out, as if it were already gone.
    """
    lines = ReportingLine.objects.all()
    if without_line is not None:
        lines = lines.exclude(pk=without_line)
    parents: dict[int, list[int]] = {}
    for child, parent in lines.values_list("partnership_id", "reports_to_id"):
        parents.setdefault(child, []).append(parent)
    return parents


def check_no_loop(
    partnership: Partnership,
    reports_to: Iterable[Partnership],
    *,
    replacing: ReportingLine | None = None,
) -> None:
    """Refuse reporting lines from `partnership` up to `reports_to` that would make a loop.

    The one rule for every way in: set_reporting_lines calls it for the web forms, and
    the site administration's reporting line form for a single line. `replacing` is a
    line being edited: it will not be there afterwards, so it cannot close a loop.
    Raises ValidationError on "reports_to", the name of the field in both forms.
    """
    parents = list(reports_to)
    if any(parent.pk == partnership.pk for parent in parents):
        raise ValidationError({"reports_to": "A partnership cannot report to itself."})
    if not partnership.pk:
        return  # not saved yet, so nothing reports to it
    lines_up = _lines_up(without_line=replacing.pk if replacing is not None else None)
    looping = sorted(
        parent.name for parent in parents if partnership.pk in reachable(lines_up, [parent.pk])
    )
    if looping:
        raise ValidationError(
            {
                "reports_to": f"That would make a loop: {' and '.join(looping)} already "
                f"report{'s' if len(looping) == 1 else ''}, directly or further up, "
                f"to {partnership.name}."
            }
        )


@transaction.atomic
def partnership_create(
    *,
    actor: Actor,
    name: str,
    kind: str,
    short_name: str = "",
    description: str = "",
    website: str = "",
    reports_to: Iterable[Partnership] = (),
) -> Partnership:
    partnership = create_audited(
        Partnership,
        actor=actor,
        name=name,
        kind=kind,
        short_name=short_name,
        description=description,
        website=website,
    )
    parents = list(reports_to)
    if parents:
        set_reporting_lines(partnership=partnership, reports_to=parents, actor=actor)
    return partnership


@transaction.atomic
def partnership_update(
    *,
    partnership: Partnership,
    actor: Actor,
    reports_to: Iterable[Partnership] | None = None,
    **fields: str,
) -> Partnership:
    partnership = update_audited(partnership, actor=actor, **fields)
    if reports_to is not None:
        set_reporting_lines(partnership=partnership, reports_to=reports_to, actor=actor)
    return partnership


def partnership_delete(*, partnership: Partnership, actor: Actor) -> AuditEvent:
    """Delete a partnership with its memberships and lines; all of it can be restored."""
    return delete_audited(partnership, actor=actor)


@transaction.atomic
def set_reporting_lines(
    *, partnership: Partnership, reports_to: Iterable[Partnership], actor: Actor
) -> Partnership:
    """Make `partnership` report to exactly these partnerships."""
    wanted = {parent.pk: parent for parent in reports_to}
    check_no_loop(partnership, wanted.values())
    current = dict(
        ReportingLine.objects.filter(partnership=partnership)
        .select_related("reports_to")
        .values_list("reports_to_id", "reports_to__name")
    )
    added = [wanted[pk] for pk in wanted if pk not in current]
    removed = [pk for pk in current if pk not in wanted]
    if not added and not removed:
        return partnership
    ReportingLine.objects.filter(partnership=partnership, reports_to_id__in=removed).delete()
    ReportingLine.objects.bulk_create(
        [ReportingLine(partnership=partnership, reports_to=parent) for parent in added]
    )
    before = sorted(current.values())
    after = sorted(parent.name for parent in wanted.values())
    record_related_change(
        partnership,
        {
            "reports_to": {
                "label": "reports to",
                "before": sorted(current),
                "before_text": ", ".join(before),
                "after": sorted(wanted),
                "after_text": ", ".join(after),
            }
        },
        actor=actor,
        partnership_id=partnership.pk,
    )
    return partnership


# --- memberships ------------------------------------------------------------------------


def membership_add(
    *,
    actor: Actor,
    partnership: Partnership,
    role: str,
    sector: str,
    person: Person | None = None,
    organisation: Organisation | None = None,
    from_date: date | None = None,
    to_date: date | None = None,
) -> Membership:
    return create_audited(
        Membership,
        actor=actor,
        partnership=partnership,
        person=person,
        organisation=organisation,
        role=role,
        sector=sector,
        from_date=from_date,
        to_date=to_date,
    )


def membership_update(*, membership: Membership, actor: Actor, **fields: object) -> Membership:
    return update_audited(membership, actor=actor, **fields)


def membership_remove(*, membership: Membership, actor: Actor) -> AuditEvent:
    return delete_audited(membership, actor=actor)
