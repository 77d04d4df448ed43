"""The demo county's plans: the board's improvement plan, a work programme with priority
levels and links, and a plan on the five-point scale. All fictional."""

from __future__ import annotations

import random
from datetime import date, datetime, time
from decimal import Decimal

from django.utils import timezone

from partnerplan.core.audit import Actor
from partnerplan.core.periods import Quarter
from partnerplan.partnerships.models import Organisation, Partnership, Person
from partnerplan.plans import services
from partnerplan.plans.choices import LinkKind, PlanKind, PlanStatus, StatusScale
from partnerplan.plans.models import Action, Plan
from partnerplan.timescales.services import read_for_plan

IMPROVEMENT_PLAN = "Marlshire Partnership Improvement Plan"

# objective, then its actions: (action, [milestones with their timescales], timescale, resources)
BOARD_PLAN: list[tuple[str, list[tuple[str, list[tuple[str, str]], str, str]]]] = [
    (
        "A shared strategy everyone signs up to",
        [
            (
                "Refresh the county strategy with every partner's governing body",
                [
                    ("Draft agreed by the board", "June"),
                    ("Adopted by each partner", "September"),
                    ("Summary published for residents", "October"),
                ],
                "June to October",
                "Staff time",
            ),
            (
                "Turn the strategy into a one-page delivery map for each thematic partnership",
                [("Template agreed", "July"), ("Maps returned by chairs", "September")],
                "Quarter 2",
                "Staff time",
            ),
            (
                "Test the strategy against the latest needs assessment",
                [("Needs assessment published", "May"), ("Gaps reported to the board", "July")],
                "by July",
                "£4,000 research time",
            ),
            (
                "Agree how partners will pool money for shared priorities",
                [
                    ("Options paper to the board", "September"),
                    ("Pooled fund agreement signed", "March"),
                ],
                "September to March",
                "£150,000 pooled fund",
            ),
            (
                "Hold an annual partnership conference",
                [("Venue and speakers booked", "December"), ("Conference held", "February")],
                "February annually",
                "£6,500",
            ),
        ],
    ),
    (
        "Performance management that shows what is changing",
        [
            (
                "Publish the board's papers and decisions on time",
                [
                    (
                        "Agenda and reports on the website",
                        "within 5 working days of board meetings",
                    ),
                    ("Performance summary to the board", "Quarterly"),
                    ("Annual report to residents", "mid July"),
                    ("Residents' panel on the website", "when the new site is live"),
                ],
                "Ongoing",
                "Staff time",
            ),
            (
                "Run one quarterly reporting cycle for every partnership",
                [
                    ("Timetable agreed", "April"),
                    ("First collated report", "July"),
                    ("Exception report to the steering group", "each quarter"),
                ],
                "Quarterly",
                "Staff time",
            ),
            (
                "Train leads to write progress updates that say what changed",
                [("Workshop designed", "May"), ("Two workshops held", "by September")],
                "May to September",
                "Staff time",
            ),
            (
                "Publish a performance scorecard on the partnership website",
                [("Indicators chosen", "June"), ("Scorecard live", "October")],
                "by October",
                "£2,000",
            ),
            (
                "Agree tolerances for amber and red with each thematic chair",
                [("Draft tolerances circulated", "June"), ("Agreed at steering group", "July")],
                "July",
                "Staff time",
            ),
            (
                "Review the risk register each quarter",
                [
                    ("Register owners confirmed", "April"),
                    ("Reviewed at each steering group", "quarterly"),
                ],
                "Quarterly",
                "Staff time",
            ),
        ],
    ),
    (
        "People who live here have a say",
        [
            (
                "Set up a residents' panel of 1,000 people",
                [("Recruitment drive", "May to July"), ("First survey", "September")],
                "May to September",
                "£12,000",
            ),
            (
                "Hold neighbourhood forums in the ten most deprived areas",
                [("Forums agreed with ward members", "June"), ("First round held", "November")],
                "June to November",
                "£8,000 and staff time",
            ),
            (
                "Publish 'you said, we did' after each consultation",
                [("Format agreed", "July")],
                "Within a month of each consultation",
                "Staff time",
            ),
            (
                "Support the voluntary sector forum to elect its board representatives",
                [("Election held", "October")],
                "October",
                "£1,500 grant",
            ),
        ],
    ),
    (
        "Governance that is open and accountable",
        [
            (
                "Review the board's terms of reference and membership",
                [("Review by the officer group", "May"), ("New terms adopted", "July")],
                "July",
                "Staff time",
            ),
            (
                "Publish agendas and papers within five working days of each meeting",
                [("Publishing checklist agreed", "April")],
                "Within 5 working days of each meeting",
                "Staff time",
            ),
            (
                "Agree a code of conduct for partnership members",
                [("Draft code", "June"), ("Signed by every member", "September")],
                "September",
                "Staff time",
            ),
            (
                "Give elected members a clear role on every thematic partnership",
                [("Nominations from the council", "June")],
                "June",
                "None",
            ),
            (
                "Carry out the annual governance self-assessment",
                [("Survey of members", "January"), ("Action plan agreed", "March")],
                "January to March annually",
                "Staff time",
            ),
        ],
    ),
    (
        "Thematic partnerships that deliver",
        [
            (
                "Agree a delivery plan with each thematic partnership",
                [("Plans drafted", "June"), ("Plans adopted", "September")],
                "by September",
                "Staff time",
            ),
            (
                "Appoint a lead officer for each thematic priority",
                [("Leads named", "May")],
                "May",
                "Staff time",
            ),
            (
                "Share one performance dataset between the thematic partnerships",
                [("Data sharing protocol signed", "July"), ("Dataset live", "November")],
                "July to November",
                "£9,000",
            ),
            (
                "Bring the thematic chairs together twice a year",
                [("First meeting", "October"), ("Second meeting", "April")],
                "6 monthly",
                "Staff time",
            ),
            (
                "Close the gap in healthy life expectancy between the best and worst wards",
                [("Ward profiles published", "August"), ("Targeted programme agreed", "December")],
                "2026/27 to 2027/28",
                "£80,000 public health grant",
            ),
        ],
    ),
    (
        "Districts and county pulling together",
        [
            (
                "Align district partnership plans with the county strategy",
                [
                    ("Comparison of plans", "July"),
                    ("Changes agreed with district chairs", "October"),
                ],
                "by October",
                "Staff time",
            ),
            (
                "Hold a joint meeting of the district partnerships each year",
                [("Meeting held", "November")],
                "November annually",
                "£1,200",
            ),
            (
                "Agree one set of neighbourhood boundaries with the districts",
                [("Maps agreed", "September")],
                "September",
                "Staff time",
            ),
            (
                "Share officer support between the districts' partnership teams",
                [("Secondment agreed", "August")],
                "August",
                "Staff time",
            ),
        ],
    ),
    (
        "Money spent where it makes most difference",
        [
            (
                "Agree criteria for allocating the neighbourhood fund",
                [("Criteria consulted on", "May"), ("Criteria adopted", "June")],
                "June",
                "£600,000 neighbourhood fund",
            ),
            (
                "Report spend against budget every quarter",
                [("Finance template agreed", "April")],
                "Quarterly",
                "Staff time",
            ),
            (
                "Evaluate the three largest funded projects",
                [("Evaluator appointed", "July"), ("Findings to the board", "February")],
                "July to February",
                "£15,000",
            ),
            (
                "Plan an exit route for every project funded for a fixed term",
                [("Exit plans received", "December")],
                "by December",
                "Staff time",
            ),
        ],
    ),
    (
        "Communicating what the partnership achieves",
        [
            (
                "Publish a newsletter for partners and residents each quarter",
                [("Editorial group set up", "April"), ("First issue", "June")],
                "Quarterly",
                "£3,000",
            ),
            (
                "Relaunch the partnership website with accessible pages",
                [("Accessibility audit", "May"), ("New site live", "September")],
                "May to September",
                "£7,500",
            ),
            (
                "Publish an annual summary of progress for the public",
                [("Summary drafted", "May"), ("Published", "June")],
                "June annually",
                "Staff time",
            ),
            (
                "Agree a joint protocol for media enquiries",
                [("Protocol signed", "July")],
                "July",
                "Staff time",
            ),
        ],
    ),
]

