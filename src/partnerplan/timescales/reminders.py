"""E-mail reminders to the people who lead actions: what is overdue, what is due soon and
which actions still need their update for the quarter just ended. `partnerplan remind`
runs this from cron, as often as wanted.

Each person gets at most one e-mail a run, with everything new in it, or a weekly digest
if they chose one. What each e-mail told is recorded in ReminderSent, whose unique
constraint (person, reason, about) is what makes a run safe to repeat: for each person
the rows are inserted and the e-mail sent in one transaction, so a failed send is tried
again next run, and of two runs at once only the first to insert sends.

The data is read in a fixed number of queries for the whole run and grouped in Python;
each person then costs the same few queries whatever they are told about.
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from partnerplan.core.links import absolute_url, link_maker, link_to
from partnerplan.core.periods import Quarter, long_date
from partnerplan.partnerships.models import Person
from partnerplan.plans.choices import PlanStatus, label_in
from partnerplan.plans.models import Action, ActionLead, Milestone
from partnerplan.timescales import services
from partnerplan.timescales.choices import (
    DUE_SOON_DAYS,
    REMIND_DAYS_BEFORE,
    DueState,
    ReminderChoice,
    ReminderReason,
)
from partnerplan.timescales.models import ReminderSent
from partnerplan.timescales.selectors import (
    DueItem,
    due_actions,
    due_milestones,
)

log = logging.getLogger(__name__)

# How many people one query asks about: well inside every SQLite's limit on the number
# of values a statement may carry.
PEOPLE_CHUNK = 900

# The order of the sections in an e-mail, most pressing first.
SECTIONS = (
    (ReminderReason.OVERDUE, "Overdue"),
    (ReminderReason.DUE_SOON, "Due soon"),
    (ReminderReason.UPDATE_REQUEST, "Update for the quarter"),
)


# --- what a run found and did --------------------------------------------------------------


@dataclass
class RemindSummary:
    """What one run did (or, for a dry run, would have done)."""

    emails_sent: int = 0  # one to each person told, so also the people e-mailed
    # Overdue and due-soon items told; update requests and digests count one per e-mail.
    items: Counter[str] = field(default_factory=Counter)
    no_address: int = 0
    failures: int = 0
    # People another run at the same moment was already e-mailing.
    already_sent: int = 0
    failed: list[str] = field(default_factory=list)
    dry_run: bool = False

    @property
    def people_emailed(self) -> int:
        return self.emails_sent

    def describe(self) -> str:
        """One or two sentences for the command to print."""
        verb = "Would send" if self.dry_run else "Sent"
        emails = _count(self.emails_sent, "e-mail")
        people = _count(self.people_emailed, "person", "people")
        told = [
            f"{self.items[ReminderReason.OVERDUE]:,} overdue",
            f"{self.items[ReminderReason.DUE_SOON]:,} due soon",
            _count(self.items[ReminderReason.UPDATE_REQUEST], "update request"),
        ]
        if self.items[ReminderReason.DIGEST]:
            told.append(_count(self.items[ReminderReason.DIGEST], "weekly digest"))
        text = f"{verb} {emails} to {people}: {', '.join(told)}."
        if not self.emails_sent:
            text = "Nothing new would be sent." if self.dry_run else "Nothing new to send."
        if self.no_address:
            have = "has" if self.no_address == 1 else "have"
            text += f" {_count(self.no_address, 'person', 'people')} {have} no e-mail address."
        if self.already_sent:
            text += (
                f" {_count(self.already_sent, 'person', 'people')} skipped: "
                "another run was e-mailing them."
            )
        if self.failures:
            text += (
                f" {_count(self.failures, 'e-mail')} could not be sent and will be tried "
                "again next run."
            )
        return text


def _count(number: int, one: str, many: str | None = None) -> str:
    return f"{number:,} {one if number == 1 else (many or one + 's')}"


# --- the items people are told about -------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ReminderItem:
    """One line of a reminder: a milestone or an action, and why it is in the e-mail."""

    reason: str
    about: str
    action_id: int
    label: str  # "Milestone 2 of activity 1.3", "Activity 1.3"
    action_name: str  # "activity 1.3": what the link's update is written on
    text: str
    plan_title: str
    partnership_name: str
    due_on: date | None
    timescale: str
    link: str  # absolute, to the action's update form
    last_update: str = ""  # update requests: the quarter last reported, or "Never"

    @property
    def due(self) -> str:
        return long_date(self.due_on)


@dataclass
class Reminder:
    """Everything one person is to be told in one run, and the rows that record it."""

    person_id: int
    name: str
    address: str
    weekly: bool
    items: dict[str, list[ReminderItem]]
    record: list[tuple[str, str]]  # (reason, about) to insert
    quarter: Quarter  # the quarter updates are asked for
    token: str  # of the person's reminder setting, for the stop link

    @property
    def subject(self) -> str:
        told = [
            f"{len(self.items[ReminderReason.OVERDUE])} overdue",
            f"{len(self.items[ReminderReason.DUE_SOON])} due soon",
        ]
        told = [words for words in told if not words.startswith("0 ")]
        if self.items[ReminderReason.UPDATE_REQUEST]:
            told.append(f"update for {self.quarter.label}")
        return f"{'Weekly digest' if self.weekly else 'Reminders'}: {', '.join(told)}"


class Links:
    """Absolute addresses, each reversed once a run."""

    def __init__(self) -> None:
        action = link_maker("plans:action")
        stop = link_maker("timescales:stop_reminders")
        self.update_form = lambda action_id: absolute_url(action(action_id)) + "#progress"
        self.settings = absolute_url(link_to("timescales:reminders"))
        self.due = absolute_url(link_to("timescales:due"))
        self.stop = lambda token: absolute_url(stop(token))


def _from_due(item: DueItem, reason: str, links: Links) -> ReminderItem:
    return ReminderItem(
        reason=reason,
        about=f"{item.kind}:{item.pk}:{item.due_on.isoformat()}",
        action_id=item.action_id,
        label=item.label,
        action_name=item.action_reference.lower(),
        text=item.text,
        plan_title=item.plan_title,
        partnership_name=item.partnership_name,
        due_on=item.due_on,
        timescale=item.timescale,
        link=links.update_form(item.action_id),
    )


# --- reading the data: a fixed number of queries for the whole run -------------------------


@dataclass
class Lead:
    """A person who leads at least one action in a plan that is not closed."""

    pk: int
    name: str
    address: str
    choice: str
    token: str
    actions: set[int] = field(default_factory=set)


def _leads() -> dict[int, Lead]:
    """The people who lead actions in open plans, with their address and setting (two
    queries). Organisations and partnerships lead too, but have no one to e-mail."""
    leading = ActionLead.objects.filter(person__isnull=False).exclude(
        action__plan__status=PlanStatus.CLOSED
    )
    led: dict[int, set[int]] = defaultdict(set)
    for person_id, action_id in leading.order_by().values_list("person_id", "action_id"):
        led[person_id].add(action_id)
    people = (
        # A subquery, not the ids: a region's thousands of leads would be too many values
        # for one SQLite statement.
        Person.objects.filter(pk__in=leading.values("person_id"))
        .order_by("name", "pk")
        .values_list(
            "pk",
            "name",
            "email",
            "user__email",
            "user__is_active",
            "reminder_setting__choice",
            "reminder_setting__token",
        )
    )
    return {
        pk: Lead(
            pk=pk,
            name=name,
            address=_address(email, user_email, user_active),
            choice=choice or ReminderChoice.DAILY,
            token=token or "",
            actions=led[pk],
        )
        for pk, name, email, user_email, user_active, choice, token in people
    }


def _address(email: str, user_email: str | None, user_active: bool | None) -> str:
    """The person's own address, or else their account's while the account is in use."""
    if email and email.strip():
        return email.strip()
    if user_active and user_email and user_email.strip():
        return user_email.strip()
    return ""


def _led_by_people() -> Q:
    return Q(leads__person__isnull=False)


def _due_items(today: date, until: date, links: Links) -> list[ReminderItem]:
    """Milestones and actions led by a person, not done, overdue or due up to `until`
    (two queries)."""
    led = Action.objects.filter(_led_by_people()).values("pk")
    return [
        _from_due(
            item,
            ReminderReason.OVERDUE if item.state == DueState.OVERDUE else ReminderReason.DUE_SOON,
            links,
        )
        for item in [
            *due_milestones(Milestone.objects.filter(action__in=led), today=today, until=until),
            *due_actions(Action.objects.filter(pk__in=led), today=today, until=until),
        ]
    ]


def _not_updated(quarter: Quarter, links: Links) -> list[ReminderItem]:
    """Actions led by a person in plans running in `quarter` with no update for it yet
    (one query). Done actions are left out: there is nothing more to report on them."""
    rows = (
        Action.objects.filter(
            pk__in=Action.objects.filter(_led_by_people()).values("pk"),
            plan__first_year__lte=quarter.year,
            plan__last_year__gte=quarter.year,
        )
        .not_updated_in(quarter)
        .still_to_do()
        .order_by("plan_id", "pk")
        .values_list(
            "pk",
            "number",
            "title",
            "timescale",
            "due_on",
            "last_period",
            "plan__title",
            "plan__partnership__name",
            "plan__labels",
        )
    )
    about = quarter_about(quarter)
    found: list[ReminderItem] = []
    for (
        pk,
        number,
        title,
        timescale,
        due_on,
        last_period,
        plan_title,
        partnership_name,
        labels,
    ) in rows:
        name = f"{label_in(labels, 'action')} {number}".strip()
        found.append(
            ReminderItem(
                reason=ReminderReason.UPDATE_REQUEST,
                about=about,
                action_id=pk,
                label=name,
                action_name=name.lower(),
                text=title,
                plan_title=plan_title,
                partnership_name=partnership_name,
                due_on=due_on,
                timescale=timescale,
                link=links.update_form(pk),
                last_update=Quarter.from_key(last_period).label if last_period else "Never",
            )
        )
    return found


def _chunks(values: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _already_told(people: Iterable[int], *, quarter: str, week: str) -> set[tuple[int, str, str]]:
    """(person, reason, about) of what these people have been told that this run could
    tell again: every due-soon and overdue row, and this quarter's request and this
    week's digest. Asked by person (a few hundred values) rather than by `about` (tens
    of thousands at county scale), which SQLite reads several times faster."""
    told: set[tuple[int, str, str]] = set()
    relevant = (
        Q(reason__in=[ReminderReason.DUE_SOON, ReminderReason.OVERDUE])
        | Q(reason=ReminderReason.UPDATE_REQUEST, about=quarter)
        | Q(reason=ReminderReason.DIGEST, about=week)
    )
    for chunk in _chunks(sorted(people), PEOPLE_CHUNK):
        told.update(
            ReminderSent.objects.filter(relevant, person_id__in=chunk).values_list(
                "person_id", "reason", "about"
            )
        )
    return told


# --- working out each person's reminder ----------------------------------------------------


def by_action(items: Iterable[Any], action_of: Callable[[Any], int]) -> dict[int, list[Any]]:
    """Items grouped by their action, each with its place in the whole list, so that a
    person's are found from the actions they lead instead of by looking through
    everyone's, and still come in the order they were read (due date first)."""
    grouped: dict[int, list[Any]] = defaultdict(list)
    for place, item in enumerate(items):
        grouped[action_of(item)].append((place, item))
    return grouped


