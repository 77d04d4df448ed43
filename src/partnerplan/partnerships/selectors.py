"""Reads for the framework pages: each a fixed number of queries, whatever the scale."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any, NamedTuple
from urllib.parse import urlencode

from django.db import connection
from django.db.models import (
    Count,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)

from partnerplan.accounts.choices import AccessRole
from partnerplan.core.permissions import (
    access_for,
    note_seats,
    visible_organisations,
    visible_partnerships,
    visible_people,
)
from partnerplan.core.sql import placeholders, read_rows
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


class FrameworkEntry(NamedTuple):
    """A partnership as the framework page shows it: a plain tuple, not a model instance,
    as the page lists every partnership the user may see."""

    pk: int
    name: str
    kind: str
    member_count: int


@dataclass
class FrameworkNode:
    partnership: FrameworkEntry
    children: list[FrameworkNode] = field(default_factory=list)
    other_parents: list[FrameworkEntry] = field(default_factory=list)


@dataclass
class Framework:
    roots: list[FrameworkNode]
    partnerships: list[FrameworkEntry]
    parents_of: dict[int, list[FrameworkEntry]]
    children_of: dict[int, list[FrameworkEntry]]


def framework(user: Any) -> Framework:
    """The reporting graph of the partnerships the user may see (one query: the reporting
    lines are those of the access graph, which the permission layer has read already)."""
    # A count per partnership read from the partnership index; COUNT as a plain function,
    # not an aggregate, so that the subquery has no GROUP BY (a third of the time).
    seats = (
        Membership.objects.filter(partnership=OuterRef("pk"))
        .order_by()
        .annotate(n=Func("pk", function="COUNT", output_field=IntegerField()))
        .values("n")
    )
    partnerships = [
        FrameworkEntry._make(row)
        for row in visible_partnerships(user)
        .annotate(member_count=Subquery(seats))
        .order_by("name")
        .values_list("pk", "name", "kind", "member_count")
    ]
    by_id = {p.pk: p for p in partnerships}
    parents_of: dict[int, list[FrameworkEntry]] = defaultdict(list)
    children_of: dict[int, list[FrameworkEntry]] = defaultdict(list)
    graph = access_for(user).graph
    for child in partnerships:
        for parent_id in graph.parents.get(child.pk, ()):
            parent = by_id.get(parent_id)
            if parent is not None:
                parents_of[child.pk].append(parent)
                children_of[parent_id].append(child)
    for group in (*parents_of.values(), *children_of.values()):
        group.sort(key=lambda p: p.name)

    def node(
        partnership: FrameworkEntry, parent: FrameworkEntry | None, path: frozenset[int]
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
PLAIN_ROLE = MemberRole.MEMBER.value
OFFICE_ROLES = [role for role in MemberRole.values if role != PLAIN_ROLE]


class MemberRow(NamedTuple):
    """One seat as the members table shows it: a person (with their organisation) or an
    organisation. A tuple, not a dict or a model instance: a page has a hundred."""

    pk: int
    role: str
    sector: str
    from_date: date | None
    to_date: date | None
    person_id: int | None
    person_name: str | None
    person_job_title: str | None
    person_organisation_name: str | None
    organisation_id: int | None
    organisation_name: str | None


@dataclass
class MemberGroup:
    """The members in one role, in sector order then by name; for plain members, one
    page of them."""

    role: str
    label: str
    count: int
    rows: list[MemberRow]


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


# The members table's two reads are written in SQL: with the ORM, building and compiling
# them took longer than the database took to run them (measured at county scale on
# SQLite: 1.6 ms against 0.65 ms for the rows, 0.45 ms against 0.2 ms for the counts, of
# a page that took 8 ms). The SQL is what the ORM wrote, in a form that reads the same on
# SQLite and PostgreSQL: a CASE for the sectors' order (the ORM's StrIndex is INSTR on
# one and STRPOS on the other), and UPPER on both sides of LIKE for a search that ignores
# case, as the ORM's icontains does (PostgreSQL's LIKE alone would not).
MEMBER_COUNTS_SQL = """
SELECT role, sector, COUNT(*)
FROM partnerships_membership
WHERE partnership_id = %s
GROUP BY role, sector
"""

# Sectors in their listed order, any other value after them. The values are the choices'
# own (lower-case words), so they can stand in the SQL as they are.
_SECTOR_PLACE = "CASE plain.sector {} ELSE {} END".format(
    " ".join(f"WHEN '{sector}' THEN {place}" for sector, place in SECTOR_ORDER.items()),
    len(SECTOR_ORDER),
)

# Every office holder, and one page of the plain members that match the words searched
# for and the sector (each: any, when empty), ordered by sector, then by the member's name
# whether a person or an organisation, then by seat.
MEMBER_ROWS_SQL = f"""
SELECT seat.id, seat.role, seat.sector, seat.from_date, seat.to_date,
       seat.person_id, person.name, person.job_title, employer.name,
       seat.organisation_id, organisation.name
