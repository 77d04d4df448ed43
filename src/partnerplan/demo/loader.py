"""A fictional county framework to try partnerplan with: `partnerplan demo`."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from partnerplan.accounts.models import RoleGrant, User
from partnerplan.core.audit import Actor
from partnerplan.core.models import AuditSource
from partnerplan.demo.meetings import load_demo_meetings
from partnerplan.demo.plans import load_demo_plans
from partnerplan.partnerships import services
from partnerplan.partnerships.models import Partnership

COUNTY_BOARD = "Marlshire Partnership Board"

ORGANISATIONS = [
    ("Marlshire County Council", "MCC", "statutory"),
    ("Eastholm District Council", "EDC", "statutory"),
    ("Westbrook Borough Council", "WBC", "statutory"),
    ("Marlshire Constabulary", "", "statutory"),
    ("Marlshire and Wye Integrated Care Board", "ICB", "statutory"),
    ("Marlshire Fire and Rescue Service", "MFRS", "statutory"),
    ("Marlshire College", "", "statutory"),
    ("Jobcentre Plus, Marlshire district", "", "statutory"),
    ("Marlshire Probation Delivery Unit", "", "statutory"),
    ("Marlshire Council for Voluntary Service", "CVS", "voluntary"),
    ("Eastholm Citizens Advice", "", "voluntary"),
    ("Westbrook Youth Trust", "", "voluntary"),
    ("Marlshire Racial Equality Forum", "", "voluntary"),
    ("Marlshire Chamber of Commerce", "", "private"),
    ("Eastholm Homes", "", "private"),
    ("Westbrook Town Centre Partnership", "", "other"),
]

# name, short name, kind, reports to, description
PARTNERSHIPS = [
    (
        COUNTY_BOARD,
        "MPB",
        "board",
        [],
        "Brings the county's public, voluntary and business leaders together to agree the "
        "shared strategy for Marlshire and hold each other to account for it.",
    ),
    (
        "Marlshire Public Service Board",
        "PSB",
        "public_service_board",
        [COUNTY_BOARD],
        "Manages the county's agreed targets and the quarterly performance report.",
    ),
    (
        "Children and Young People's Partnership",
        "CYPP",
        "thematic",
        ["Marlshire Public Service Board"],
        "Improves outcomes for children, young people and families.",
    ),
    (
        "Health and Well-being Partnership",
        "HWB",
        "thematic",
        ["Marlshire Public Service Board"],
        "Narrows the gap in healthy life expectancy.",
    ),
    (
        "Safer Marlshire Partnership",
        "CSP",
        "thematic",
        ["Marlshire Public Service Board"],
        "The community safety partnership for the county.",
    ),
    (
        "Economy and Skills Partnership",
        "ESP",
        "thematic",
        ["Marlshire Public Service Board"],
        "Jobs, skills and a growing local economy.",
    ),
    (
        "Environment and Waste Partnership",
        "",
        "thematic",
        ["Marlshire Public Service Board"],
        "Waste reduction, recycling and a greener county.",
    ),
    (
        "Eastholm Local Strategic Partnership",
        "Eastholm LSP",
        "district",
        [COUNTY_BOARD],
        "Partners working together for the people of Eastholm district.",
    ),
    (
        "Westbrook Local Strategic Partnership",
        "Westbrook LSP",
        "district",
        [COUNTY_BOARD],
        "Partners working together for the people of Westbrook borough.",
    ),
    (
        "Eastholm Safer Communities Group",
        "",
        "sub_group",
        ["Eastholm Local Strategic Partnership", "Safer Marlshire Partnership"],
        "Local delivery of the community safety plan in Eastholm.",
    ),
    (
        "Eastholm Officer Group",
        "",
        "officer_group",
        ["Eastholm Local Strategic Partnership"],
        "Officers who prepare the partnership's papers and performance reports.",
    ),
    (
        "Westbrook Town Centre Block",
        "",
        "delivery_block",
        ["Westbrook Local Strategic Partnership"],
        "Delivers the town centre regeneration work programme.",
    ),
    (
        "Westbrook Healthy Lives Group",
        "",
        "sub_group",
        ["Westbrook Local Strategic Partnership", "Health and Well-being Partnership"],
        "Local delivery of the health and well-being priorities in Westbrook.",
    ),
    (
        "Young People's Participation Group",
        "",
        "sub_group",
        ["Children and Young People's Partnership"],
        "Makes sure young people shape the plans.",
    ),
]

FIRST = [
    "Alex",
    "Bernadette",
    "Callum",
    "Deepa",
    "Eamon",
    "Fiona",
    "Gareth",
    "Hannah",
    "Imran",
    "Joanne",
    "Kwame",
    "Lorna",
    "Mohammed",
    "Nia",
    "Owen",
    "Priya",
    "Rhys",
    "Sadia",
    "Tom",
    "Ursula",
    "Victor",
    "Wendy",
]
LAST = [
    "Ashworth",
    "Barlow",
    "Chowdhury",
    "Davies",
    "Ellison",
    "Fairclough",
    "Grant",
    "Hussain",
    "Iqbal",
    "Jenkins",
    "Kaur",
    "Lomax",
    "Mensah",
    "Nolan",
    "Okafor",
    "Pritchard",
]
TITLES = [
    "Chief Executive",
    "Director of Public Health",
    "Head of Community Safety",
    "Partnership Manager",
    "Performance and Research Officer",
    "Chief Superintendent",
    "Councillor, Cabinet Member",
    "Head of Service",
    "Chief Officer",
    "Communications Officer",
    "Area Manager",
    "Policy Officer",
]
ROLES = ["chair", "vice_chair", "lead", "coordinator", "member", "member", "member"]

DEMO_USERS = [
    # username, role, partnership, administrator
    ("manager", "manager", COUNTY_BOARD, False),
    ("admin", None, None, True),
    ("editor", "editor", COUNTY_BOARD, False),
    ("lead", "lead", "Safer Marlshire Partnership", False),
    ("viewer", "viewer", COUNTY_BOARD, False),
    ("district", "manager", "Eastholm Local Strategic Partnership", False),
]


@dataclass
class DemoResult:
    loaded: bool
    partnerships: int
    usernames: list[str]
    plans: int = 0


@transaction.atomic
def load_demo(*, password: str) -> DemoResult:
    """Load the demo county once; a second run changes nothing."""
    usernames = [username for username, *_ in DEMO_USERS]
    actor = Actor.system(AuditSource.DEMO)
    if Partnership.objects.filter(name=COUNTY_BOARD).exists():
        # A county loaded before plans existed gets its plans now.
        plans = load_demo_plans(actor=actor, today=timezone.localdate())
        load_demo_meetings(actor=actor, today=timezone.localdate())
        return DemoResult(
            loaded=False,
            partnerships=Partnership.objects.count(),
            usernames=usernames,
            plans=plans,
        )
    organisations = [
        services.organisation_create(actor=actor, name=name, short_name=short, sector=sector)
        for name, short, sector in ORGANISATIONS
    ]
    partnerships: dict[str, Partnership] = {}
    for name, short, kind, parents, description in PARTNERSHIPS:
        partnerships[name] = services.partnership_create(
            actor=actor,
            name=name,
            short_name=short,
            kind=kind,
            description=description,
            reports_to=[partnerships[parent] for parent in parents],
        )
    people = []
    for index in range(48):
        organisation = organisations[index % len(organisations)]
        people.append(
            services.person_create(
                actor=actor,
                name=f"{FIRST[index % len(FIRST)]} {LAST[(index * 7) % len(LAST)]}",
                job_title=TITLES[index % len(TITLES)],
                organisation=organisation,
                email=f"person{index + 1}@{organisation.name.split()[0].lower()}.example.org",
            )
        )
    for number, partnership in enumerate(partnerships.values()):
        for seat in range(5):
            person = people[(number * 5 + seat) % len(people)]
            sector = {"statutory": "statutory", "voluntary": "voluntary", "private": "private"}.get(
                person.organisation.sector, "other"
            )
            if "Councillor" in person.job_title:
                sector = "elected_members"
            if person.organisation.name == "Marlshire Racial Equality Forum":
                sector = "ethnic_minority"
            services.membership_add(
                actor=actor, partnership=partnership, person=person, role=ROLES[seat], sector=sector
            )
        member_org = organisations[(number * 3) % len(organisations)]
        services.membership_add(
            actor=actor,
            partnership=partnership,
            organisation=member_org,
            role="member",
            sector=member_org.sector if member_org.sector != "other" else "other",
        )
    for index, (username, role, partnership_name, admin) in enumerate(DEMO_USERS):
        person = people[index]
        user = User.objects.create_user(
            username=username,
            password=password,
            organisation=person.organisation,
            first_name=person.name.split()[0],
            last_name=person.name.split()[1],
            is_superuser=admin,
            is_staff=admin,
        )
        services.person_update(person=person, actor=actor, user=user)
        if role:
            RoleGrant.objects.create(
                user=user, partnership=partnerships[partnership_name], role=role
            )
    plans = load_demo_plans(actor=actor, today=timezone.localdate())
    load_demo_meetings(actor=actor, today=timezone.localdate())
    return DemoResult(loaded=True, partnerships=len(partnerships), usernames=usernames, plans=plans)