WORK_PROGRAMME: list[tuple[str, list[tuple[str, int, str]]]] = [
    (
        "Safer neighbourhoods",
        [
            ("Joint patrols in the three town centres on weekend nights", 1, "Quarterly"),
            ("A single referral route for anti-social behaviour victims", 1, "by September"),
            ("Neighbourhood watch recruitment in rural villages", 3, "Ongoing"),
            ("Review of street lighting near hotspots", 2, "Autumn"),
        ],
    ),
    (
        "Reducing reoffending",
        [
            ("Housing pathway for people leaving prison", 1, "April to December"),
            ("Mentoring for young adults on community orders", 2, "by March"),
            ("Employment support with the job centre", 2, "6 monthly review"),
        ],
    ),
    (
        "Domestic abuse",
        [
            ("Commission a county-wide outreach service", 1, "by July"),
            ("Training for front-line staff in every partner", 2, "minimum twice a year"),
            ("Awareness campaign in workplaces", 3, "November annually"),
        ],
    ),
]

FIVE_POINT_PLAN: list[tuple[str, list[str]]] = [
    (
        "Healthy weight",
        [
            "Weigh and measure every reception and year 6 child",
            "Free swimming for under-16s in the summer holidays",
            "A healthy eating award for takeaways",
        ],
    ),
    (
        "Smoking",
        [
            "Stop smoking service in every GP practice",
            "Smoke-free play areas in every park",
        ],
    ),
    (
        "Older people living well",
        [
            "Falls prevention classes in community centres",
            "Winter warmth checks for people over 75",
            "A directory of befriending schemes",
        ],
    ),
]