FROM partnerships_membership seat
LEFT JOIN partnerships_person person ON person.id = seat.person_id
LEFT JOIN partnerships_organisation employer ON employer.id = person.organisation_id
LEFT JOIN partnerships_organisation organisation ON organisation.id = seat.organisation_id
WHERE seat.partnership_id = %s
  AND (seat.role IN ({placeholders(len(OFFICE_ROLES))}) OR seat.id IN (
    SELECT plain.id
    FROM partnerships_membership plain
    LEFT JOIN partnerships_person plain_person ON plain_person.id = plain.person_id
    LEFT JOIN partnerships_organisation plain_organisation
      ON plain_organisation.id = plain.organisation_id
    WHERE plain.partnership_id = %s AND plain.role = %s
      AND (%s = ''
           OR UPPER(plain_person.name) LIKE UPPER(%s) ESCAPE '\\'
           OR UPPER(plain_organisation.name) LIKE UPPER(%s) ESCAPE '\\')
      AND (%s = '' OR plain.sector = %s)
    ORDER BY {_SECTOR_PLACE},
             LOWER(COALESCE(plain_person.name, plain_organisation.name)), plain.id
    LIMIT %s OFFSET %s
  ))
"""  # noqa: S608 - built once from placeholders and the sector choices, never from input


def _sort_key(row: MemberRow) -> tuple[int, str, int]:
    """The order of MEMBER_ROWS_SQL's page, for rows already read."""
    name = row.person_name if row.person_id else row.organisation_name
    return (SECTOR_ORDER.get(row.sector, len(SECTOR_ORDER)), (name or "").lower(), row.pk)


def _member_counts(partnership_id: int) -> dict[tuple[str, str], int]:
    """How many members per (role, sector) (one query)."""
    rows = read_rows(MEMBER_COUNTS_SQL, [partnership_id])
    return {(role, sector): n for role, sector, n in rows}


def _member_rows(partnership_id: int, member_filter: MemberFilter, page: int) -> list[MemberRow]:
    """Every office holder, and one page (plus one row, to tell whether another page
    follows) of the plain members that match the filter (one query)."""
    search, sector = member_filter.search, member_filter.sector
    # The words as the ORM's icontains puts them: % and _ stand for themselves.
    pattern = f"%{connection.ops.prep_for_like_query(search)}%"
    params = [
        partnership_id,
        *OFFICE_ROLES,
        partnership_id,
        PLAIN_ROLE,
        search,
        pattern,
        pattern,
        sector,
        sector,
        MEMBERS_PER_PAGE + 1,
        (page - 1) * MEMBERS_PER_PAGE,
    ]
    rows = read_rows(MEMBER_ROWS_SQL, params)
    return sorted(map(MemberRow._make, rows), key=_sort_key)


@dataclass
class Neighbourhood:
    """A partnership and the partnerships the user may see that it reports to and that
    report to it, each list by name."""

    partnership: Partnership
    reports_to: list[Partnership]
    sub_partnerships: list[Partnership]


