"""Fictional data sets at the sizes partnerplan must serve: `partnerplan generate`.

Two scales: "county" (a county board, its public service board, nine thematic
partnerships, six districts with their sub-groups, officer groups and delivery blocks;
300 organisations, 2,000 people, 10,000 memberships) and "small" (about a tenth). Each
scale has its own county and town names, so both can live in one database beside the
demo county.

The data is planned first as plain values from `random.Random(seed)`, so the same seed
always gives the same organisations, people, partnerships and seats; then written with
bulk inserts in one transaction, with a creation row in the audit trail for every object,
as the services would have written. A scale that is already there is refused
(`ScaleExistsError`), never written twice.
"""

from __future__ import annotations

import random
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.auth.hashers import make_password
from django.db import models, transaction

from partnerplan.accounts.choices import AccessRole
from partnerplan.accounts.models import RoleGrant, User
from partnerplan.core.audit import Actor, creation_event
from partnerplan.core.models import AuditEvent, AuditSource
from partnerplan.core.services import audit_scope
from partnerplan.demo.scale_plans import PlansSummary, write_plans
from partnerplan.partnerships import services
from partnerplan.partnerships.choices import (
    MemberRole,
    OrganisationSector,
    PartnershipKind,
    SectorRepresented,
)
from partnerplan.partnerships.models import (
    Membership,
    Organisation,
    Partnership,
    Person,
)


class ScaleExistsError(Exception):
    """The scale asked for is already in the database (in whole or in part)."""


@dataclass(frozen=True)
class ScaleSpec:
    """The shape of one scale: its places and how many of each thing it holds."""

    name: str
    county: str
    # The first `districts` towns each have a district partnership and council.
    towns: tuple[str, ...]
    districts: int
    themes: int
    subgroups_per_district: int
    blocks_per_district: int
    theme_officer_groups: int
    organisations: int
    people: int
    memberships: int


SCALES: dict[str, ScaleSpec] = {
    "small": ScaleSpec(
        name="small",
        county="Fenwold",
        towns=("Saltby", "Cressford", "Hollin Bridge", "Aldermoor"),
        districts=2,
        themes=3,
        subgroups_per_district=1,
        blocks_per_district=1,
        theme_officer_groups=0,
        organisations=30,
        people=200,
        memberships=1_000,
    ),
    "county": ScaleSpec(
        name="county",
        county="Wrenshire",
        towns=(
            "Wrenbury",
            "Kestleigh",
            "Harrowden",
            "Ashby Parva",
            "Coldwater",
            "Brackenhurst",
            "Thornley Vale",
            "Millbrook Cross",
            "Stanlow",
            "Redmarsh",
            "Ousebridge",
            "Fallowfield",
        ),
        districts=6,
        themes=9,
        subgroups_per_district=3,
        blocks_per_district=2,
        theme_officer_groups=9,
        organisations=300,
        people=2_000,
        memberships=10_000,
    ),
}

# --- the words the data is made of -------------------------------------------------------

STAT, VOL, PRIV, OTHER = (
    OrganisationSector.STATUTORY,
    OrganisationSector.VOLUNTARY,
    OrganisationSector.PRIVATE,
    OrganisationSector.OTHER,
)

