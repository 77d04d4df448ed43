"""Reads for the framework pages: each a fixed number of queries, whatever the scale."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.db.models import (
    Count,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Lower, StrIndex

from partnerplan.accounts.choices import AccessRole
from partnerplan.core.permissions import (
    access_for,
    visible_organisations,
    visible_partnerships,
    visible_people,
)
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
    # A count per partnership read from the partnership index; COUNT as a plain function,
    # not an aggregate, so that the subquery has no GROUP BY (a third of the time).
    seats = (
        Membership.objects.filter(partnership=OuterRef("pk"))
        .order_by()
        .annotate(n=Func("pk", function="COUNT", output_field=IntegerField()))
        .values("n")
    )
    partnerships = list(
        visible_partnerships(user)
        .defer("description", "website")
        .annotate(member_count=Subquery(seats))
        .order_by("name")
    )
    by_id = {p.pk: p for p in partnerships}
    parents_of: dict[int, list[Partnership]] = defaultdict(list)
    children_of: dict[int, list[Partnership]] = defaultdict(list)
    lines = ReportingLine.objects.filter(
        partnership_id__in=list(by_id), reports_to_id__in=list(by_id)
    )
    for child_id, parent_id in lines.order_by().values_list("partnership_id", "reports_to_id"):
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


MEMBERS_PER_PAGE = 50
# Office holders are few and are listed in full; plain members are paged.
OFFICE_ROLES = [role for role in MemberRole.values if role != MemberRole.MEMBER]
MEMBER_FIELDS = (
    "pk",
    "role",
    "sector",
    "from_date",
    "to_date",
    "person_id",
    "person__name",
    "person__job_title",
    "person__organisation__name",
    "organisation_id",
    "organisation__name",
)


@dataclass
class MemberGroup:
    """The members in one role, in sector order then by name; for plain members, one
    page of them."""

    role: str
    label: str
    count: int
    rows: list[dict[str, Any]]


@dataclass
class MemberFilter:
    """What the members list is narrowed to: words in the member's name, a sector."""

    search: str = ""
    sector: str = ""

    @property
    def active(self) -> bool:
        return bool(self.search or self.sector)

    def query(self, page: int | None = None) -> str:
        """The query string of a link to this filter's `page` (or first page)."""
        params = {"q": self.search, "sector": self.sector, "page": page if page else ""}
        return urlencode({name: value for name, value in params.items() if value})


@dataclass
class MemberPage:
    number: int
    has_next: bool
    # Known only when the list is not filtered: then it comes with the role counts.
    page_count: int | None


@dataclass
class PartnershipPage:
    partnership: Partnership
    member_groups: list[MemberGroup]
    member_count: int
    sector_counts: list[tuple[str, str, int]]
    members_page: MemberPage
    member_filter: MemberFilter
    reports_to: list[Partnership]
    sub_partnerships: list[Partnership]
    plans: list[Any]


# SQL ordering of the paged members: sectors in their listed order, then the member's
# name whether a person or an organisation (the same on SQLite and PostgreSQL), then the
# seat. A sector's place is where its value stands in one string of them all (no value
# is part of another): one function, where a CASE with a branch per sector made building
# the query cost more than running it.
SECTORS_IN_ORDER = "|".join(SECTOR_ORDER)
BY_SECTOR_THEN_NAME = [
    StrIndex(Value(SECTORS_IN_ORDER), "sector"),
    Lower(Coalesce("person__name", "organisation__name")),
    "pk",
]


def _sort_key(row: dict[str, Any]) -> tuple[int, str, int]:
    """The same order as BY_SECTOR_THEN_NAME, for rows already read."""
    name = row["person__name"] if row["person_id"] else row["organisation__name"]
    return (SECTOR_ORDER.get(row["sector"], len(SECTOR_ORDER)), (name or "").lower(), row["pk"])


def _member_counts(partnership: Partnership) -> dict[tuple[str, str], int]:
    """How many members per (role, sector) (one query)."""
    rows = (
        Membership.objects.filter(partnership=partnership)
        .order_by()
        .values_list("role", "sector")
        .annotate(n=Count("pk"))
    )
    return {(role, sector): n for role, sector, n in rows}


def _member_rows(
    partnership: Partnership, member_filter: MemberFilter, page: int
) -> list[dict[str, Any]]:
    """Every office holder, and one page (plus one row, to tell whether another page
    follows) of the plain members that match the filter (one query)."""
    seats = Membership.objects.filter(partnership=partnership)
    plain = seats.filter(role=MemberRole.MEMBER)
    if member_filter.search:
        plain = plain.filter(
            Q(person__name__icontains=member_filter.search)
            | Q(organisation__name__icontains=member_filter.search)
        )
    if member_filter.sector:
        plain = plain.filter(sector=member_filter.sector)
    start = (page - 1) * MEMBERS_PER_PAGE
    one_page = plain.order_by(*BY_SECTOR_THEN_NAME).values("pk")[
        start : start + MEMBERS_PER_PAGE + 1
    ]
    rows = seats.filter(Q(role__in=OFFICE_ROLES) | Q(pk__in=one_page)).order_by()
    return sorted(rows.values(*MEMBER_FIELDS), key=_sort_key)


