"""Deadlines as an RFC 5545 calendar (all-day events with stable UIDs)."""

from __future__ import annotations

import datetime as dt
import pathlib
import re
from collections.abc import Iterable, Sequence

from icalendar import Alarm, Calendar, Event

from cso_planner import __version__
from cso_planner.deadlines import Deadline, merge_same_day
from cso_planner.exports.atomic import write_atomically
from cso_planner.reminders import REMINDER_KINDS

UID_DOMAIN = "cso-planner.local"
# RFC 5545 TEXT may not hold CONTROL characters (%x00-08, %x0A-1F, %x7F; a line break is
# written escaped, as backslash-n); C1 controls (U+0080-U+009F) go too: no calendar shows them.
FORBIDDEN_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def ics_text(value: str) -> str:
    """``value`` as calendar TEXT: line breaks kept (as LF, which icalendar escapes), tabs kept,
    every other control character (NUL, BEL, ESC, ...) removed."""
    return FORBIDDEN_CONTROLS.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))


def reminder_alarms(
    deadline: Deadline, days_before: Sequence[int], today: dt.date | None = None
) -> list[Alarm]:
    """Display alarms ``days_before`` an expiry, fee, endorsement deadline or cycle end.

    With ``today`` given, an alarm whose day has already passed is left out: a calendar that
    imports the file would otherwise ring it at once.
    """
    if deadline.kind not in REMINDER_KINDS:
        return []
    alarms = []
    for days in sorted(set(days_before), reverse=True):
        if today is not None and deadline.date - dt.timedelta(days=days) < today:
            continue
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("trigger", dt.timedelta(days=-days))  # before the all-day event starts
        when = "today" if days == 0 else f"in {days} day{'s' if days != 1 else ''}"
        alarm.add("description", ics_text(f"{deadline.title} {when}"))
        alarms.append(alarm)
    return alarms


def build_calendar(
    deadlines: Iterable[Deadline],
    *,
    stamp: dt.datetime | None = None,
    reminders: Sequence[int] = (),
    today: dt.date | None = None,
) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", f"-//CSO Planner//cso-planner {__version__}//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "CSO Planner deadlines")
    now = stamp or dt.datetime.now(dt.UTC)
    for deadline in merge_same_day(deadlines):  # one event per certification and day
        event = Event()
        # The UID depends only on what the deadline is, never on when the file was written,
        # so importing a newer export updates the calendar instead of duplicating events.
        event.add("uid", f"{deadline.key}@{UID_DOMAIN}")
        event.add("dtstamp", now)
        event.add("dtstart", deadline.date)  # a date value: an all-day event
        event.add("dtend", deadline.date + dt.timedelta(days=1))
        event.add("summary", ics_text(deadline.title))
        if deadline.description:
            event.add("description", ics_text(deadline.description))
        event.add("categories", [ics_text(deadline.kind)])
        event.add("transp", "TRANSPARENT")
        for alarm in reminder_alarms(deadline, reminders, today):
            event.add_component(alarm)
        calendar.add_component(event)
    return calendar


def write_ics(
    deadlines: Iterable[Deadline],
    path: pathlib.Path,
    *,
    reminders: Sequence[int] = (),
    today: dt.date | None = None,
) -> int:
    calendar = build_calendar(deadlines, reminders=reminders, today=today)
    write_atomically(path, calendar.to_ical())
    return len(calendar.subcomponents)