# Every county has these; the short name is what people call them in meetings.
COUNTY_BODIES: list[tuple[str, str, str]] = [
    ("{county} County Council", "CC", STAT),
    ("{county} Police", "", STAT),
    ("{county} Fire and Rescue Service", "FRS", STAT),
    ("{county} Integrated Care Board", "ICB", STAT),
    ("{county} Probation Delivery Unit", "PDU", STAT),
    ("{county} Council for Voluntary Service", "CVS", VOL),
    ("{county} Racial Equality Council", "REC", VOL),
    ("{county} Community Foundation", "", VOL),
    ("{county} Wildlife Trust", "", VOL),
    ("{county} Chamber of Commerce", "", PRIV),
    ("{county} Association of Local Councils", "ALC", OTHER),
]
TOWN_BODIES: list[tuple[str, str]] = [
    ("{town} Town Council", STAT),
    ("{town} College", STAT),
    ("{town} Academy", STAT),
    ("{town} Primary School", STAT),
    ("{town} Medical Practice", STAT),
    ("Jobcentre Plus, {town}", STAT),
    ("{town} Community Hospital", STAT),
    ("{town} Library", STAT),
    ("{town} Citizens Advice", VOL),
    ("{town} Youth Trust", VOL),
    ("{town} Food Bank", VOL),
    ("{town} Carers' Centre", VOL),
    ("{town} Community Transport", VOL),
    ("{town} Credit Union", VOL),
    ("{town} Women's Aid", VOL),
    ("{town} Residents' Association", VOL),
    ("{town} Age Concern", VOL),
    ("{town} Refugee Welcome", VOL),
    ("{town} Sports Association", VOL),
    ("{town} Arts Centre", VOL),
    ("{town} Chamber of Trade", PRIV),
    ("{town} Homes", PRIV),
    ("{town} Builders", PRIV),
    ("{town} Buses", PRIV),
    ("{town} Business Improvement District", PRIV),
    ("{town} Engineering", PRIV),
    ("{town} Pharmacy", PRIV),
    ("{town} Garden Centre", PRIV),
    ("{town} Town Centre Partnership", OTHER),
    ("{town} Neighbourhood Forum", OTHER),
    ("{town} Faith Forum", OTHER),
]
# Organisations whose seats represent ethnic minority communities.
ETHNIC_MINORITY_MARKERS = ("Racial Equality", "Refugee Welcome")

# name (after the county), short name, words of its purpose
THEMES: list[tuple[str, str, str]] = [
    ("Children and Young People's Partnership", "CYPP", "children, young people and families"),
    ("Health and Well-being Partnership", "HWB", "healthy lives and a narrower health gap"),
    ("Safer Communities Partnership", "CSP", "community safety and less reoffending"),
    ("Economy Partnership", "EP", "jobs, enterprise and a growing local economy"),
    ("Waste Partnership", "", "less waste and more recycling"),
    ("Environment Partnership", "", "a cleaner, greener county"),
    ("Housing Partnership", "", "decent, affordable homes"),
    (
        "Learning and Skills Partnership",
        "LSC",
        "learning at every age and the skills employers need",
    ),
    ("Voluntary Sector Compact Group", "", "a strong voluntary and community sector"),
]
BLOCK_TOPICS = [
    "Town Centre",
    "Neighbourhood Renewal",
    "Affordable Homes",
    "Healthy Schools",
    "Youth Diversion",
    "Warm Homes",
    "Skills Hub",
    "Active Travel",
]


def _words(text: str) -> list[str]:
    return text.split()


FIRST_NAMES = _words("""
Aaliyah Abdul Adaeze Aidan Aisha Alan Alison Amir Andrea Angharad Anwar Barbara
Bethan Bilal Brendan Carys Catherine Chidi Ciaran Colin Daniel Deborah Dilip Duncan Eilidh
Elaine Emeka Farah Gareth Geeta Gillian Graham Hamza Helen Ifan Irene Jasmine Jennifer Kieran
Kirsty Lakshmi Leon Lindsay Malcolm Margaret Marek Maryam Neil Niamh Oluwaseun Patrick Rachel
Rajesh Rebecca Rowan Shauna Siobhan Stuart Tariq Yvonne""")
LAST_NAMES = _words("""
Adeyemi Ahmed Armitage Bailey Bhatt Brennan Carr Choudhury Coates Doherty Dunn
Edwards Evans Fitzgerald Gallagher Gill Hale Harrison Holt Hughes Ibrahim Jackson Jones Kaur
Kowalski Lewis Lloyd Malik McAllister Moss Murphy Nowak Obi O'Connor Owusu Parry Patel Quinn
Rahman Roberts Shah Singh Sutton Thomas Turner Walsh Whitehead Williams Yates Zielinski""")
JOB_TITLES: dict[str, list[str]] = {
    STAT: [
        "Chief Executive",
        "Director of Public Health",
        "Head of Community Safety",
        "Partnership Manager",
        "Performance and Research Officer",
        "Chief Superintendent",
        "Head of Service",
        "Policy Officer",
        "Principal",
        "Area Manager",
        "Councillor",
        "Councillor, Cabinet Member",
    ],
    VOL: [
        "Chief Officer",
        "Development Worker",
        "Volunteer Co-ordinator",
        "Chair of Trustees",
        "Project Manager",
    ],
    PRIV: ["Managing Director", "Operations Manager", "Owner", "Community Investment Manager"],
    OTHER: ["Secretary", "Co-ordinator", "Chair"],
}