def _of_actions(grouped: dict[int, list[Any]], actions: set[int]) -> list[Any]:
    found = [pair for action_id in actions for pair in grouped.get(action_id, ())]
    return [item for _, item in sorted(found, key=lambda pair: pair[0])]


def quarter_about(quarter: Quarter) -> str:
    return f"quarter:{quarter.key}"


def week_about(today: date) -> str:
    year, week, _ = today.isocalendar()
    return f"week:{year}-W{week:02d}"


def _reminder_for(
    lead: Lead,
    *,
    due: dict[int, list[Any]],
    updates: dict[int, list[Any]],
    quarter: Quarter,
    told: set[tuple[int, str, str]],
    today: date,
) -> Reminder | None:
    """What this person is to be told this run, or None for nothing."""
    if lead.choice == ReminderChoice.NONE:
        return None
    weekly = lead.choice == ReminderChoice.WEEKLY

    def new(reason: str, about: str) -> bool:
        return (lead.pk, reason, about) not in told

    if weekly and not new(ReminderReason.DIGEST, week_about(today)):
        return None
    soon_until = today + timedelta(days=REMIND_DAYS_BEFORE)
    items: dict[str, list[ReminderItem]] = {reason: [] for reason, _ in SECTIONS}
    record: list[tuple[str, str]] = []
    for item in _of_actions(due, lead.actions):
        # The digest lists everything current, told before or not; a daily reminder
        # what is overdue or nearly due and not told yet.
        near = item.reason == ReminderReason.OVERDUE or (
            item.due_on is not None and item.due_on <= soon_until
        )
        if not weekly and not (near and new(item.reason, item.about)):
            continue
        items[item.reason].append(item)
        if new(item.reason, item.about):
            record.append((item.reason, item.about))
    asked = list(_of_actions(updates, lead.actions))
    about = quarter_about(quarter)
    if asked and (weekly or new(ReminderReason.UPDATE_REQUEST, about)):
        items[ReminderReason.UPDATE_REQUEST] = asked
        if new(ReminderReason.UPDATE_REQUEST, about):
            record.append((ReminderReason.UPDATE_REQUEST, about))
    if not any(items.values()):
        return None
    if weekly:
        # The individual rows are recorded too, so that someone who changes to daily is
        # not told the same things again.
        record.append((ReminderReason.DIGEST, week_about(today)))
    return Reminder(
        person_id=lead.pk,
        name=lead.name,
        address=lead.address,
        weekly=weekly,
        items=items,
        record=list(dict.fromkeys(record)),
        quarter=quarter,
        token=lead.token,
    )


