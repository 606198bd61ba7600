"""When a rule version is in force, in words, with dates from :mod:`cso_planner.dates`."""

from __future__ import annotations

import datetime as dt

from cso_planner.dates import format_date as long_date


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
