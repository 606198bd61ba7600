"""Pace: do a stage's planned study hours fit the person's weekly study budget?

Users of roadmap sites ask "how long will this take me?". Each stage gets the study hours of
its items (skipped ones excluded) against what the weekly budget allows between the stage's
start and end; a stage that cannot fit says how many weeks it would need.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections.abc import Iterable


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if value >= 10 or value == int(value) else f"{value:,.1f}"


@dataclasses.dataclass(frozen=True)
class StagePace:
    """Planned study hours of a stage against the hours its dates allow.

    Attributes:
        planned_hours: study hours of the stage's items that are not skipped.
        weekly_budget: the profile's weekly study hours.
        weeks_available: weeks between start and end (inclusive); None without both dates.
        weeks_needed: weeks the planned hours take at the budget; None if the budget is zero
            while hours are planned (they would never fit).
    """

    planned_hours: float
    weekly_budget: float
    weeks_available: float | None
    weeks_needed: int | None

    @property
    def available_hours(self) -> float | None:
        if self.weeks_available is None:
            return None
        return self.weeks_available * self.weekly_budget

    @property
    def fits(self) -> bool | None:
        """True or False when the stage has dates; None when it cannot be judged."""
        if self.planned_hours <= 0:
            return True
        available = self.available_hours
        if available is None:
            return None
        return self.planned_hours <= available + 1e-9

    def short(self) -> str:
        """A few words for a table cell; ``summary`` has the full sentence."""
        if self.planned_hours <= 0:
            return "—"
        planned = _fmt(self.planned_hours)
        if self.weeks_available is None:
            return f"{planned} h · no dates"
        if self.fits:
            return f"{planned} of {_fmt(self.available_hours or 0.0)} h"
        if self.weeks_needed is None:
            return f"{planned} h · no study budget"
        return f"Needs {self.weeks_needed} wk, has {_fmt(self.weeks_available)}"

    def summary(self) -> str:
        """One line for the roadmap: what is planned and whether it fits."""
        if self.planned_hours <= 0:
            return "No study hours planned"
        planned = f"{_fmt(self.planned_hours)} h"
        if self.weeks_available is None:
            return f"{planned} planned · add start and end dates to check the pace"
        available = self.available_hours or 0.0
        if self.fits:
            return f"{planned} of {_fmt(available)} h available"
        if self.weeks_needed is None:
            return f"{planned} planned · set your weekly study hours in Preferences"
        return (
            f"Too much: {planned} needs {self.weeks_needed} weeks at "
            f"{_fmt(self.weekly_budget)} h/week; the stage has {_fmt(self.weeks_available)}"
        )


def weeks_between(start: dt.date, end: dt.date) -> float:
    """Weeks from ``start`` to ``end``, both days included."""
    return max((end - start).days + 1, 0) / 7


def stage_pace(
    start: dt.date | None,
    end: dt.date | None,
    items: Iterable[tuple[str, float | None]],
    weekly_budget: float,
) -> StagePace:
    """Compute the pace of a stage from ``(status, hours)`` of its items."""
    planned = sum(hours or 0.0 for status, hours in items if status != "skipped")
    weeks_available = weeks_between(start, end) if start and end else None
    if planned <= 0:
        weeks_needed: int | None = 0
    elif weekly_budget > 0:
        weeks_needed = math.ceil(planned / weekly_budget - 1e-9)
    else:
        weeks_needed = None
    return StagePace(planned, weekly_budget, weeks_available, weeks_needed)
