"""E-mail reminders (`timescales.reminders.send_reminders`): one e-mail a person a run,
each thing told once, weekly digests, the quarter's update request, opting out, failures,
and a real SMTP conversation on the loopback interface.

Everything happens in 2007/08 with `today` given, never the real date: 7 January 2008 is
a Monday in 2007/08 Q4, so the quarter just ended is Q3 (key 20073).
"""

from __future__ import annotations

import email
import email.policy
import socket
from collections.abc import Iterator
from datetime import date, timedelta
from email.message import EmailMessage
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from partnerplan.accounts.models import User
from partnerplan.core.links import link_to
from partnerplan.core.periods import Quarter
from partnerplan.core.testing.factories import SETUP
from partnerplan.partnerships import services as people_services
from partnerplan.partnerships.models import Person
from partnerplan.plans import services as plan_services
from partnerplan.plans.models import Action, Milestone, Plan
from partnerplan.timescales import services
from partnerplan.timescales.choices import ReminderChoice, ReminderReason
from partnerplan.timescales.models import ReminderSent, ReminderSetting
from partnerplan.timescales.reminders import send_reminders

pytestmark = pytest.mark.django_db

MONDAY = date(2008, 1, 7)
Q3 = Quarter(2007, 3)


# --- building plans ------------------------------------------------------------------------


def person(name: str, address: str = "", **fields: Any) -> Person:
    return people_services.person_create(actor=SETUP, name=name, email=address, **fields)


def make_plan(framework: Any, *, title: str = "Safer Testshire Plan", **fields: Any) -> Plan:
    values: dict[str, Any] = {"first_year": 2007, "last_year": 2008, "status": "adopted"}
    values.update(fields)
    return plan_services.plan_create(
        actor=SETUP,
        partnership=framework.thematic,
        title=title,
        kind="improvement_plan",
        **values,
    )


def make_action(plan: Plan, leads: list[Any], title: str = "Target hardening") -> Action:
    objective = plan.objectives.first() or plan_services.objective_create(
        actor=SETUP, plan=plan, title="Fewer burglaries"
    )
    return plan_services.action_create(actor=SETUP, objective=objective, title=title, leads=leads)


def milestone(action: Action, text: str, due_on: date, **fields: Any) -> Milestone:
    return plan_services.milestone_create(
        actor=SETUP, action=action, text=text, due_on=due_on, **fields
    )


def updated(action: Action, quarter: Quarter = Q3) -> None:
    """The lead's update for the quarter, so that no update request is due."""
    plan_services.progress_add(
        actor=SETUP, action=action, status="green", narrative="On track.", period=quarter
    )


def update_link(action: Action) -> str:
    return f"{django_settings.SITE_URL}{link_to('plans:action', action.pk)}#progress"


def body(message: Any) -> str:
    return message.body


