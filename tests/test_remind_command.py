"""`partnerplan remind`: it sends through the service, says what it did, refuses a bad
date clearly, and exits non-zero when an e-mail could not be sent."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from partnerplan.core.testing.factories import SmallFramework
from partnerplan.core.testing.plans import small_plan
from partnerplan.partnerships.models import Person
from partnerplan.timescales.models import ReminderSent, ReminderSetting
from test_reminders import (
    FailingBackend,
    _free_port,
    failing_backend,  # noqa: F401  (a fixture, used by name)
    make_action,
    make_plan,
    milestone,
    updated,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def overdue(framework):  # type: ignore[no-untyped-def]
    """Olive, with an address, leads an action with one overdue milestone; the chair,
    with none, leads it too."""
    Person.objects.filter(pk=framework.officer.pk).update(email="olive@testshire.example")
    action = make_action(make_plan(framework), [framework.officer, framework.chair])
    updated(action)
    milestone(action, "Scheme agreed", date(2008, 1, 2))
    milestone(action, "Leaflets printed", date(2008, 1, 9))
    return action


def test_remind_sends_and_prints_a_summary(overdue, mailoutbox, capsys):  # type: ignore[no-untyped-def]
    call_command("remind", "--today", "2008-01-07")

    assert len(mailoutbox) == 1
    out = capsys.readouterr().out
    assert out.strip() == (
        "Sent 1 e-mail to 1 person: 1 overdue, 1 due soon, 0 update requests. "
        "1 person has no e-mail address."
    )

    call_command("remind", "--today", "2008-01-07")
    assert len(mailoutbox) == 1
    assert capsys.readouterr().out.strip() == (
        "Nothing new to send. 1 person has no e-mail address."
    )


def test_remind_refuses_a_day_that_is_not_a_date(db):  # type: ignore[no-untyped-def]
    with pytest.raises(CommandError, match="“yesterday” is not a date"):
        call_command("remind", "--today", "yesterday")
    with pytest.raises(CommandError, match="is not a date"):
        call_command("remind", "--today", "2008-02-30")


def test_remind_dry_run_sends_and_records_nothing(overdue, mailoutbox, capsys):  # type: ignore[no-untyped-def]
    call_command("remind", "--today", "2008-01-07", "--dry-run")

    assert capsys.readouterr().out.startswith("Would send 1 e-mail to 1 person: 1 overdue")
    assert mailoutbox == []
    assert not ReminderSent.objects.exists()
    assert not ReminderSetting.objects.exists()


@pytest.mark.usefixtures("failing_backend")
def test_remind_fails_when_an_email_could_not_be_sent(overdue, capsys):  # type: ignore[no-untyped-def]
    FailingBackend.refuse = {"olive@testshire.example"}

    with pytest.raises(CommandError, match="Could not send 1 of the e-mails"):
        call_command("remind", "--today", "2008-01-07")

    assert "1 e-mail could not be sent and will be tried again" in capsys.readouterr().out
    assert not ReminderSent.objects.exists()


def test_a_day_far_off_is_refused() -> None:
    with pytest.raises(CommandError, match="too far off"):
        call_command("remind", "--today", "9999-12-31")


def test_an_unreachable_mail_server_is_a_clear_error(
    framework: SmallFramework, settings: Any
) -> None:
    small_plan(framework, date.today())
    framework.officer.email = "olive@example.org"
    framework.officer.save()
    closed_port = _free_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", closed_port, 5
    with pytest.raises(CommandError, match="Could not connect to the mail server"):
        call_command("remind")
    assert not ReminderSent.objects.exists()