# How many seats each kind of partnership has, relative to the others.
SEAT_WEIGHTS: dict[str, float] = {
    PartnershipKind.BOARD: 4.0,
    PartnershipKind.PUBLIC_SERVICE_BOARD: 2.5,
    PartnershipKind.THEMATIC: 2.0,
    PartnershipKind.DISTRICT: 3.0,
    PartnershipKind.SUB_GROUP: 1.2,
    PartnershipKind.OFFICER_GROUP: 0.8,
    PartnershipKind.DELIVERY_BLOCK: 0.6,
}
ORGANISATION_SEAT_SHARE = 0.12
FIRST_START = date(2018, 4, 1)
LAST_START = date(2026, 4, 1)
LAST_END = date(2026, 10, 31)

# --- the plan: plain values, no database ---------------------------------------------------


@dataclass(frozen=True)
class PlannedOrganisation:
    name: str
    short_name: str
    sector: str
    website: str


@dataclass(frozen=True)
class PlannedPerson:
    name: str
    job_title: str
    organisation: int | None
    email: str


@dataclass(frozen=True)
class PlannedPartnership:
    name: str
    short_name: str
    kind: str
    description: str
    reports_to: tuple[int, ...]


@dataclass(frozen=True)
class PlannedMembership:
    partnership: int
    person: int | None
    organisation: int | None
    role: str
    sector: str
    from_date: date | None
    to_date: date | None


@dataclass(frozen=True)
class PlannedUser:
    username: str
    role: str | None
    partnership: int | None
    person: int
    # A second grant that narrows the first: ("none", partnership) hides a branch.
    override: tuple[str, int] | None = None


@dataclass(frozen=True)
class ScalePlan:
    """Everything one scale holds, by position in these lists rather than by id."""

    spec: ScaleSpec
    organisations: list[PlannedOrganisation]
    people: list[PlannedPerson]
    partnerships: list[PlannedPartnership]
    memberships: list[PlannedMembership]
    users: list[PlannedUser]
    largest: int
    showcase_membership: int
    showcase_organisation: int


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _initials(text: str) -> str:
    return "".join(word[0] for word in text.split() if word[0].isupper())


def _organisations(spec: ScaleSpec, rng: random.Random) -> list[PlannedOrganisation]:
    # County bodies and district councils always exist; the rest are drawn by lot.
    fixed = [
        (name.format(county=spec.county), short, sector) for name, short, sector in COUNTY_BODIES
    ]
    fixed[0] = (fixed[0][0], _initials(spec.county) + "CC", STAT)
    fixed += [
        (f"{town} District Council", f"{_initials(town)}DC", STAT)
        for town in spec.towns[: spec.districts]
    ]
    pool = [
        (template.format(town=town), "", sector)
        for town in spec.towns
        for template, sector in TOWN_BODIES
    ]
    if len(fixed) + len(pool) < spec.organisations:
        raise ValueError(f"The {spec.name} scale has too few towns for its organisations.")
    chosen = fixed + rng.sample(pool, spec.organisations - len(fixed))
    return [
        PlannedOrganisation(
            name=name,
            short_name=short,
            sector=sector,
            website=f"https://www.{_slug(name)}.example.org" if rng.random() < 0.6 else "",
        )
        for name, short, sector in chosen
    ]


