"""Long dates for sentences ("12 Mar 2024", "Jun 2029") in the user's locale."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QLocale


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def long_date(day: dt.date | None) -> str:
    """A date for sentences, e.g. "12 Mar 2024" (empty for None)."""
    return "" if day is None else QLocale().toString(_qdate(day), "d MMM yyyy")


def month_year(day: dt.date | None) -> str:
    """A month for sentences, e.g. "Jun 2029" (empty for None)."""
    return "" if day is None else QLocale().toString(_qdate(day), "MMM yyyy")


def in_force_text(start: dt.date | None, end: dt.date | None, today: dt.date) -> str:
    """When a rule version applies, in words ("" when it always has)."""
    if end is not None and end < today:
        return f"no longer in force (until {long_date(end)})"
    if start is not None and start > today:
        return f"in force from {long_date(start)}"
    if start is not None and end is not None:
        return f"in force {long_date(start)} – {long_date(end)}"
    if end is not None:
        return f"in force until {long_date(end)}"
    if start is not None:
        return f"in force since {long_date(start)}"
    return ""
