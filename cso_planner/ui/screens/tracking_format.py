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