def html(message: Any) -> str:
    [(content, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return content


@pytest.fixture
def olive(framework: Any) -> Person:
    """The framework's officer, with an address."""
    Person.objects.filter(pk=framework.officer.pk).update(email="olive@testshire.example")
    framework.officer.refresh_from_db()
    return framework.officer


# --- one e-mail, each thing once -----------------------------------------------------------


def test_one_email_lists_everything_new_then_nothing_twice(framework, olive, mailoutbox):  # type: ignore[no-untyped-def]
    plan = make_plan(framework)
    action = make_action(plan, [olive, framework.council])
    updated(action)
    milestone(action, "Scheme agreed & signed", date(2007, 12, 20))
    milestone(action, "Partners’ “commitments” collected", date(2008, 1, 2))
    soon = milestone(action, "First hundred homes done", date(2008, 1, 10))
    milestone(action, "Evaluation published", date(2008, 2, 28))

    summary = send_reminders(today=MONDAY)

    assert len(mailoutbox) == 1
    [message] = mailoutbox
    assert message.to == ["olive@testshire.example"]
    assert message.from_email == django_settings.DEFAULT_FROM_EMAIL
    assert message.subject == "Reminders: 2 overdue, 1 due soon"
    text = body(message)
    # The plain text says "&" and quotes as they are; the HTML escapes them.
    assert "Scheme agreed & signed" in text
    assert "Partners’ “commitments” collected" in text
    assert "Scheme agreed &amp; signed" in html(message)
    assert "First hundred homes done" in text
    assert "Evaluation published" not in text
    assert text.index("Overdue") < text.index("Scheme agreed") < text.index("Due soon")
    assert text.index("Due soon") < text.index("First hundred homes done")
    assert "20 December 2007" in text and "10 January 2008" in text
    assert "Safer Testshire Plan" in text and "Safer Testshire" in text
    assert update_link(action) in text
    assert f'href="{update_link(action)}"' in html(message)
    assert "!" not in text
    assert summary.emails_sent == summary.people_emailed == 1
    assert summary.items[ReminderReason.OVERDUE] == 2
    assert summary.items[ReminderReason.DUE_SOON] == 1

    # Again the same day, and the next: nothing new, nothing sent.
    assert send_reminders(today=MONDAY).emails_sent == 0
    assert send_reminders(today=MONDAY + timedelta(days=1)).emails_sent == 0
    assert len(mailoutbox) == 1

    # The next week: the due-soon one is done, and a new one is overdue.
    plan_services.milestone_update(milestone=soon, actor=SETUP, completed_on=date(2008, 1, 9))
    milestone(action, "Leaflets printed", date(2008, 1, 12))
    send_reminders(today=MONDAY + timedelta(days=7))
    assert len(mailoutbox) == 2
    latest = body(mailoutbox[1])
    assert mailoutbox[1].subject == "Reminders: 1 overdue"
    assert "Leaflets printed" in latest
    assert "Scheme agreed" not in latest and "commitments" not in latest


def test_a_week_without_runs_still_tells_each_overdue_thing_once(framework, olive, mailoutbox):  # type: ignore[no-untyped-def]
    action = make_action(make_plan(framework), [olive])
    updated(action)
    milestone(action, "Scheme agreed", date(2008, 1, 8))

    send_reminders(today=date(2008, 1, 14))  # the first run for a week: overdue by now
    send_reminders(today=date(2008, 1, 15))

    assert [m.subject for m in mailoutbox] == ["Reminders: 1 overdue"]


def test_due_soon_then_overdue_are_two_reminders(framework, olive, mailoutbox):  # type: ignore[no-untyped-def]
    action = make_action(make_plan(framework), [olive])
    updated(action)
    milestone(action, "Scheme agreed", date(2008, 1, 10))

    send_reminders(today=MONDAY)
    send_reminders(today=date(2008, 1, 11))  # the day after the due date: overdue

    assert [m.subject for m in mailoutbox] == ["Reminders: 1 due soon", "Reminders: 1 overdue"]


def test_a_corrected_due_date_is_reminded_again(framework, olive, mailoutbox):  # type: ignore[no-untyped-def]
    action = make_action(make_plan(framework), [olive])
    updated(action)
    step = milestone(action, "Scheme agreed", date(2008, 1, 2))
    send_reminders(today=MONDAY)

    plan_services.milestone_update(milestone=step, actor=SETUP, due_on=date(2008, 1, 4))
    send_reminders(today=MONDAY)
    send_reminders(today=MONDAY)

    assert len(mailoutbox) == 2
    assert "4 January 2008" in body(mailoutbox[1])
    assert set(ReminderSent.objects.filter(person=olive).values_list("reason", "about")) == {
        (ReminderReason.OVERDUE, f"milestone:{step.pk}:2008-01-02"),
        (ReminderReason.OVERDUE, f"milestone:{step.pk}:2008-01-04"),
    }


def test_an_action_due_is_reminded_like_a_milestone(framework, olive, mailoutbox):  # type: ignore[no-untyped-def]
    action = make_action(make_plan(framework), [olive], title="Speed watch in villages")
    updated(action)
    plan_services.action_update(action=action, actor=SETUP, due_on=date(2008, 1, 9))

    send_reminders(today=MONDAY)

    [message] = mailoutbox
    assert "Speed watch in villages" in body(message)
    assert ReminderSent.objects.get(person=olive).about == f"action:{action.pk}:2008-01-09"


# --- weekly digests ------------------------------------------------------------------------


def test_weekly_digest_once_a_week_then_daily_repeats_nothing(framework, olive, mailoutbox):  # type: ignore[no-untyped-def]
    services.reminders_choose(actor=SETUP, person=olive, choice=ReminderChoice.WEEKLY)
    action = make_action(make_plan(framework), [olive])
    milestone(action, "Scheme agreed", date(2008, 1, 2))
    milestone(action, "Leaflets printed", date(2008, 1, 17))  # in 10 days: in the digest
    milestone(action, "Evaluation published", date(2008, 3, 28))

    # Wednesday is the first run this week: the digest goes then, and only then.
    for day in (9, 10, 11, 13):
        send_reminders(today=date(2008, 1, day))
    assert len(mailoutbox) == 1
    digest = mailoutbox[0]
    assert digest.subject == "Weekly digest: 1 overdue, 1 due soon, update for 2007/08 Q3"
    text = body(digest)
    assert "Scheme agreed" in text and "Leaflets printed" in text
    assert "Evaluation published" not in text
    assert "Update for the quarter" in text and update_link(action) in text

    # The next Monday's digest lists everything current again, told before or not.
    send_reminders(today=date(2008, 1, 14))
    send_reminders(today=date(2008, 1, 14))
    assert len(mailoutbox) == 2
    assert "Scheme agreed" in body(mailoutbox[1]) and "Leaflets printed" in body(mailoutbox[1])
    assert set(
        ReminderSent.objects.filter(reason=ReminderReason.DIGEST).values_list("about", flat=True)
    ) == {"week:2008-W02", "week:2008-W03"}

    # Changing to daily: nothing the digests told is told again; new things are.
    services.reminders_choose(actor=SETUP, person=olive, choice=ReminderChoice.DAILY)
    send_reminders(today=date(2008, 1, 15))
    assert len(mailoutbox) == 2
    milestone(action, "Venue booked", date(2008, 1, 16))
    send_reminders(today=date(2008, 1, 15))
    assert len(mailoutbox) == 3
    assert mailoutbox[2].subject == "Reminders: 1 due soon"
    assert "Venue booked" in body(mailoutbox[2])
    assert "Leaflets printed" not in body(mailoutbox[2])


def test_no_digest_when_there_is_nothing_to_tell(framework, olive, mailoutbox):  # type: ignore[no-untyped-def]
    services.reminders_choose(actor=SETUP, person=olive, choice=ReminderChoice.WEEKLY)
    action = make_action(make_plan(framework), [olive])
    updated(action)
    send_reminders(today=MONDAY)
    assert mailoutbox == []
    # Something falls due later that week: the week's digest has not gone yet, so it goes.
    milestone(action, "Scheme agreed", date(2008, 1, 9))
    send_reminders(today=date(2008, 1, 8))
    assert [m.subject for m in mailoutbox] == ["Weekly digest: 1 due soon"]


# --- opting out ----------------------------------------------------------------------------


def test_no_reminders_means_none_ever(framework, olive, mailoutbox):  # type: ignore[no-untyped-def]
    services.reminders_choose(actor=SETUP, person=olive, choice=ReminderChoice.NONE)
    action = make_action(make_plan(framework), [olive])
    milestone(action, "Scheme agreed", date(2008, 1, 2))
    for day in (7, 8, 14):
        send_reminders(today=date(2008, 1, day))
    assert mailoutbox == []
    assert not ReminderSent.objects.exists()


def test_the_stop_link_in_the_email_stops_them(framework, olive, mailoutbox):  # type: ignore[no-untyped-def]
    action = make_action(make_plan(framework), [olive])
    updated(action)
    milestone(action, "Scheme agreed", date(2008, 1, 2))
    send_reminders(today=MONDAY)

    setting = ReminderSetting.objects.get(person=olive)
    change = f"{django_settings.SITE_URL}{link_to('timescales:reminders')}"
    assert change in body(mailoutbox[0])
    stop_link = django_settings.SITE_URL + reverse(
        "timescales:stop_reminders", kwargs={"token": setting.token}
    )
    assert stop_link in body(mailoutbox[0]) and stop_link in html(mailoutbox[0])
    # What the stop page does with the token in the link, without signing in.
    token = stop_link.rstrip("/").rsplit("/", 1)[1]
    services.reminders_choose(
        actor=SETUP,
        person=ReminderSetting.objects.get(token=token).person,
        choice=ReminderChoice.NONE,
    )

    milestone(action, "Leaflets printed", date(2008, 1, 6))
    send_reminders(today=date(2008, 1, 8))
    assert len(mailoutbox) == 1


# --- the quarter's update request ----------------------------------------------------------


def test_update_request_once_a_quarter_for_actions_not_updated(framework, olive, mailoutbox):  # type: ignore[no-untyped-def]
    plan = make_plan(framework)
    waiting = make_action(plan, [olive], title="Street lighting review")
    done = make_action(plan, [olive], title="Speed watch in villages")
    updated(done)
    later = make_plan(framework, title="Next Plan", first_year=2008, last_year=2009)
    make_action(later, [olive], title="Not started until April")

    send_reminders(today=MONDAY)
    send_reminders(today=date(2008, 2, 1))

    [message] = mailoutbox
    assert message.subject == "Reminders: update for 2007/08 Q3"
    text = body(message)
    assert "Update for the quarter" in text and "October to December 2007" in text
    assert "Street lighting review" in text and update_link(waiting) in text
    assert "Speed watch in villages" not in text
    assert "Not started until April" not in text
    assert ReminderSent.objects.get(person=olive).about == f"quarter:{Q3.key}"

    # The next quarter asks for Q4, from its first day, for every action not updated.
    send_reminders(today=date(2008, 4, 1))
    assert len(mailoutbox) == 2
    text = body(mailoutbox[1])
    assert mailoutbox[1].subject == "Reminders: update for 2007/08 Q4"
    assert "Street lighting review" in text and "Speed watch in villages" in text
    assert "Not started until April" not in text


def test_an_update_for_the_quarter_takes_the_action_off_the_request(framework, olive, mailoutbox):  # type: ignore[no-untyped-def]
    plan = make_plan(framework)
    first = make_action(plan, [olive], title="Street lighting review")
    second = make_action(plan, [olive], title="Speed watch in villages")
    updated(first, Q3.previous())  # an older quarter does not count
    updated(second)

    send_reminders(today=MONDAY)

    [message] = mailoutbox
    assert "Street lighting review" in body(message)
    assert "Last update: 2007/08 Q2" in body(message)
    assert "Speed watch in villages" not in body(message)


# --- who is e-mailed -----------------------------------------------------------------------


def test_people_without_an_address_are_counted_and_organisations_not_emailed(  # type: ignore[no-untyped-def]
    framework, olive, mailoutbox
):
    action = make_action(make_plan(framework), [olive, framework.chair, framework.council])
    updated(action)
    milestone(action, "Scheme agreed", date(2008, 1, 2))

    summary = send_reminders(today=MONDAY)

    assert [m.to for m in mailoutbox] == [["olive@testshire.example"]]
    assert summary.no_address == 1  # the chair
    assert not ReminderSent.objects.filter(person=framework.chair).exists()
    assert "1 person has no e-mail address" in summary.describe()


def test_an_active_accounts_address_is_used_when_the_person_has_none(framework, mailoutbox):  # type: ignore[no-untyped-def]
    active = User.objects.create(username="anna", email="anna@testshire.example")
    gone = User.objects.create(username="gus", email="gus@testshire.example", is_active=False)
    anna = person("Anna Active", user=active)
    gus = person("Gus Gone", user=gone)
    action = make_action(make_plan(framework), [anna, gus])
    updated(action)
    milestone(action, "Scheme agreed", date(2008, 1, 2))

    summary = send_reminders(today=MONDAY)

    assert [m.to for m in mailoutbox] == [["anna@testshire.example"]]
    assert summary.no_address == 1


def test_done_things_and_closed_plans_are_never_reminded(framework, olive, mailoutbox):  # type: ignore[no-untyped-def]
    plan = make_plan(framework)
    action = make_action(plan, [olive])
    updated(action)
    milestone(action, "Done milestone", date(2008, 1, 2), completed_on=date(2008, 1, 1))
    finished = make_action(plan, [olive], title="Finished action")
    plan_services.progress_add(
        actor=SETUP, action=finished, status="completed", narrative="Done.", period=Q3.previous()
    )
    plan_services.action_update(action=finished, actor=SETUP, due_on=date(2008, 1, 3))
    closed = make_plan(framework, title="Old Plan", status="closed")
    old = make_action(closed, [olive], title="Action in a closed plan")
    milestone(old, "Milestone in a closed plan", date(2008, 1, 2))

    summary = send_reminders(today=MONDAY)

    assert mailoutbox == []
    assert summary.emails_sent == 0 and summary.no_address == 0


# --- failures and concurrent runs ----------------------------------------------------------


class FailingBackend(BaseEmailBackend):
    """An SMTP server that refuses the addresses in `refuse` and keeps the rest."""

    refuse: set[str] = set()  # set by each test
    opened = 0
    kept: list[Any] = []

    def open(self) -> bool:
        type(self).opened += 1
        return True

    def send_messages(self, email_messages: Any) -> int:
        for message in email_messages:
            if set(message.to) & self.refuse:
                raise OSError("550 mailbox unavailable")
            type(self).kept.append(message)
        return len(email_messages)


@pytest.fixture
def failing_backend(settings: Any) -> type[FailingBackend]:
    """Mail goes through FailingBackend, fresh for the test; the test says whom it
    refuses."""
    settings.EMAIL_BACKEND = f"{__name__}.FailingBackend"
    FailingBackend.refuse, FailingBackend.kept, FailingBackend.opened = set(), [], 0
    return FailingBackend


class RecordingFirstBackend(BaseEmailBackend):
    """While the first e-mail is sent, another run records its reminder to Bob, as a
    second `partnerplan remind` started at the same moment would."""

    kept: list[Any] = []

    def send_messages(self, email_messages: Any) -> int:
        for message in email_messages:
            if message.to == ["alice@testshire.example"]:
                bob = Person.objects.get(name="Bob Baker")
                for reason, about in bob_rows():
                    ReminderSent.objects.create(
                        person=bob, reason=reason, about=about, sent_at=timezone.now()
                    )
            type(self).kept.append(message)
        return len(email_messages)


def bob_rows() -> list[tuple[str, str]]:
    step = Milestone.objects.get(text="Bob's milestone")
    return [(ReminderReason.OVERDUE, f"milestone:{step.pk}:{step.due_on.isoformat()}")]


def two_leads(framework: Any) -> tuple[Person, Person]:
    alice = person("Alice Able", "alice@testshire.example")
    bob = person("Bob Baker", "bob@testshire.example")
    plan = make_plan(framework)
    for lead, text in ((alice, "Alice's milestone"), (bob, "Bob's milestone")):
        action = make_action(plan, [lead], title=f"Action of {lead.name}")
        updated(action)
        milestone(action, text, date(2008, 1, 2))
    return alice, bob


def test_a_failed_send_records_nothing_and_is_sent_next_run(
    framework, failing_backend, settings, mailoutbox
):  # type: ignore[no-untyped-def]
    alice, bob = two_leads(framework)
    FailingBackend.refuse = {"alice@testshire.example"}

    summary = send_reminders(today=MONDAY)

    assert summary.failures == 1 and summary.failed == ["Alice Able"]
    assert [m.to for m in FailingBackend.kept] == [["bob@testshire.example"]]  # went on
    assert FailingBackend.opened == 1  # one connection for the run
    assert not ReminderSent.objects.filter(person=alice).exists()
    assert ReminderSent.objects.filter(person=bob).count() == 1

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    summary = send_reminders(today=MONDAY)
    assert summary.failures == 0
    assert [m.to for m in mailoutbox] == [["alice@testshire.example"]]
    assert "Alice's milestone" in body(mailoutbox[0])


def test_of_two_runs_at_once_only_the_first_to_record_sends(framework, settings):  # type: ignore[no-untyped-def]
    two_leads(framework)
    settings.EMAIL_BACKEND = f"{__name__}.RecordingFirstBackend"
    RecordingFirstBackend.kept = []

    summary = send_reminders(today=MONDAY)

    assert [m.to for m in RecordingFirstBackend.kept] == [["alice@testshire.example"]]
    assert summary.already_sent == 1 and summary.emails_sent == 1
    assert ReminderSent.objects.count() == 2


# --- dry runs ------------------------------------------------------------------------------


def test_a_dry_run_sends_and_records_nothing(framework, olive, mailoutbox):  # type: ignore[no-untyped-def]
    action = make_action(make_plan(framework), [olive])
    milestone(action, "Scheme agreed", date(2008, 1, 2))

    summary = send_reminders(today=MONDAY, dry_run=True)

    assert summary.emails_sent == 1 and summary.items[ReminderReason.OVERDUE] == 1
    assert summary.describe().startswith("Would send 1 e-mail to 1 person")
    assert mailoutbox == []
    assert not ReminderSent.objects.exists() and not ReminderSetting.objects.exists()
    assert send_reminders(today=MONDAY).emails_sent == 1


# --- a real SMTP server --------------------------------------------------------------------


class Collector:
    """An aiosmtpd handler that keeps every message it is given."""

    def __init__(self) -> None:
        self.envelopes: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server(settings) -> Iterator[Collector]:  # type: ignore[no-untyped-def]
    from aiosmtpd.controller import Controller

    collector = Collector()
    controller = Controller(collector, hostname="127.0.0.1", port=_free_port())
    controller.start()  # returns once the server answers
    try:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = controller.port
        settings.EMAIL_USE_TLS = False
        settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = ""
        settings.EMAIL_HOST_PASSWORD = ""
        yield collector
    finally:
        controller.stop()


def test_reminders_go_through_a_real_smtp_server(framework, smtp_server):  # type: ignore[no-untyped-def]
    two_leads(framework)
    action = Action.objects.get(title="Action of Alice Able")

    summary = send_reminders(today=MONDAY)

    assert summary.emails_sent == 2 and summary.failures == 0
    assert sorted(e.rcpt_tos for e in smtp_server.envelopes) == [
        ["alice@testshire.example"],
        ["bob@testshire.example"],
    ]
    [envelope] = [e for e in smtp_server.envelopes if e.rcpt_tos == ["alice@testshire.example"]]
    message: EmailMessage = email.message_from_bytes(envelope.content, policy=email.policy.default)  # type: ignore[assignment]
    assert message["To"] == "alice@testshire.example"
    assert message["Subject"] == "Reminders: 1 overdue"
    plain = message.get_body(preferencelist=("plain",))
    rich = message.get_body(preferencelist=("html",))
    assert plain is not None and rich is not None
    assert "Alice's milestone" in plain.get_content()
    assert update_link(action) in plain.get_content()
    assert f'href="{update_link(action)}"' in rich.get_content()
    assert "Bob's milestone" not in plain.get_content()

    # Nothing new: the server hears nothing more.
    send_reminders(today=MONDAY)
    assert len(smtp_server.envelopes) == 2


# --- queries -------------------------------------------------------------------------------


def leads_with_milestones(framework: Any, people: int, milestones: int, start: int = 0) -> None:
    plan = Plan.objects.filter(title="Safer Testshire Plan").first() or make_plan(framework)
    for n in range(start, start + people):
        lead = person(f"Lead {n:02d}", f"lead{n}@testshire.example")
        services.reminder_setting_of(lead)
        action = make_action(plan, [lead], title=f"Action {n}")
        for m in range(milestones):
            milestone(action, f"Milestone {m}", date(2008, 1, 1) + timedelta(days=m))


def queries_to_remind(today: date) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        summary = send_reminders(today=today)
    return len(captured), summary.emails_sent


def test_queries_do_not_grow_with_the_number_of_items(framework, mailoutbox):  # type: ignore[no-untyped-def]
    leads_with_milestones(framework, people=3, milestones=1)
    few_items = queries_to_remind(MONDAY)

    # The same three people, with six milestones each (and update requests) a week later.
    for action in Action.objects.all():
        for m in range(6):
            milestone(action, f"More {m}", date(2008, 1, 8) + timedelta(days=m))
    many_items = queries_to_remind(MONDAY + timedelta(days=7))

    assert few_items[1] == many_items[1] == 3
    assert len(mailoutbox) == 6
    assert few_items[0] == many_items[0]


def test_queries_per_person_are_a_small_constant(framework):  # type: ignore[no-untyped-def]
    leads_with_milestones(framework, people=3, milestones=2)
    three, sent = queries_to_remind(MONDAY)
    assert sent == 3
    ReminderSent.objects.all().delete()
    leads_with_milestones(framework, people=12, milestones=4, start=3)
    fifteen, sent = queries_to_remind(MONDAY)
    assert sent == 15

    # The same reads for the whole run; then, per person, the insert of what they were
    # told inside its own transaction (savepoint, insert, release): never per item.
    per_person = (fifteen - three) / 12
    assert per_person == 3
    assert three - 3 * per_person <= 12
