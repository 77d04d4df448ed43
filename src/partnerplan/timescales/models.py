"""Meetings, publishing obligations, data releases, calendar feeds and reminders."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from partnerplan.core.links import link_to
from partnerplan.core.periods import long_date
from partnerplan.timescales.choices import MeetingKind, ReminderChoice, ReminderReason


class Meeting(models.Model):
    """A meeting of a partnership, with its papers and the day its minutes were published."""

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="meetings"
    )
    kind = models.CharField(max_length=20, choices=MeetingKind.choices, default=MeetingKind.BOARD)
    held_on = models.DateField("date")
    starts_at = models.TimeField("start time", null=True, blank=True)
    venue = models.CharField(max_length=300, blank=True)
    agenda_url = models.URLField("agenda link", max_length=500, blank=True)
    papers_url = models.URLField("papers link", max_length=500, blank=True)
    minutes_published_on = models.DateField("minutes published on", null=True, blank=True)

    class Meta:
        ordering = ["held_on", "starts_at", "id"]
        indexes = [models.Index(fields=["partnership", "held_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}, {long_date(self.held_on)}"

    def get_absolute_url(self) -> str:
        return link_to("timescales:meetings", self.partnership_id) + f"#meeting-{self.pk}"

    def clean(self) -> None:
        if self.minutes_published_on and self.minutes_published_on < self.held_on:
            raise ValidationError(
                {"minutes_published_on": "Minutes cannot be published before the meeting."}
            )


def obligation_url(partnership_id: int, obligation_id: int) -> str:
    """An obligation on its partnership's meetings page."""
    return link_to("timescales:meetings", partnership_id) + f"#obligation-{obligation_id}"


class PublishingObligation(models.Model):
    """Something a partnership must publish by a deadline set from its meetings, such as
    its agenda and reports on the website within 5 working days of each board meeting."""

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="obligations"
    )
    what = models.CharField("what is published", max_length=300)
    timescale = models.CharField("when", max_length=300)
    schedule = models.JSONField(default=dict, blank=True)

    audit_exclude = ("schedule",)

    class Meta:
        ordering = ["partnership", "what", "id"]

    def __str__(self) -> str:
        return f"{self.what}: {self.timescale}"

    def get_absolute_url(self) -> str:
        return obligation_url(self.partnership_id, self.pk)


class ObligationMet(models.Model):
    """The day an obligation was met for one meeting."""

    obligation = models.ForeignKey(
        PublishingObligation, on_delete=models.CASCADE, related_name="met"
    )
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="obligations_met")
    done_on = models.DateField("done on")

    class Meta:
        ordering = ["meeting", "obligation"]
        constraints = [
            models.UniqueConstraint(fields=["obligation", "meeting"], name="met_once_per_meeting")
        ]

    def __str__(self) -> str:
        return f"{self.obligation.what} for {self.meeting}: done {long_date(self.done_on)}"

    @property
    def audit_partnership_id(self) -> int:
        return self.meeting.partnership_id


class DataRelease(models.Model):
    """A set of figures a partnership reports on, and when each quarter's become
    available: "within 20 working days of the quarter end"."""

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="data_releases"
    )
    name = models.CharField(max_length=300)
    timescale = models.CharField("available", max_length=300)
    schedule = models.JSONField(default=dict, blank=True)

    audit_exclude = ("schedule",)

    class Meta:
        ordering = ["partnership", "name", "id"]

    def __str__(self) -> str:
        return f"{self.name}: {self.timescale}"

    def get_absolute_url(self) -> str:
        return link_to("timescales:timetable", self.partnership_id)


class CalendarFeed(models.Model):
    """A secret address a calendar program reads: one person's dates, or a partnership's.

    Whoever holds the address reads the feed, so it is long and random, and its owner
    can revoke it; each reading is still checked against what the owner may see now."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    partnership = models.ForeignKey(
        "partnerships.Partnership",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="calendar_feeds",
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    audit_exclude = ("token",)

    class Meta:
        ordering = ["owner", "-created_at"]

    def __str__(self) -> str:
        return f"Calendar of {self.partnership or self.owner}"

    def get_absolute_url(self) -> str:
        return link_to("timescales:feeds")


class ReminderSetting(models.Model):
    """How a person wants their reminders; people with no setting get them daily."""

    person = models.OneToOneField(
        "partnerships.Person", on_delete=models.CASCADE, related_name="reminder_setting"
    )
    choice = models.CharField(
        "reminders", max_length=10, choices=ReminderChoice.choices, default=ReminderChoice.DAILY
    )
    # For the "stop these e-mails" link in every reminder, which works without signing in.
    token = models.CharField(max_length=64, unique=True)

    audit_exclude = ("token",)

    def __str__(self) -> str:
        return f"{self.person}: {self.get_choice_display()}"


class ReminderSent(models.Model):
    """One reminder given to one person, so that no run of `partnerplan remind` gives it
    twice. `about` names what it was about and when: "milestone:12:2008-03-31"."""

    person = models.ForeignKey(
        "partnerships.Person", on_delete=models.CASCADE, related_name="reminders_sent"
    )
    reason = models.CharField(max_length=10, choices=ReminderReason.choices)
    about = models.CharField(max_length=100)
    sent_at = models.DateTimeField()

    class Meta:
        ordering = ["-sent_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["person", "reason", "about"], name="remind_once")
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} to {self.person} about {self.about}"
