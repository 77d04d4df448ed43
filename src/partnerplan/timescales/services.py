"""Writes for timescales: due dates derived from the words, meetings and what hangs off
them, calendar feeds and reminder settings. Views, commands and the plans services call
these; each runs in one transaction with its audit rows."""

from __future__ import annotations

import secrets
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from partnerplan.core.audit import Actor
from partnerplan.core.models import AuditEvent
from partnerplan.core.periods import FinancialYear
from partnerplan.core.services import create_audited, delete_audited, update_audited
from partnerplan.plans.models import Action, Milestone, Plan
from partnerplan.timescales.choices import ReminderChoice
from partnerplan.timescales.models import (
    CalendarFeed,
    DataRelease,
    Meeting,
    ObligationMet,
    PublishingObligation,
    ReminderSetting,
)
from partnerplan.timescales.reader import Reading, read_timescale
from partnerplan.timescales.recurrence import next_due, occurrences

# --- reading timescales ------------------------------------------------------------------


def read_for_plan(text: str, *, first_year: int, last_year: int) -> Reading:
    """Read a timescale as the plan means it: two-digit and missing years fall in the
    plan's period."""
    return read_timescale(text, period=(first_year, last_year))


def meeting_dates(partnership_id: int) -> list[tuple[date, str]]:
    """The partnership's meetings, as the reader's relative timescales count from them."""
    return list(
        Meeting.objects.filter(partnership_id=partnership_id)
        .order_by("held_on")
        .values_list("held_on", "kind")
    )


class DueDates:
    """Derives the due dates of one plan's timescales, reading its partnership's meetings
    only when a timescale counts from them, and then only once. Plans derived together
    share `meetings_read`, the meetings read so far by partnership."""

    def __init__(
        self,
        plan: Any,
        today: date | None = None,
        meetings_read: dict[int, list[tuple[date, str]]] | None = None,
    ) -> None:
        self.plan = plan
        self.today = today or timezone.localdate()
        self._meetings_read = {} if meetings_read is None else meetings_read

    def meetings(self) -> list[tuple[date, str]]:
        partnership_id = self.plan.partnership_id
        if partnership_id not in self._meetings_read:
            self._meetings_read[partnership_id] = meeting_dates(partnership_id)
        return self._meetings_read[partnership_id]

    def fields(self, text: str) -> dict[str, Any]:
        """The schedule and the derived due date of `text`."""
        if not text.strip():
            return {"schedule": {}, "due_on": None}
        reading = read_for_plan(
            text, first_year=self.plan.first_year, last_year=self.plan.last_year
        )
        return {
            "schedule": reading.as_json(),
            "due_on": self.due(reading),
        }

    def due(self, reading: Reading) -> date | None:
        meetings = self.meetings() if reading.kind == "relative" else ()
        upcoming = next_due(reading, on_or_after=self.today, meetings=meetings)
        if upcoming is not None or reading.kind not in ("recurring", "relative"):
            return upcoming
        # Nothing more to come: the last time it fell due stays its due date, so that an
        # item never marked done does not drop out of sight when the plan ends.
        first = FinancialYear(self.plan.first_year).first_day
        past = occurrences(reading, between=(first, self.today), meetings=meetings)
        return past[-1] if past else None


def with_due_dates(
    stored: Any, fields: dict[str, Any], dates: DueDates, *, creating: bool = False
) -> dict[str, Any]:
    """The fields to write to a milestone or an action, with its timescale read.

    A due date given in `fields` was set by a person and wins over the words; giving
    None hands the date back to the words. A date set by hand stays when only the words
    change."""
    fields = dict(fields)
    by_hand = "due_on" in fields and fields["due_on"] is not None
    text = fields.get("timescale", "" if creating else stored.timescale) or ""
    if creating or "timescale" in fields or "due_on" in fields:
        derived = dates.fields(text)
        fields["schedule"] = derived["schedule"]
        if "due_on" in fields:
            fields["due_set_by_hand"] = by_hand
            if not by_hand:
                fields["due_on"] = derived["due_on"]
        elif creating or not stored.due_set_by_hand:
            fields["due_on"] = derived["due_on"]
    return fields