def partnership_page(
    partnership: Partnership, user: Any, member_filter: MemberFilter, page: int = 1
) -> PartnershipPage:
    """The partnership, its members by role then sector (office holders in full, plain
    members a page at a time), and the visible partnerships around it (five queries)."""
    counts = _member_counts(partnership)
    by_role: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in _member_rows(partnership, member_filter, page):
        by_role[row["role"]].append(row)
    plain = by_role.get(MemberRole.MEMBER, [])
    has_next = len(plain) > MEMBERS_PER_PAGE
    del plain[MEMBERS_PER_PAGE:]

    role_totals: dict[str, int] = defaultdict(int)
    sector_totals: dict[str, int] = defaultdict(int)
    for (role, sector), n in counts.items():
        role_totals[role] += n
        sector_totals[sector] += n
    groups = [
        MemberGroup(
            role=role, label=MemberRole(role).label, count=role_totals[role], rows=by_role[role]
        )
        for role in sorted(role_totals, key=MEMBER_ROLE_ORDER.__getitem__)
    ]
    page_count = None
    if not member_filter.active:
        page_count = max(1, -(-role_totals.get(MemberRole.MEMBER, 0) // MEMBERS_PER_PAGE))
    reports_to, sub_partnerships = _neighbours(partnership, user)
    return PartnershipPage(
        partnership=partnership,
        member_groups=groups,
        member_count=sum(counts.values()),
        sector_counts=[
            (sector, SectorRepresented(sector).label, sector_totals[sector])
            for sector in sorted(sector_totals, key=SECTOR_ORDER.__getitem__)
        ],
        members_page=MemberPage(number=page, has_next=has_next, page_count=page_count),
        member_filter=member_filter,
        reports_to=reports_to,
        sub_partnerships=sub_partnerships,
        plans=list(partnership.plans.order_by("-first_year", "title")),
    )


def _neighbours(partnership: Partnership, user: Any) -> tuple[list[Partnership], list[Partnership]]:
    """The visible partnerships it reports to, and those reporting to it (one query)."""
    access = access_for(user)
    lines = (
        ReportingLine.objects.filter(Q(partnership=partnership) | Q(reports_to=partnership))
        .select_related("partnership", "reports_to")
        .order_by()
    )
    up: list[Partnership] = []
    down: list[Partnership] = []
    for line in lines:
        if line.partnership_id == partnership.pk:
            up.append(line.reports_to)
        else:
            down.append(line.partnership)

    def visible(found: list[Partnership]) -> list[Partnership]:
        return sorted(
            (p for p in found if access.has_role(p.pk, AccessRole.VIEWER)), key=lambda p: p.name
        )

    return visible(up), visible(down)


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
    access = access_for(user)
    seats = member.memberships.all()
    if not access.sees_everything:
        seats = seats.filter(partnership_id__in=list(access.roles))
    return list(seats.select_related("partnership").order_by("partnership__name"))


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


MATCHES_SHOWN = 25  # of people, and of organisations, for one search


@dataclass
class MemberOption:
    """One person or organisation a membership form offers, as a radio."""

    value: str  # "person-<id>" or "organisation-<id>"
    label: str
    hint: str


@dataclass
class MemberMatches:
    options: list[MemberOption]
    more: bool  # more people or organisations matched than are shown


def person_option(person: Person) -> MemberOption:
    organisation = person.organisation.name if person.organisation_id else ""
    hint = ", ".join(part for part in (person.job_title, organisation) if part)
    return MemberOption(value=f"person-{person.pk}", label=person.name, hint=hint or "Person")


def organisation_option(organisation: Organisation) -> MemberOption:
    return MemberOption(
        value=f"organisation-{organisation.pk}", label=organisation.name, hint="Organisation"
    )


def member_matches(user: Any, search: str) -> MemberMatches:
    """The people and organisations the user may see whose names contain the words
    searched for: at most MATCHES_SHOWN of each (two queries; none without words)."""
    if not search:
        return MemberMatches(options=[], more=False)
    people = list(
        visible_people(user)
        .filter(name__icontains=search)
        .select_related("organisation")
        .order_by("name", "pk")[: MATCHES_SHOWN + 1]
    )
    organisations = list(
        visible_organisations(user)
        .filter(Q(name__icontains=search) | Q(short_name__icontains=search))
        .order_by("name")[: MATCHES_SHOWN + 1]
    )
    more = len(people) > MATCHES_SHOWN or len(organisations) > MATCHES_SHOWN
    options = [person_option(p) for p in people[:MATCHES_SHOWN]]
    options += [organisation_option(o) for o in organisations[:MATCHES_SHOWN]]
    return MemberMatches(options=options, more=more)
