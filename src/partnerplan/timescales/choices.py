"""The words of timescales, meetings and reminders, defined once."""

from django.db import models

# How near a due date "due soon" starts, and how long before it a lead is reminded.
DUE_SOON_DAYS = 14
REMIND_DAYS_BEFORE = 7


class MeetingKind(models.TextChoices):
    """The reader's anchors use these values: "each board meeting" is "meeting:board"."""

    BOARD = "board", "Board meeting"
    STEERING = "steering", "Steering group meeting"
    EXECUTIVE = "executive", "Executive meeting"
    SCRUTINY = "scrutiny", "Scrutiny committee"
    THEME = "theme", "Theme group meeting"
    PUBLIC = "public", "Public meeting"
    OTHER = "other", "Other meeting"


class DueState(models.TextChoices):
    """Where something stands against its due date, as the screens group it."""

    OVERDUE = "overdue", "Overdue"
    DUE_SOON = "due_soon", "Due soon"
    UPCOMING = "upcoming", "Upcoming"
    DONE = "done", "Done"


class DeadlineState(models.TextChoices):
    """A publishing deadline for one meeting."""

    MET = "met", "Met"
    MET_LATE = "met_late", "Met late"
    MISSED = "missed", "Missed"
    DUE = "due", "Due"


class ReminderChoice(models.TextChoices):
    DAILY = "daily", "As things fall due: at most one e-mail a day, with everything in it"
    WEEKLY = "weekly", "A weekly digest, on Mondays"
    NONE = "none", "No reminders"


class ReminderReason(models.TextChoices):
    DUE_SOON = "due_soon", "Due soon"
    OVERDUE = "overdue", "Overdue"
    UPDATE_REQUEST = "update", "Update for the quarter"
    DIGEST = "digest", "Weekly digest"