def refresh_due_dates(
    *,
    today: date | None = None,
    partnership_id: int | None = None,
    plan_id: int | None = None,
    kind: str | None = None,
    every: bool = False,
) -> int:
    """Move recurring and meeting-relative due dates on to their next occurrence, and read
    timescales saved before they were read; with `every`, read every timescale again (of
    one `kind` only, if given), as when a plan's years or a partnership's meetings
    change. Derived dates only: a date set by hand stays. Returns how many due dates
    changed. Safe to run as often as wanted.

    Derived dates change here without an audit row each: they follow the words, the
    plan's years and the meetings, whose every change is audited."""
    today = today or timezone.localdate()
    changed = 0
    meetings_read: dict[int, list[tuple[date, str]]] = {}
    for model, plan_path in ((Milestone, "action__plan"), (Action, "plan")):
        moving = Q(schedule__kind__in=["recurring", "relative"]) & (
            Q(due_on__lt=today) | Q(due_on__isnull=True)
        )
        unread = Q(schedule={}) & ~Q(timescale="")
        rows = model.objects.filter(due_set_by_hand=False)
        if not every:
            rows = rows.filter(moving | unread)
        if kind is not None:
            rows = rows.filter(schedule__kind=kind)
        if model is Milestone:
            rows = rows.filter(completed_on__isnull=True)
        if partnership_id is not None:
            rows = rows.filter(**{f"{plan_path}__partnership_id": partnership_id})
        if plan_id is not None:
            rows = rows.filter(**{f"{plan_path}_id": plan_id})
        found = list(rows.order_by().values_list("pk", "timescale", "due_on", f"{plan_path}_id"))
        plans = Plan.objects.in_bulk({plan_id for *_, plan_id in found})
        dates = {plan_id: DueDates(plan, today, meetings_read) for plan_id, plan in plans.items()}
        batch = []
        for pk, text, due_on, plan_id in found:
            derived = dates[plan_id].fields(text)
            batch.append(model(pk=pk, **derived))
            changed += derived["due_on"] != due_on
        model.objects.bulk_update(batch, ["due_on", "schedule"], batch_size=500)
    return changed


def _refresh_after_meetings_change(partnership_id: int) -> None:
    """Items counted from meetings follow the meetings."""
    refresh_due_dates(partnership_id=partnership_id, kind="relative", every=True)


def meeting_restored(sender: type, instance: Meeting, raw: bool = False, **kwargs: Any) -> None:
    """A meeting put back from Deleted items comes back as a raw save, not through these
    services: the dates counted from it follow it back."""
    if raw:
        _refresh_after_meetings_change(instance.partnership_id)


# --- meetings ----------------------------------------------------------------------------


@transaction.atomic
def meeting_create(*, actor: Actor, partnership: Any, **fields: Any) -> Meeting:
    meeting = create_audited(Meeting, actor=actor, partnership=partnership, **fields)
    _refresh_after_meetings_change(partnership.pk)
    return meeting


@transaction.atomic
def meeting_update(*, meeting: Meeting, actor: Actor, **fields: Any) -> Meeting:
    meeting = update_audited(meeting, actor=actor, **fields)
    _refresh_after_meetings_change(meeting.partnership_id)
    return meeting


@transaction.atomic
def meeting_delete(*, meeting: Meeting, actor: Actor) -> AuditEvent:
    partnership_id = meeting.partnership_id
    event = delete_audited(meeting, actor=actor)
    _refresh_after_meetings_change(partnership_id)
    return event


def _read_relative(text: str, *, anchor: str, example: str) -> dict[str, Any]:
    """Read a timescale that must count from meetings ("meeting") or from the end of each
    quarter ("quarter-end"), or refuse it with an example of what is meant."""
    year = FinancialYear.containing(timezone.localdate()).start
    reading = read_timescale(text, period=(year, year))
    if reading.kind != "relative" or not (reading.anchor or "").startswith(anchor):
        raise ValidationError({"timescale": f"Say when, counting {example}."})
    return reading.as_json()


