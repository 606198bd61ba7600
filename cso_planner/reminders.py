"""Reminders without a network: calendar alarms and what is due soon, from the one deadline list.

The deadlines come from ``deadlines.collect_deadlines`` and the renewal engine
(``services.renewal_deadlines``); nothing here computes a date of its own. This module adds:

* ``merge_same_day`` (from ``deadlines``, where the one list is merged): two deadlines of one
  certification on one day (CISSP expires and its CPE cycle ends; "Pass CCISO" in the plan and
  the CCISO target) are one event, so no view shows the same day twice, nor rings twice for it.
* the reminder days (90, 30 and 7 by default), kept per database file in ``app_meta`` so the
  calendar export gives the same alarms from the window and from ``cso-planner ics``.
* ``due_soon``: what falls due within 30 days, for the Dashboard banner and the status bar.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from sqlalchemy.orm import Session

from cso_planner.dates import format_date
from cso_planner.db.models import AppMeta
from cso_planner.deadlines import Deadline, merge_same_day

# Deadlines that cost the credential or money when missed: the ones a calendar alarm is for.
REMINDER_KINDS = frozenset({"expiry", "fee", "endorsement", "cycle_end"})
DEFAULT_REMINDER_DAYS: tuple[int, ...] = (90, 30, 7)
MAX_REMINDER_DAYS = 730
MAX_REMINDERS = 6
REMINDER_DAYS_KEY = "reminders.days_before"
DUE_SOON_DAYS = 30
# --- the reminder days (a preference kept with the file) ------------------------------------


def parse_reminder_days(text: str) -> tuple[int, ...]:
    """``"90, 30, 7"`` as ``(90, 30, 7)``; empty means no alarms.

    Raises:
        ValueError: a message naming what is wrong (not a whole number, out of range, too many).
    """
    days: set[int] = set()
    for part in text.replace(";", ",").split(","):
        word = part.strip()
        if not word:
            continue
        if not word.isdigit() or not word.isascii():
            raise ValueError(f"{word!r} is not a whole number of days")
        value = int(word)
        if value > MAX_REMINDER_DAYS:
            raise ValueError(f"{value} days is more than {MAX_REMINDER_DAYS}")
        days.add(value)
    if len(days) > MAX_REMINDERS:
        raise ValueError(f"at most {MAX_REMINDERS} reminders")
    return tuple(sorted(days, reverse=True))


def format_reminder_days(days: Sequence[int]) -> str:
    return ", ".join(str(d) for d in days)


def reminder_days(session: Session) -> tuple[int, ...]:
    """The days before a deadline its calendar alarms ring (the default until one is saved);
    a damaged stored value falls back to the default rather than stopping an export."""
    row = session.get(AppMeta, REMINDER_DAYS_KEY)
    if row is None:
        return DEFAULT_REMINDER_DAYS
    try:
        return parse_reminder_days(row.value)
    except ValueError:
        return DEFAULT_REMINDER_DAYS


def save_reminder_days(session: Session, days: Sequence[int]) -> None:
    """Keep ``days`` (checked like typed text) in the caller's transaction."""
    value = format_reminder_days(parse_reminder_days(format_reminder_days(days)))
    session.merge(AppMeta(key=REMINDER_DAYS_KEY, value=value))
    session.flush()


# --- due soon -------------------------------------------------------------------------------


def due_soon(
    deadlines: Iterable[Deadline], today: dt.date, days: int = DUE_SOON_DAYS
) -> list[Deadline]:
    """The deadlines from ``today`` to ``days`` later, one per certification and day."""
    last = today + dt.timedelta(days=days)
    return merge_same_day(d for d in deadlines if today <= d.date <= last)


def when(day: dt.date, today: dt.date) -> str:
    """``today``, ``tomorrow`` or ``in 12 days``."""
    days = (day - today).days
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    return f"in {days} days"


def due_soon_line(deadline: Deadline, today: dt.date) -> str:
    """``CISSP fee due — 15 Jan 2027, in 12 days``."""
    return f"{deadline.title} — {format_date(deadline.date)}, {when(deadline.date, today)}"


def due_soon_summary(deadlines: Sequence[Deadline], today: dt.date) -> str:
    """One line for the status bar: the first deadline and how many more; empty when none."""
    if not deadlines:
        return ""
    first = due_soon_line(deadlines[0], today)
    more = len(deadlines) - 1
    tail = f" (+{more} more within {DUE_SOON_DAYS} days)" if more else ""
    return f"Due soon: {first}{tail}"
