"""Reads for the framework pages: each a fixed number of queries, whatever the scale."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet

from partnerplan.core.permissions import visible_organisations, visible_partnerships, visible_people
from partnerplan.partnerships.choices import (
    MEMBER_ROLE_ORDER,
    SECTOR_ORDER,
    MemberRole,
    SectorRepresented,
)
from partnerplan.partnerships.models import (
    Membership,
    Organisation,
    Partnership,
    Person,
    ReportingLine,
)


@dataclass
class FrameworkNode:
    partnership: Partnership
    children: list[FrameworkNode] = field(default_factory=list)
    other_parents: list[Partnership] = field(default_factory=list)


@dataclass
class Framework:
    roots: list[FrameworkNode]
    partnerships: list[Partnership]
    parents_of: dict[int, list[Partnership]]
    children_of: dict[int, list[Partnership]]


def framework(user: Any) -> Framework:
    """The reporting graph of the partnerships the user may see (two queries)."""
    partnerships = list(
        visible_partnerships(user)
        .annotate(member_count=Count("memberships", distinct=True))
        .order_by("name")
    )
    by_id = {p.pk: p for p in partnerships}
    parents_of: dict[int, list[Partnership]] = defaultdict(list)
    children_of: dict[int, list[Partnership]] = defaultdict(list)
    for child_id, parent_id in ReportingLine.objects.filter(
        partnership_id__in=list(by_id), reports_to_id__in=list(by_id)
    ).values_list("partnership_id", "reports_to_id"):
        parents_of[child_id].append(by_id[parent_id])
        children_of[parent_id].append(by_id[child_id])
    for group in (*parents_of.values(), *children_of.values()):
        group.sort(key=lambda p: p.name)

    def node(
        partnership: Partnership, parent: Partnership | None, path: frozenset[int]
    ) -> FrameworkNode:
        return FrameworkNode(
            partnership=partnership,
            children=[
                node(child, partnership, path | {child.pk})
                for child in children_of[partnership.pk]
                if child.pk not in path
            ],
            other_parents=[p for p in parents_of[partnership.pk] if p is not parent],
        )

    roots = [node(p, None, frozenset({p.pk})) for p in partnerships if not parents_of[p.pk]]
    return Framework(
        roots=roots, partnerships=partnerships, parents_of=parents_of, children_of=children_of
    )


@dataclass
class MemberGroup:
    role: str
    label: str
    by_sector: list[tuple[str, list[Membership]]]
    count: int


@dataclass
class PartnershipPage:
    partnership: Partnership
    member_groups: list[MemberGroup]
    member_count: int
    sector_counts: list[tuple[str, int]]
    reports_to: list[Partnership]
    sub_partnerships: list[Partnership]
    plans: list[Any]


def partnership_page(partnership: Partnership, user: Any) -> PartnershipPage:
    """Members grouped by role then sector, and the visible partnerships around it."""
    memberships = list(
        Membership.objects.filter(partnership=partnership).select_related(
            "person", "person__organisation", "organisation"
        )
    )
    memberships.sort(key=lambda m: (str(m.member).lower(), m.pk))
    grouped: dict[str, dict[str, list[Membership]]] = defaultdict(lambda: defaultdict(list))
    for membership in memberships:
        grouped[membership.role][membership.sector].append(membership)
    groups = []
    for role in sorted(grouped, key=MEMBER_ROLE_ORDER.__getitem__):
        sectors = sorted(grouped[role].items(), key=lambda item: SECTOR_ORDER[item[0]])
        groups.append(
            MemberGroup(
                role=role,
                label=MemberRole(role).label,
                by_sector=[(SectorRepresented(s).label, ms) for s, ms in sectors],
                count=sum(len(ms) for _, ms in sectors),
            )
        )
    sector_totals: dict[str, int] = defaultdict(int)
    for membership in memberships:
        sector_totals[membership.sector] += 1
    visible = visible_partnerships(user)
    return PartnershipPage(
        partnership=partnership,
        member_groups=groups,
        member_count=len(memberships),
        sector_counts=[
            (SectorRepresented(sector).label, sector_totals[sector])
            for sector in sorted(sector_totals, key=SECTOR_ORDER.__getitem__)
        ],
        reports_to=list(visible.filter(lines_down__partnership=partnership).order_by("name")),
        sub_partnerships=list(visible.filter(lines_up__reports_to=partnership).order_by("name")),
        plans=list(partnership.plans.order_by("-first_year", "title")),
    )


def organisation_list(user: Any, search: str = "") -> QuerySet[Organisation]:
    organisations = visible_organisations(user)
    if search:
        organisations = organisations.filter(
            Q(name__icontains=search) | Q(short_name__icontains=search)
        )
    return organisations.annotate(
        membership_count=Count("memberships", distinct=True),
    ).order_by("name")


def people_list(user: Any, search: str = "") -> QuerySet[Person]:
    people = visible_people(user)
    if search:
        people = people.filter(
            Q(name__icontains=search)
            | Q(job_title__icontains=search)
            | Q(organisation__name__icontains=search)
        )
    return people.select_related("organisation").order_by("name", "id")


def memberships_of(member: Person | Organisation, user: Any) -> list[Membership]:
    """The member's seats on partnerships the user may see."""
    return list(
        member.memberships.filter(partnership__in=visible_partnerships(user))
        .select_related("partnership")
        .order_by("partnership__name")
    )


def people_of(organisation: Organisation, user: Any) -> list[Person]:
    return list(visible_people(user).filter(organisation=organisation).order_by("name"))


def reachable(graph: dict[int, list[int]], start: list[int]) -> set[int]:
    """Every node reached from `start` by following `graph`'s edges, `start` left out
    unless a loop leads back to it."""
    found: set[int] = set()
    stack = list(start)
    while stack:
        for following in graph.get(stack.pop(), []):
            if following not in found:
                found.add(following)
                stack.append(following)
    return found


def descendants_of(partnership_ids: list[int]) -> set[int]:
    """Every partnership reporting to the given ones, directly or further down (one query)."""
    children: dict[int, list[int]] = defaultdict(list)
    for child, parent in ReportingLine.objects.values_list("partnership_id", "reports_to_id"):
        children[parent].append(child)
    return reachable(children, partnership_ids)
