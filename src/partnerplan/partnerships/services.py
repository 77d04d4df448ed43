"""Writes to the partnership framework. Views, commands and the demo all call these."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from partnerplan.core.audit import Actor, record_related_change
from partnerplan.core.models import AuditEvent
from partnerplan.core.services import create_audited, delete_audited, update_audited
from partnerplan.partnerships.models import (
    Membership,
    Organisation,
    Partnership,
    Person,
    ReportingLine,
)

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


def organisation_delete(*, organisation: Organisation, actor: Actor) -> AuditEvent:
    return delete_audited(organisation, actor=actor)


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


def person_delete(*, person: Person, actor: Actor) -> AuditEvent:
    return delete_audited(person, actor=actor)


# --- partnerships and reporting lines ---------------------------------------------------


def ancestors_of(partnership_ids: Iterable[int]) -> set[int]:
    """Every partnership the given ones report to, directly or further up."""
    parents: dict[int, list[int]] = {}
    for child, parent in ReportingLine.objects.values_list("partnership_id", "reports_to_id"):
        parents.setdefault(child, []).append(parent)
    found: set[int] = set()
    stack = list(partnership_ids)
    while stack:
        node = stack.pop()
        for parent in parents.get(node, []):
            if parent not in found:
                found.add(parent)
                stack.append(parent)
    return found


def _check_no_cycle(partnership: Partnership, reports_to: Iterable[Partnership]) -> None:
    parent_ids = {parent.pk for parent in reports_to}
    if partnership.pk in parent_ids:
        raise ValidationError({"reports_to": "A partnership cannot report to itself."})
    if partnership.pk and partnership.pk in ancestors_of(parent_ids):
        raise ValidationError(
            {
                "reports_to": "That would make a loop: one of the chosen partnerships already "
                f"reports, directly or further up, to {partnership.name}."
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
    _check_no_cycle(partnership, wanted.values())
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
