"""Calendar arithmetic the issuers' cycles need (years and months that respect month ends)."""

from __future__ import annotations

import calendar
import datetime as dt

DAYS_PER_MONTH = 365.25 / 12


def end_of_month(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def add_months(day: dt.date, months: int) -> dt.date:
    """Same day of month ``months`` later, clamped to the month's end (31 Jan + 1 = 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def add_years(day: dt.date, years: int) -> dt.date:
    return add_months(day, 12 * years)


def next_anniversary(origin: dt.date, on: dt.date) -> dt.date:
    """The first anniversary of ``origin`` on or after ``on`` (``origin`` itself counts)."""
    if on <= origin:
        return origin
    years = on.year - origin.year
    candidate = add_years(origin, years)
    if candidate < on:
        candidate = add_years(origin, years + 1)
    return candidate