def neighbourhood(pk: int, user: Any) -> Neighbourhood | None:
    """The partnership `pk` with its visible neighbours, or None if there is no such
    partnership (one query; none for an unknown id). The reporting lines come from the
    access graph, which the permission check reads anyway: only the partnerships
    themselves are fetched."""
    access = access_for(user)
    graph = access.graph
    if pk not in graph.ids:
        return None  # nor is an id too large for the database ever put to it
    # .get(): the graph's lists are defaultdicts, which indexing would grow.
    up = [p for p in graph.parents.get(pk, ()) if access.has_role(p, AccessRole.VIEWER)]
    down = [p for p in graph.children.get(pk, ()) if access.has_role(p, AccessRole.VIEWER)]
    found = {p.pk: p for p in Partnership.objects.filter(pk__in=[pk, *up, *down]).order_by()}
    if pk not in found:
        return None  # deleted since the graph was read

    def by_name(ids: list[int]) -> list[Partnership]:
        return sorted((found[i] for i in ids if i in found), key=lambda p: p.name)

    return Neighbourhood(
        partnership=found[pk], reports_to=by_name(up), sub_partnerships=by_name(down)
    )


def partnership_page(
    around: Neighbourhood, member_filter: MemberFilter, page: int = 1
) -> PartnershipPage:
    """The partnership, its members by role then sector (office holders in full, plain
    members a page at a time), and the visible partnerships around it (three queries)."""
    partnership = around.partnership
    counts = _member_counts(partnership.pk)
    by_role: dict[str, list[MemberRow]] = defaultdict(list)
    for row in _member_rows(partnership.pk, member_filter, page):
        by_role[row.role].append(row)
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
        reports_to=around.reports_to,
        sub_partnerships=around.sub_partnerships,
        plans=list(partnership.plans.order_by("-first_year", "title")),
    )


def partnership_named(name: str) -> Partnership | None:
    """The partnership with this name or short name, ignoring case: how people name one
    on the command line."""
    name = name.strip()
    return (
        Partnership.objects.filter(name__iexact=name).first()
        or Partnership.objects.filter(short_name__iexact=name).first()
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


class Seat(NamedTuple):
    """One seat of a person or organisation, as their own page lists it."""

    partnership_id: int
    partnership_name: str
    role: str
    sector: str


# A member's seats are read in SQL: with the ORM, building and compiling the query took
# ten times as long as running it (measured at county scale on SQLite: 0.30 ms against
# 0.03 ms, on pages of 7 ms). Every seat is read, whoever asks, and those on partnerships
# the user may not see are left out in Python: can() needs all of them (see
# memberships_of).
_SEATS_SQL = """
SELECT seat.partnership_id, partnership.name, seat.role, seat.sector
FROM partnerships_membership seat
JOIN partnerships_partnership partnership ON partnership.id = seat.partnership_id
WHERE seat.{member} = %s
ORDER BY partnership.name, seat.id
"""
PERSON_SEATS_SQL = _SEATS_SQL.format(member="person_id")
ORGANISATION_SEATS_SQL = _SEATS_SQL.format(member="organisation_id")


def memberships_of(member: Person | Organisation, user: Any) -> list[Seat]:
    """The member's seats on partnerships the user may see, by partnership (one query).

    Whether the user may change or delete the member depends on where it sits, all of
    it, which can() would read again: it is handed what was read here instead."""
    sql = PERSON_SEATS_SQL if isinstance(member, Person) else ORGANISATION_SEATS_SQL
    seats = [Seat._make(row) for row in read_rows(sql, [member.pk])]
    access = access_for(user)
    note_seats(user, member, {seat.partnership_id for seat in seats})
    if access.sees_everything:
        return seats
    return [seat for seat in seats if seat.partnership_id in access.roles]


class PersonEntry(NamedTuple):
    """One of an organisation's people, as its page lists them."""

    pk: int
    name: str
    job_title: str


def people_of(organisation: Organisation, user: Any) -> list[PersonEntry]:
    """The organisation's people the user may see, by name (one query)."""
    people = visible_people(user).filter(organisation=organisation).order_by("name", "pk")
    return [PersonEntry._make(row) for row in people.values_list("pk", "name", "job_title")]


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
