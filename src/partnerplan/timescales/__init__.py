"""Timescales: the reader of timescales as plans write them, due dates, meetings,
reminders and calendar feeds."""