def _people(
    spec: ScaleSpec, rng: random.Random, organisations: list[PlannedOrganisation]
) -> list[PlannedPerson]:
    combinations = len(FIRST_NAMES) * len(LAST_NAMES)
    if spec.people > combinations:
        raise ValueError(f"The {spec.name} scale wants more people than there are names.")
    # Statutory bodies send more people to partnerships than a small charity can.
    weights = [3.0 if o.sector == STAT else 1.5 if o.sector == VOL else 1.0 for o in organisations]
    people = []
    for number in rng.sample(range(combinations), spec.people):
        first, last = FIRST_NAMES[number // len(LAST_NAMES)], LAST_NAMES[number % len(LAST_NAMES)]
        index: int | None = rng.choices(range(len(organisations)), weights)[0]
        if rng.random() < 0.03:
            index = None  # an independent member, not from any partner body
        organisation = organisations[index] if index is not None else None
        title = rng.choice(JOB_TITLES[organisation.sector if organisation else OTHER])
        if title.startswith("Councillor") and not (organisation and "Council" in organisation.name):
            title = "Policy Officer"
        domain = _slug(organisation.name) if organisation else "independent"
        people.append(
            PlannedPerson(
                name=f"{first} {last}",
                job_title=title,
                organisation=index,
                email=f"{_slug(first)}.{_slug(last)}@{domain}.example.org",
            )
        )
    return people


def _partnerships(spec: ScaleSpec, rng: random.Random) -> list[PlannedPartnership]:
    """Board, public service board, themes, districts and what hangs below them.

    Every line points to a partnership planned earlier, so the lines form no loop.
    """
    county = spec.county
    planned: list[PlannedPartnership] = []

    def add(name: str, short: str, kind: str, description: str, *parents: int) -> int:
        planned.append(PlannedPartnership(name, short, kind, description, tuple(parents)))
        return len(planned) - 1

    board = add(
        f"{county} Partnership Board",
        f"{_initials(county)}PB",
        PartnershipKind.BOARD,
        f"Leaders of {county}'s public, voluntary and business sectors agree the county's "
        "shared strategy and hold each other to account for it.",
    )
    psb = add(
        f"{county} Public Service Board",
        "PSB",
        PartnershipKind.PUBLIC_SERVICE_BOARD,
        "Manages the agreed targets and the quarterly performance report.",
        board,
    )
    themes: list[tuple[int, str]] = []
    for name, short, purpose in THEMES[: spec.themes]:
        theme = add(
            f"{county} {name}", short, PartnershipKind.THEMATIC, f"Leads on {purpose}.", psb
        )
        themes.append((theme, name.removesuffix(" Partnership").removesuffix(" Group")))
    for theme, topic in themes[: spec.theme_officer_groups]:
        add(
            f"{county} {topic} Officer Group",
            "",
            PartnershipKind.OFFICER_GROUP,
            "Officers who prepare the partnership's papers and performance returns.",
            theme,
        )
    for town in spec.towns[: spec.districts]:
        district = add(
            f"{town} Local Strategic Partnership",
            f"{_initials(town)} LSP",
            PartnershipKind.DISTRICT,
            f"Partners working together for the people of {town} district.",
            board,
        )
        add(
            f"{town} Officer Group",
            "",
            PartnershipKind.OFFICER_GROUP,
            "Officers who prepare the district partnership's papers.",
            district,
        )
        # A district sub-group answers to its district and to the county theme it delivers.
        subgroups = []
        for theme, topic in rng.sample(themes, spec.subgroups_per_district):
            subgroups.append(
                add(
                    f"{town} {topic} Group",
                    "",
                    PartnershipKind.SUB_GROUP,
                    f"Local delivery of the county's {topic.lower()} priorities in {town}.",
                    district,
                    theme,
                )
            )
        for topic in rng.sample(BLOCK_TOPICS, spec.blocks_per_district):
            add(
                f"{town} {topic} Block",
                "",
                PartnershipKind.DELIVERY_BLOCK,
                f"Delivers the {topic.lower()} work programme.",
                rng.choice(subgroups),
            )
    return planned


def _seat_counts(spec: ScaleSpec, partnerships: list[PlannedPartnership]) -> list[int]:
    """Share the memberships out by weight, exactly (largest remainders get the rest)."""
    weights = [SEAT_WEIGHTS[p.kind] for p in partnerships]
    total = sum(weights)
    shares = [spec.memberships * w / total for w in weights]
    counts = [int(share) for share in shares]
    by_remainder = sorted(range(len(shares)), key=lambda i: (counts[i] - shares[i], i))
    for index in by_remainder[: spec.memberships - sum(counts)]:
        counts[index] += 1
    return counts


def _start_and_end(rng: random.Random) -> tuple[date | None, date | None]:
    if rng.random() < 0.2:
        return None, None  # nobody wrote down when they joined
    start = FIRST_START + timedelta(days=rng.randrange((LAST_START - FIRST_START).days))
    if rng.random() < 0.1:
        return start, min(start + timedelta(days=rng.randrange(180, 1500)), LAST_END)
    return start, None


def _sector_of(person: PlannedPerson | None, organisation: PlannedOrganisation | None) -> str:
    if person is not None and person.job_title.startswith("Councillor"):
        return SectorRepresented.ELECTED_MEMBERS
    if organisation is None:
        return SectorRepresented.OTHER
    if any(marker in organisation.name for marker in ETHNIC_MINORITY_MARKERS):
        return SectorRepresented.ETHNIC_MINORITY
    return organisation.sector


def _memberships(
    spec: ScaleSpec,
    rng: random.Random,
    partnerships: list[PlannedPartnership],
    organisations: list[PlannedOrganisation],
    people: list[PlannedPerson],
) -> list[PlannedMembership]:
    planned = []
    for index, seats in enumerate(_seat_counts(spec, partnerships)):
        organisation_seats = min(max(1, round(seats * ORGANISATION_SEAT_SHARE)), len(organisations))
        person_seats = seats - organisation_seats
        if person_seats > len(people):
            raise ValueError(f"The {spec.name} scale has too few people for its seats.")
        # The chair, a vice-chair, then a few leads and co-ordinators among the members.
        for seat, number in enumerate(rng.sample(range(len(people)), person_seats)):
            if seat < 2:
                role = (MemberRole.CHAIR, MemberRole.VICE_CHAIR)[seat]
            else:
                draw = rng.random()
                role = (
                    MemberRole.LEAD
                    if draw < 0.05
                    else MemberRole.COORDINATOR
                    if draw < 0.08
                    else MemberRole.MEMBER
                )
            person = people[number]
            organisation = (
                organisations[person.organisation] if person.organisation is not None else None
            )
            start, end = _start_and_end(rng)
            planned.append(
                PlannedMembership(
                    index, number, None, role, _sector_of(person, organisation), start, end
                )
            )
        for number in rng.sample(range(len(organisations)), organisation_seats):
            role = MemberRole.LEAD if rng.random() < 0.1 else MemberRole.MEMBER
            start, end = _start_and_end(rng)
            planned.append(
                PlannedMembership(
                    index, None, number, role, _sector_of(None, organisations[number]), start, end
                )
            )
    return planned


def _users(
    spec: ScaleSpec,
    partnerships: list[PlannedPartnership],
    people: list[PlannedPerson],
    memberships: list[PlannedMembership],
) -> list[PlannedUser]:
    """An account in each role, each belonging to a person who sits on its partnership."""
    board = 0
    psb = 1
    theme = next(i for i, p in enumerate(partnerships) if p.kind == PartnershipKind.THEMATIC)
    district = next(i for i, p in enumerate(partnerships) if p.kind == PartnershipKind.DISTRICT)
    wanted: list[tuple[str, str | None, int | None, tuple[str, int] | None]] = [
        ("manager", AccessRole.MANAGER, board, None),
        ("editor", AccessRole.EDITOR, psb, None),
        ("lead", AccessRole.LEAD, theme, None),
        ("viewer", AccessRole.VIEWER, board, None),
        ("district", AccessRole.MANAGER, district, None),
        # Sees the whole county except one district: "no access" stops inheritance.
        ("restricted", AccessRole.VIEWER, board, (AccessRole.NONE, district)),
        ("admin", None, None, None),
    ]
    used: set[int] = set()
    users = []
    for suffix, role, partnership, override in wanted:
        seat_of = board if partnership is None else partnership
        # Someone from a partner body, so that the account bar names their organisation.
        person = next(
            m.person
            for m in memberships
            if m.partnership == seat_of
            and m.person is not None
            and m.person not in used
            and people[m.person].organisation is not None
        )
        used.add(person)
        users.append(PlannedUser(f"{spec.name}-{suffix}", role, partnership, person, override))
    return users


def plan(name: str, *, seed: int) -> ScalePlan:
    """The whole scale as plain values: the same name and seed always give the same plan."""
    try:
        spec = SCALES[name]
    except KeyError:
        raise ValueError(
            f"There is no scale called “{name}”; choose from {', '.join(SCALES)}."
        ) from None
    rng = random.Random(seed)
    organisations = _organisations(spec, rng)
    people = _people(spec, rng, organisations)
    partnerships = _partnerships(spec, rng)
    memberships = _memberships(spec, rng, partnerships, organisations, people)
    seats = [0] * len(partnerships)
    for membership in memberships:
        seats[membership.partnership] += 1
    largest = max(range(len(partnerships)), key=lambda i: (seats[i], -i))
    showcase_membership = next(
        i
        for i, m in enumerate(memberships)
        if m.partnership == largest and m.role == MemberRole.CHAIR
    )
    showcase_organisation = next(
        m.organisation
        for m in memberships
        if m.partnership == largest and m.organisation is not None
    )
    return ScalePlan(
        spec=spec,
        organisations=organisations,
        people=people,
        partnerships=partnerships,
        memberships=memberships,
        users=_users(spec, partnerships, people, memberships),
        largest=largest,
        showcase_membership=showcase_membership,
        showcase_organisation=showcase_organisation,
    )


# --- writing it ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ScaleSummary:
    """What was written, and where to look first."""

    name: str
    seed: int
    partnerships: int
    reporting_lines: int
    organisations: int
    people: int
    memberships: int
    users: int
    role_grants: int
    audit_events: int
    seconds: float
    largest_partnership_id: int
    largest_partnership_name: str
    largest_partnership_members: int
    organisation_id: int
    person_id: int
    membership_id: int
    plans: PlansSummary
    # Role (manager, editor, lead, viewer, district, restricted, admin) to username.
    usernames: dict[str, str] = field(default_factory=dict)

    @property
    def manager_username(self) -> str:
        return self.usernames["manager"]

    @property
    def viewer_username(self) -> str:
        return self.usernames["viewer"]

    def counts(self) -> dict[str, int]:
        """How many of each thing were written, in the order a person reads them."""
        return {
            "partnerships": self.partnerships,
            "reporting lines": self.reporting_lines,
            "organisations": self.organisations,
            "people": self.people,
            "memberships": self.memberships,
            "accounts": self.users,
            "role grants": self.role_grants,
            "plans": self.plans.plans,
            "actions": self.plans.actions,
            "milestones": self.plans.milestones,
            "progress updates": self.plans.updates,
            "audit rows": self.audit_events,
        }


def _creation_events(objects: Sequence[models.Model], actor: Actor) -> list[AuditEvent]:
    """Unsaved creation rows, as the services would have written them one by one."""
    return [
        creation_event(obj, actor=actor, partnership_id=audit_scope(obj, None)) for obj in objects
    ]


def _refuse_if_present(scale_plan: ScalePlan) -> None:
    """One scale per database: a second run would clash on names, or double the data."""
    name = scale_plan.spec.name
    clashes: list[str] = []
    partnership_names = [p.name for p in scale_plan.partnerships]
    found = list(
        Partnership.objects.filter(name__in=partnership_names).values_list("name", flat=True)[:3]
    )
    clashes += [f"partnership “{n}”" for n in found]
    organisation_names = [o.name for o in scale_plan.organisations]
    found = list(
        Organisation.objects.filter(name__in=organisation_names).values_list("name", flat=True)[:3]
    )
    clashes += [f"organisation “{n}”" for n in found]
    usernames = [u.username for u in scale_plan.users]
    found = list(User.objects.filter(username__in=usernames).values_list("username", flat=True)[:3])
    clashes += [f"account “{n}”" for n in found]
    if clashes:
        raise ScaleExistsError(
            f"The {name} scale is already in this database ({', '.join(clashes[:3])} "
            "exists); nothing was written. Generate it into a fresh database instead."
        )


@transaction.atomic
def generate(name: str, *, seed: int, password: str) -> ScaleSummary:
    """Write the named scale into the database, once; every account gets `password`.

    Raises ScaleExistsError, writing nothing, if any of its partnerships, organisations or
    accounts is already there.
    """
    started = time.perf_counter()
    scale_plan = plan(name, seed=seed)
    _refuse_if_present(scale_plan)
    actor = Actor.system(AuditSource.CLI)

    organisations = Organisation.objects.bulk_create(
        [Organisation(**vars(o)) for o in scale_plan.organisations]
    )
    events = _creation_events(organisations, actor)

    # One hash for every account: argon2 is slow on purpose, and they share a password.
    password_hash = make_password(password)
    accounts: dict[int, User] = {}
    for planned_user in scale_plan.users:
        person = scale_plan.people[planned_user.person]
        first, last = person.name.split(" ", 1)
        accounts[planned_user.person] = User(
            username=planned_user.username,
            password=password_hash,
            first_name=first,
            last_name=last,
            email=person.email,
            organisation=organisations[person.organisation]
            if person.organisation is not None
            else None,
            is_superuser=planned_user.role is None,
            is_staff=planned_user.role is None,
        )
    users = User.objects.bulk_create(list(accounts.values()))
    events += _creation_events(users, actor)

    people = Person.objects.bulk_create(
        [
            Person(
                name=p.name,
                job_title=p.job_title,
                organisation=organisations[p.organisation] if p.organisation is not None else None,
                email=p.email,
                user=accounts.get(index),
            )
            for index, p in enumerate(scale_plan.people)
        ]
    )
    events += _creation_events(people, actor)

    partnerships = Partnership.objects.bulk_create(
        [
            Partnership(
                name=p.name, short_name=p.short_name, kind=p.kind, description=p.description
            )
            for p in scale_plan.partnerships
        ]
    )
    events += _creation_events(partnerships, actor)

    memberships = Membership.objects.bulk_create(
        [
            Membership(
                partnership=partnerships[m.partnership],
                person=people[m.person] if m.person is not None else None,
                organisation=organisations[m.organisation] if m.organisation is not None else None,
                role=m.role,
                sector=m.sector,
                from_date=m.from_date,
                to_date=m.to_date,
            )
            for m in scale_plan.memberships
        ]
    )
    events += _creation_events(memberships, actor)

    grants = []
    for planned_user in scale_plan.users:
        user = accounts[planned_user.person]
        if planned_user.role is not None and planned_user.partnership is not None:
            grants.append(
                RoleGrant(
                    user=user,
                    partnership=partnerships[planned_user.partnership],
                    role=planned_user.role,
                )
            )
        if planned_user.override is not None:
            role, partnership = planned_user.override
            grants.append(RoleGrant(user=user, partnership=partnerships[partnership], role=role))
    grants = RoleGrant.objects.bulk_create(grants)
    events += _creation_events(grants, actor)
    AuditEvent.objects.bulk_create(events)

    # Reporting lines go through the service: there are few of them, and it checks for
    # loops and writes the same "reports to" audit row a manager's edit would.
    for index, planned in enumerate(scale_plan.partnerships):
        if planned.reports_to:
            services.set_reporting_lines(
                partnership=partnerships[index],
                reports_to=[partnerships[parent] for parent in planned.reports_to],
                actor=actor,
            )

    lead = next(u for u in scale_plan.users if u.role == AccessRole.LEAD)
    assert lead.partnership is not None
    plans = write_plans(
        name=name,
        seed=seed,
        partnerships=partnerships,
        lead_partnership=partnerships[lead.partnership],
        people=people,
        organisations=organisations,
        lead_person=people[lead.person],
        actor=actor,
    )

    largest = partnerships[scale_plan.largest]
    showcase = memberships[scale_plan.showcase_membership]
    return ScaleSummary(
        name=name,
        seed=seed,
        partnerships=len(partnerships),
        reporting_lines=sum(len(p.reports_to) for p in scale_plan.partnerships),
        organisations=len(organisations),
        people=len(people),
        memberships=len(memberships),
        users=len(users),
        role_grants=len(grants),
        audit_events=len(events)
        + sum(1 for p in scale_plan.partnerships if p.reports_to)
        + plans.audit_events,
        plans=plans,
        seconds=time.perf_counter() - started,
        largest_partnership_id=largest.pk,
        largest_partnership_name=largest.name,
        largest_partnership_members=sum(
            1 for m in scale_plan.memberships if m.partnership == scale_plan.largest
        ),
        organisation_id=organisations[scale_plan.showcase_organisation].pk,
        person_id=showcase.person_id,
        membership_id=showcase.pk,
        usernames={u.username.removeprefix(f"{name}-"): u.username for u in scale_plan.users},
    )
