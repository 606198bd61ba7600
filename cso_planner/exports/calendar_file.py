"""The calendar export as the window and ``cso-planner ics`` write it: every deadline, with the
reminder alarms chosen in Preferences (kept in the file, so both give the same calendar)."""

from __future__ import annotations

import datetime as dt
import pathlib

from sqlalchemy.orm import Session

from cso_planner.exports.ics import write_ics
from cso_planner.reminders import reminder_days
from cso_planner.services.renewal_deadlines import calendar_deadlines


def export_calendar(session: Session, path: pathlib.Path, today: dt.date) -> int:
    """Write the calendar to ``path`` atomically; returns the number of events."""
    return write_ics(
        calendar_deadlines(session, today), path, reminders=reminder_days(session), today=today
    )