_FROM_MEETINGS = "from the meetings: “within 5 working days after each board meeting”"
_FROM_QUARTER_END = "from the end of each quarter: “within 20 working days of the quarter end”"


@transaction.atomic
def obligation_create(
    *, actor: Actor, partnership: Any, what: str, timescale: str
) -> PublishingObligation:
    schedule = _read_relative(timescale, anchor="meeting", example=_FROM_MEETINGS)
    return create_audited(
        PublishingObligation,
        actor=actor,
        partnership=partnership,
        what=what.strip(),
        timescale=timescale.strip(),
        schedule=schedule,
    )


@transaction.atomic
def obligation_delete(*, obligation: PublishingObligation, actor: Actor) -> AuditEvent:
    return delete_audited(obligation, actor=actor)


@transaction.atomic
def obligation_met(
    *, actor: Actor, obligation: PublishingObligation, meeting: Meeting, done_on: date
) -> ObligationMet:
    """Record the day an obligation was met for a meeting; a second record corrects the
    first."""
    if meeting.partnership_id != obligation.partnership_id:
        raise ValidationError({"meeting": "Choose a meeting of the same partnership."})
    if meeting.held_on > timezone.localdate():
        raise ValidationError({"done_on": "The meeting has not been held yet."})
    if done_on > timezone.localdate():
        raise ValidationError({"done_on": "The day it was done cannot be in the future."})
    existing = ObligationMet.objects.filter(obligation=obligation, meeting=meeting).first()
    if existing is not None:
        return update_audited(existing, actor=actor, done_on=done_on)
    return create_audited(
        ObligationMet, actor=actor, obligation=obligation, meeting=meeting, done_on=done_on
    )


@transaction.atomic
def data_release_create(
    *, actor: Actor, partnership: Any, name: str, timescale: str
) -> DataRelease:
    schedule = _read_relative(timescale, anchor="quarter-end", example=_FROM_QUARTER_END)
    return create_audited(
        DataRelease,
        actor=actor,
        partnership=partnership,
        name=name.strip(),
        timescale=timescale.strip(),
        schedule=schedule,
    )


@transaction.atomic
def data_release_delete(*, release: DataRelease, actor: Actor) -> AuditEvent:
    return delete_audited(release, actor=actor)


# --- calendar feeds ----------------------------------------------------------------------


def _token() -> str:
    # 256 bits: the address is the only key a calendar program can hold.
    return secrets.token_urlsafe(32)


@transaction.atomic
def feed_create(*, actor: Actor, owner: Any, partnership: Any | None = None) -> CalendarFeed:
    return create_audited(
        CalendarFeed,
        actor=actor,
        partnership_id=partnership.pk if partnership else None,
        owner=owner,
        partnership=partnership,
        token=_token(),
    )


@transaction.atomic
def feed_revoke(*, feed: CalendarFeed, actor: Actor) -> CalendarFeed:
    if feed.revoked_at is not None:
        return feed
    return update_audited(feed, actor=actor, revoked_at=timezone.now())


# --- reminder settings -------------------------------------------------------------------


def reminder_setting_of(person: Any) -> ReminderSetting:
    """The person's setting, made with the default the first time it is asked for."""
    setting, _ = ReminderSetting.objects.get_or_create(
        person=person, defaults={"choice": ReminderChoice.DAILY, "token": _token()}
    )
    return setting


@transaction.atomic
def reminders_choose(*, actor: Actor, person: Any, choice: str) -> ReminderSetting:
    if choice not in ReminderChoice.values:
        raise ValidationError({"choice": "Choose how you want your reminders."})
    setting = reminder_setting_of(person)
    if setting.choice == choice:
        return setting
    return update_audited(setting, actor=actor, choice=choice, partnership_id=None)