NARRATIVES = {
    "green": [
        "On track. The work planned for the quarter is done and partners have signed off.",
        "Going well: the milestone was met and feedback from partners is positive.",
    ],
    "amber_green": ["Mostly on track; one partner is a few weeks behind on their part."],
    "amber": [
        "Behind schedule: the lead officer post was vacant for two months. Recovery plan agreed.",
        "Slipped by a month while we waited for the data. No effect on the year-end target yet.",
    ],
    "amber_red": ["Serious delay: funding for the second phase is not yet confirmed."],
    "red": [
        "Stalled: the partner who was to host the work has withdrawn. The board must decide.",
    ],
    "completed": ["Completed and reported to the board."],
    "ongoing": ["Continuing as planned."],
}


def _leads(rng: random.Random, people: list[Person], organisations: list[Organisation]) -> list:
    chosen: list = rng.sample(people, rng.choice([1, 2, 2, 3]))
    if rng.random() < 0.4:
        chosen.append(rng.choice(organisations))
    return chosen


def _history(
    actor: Actor, action: Action, rng: random.Random, quarters: list[Quarter], colours: list[str]
) -> None:
    status = rng.choice(colours[:3])
    now = timezone.now()
    current = Quarter.containing(timezone.localdate(now))
    for quarter in quarters:
        if quarter == current and rng.random() < 0.3:
            continue  # some leads have not sent this quarter's update yet
        # Statuses drift a step at a time, as real ones do.
        index = colours.index(status) + rng.choice([-1, 0, 0, 0, 1])
        status = colours[max(0, min(len(colours) - 1, index))]
        written = min(
            now,
            timezone.make_aware(datetime.combine(quarter.last_day.replace(day=20), time(10))),
        )
        services.progress_add(
            actor=actor,
            action=action,
            status=status,
            narrative=rng.choice(NARRATIVES[status]),
            period=quarter,
            written_on=written,
        )


