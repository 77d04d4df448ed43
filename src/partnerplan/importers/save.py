"""Save a plan read in the interchange format, through the plans services.

Everything goes through the services that the pages use, so every row has its audit
record with the actor and the actor's source (an import, the command line, the API).
A plan is saved whole or not at all: anything a service refuses becomes an
InterchangeError naming the part of the document at fault, and nothing is kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone

from partnerplan.core.audit import Actor
from partnerplan.core.periods import Quarter
from partnerplan.core.permissions import can
from partnerplan.importers.interchange import (
    ActionData,
    InterchangeError,
    LeadData,
    PlanData,
    check_plan,
    where,
)
from partnerplan.partnerships import services as framework
from partnerplan.partnerships.choices import OrganisationSector, PartnershipKind
from partnerplan.partnerships.models import Organisation, Partnership, Person
from partnerplan.plans import services
from partnerplan.plans.choices import (
    DEFAULT_COLUMNS,
    SCALE_COLOURS,
    TABLE_COLUMNS,
    PlanKind,
    ProgressStatus,
    StatusScale,
)
from partnerplan.plans.models import Action, Objective, Plan
from partnerplan.timescales.services import DueDates

Path = list[str | int]

# The format's names for the fields whose names differ in the database, so that a
# refusal points at the value in the document.
_FORMAT_NAMES = {
    "first_year": "period",
    "last_year": "period",
    "narrative": "text",
    "kind": "type",
    "to_action": "to",
}

# Words in a plan's title that say what kind of plan it is.
_KIND_WORDS = [
    ("work programme", PlanKind.WORK_PROGRAMME),
    ("improvement plan", PlanKind.IMPROVEMENT_PLAN),
    ("development plan", PlanKind.DEVELOPMENT_PLAN),
    ("delivery plan", PlanKind.DELIVERY_PLAN),
]

# The parts of an action that a plan's table shows only when the plan asks for them;
# each part's name is its column's name.
_OPTIONAL_COLUMNS = ("target", "resources", "priority", "source")


@transaction.atomic
def save_plan(
    *, document_plan: PlanData, partnership: Partnership, actor: Actor, kind: str | None = None
) -> Plan:
    """Create the plan in `partnership`, with its objectives, actions, leads, milestones,
    progress and links.

    Leads are found among the people, organisations and partnerships already there, by
    name, ignoring case and spacing; the people, organisations and groups not there yet
    are added (a group reporting to `partnership`), and "All partners" is `partnership`
    itself. `kind` is the kind of plan; by default it is read from the title ("... Work
    Programme"), else "other". Raises InterchangeError, having saved nothing, if the
    plan is not valid or a service refuses any part of it.
    """
    check_plan(document_plan)
    missing = _missing(document_plan)
    if missing:
        raise InterchangeError(missing)
    years = document_plan.years
    assert years is not None  # an unknown period is among the missing values
    with _refusals([]):
        plan = services.plan_create(
            actor=actor,
            partnership=partnership,
            title=document_plan.title or "",
            kind=kind or _kind_by_words(document_plan.title or "", _KIND_WORDS, PlanKind.OTHER),
            first_year=years[0],
            last_year=years[1],
            scale=document_plan.scale or _smallest_scale(document_plan),
            labels={key: value for key, value in document_plan.labels.items() if value},
            columns=_columns(document_plan),
        )
    leads = _Leads(actor, partnership)
    dates = DueDates(plan)
    created: dict[str, Action] = {}
    links: list[tuple[Path, Action, ActionData]] = []
    for o, objective_data in enumerate(document_plan.objectives):
        at: Path = ["objectives", o]
        with _refusals(at):
            objective = services.objective_create(
                actor=actor,
                plan=plan,
                number=objective_data.number or "",
                title=objective_data.title or "",
                description=objective_data.description or "",
            )
        for a, action_data in enumerate(objective_data.actions):
            action_at: Path = [*at, "actions", a]
            action = _save_action(action_data, objective, leads, dates, actor, action_at)
            if action_data.number is not None:
                created[action_data.number] = action
            links.append((action_at, action, action_data))
    # Links last: an action may link to one further down the plan.
    for action_at, action, action_data in links:
        for k, link in enumerate(action_data.links):
            with _refusals([*action_at, "links", k]):
                services.action_link_add(
                    actor=actor, from_action=action, to_action=created[link.to], kind=link.type
                )
    if leads.refused:
        raise InterchangeError(leads.refused)  # the transaction takes back what was saved
    return plan


def _save_action(
    data: ActionData,
    objective: Objective,
    leads: _Leads,
    dates: DueDates,
    actor: Actor,
    at: Path,
) -> Action:
    found = [leads.find(lead, [*at, "leads", n]) for n, lead in enumerate(data.leads)]
    who = [lead for lead in found if lead is not None]
    with _refusals(at):
        action = services.action_create(
            actor=actor,
            objective=objective,
            number=data.number or "",
            title=data.title or "",
            leads=who,
            due_dates=dates,
            description=data.description or "",
            priority=data.priority,
            resources=data.resources or "",
            timescale=data.timescale or "",
            target=data.target or "",
            comments=data.comments or "",
            source=data.source or "",
        )
    for m, milestone in enumerate(data.milestones):
        with _refusals([*at, "milestones", m]):
            services.milestone_create(
                actor=actor,
                action=action,
                number=milestone.number or "",
                text=milestone.text,
                due_dates=dates,
                timescale=milestone.timescale or "",
            )
    # An update the document does not date reports on the plan's last quarter, or on
    # this one while the plan runs: an old plan's words are not news this quarter.
    undated = min(Quarter.containing(timezone.localdate()), Quarter(objective.plan.last_year, 4))
    # In the document's order, oldest first, so that the last is the action's status.
    for u, update in enumerate(data.progress):
        here: Path = [*at, "progress", u]
        with _refusals(here):
            services.progress_add(
                actor=actor,
                action=action,
                # A document that wrote what happened without a colour gave no status.
                status=update.status or ProgressStatus.NOT_STATED,
                narrative=update.text or "",
                period=Quarter.parse(update.period) if update.period else undated,
                from_document=True,
            )
    return action


class _Leads:
    """Finds each lead among the people, organisations and partnerships already saved,
    and adds the people and organisations that are not there yet.

    Names match ignoring case and spacing. Existing people and organisations are used as
    they are: an import never changes them. Everything is read once, so a plan of many
    actions does not ask the database for each lead.
    """

    def __init__(self, actor: Actor, partnership: Partnership) -> None:
        self.actor = actor
        self.partnership = partnership
        # Through the pages, an import adds only what its importer may add anywhere else
        # (the one permission layer); the command line is the installation's own.
        user = actor.user
        self.may_add = {
            "person": user is None or can(user, "add", Person),
            "organisation": user is None or can(user, "add", Organisation),
            "group": user is None or can(user, "manage_members", partnership),
        }
        self.refused: list[str] = []
        self.organisations: dict[str, Organisation] = {}
        for organisation in Organisation.objects.only("name").order_by("-id"):
            self.organisations[_key(organisation.name)] = organisation  # the oldest wins
        self.partnerships = {
            _key(p.name): p for p in Partnership.objects.only("name").order_by("-id")
        }
        self.people: dict[str, list[Person]] = {}
        for person in Person.objects.only("name", "organisation_id").order_by("id"):
            self.people.setdefault(_key(person.name), []).append(person)

    def find(self, lead: LeadData, at: Path) -> Person | Organisation | Partnership | None:
        key = _key(lead.name)
        if _WHOLE_PARTNERSHIP.fullmatch(key):
            return self.partnership
        if lead.kind == "group":
            return self._group(lead.name, at)
        if lead.kind == "organisation":
            return self._organisation(lead.name, at)
        if lead.kind == "person" or lead.job_title or lead.organisation:
            return self._person(lead, at)
        # The document does not say what the lead is: whatever has that name already.
        if key in self.people:
            return self.people[key][0]
        if key in self.organisations:
            return self.organisations[key]
        if key in self.partnerships:
            return self.partnerships[key]
        return self._person(lead, at)

    def _group(self, name: str, at: Path) -> Partnership | None:
        """The partnership or group of that name; one the framework does not have yet is
        added, reporting to the partnership whose plan names it."""
        key = _key(name)
        if key not in self.partnerships:
            if not self._may_add("group", name, at):
                return None
            with _refusals(at, {"name": [*at, "name"]}):
                self.partnerships[key] = framework.partnership_create(
                    actor=self.actor,
                    name=_tidy(name),
                    kind=_kind_by_words(name, _GROUP_KIND_WORDS, PartnershipKind.SUB_GROUP),
                    reports_to=[self.partnership],
                )
        return self.partnerships[key]

    def _may_add(self, kind: str, name: str, at: Path) -> bool:
        """May the importer add this lead? If not, say so (all such leads are listed
        together when the plan is refused)."""
        if self.may_add[kind]:
            return True
        self.refused.append(
            f"{_where(at)}: there is no {kind} called “{_tidy(name)}” yet, and adding one "
            f"needs a manager: ask a manager of {self.partnership.name} to add it, or to "
            "import the plan"
        )
        return False

    def _person(self, lead: LeadData, at: Path) -> Person | None:
        """The person of that name in the organisation the document names (or in none
        recorded); someone of the same name in another organisation is someone else."""
        organisation = (
            self._organisation(lead.organisation, [*at, "organisation"])
            if lead.organisation
            else None
        )
        namesakes = self.people.get(_key(lead.name), [])
        if organisation is None:
            if namesakes:
                return namesakes[0]
        else:
            for wanted in (organisation.pk, None):
                for person in namesakes:
                    if person.organisation_id == wanted:
                        return person
        if not self._may_add("person", lead.name, at):
            return None
        with _refusals(at):
            person = framework.person_create(
                actor=self.actor,
                name=_tidy(lead.name),
                job_title=lead.job_title or "",
                organisation=organisation,
            )
        self.people.setdefault(_key(person.name), []).append(person)
        return person

    def _organisation(self, name: str, at: Path) -> Organisation | None:
        """`at` is the path of the organisation's name in the document."""
        key = _key(name)
        if key not in self.organisations:
            if not self._may_add("organisation", name, at):
                return None
            with _refusals(at, {"name": at}):
                # The document does not say the sector; "other" until someone says.
                self.organisations[key] = framework.organisation_create(
                    actor=self.actor, name=_tidy(name), sector=OrganisationSector.OTHER
                )
        return self.organisations[key]


# Plans name the whole partnership as a lead in these words.
_WHOLE_PARTNERSHIP = re.compile(
    r"all (?:the )?(?:partners|partner organi[sz]ations|partner agencies|members|agencies)"
)

# Words in a group's name that say what kind of group it is; a sub-group otherwise.
_GROUP_KIND_WORDS = [
    ("officer", PartnershipKind.OFFICER_GROUP),
    ("steering", PartnershipKind.STEERING_GROUP),
    ("executive", PartnershipKind.EXECUTIVE),
    ("public service board", PartnershipKind.PUBLIC_SERVICE_BOARD),
    ("board", PartnershipKind.BOARD),
    ("partnership", PartnershipKind.THEMATIC),
]


def _kind_by_words(name: str, kinds: list[tuple[str, str]], otherwise: str) -> str:
    """The kind the first of `kinds`' words found in `name` says, else `otherwise`."""
    lowered = name.casefold()
    return next((kind for words, kind in kinds if words in lowered), otherwise)


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


def _tidy(name: str) -> str:
    # Names read from table cells can carry line breaks and double spaces.
    return " ".join(name.split())


def _missing(plan: PlanData) -> list[str]:
    """The values a document may leave unknown but partnerplan needs, all listed at once
    so that a person can fill them in before saving."""
    needs: list[tuple[object, Path, str]] = [
        (plan.title, ["title"], "a plan needs a title"),
        (plan.period, ["period"], "a plan needs the financial years it covers"),
    ]
    for o, objective in enumerate(plan.objectives):
        needs.append((objective.title, ["objectives", o, "title"], "an objective needs a title"))
        for a, action in enumerate(objective.actions):
            at: Path = ["objectives", o, "actions", a]
            needs.append((action.title, [*at, "title"], "an action needs a title"))
            for u, update in enumerate(action.progress):
                here: Path = [*at, "progress", u]
                needs.append((update.text, [*here, "text"], "an update needs its text"))
    return [f"{_where(at)}: is not known, and {why}" for value, at, why in needs if value is None]


def _where(at: Path) -> str:
    # Paths start at the plan: the caller knows which plan of its document it saves.
    return where(at) if at else "the plan"


@contextmanager
def _refusals(at: Path, fields: Mapping[str, Path] | None = None) -> Iterator[None]:
    """Turn a service's refusal into an InterchangeError at this part of the document.

    `fields`: where in the document a refused field is, when not at `at` under its name.
    """
    try:
        yield
    except ValidationError as error:
        problems = []
        for name, messages in _messages(error).items():
            if fields and name in fields:
                path = fields[name]
            elif name == NON_FIELD_ERRORS:
                path = at
            else:
                path = [*at, _FORMAT_NAMES.get(name, name)]
            problems += [f"{_where(path)}: {message}" for message in messages]
        raise InterchangeError(problems) from error


def _messages(error: ValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return error.message_dict
    return {NON_FIELD_ERRORS: error.messages}


def _smallest_scale(plan: PlanData) -> str:
    """The three-point scale, unless an update uses a colour only the five-point one has."""
    three = set(SCALE_COLOURS[StatusScale.THREE_POINT])
    five_only = set(SCALE_COLOURS[StatusScale.FIVE_POINT]) - three
    used = {update.status for action in plan.actions for update in action.progress}
    return StatusScale.FIVE_POINT if used & five_only else StatusScale.THREE_POINT


def _columns(plan: PlanData) -> list[str]:
    """The usual columns, and a column for each further part the document fills in."""
    filled = {
        column
        for action in plan.actions
        for column in _OPTIONAL_COLUMNS
        if getattr(action, column) is not None
    }
    return [column for column in TABLE_COLUMNS if column in DEFAULT_COLUMNS or column in filled]