# --- the e-mail ----------------------------------------------------------------------------


def _context(reminder: Reminder, links: Links, today: date) -> dict[str, Any]:
    return {
        "reminder": reminder,
        "name": reminder.name,
        "weekly": reminder.weekly,
        "today": long_date(today),
        "sections": [
            (reason, heading, reminder.items[reason])
            for reason, heading in SECTIONS
            if reminder.items[reason]
        ],
        "quarter": reminder.quarter,
        "UPDATE_REQUEST": ReminderReason.UPDATE_REQUEST,
        "due_url": links.due,
        "settings_url": links.settings,
        "stop_url": links.stop(reminder.token) if reminder.token else "",
        "service": settings.SERVICE_NAME,
    }


def message_for(reminder: Reminder, links: Links, today: date, connection: Any) -> Any:
    """The e-mail: plain text, with the same in HTML as its alternative."""
    context = _context(reminder, links, today)
    headers = {"Auto-Submitted": "auto-generated"}
    if context["stop_url"]:
        # Mail programs offer their own "unsubscribe" button from this.
        headers["List-Unsubscribe"] = f"<{context['stop_url']}>"
    message = EmailMultiAlternatives(
        subject=reminder.subject,
        body=render_to_string("timescales/email/reminders.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[reminder.address],
        connection=connection,
        headers=headers,
    )
    message.attach_alternative(
        render_to_string("timescales/email/reminders.html", context), "text/html"
    )
    return message


# --- the run -------------------------------------------------------------------------------


def send_reminders(
    *, today: date, now: datetime | None = None, dry_run: bool = False
) -> RemindSummary:
    """Send each lead one e-mail with everything new to tell them, once.

    `today` is the day the run counts from; `now` is recorded as the moment sent. A dry
    run does everything but send, in a transaction it then rolls back: it reports what
    a real run would do, and sends and records nothing."""
    now = now or timezone.now()
    if not dry_run:
        return _run(today=today, now=now, dry_run=False)
    with transaction.atomic():
        summary = _run(today=today, now=now, dry_run=True)
        transaction.set_rollback(True)
    return summary


def _run(*, today: date, now: datetime, dry_run: bool) -> RemindSummary:
    summary = RemindSummary(dry_run=dry_run)
    # Recurring and meeting-relative dates move on first, so that "quarterly" is
    # reminded for its next date and not as overdue for the last.
    services.refresh_due_dates(today=today)
    links = Links()
    leads = _leads()
    quarter = Quarter.containing(today).previous()
    # Read up to DUE_SOON_DAYS ahead for the weekly digest; daily reminders use the
    # nearer REMIND_DAYS_BEFORE.
    due = _due_items(today, today + timedelta(days=DUE_SOON_DAYS), links)
    updates = _not_updated(quarter, links)
    told = _already_told(leads, quarter=quarter_about(quarter), week=week_about(today))

    due_by_action = by_action(due, lambda item: item.action_id)
    updates_by_action = by_action(updates, lambda item: item.action_id)
    reminders: list[Reminder] = []
    for lead in leads.values():
        reminder = _reminder_for(
            lead,
            due=due_by_action,
            updates=updates_by_action,
            quarter=quarter,
            told=told,
            today=today,
        )
        if reminder is None:
            continue
        if not reminder.address:
            summary.no_address += 1
            continue
        reminders.append(reminder)
    if not reminders:
        return summary

    # One connection for the run: an SMTP server is connected to once, not per e-mail.
    # An unreachable server raises OSError here, before anything is recorded as sent.
    connection = get_connection(fail_silently=False)
    if not dry_run:
        connection.open()
    try:
        for reminder in reminders:
            _send_one(
                reminder,
                links=links,
                today=today,
                now=now,
                connection=connection,
                summary=summary,
                dry_run=dry_run,
            )
    finally:
        if not dry_run:
            connection.close()
    return summary


def _send_one(
    reminder: Reminder,
    *,
    links: Links,
    today: date,
    now: datetime,
    connection: Any,
    summary: RemindSummary,
    dry_run: bool,
) -> None:
    """Record and send one person's e-mail in one transaction: a failed send records
    nothing, so it is tried again next run."""
    try:
        with transaction.atomic():
            ReminderSent.objects.bulk_create(
                [
                    ReminderSent(
                        person_id=reminder.person_id, reason=reason, about=about, sent_at=now
                    )
                    for reason, about in reminder.record
                ]
            )
            if not reminder.token:
                reminder.token = services.reminder_setting_of(Person(pk=reminder.person_id)).token
            message = message_for(reminder, links, today, connection)
            if not dry_run:
                message.send()
    except IntegrityError:
        # Another run recorded this person's reminder first, and sends it.
        summary.already_sent += 1
        return
    except Exception:  # any failure to send: count it, and go on to the next person
        log.exception("Could not send reminders to person %s", reminder.person_id)
        summary.failures += 1
        summary.failed.append(reminder.name)
        return
    _counted(reminder, summary)


def _counted(reminder: Reminder, summary: RemindSummary) -> None:
    summary.emails_sent += 1
    summary.items[ReminderReason.OVERDUE] += len(reminder.items[ReminderReason.OVERDUE])
    summary.items[ReminderReason.DUE_SOON] += len(reminder.items[ReminderReason.DUE_SOON])
    if reminder.items[ReminderReason.UPDATE_REQUEST]:
        summary.items[ReminderReason.UPDATE_REQUEST] += 1
    if reminder.weekly:
        summary.items[ReminderReason.DIGEST] += 1