def load_demo_plans(*, actor: Actor, today: date) -> int:
    """The demo plans, once: the number of plans loaded (0 if they were there already)."""
    if Plan.objects.filter(title=IMPROVEMENT_PLAN).exists():
        return 0
    rng = random.Random(2026)
    board = Partnership.objects.get(name="Marlshire Partnership Board")
    safer = Partnership.objects.get(name="Safer Marlshire Partnership")
    health = Partnership.objects.get(name="Health and Well-being Partnership")
    people = list(Person.objects.select_related("organisation").order_by("pk"))
    organisations = list(Organisation.objects.order_by("pk"))
    now = Quarter.containing(today)
    year = now.year
    history = [now.previous().previous().previous(), now.previous().previous(), now.previous(), now]

    plan = services.plan_create(
        actor=actor,
        partnership=board,
        title=IMPROVEMENT_PLAN,
        kind=PlanKind.IMPROVEMENT_PLAN,
        first_year=history[0].year,
        last_year=year + 1,
        status=PlanStatus.ADOPTED,
        adopted_on=history[0].first_day,
        adopted_at="Partnership Board",
        labels={"objective": "Strategic aim", "action": "Activity", "when": "Timescale"},
        columns=["lead", "milestones", "when", "resources", "progress"],
    )
    colours = ["green", "amber", "red"]
    for aim, activities in BOARD_PLAN:
        objective = services.objective_create(actor=actor, plan=plan, title=aim)
        for title, milestones, timescale, resources in activities:
            amount = None
            if resources.startswith("£"):
                amount = Decimal(resources[1:].split()[0].replace(",", ""))
            action = services.action_create(
                actor=actor,
                objective=objective,
                title=title,
                leads=_leads(rng, people, organisations),
                timescale=timescale,
                resources=resources,
                resource_amount=amount,
            )
            for text, when in milestones:
                due = read_for_plan(
                    when, first_year=plan.first_year, last_year=plan.last_year
                ).due_on
                services.milestone_create(
                    actor=actor,
                    action=action,
                    text=text,
                    timescale=when,
                    completed_on=due if due and due < today and rng.random() < 0.7 else None,
                )
            _history(actor, action, rng, history, colours)

    programme = services.plan_create(
        actor=actor,
        partnership=safer,
        title="Community Safety Work Programme",
        kind=PlanKind.WORK_PROGRAMME,
        first_year=year,
        last_year=year,
        status=PlanStatus.ADOPTED,
        labels={"objective": "Theme", "action": "Key task", "lead": "Lead partner"},
        columns=["priority", "lead", "when", "progress"],
    )
    # The demo lead account leads a few key tasks, so that "My actions" has work in it.
    demo_lead = Person.objects.filter(user__username="lead").first()
    tasks: list[Action] = []
    for theme, items in WORK_PROGRAMME:
        objective = services.objective_create(actor=actor, plan=programme, title=theme)
        for title, priority, timescale in items:
            leads = _leads(rng, people, organisations)
            if demo_lead is not None and len(tasks) % 3 == 0:
                leads = [demo_lead, *(lead for lead in leads if lead != demo_lead)]
            task = services.action_create(
                actor=actor,
                objective=objective,
                title=title,
                priority=priority,
                timescale=timescale,
                leads=leads,
            )
            tasks.append(task)
            _history(actor, task, rng, history[-2:], colours)
    services.action_link_add(
        actor=actor, from_action=tasks[4], to_action=tasks[1], kind=LinkKind.DEPENDS_ON
    )
    services.action_link_add(
        actor=actor, from_action=tasks[0], to_action=tasks[3], kind=LinkKind.INCORPORATES
    )
    services.action_link_add(
        actor=actor, from_action=tasks[8], to_action=tasks[7], kind=LinkKind.INFLUENCED_BY
    )

    wellbeing = services.plan_create(
        actor=actor,
        partnership=health,
        title="Health and Well-being Delivery Plan",
        kind=PlanKind.DELIVERY_PLAN,
        first_year=year,
        last_year=year + 2,
        scale=StatusScale.FIVE_POINT,
        status=PlanStatus.ADOPTED,
        labels={"objective": "Outcome", "target": "Indicator"},
        columns=["lead", "target", "when", "progress", "comments"],
    )
    five = ["green", "amber_green", "amber", "amber_red", "red"]
    for outcome, items in FIVE_POINT_PLAN:
        objective = services.objective_create(actor=actor, plan=wellbeing, title=outcome)
        for title in items:
            action = services.action_create(
                actor=actor,
                objective=objective,
                title=title,
                timescale=f"{year}/{(year + 1) % 100:02d} to {year + 2}/{(year + 3) % 100:02d}",
                target="Rate per 1,000 residents, from the annual survey",
                leads=_leads(rng, people, organisations),
            )
            _history(actor, action, rng, history[-1:], five)
    return 3
