"""Reminders without a network: calendar alarms and what is due soon, from the one deadline list.

The deadlines come from ``deadlines.collect_deadlines`` and the renewal engine
(``services.renewal_deadlines``); nothing here computes a date of its own. This module adds:

* ``merge_same_day``: two deadlines of one certification on one day (CISSP expires and its
  CPE cycle ends; "Pass CCISO" in the plan and the CCISO target) become one event, so a
  calendar never shows the same day twice, nor rings twice for it.
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
from cso_planner.deadlines import Deadline

# Deadlines that cost the credential or money when missed: the ones a calendar alarm is for.
REMINDER_KINDS = frozenset({"expiry", "fee", "endorsement", "cycle_end"})
DEFAULT_REMINDER_DAYS: tuple[int, ...] = (90, 30, 7)
MAX_REMINDER_DAYS = 730
MAX_REMINDERS = 6
REMINDER_DAYS_KEY = "reminders.days_before"
DUE_SOON_DAYS = 30
# Which deadline of a merged day names the event (and gives its UID): the costly ones first.
KIND_ORDER = ("expiry", "cycle_end", "endorsement", "fee", "exam", "target", "item")


def _rank(deadline: Deadline) -> int:
    return KIND_ORDER.index(deadline.kind) if deadline.kind in KIND_ORDER else len(KIND_ORDER)


def merge_same_day(deadlines: Iterable[Deadline]) -> list[Deadline]:
    """One deadline per certification and day, oldest first.

    The merged deadline keeps the key and kind of its most pressing part (an expiry before a
    cycle end before a fee ... before a plan item), so its calendar UID stays the one that
    deadline had alone; its title names every part, its description explains each.
    """
    groups: dict[tuple[dt.date, str] | str, list[Deadline]] = {}
    for deadline in deadlines:
        group = (deadline.date, deadline.subject) if deadline.subject else deadline.key
        groups.setdefault(group, []).append(deadline)
    merged: list[Deadline] = []
    for parts in groups.values():
        if len(parts) == 1:
            merged.append(parts[0])
            continue
        parts.sort(key=lambda d: (_rank(d), d.title))
        first = parts[0]
        merged.append(
            Deadline(
                date=first.date,
                title=" · ".join(d.title for d in parts),
                kind=first.kind,
                key=first.key,
                description="\n".join(
                    f"{d.title}: {d.description}" if d.description else d.title for d in parts
                ),
                subject=first.subject,
            )
        )
    return sorted(merged)


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
