"""Counting the CPE credits of one cycle: categories, caps, and rollover between cycles.

ISC2 (FAQ, "How many CPEs can be rolled over annually?"): "CPEs can rollover from the third
year to the first year (of the new three-year cycle) if earned in excess of the minimum
requirement within the last six months of the cycle" - CISSP up to 40 Group A, CCSP and CSSLP
30, SSCP 20; "there is no rollover provision for Group B credits". The credits that roll over
are the surplus of the cycle that ended: beyond its total requirement, beyond its Group A
minimum, and no more than the Group A credits of its last six months.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from cso_planner.eligibility.dates import add_months
from cso_planner.eligibility.inputs import CpeEntry
from cso_planner.eligibility.params import MaintenanceParams


@dataclass(frozen=True, slots=True)
class Tally:
    """Credits of one cycle per canonical category: as logged, and as counted (caps)."""

    logged: dict[str, float]
    counted: dict[str, float]

    @property
    def total(self) -> float:
        return sum(self.counted.values())


def tally(p: MaintenanceParams, activities: Iterable[CpeEntry], extra: float = 0.0) -> Tally:
    """The credits of ``activities`` per category; ``extra`` credits of the rollover category
    (rolled over from the previous cycle) are added before the caps."""
    logged: dict[str, float] = {}
    for activity in activities:
        category = p.category_of(activity.category) or ""
        logged[category] = logged.get(category, 0.0) + activity.credits
    if extra and p.rollover is not None:
        category = p.rollover.category
        logged[category] = logged.get(category, 0.0) + extra
    counted = {
        c: min(v, p.category_max[c]) if c in p.category_max else v for c, v in logged.items()
    }
    return Tally(logged, counted)


def rollover_from(
    p: MaintenanceParams, start: dt.date, end: dt.date, activities: Iterable[CpeEntry]
) -> float:
    """Credits of the cycle ``start..end`` that count toward the next one (0 without a rule).

    Args:
        p: the maintenance rule.
        start, end: the cycle (inclusive).
        activities: the certification's activities (any dates; the cycle's are picked).
    """
    rule = p.rollover
    if rule is None:
        return 0.0
    mine = [a for a in activities if start <= a.date <= end]
    cycle = tally(p, mine)
    last_from = max(start, add_months(end + dt.timedelta(days=1), -rule.last_months))
    in_last = sum(
        a.credits
        for a in mine
        if a.date >= last_from and (p.category_of(a.category) or "") == rule.category
    )
    beyond_total = cycle.total - p.cpe_required
    beyond_minimum = cycle.logged.get(rule.category, 0.0) - p.category_min.get(rule.category, 0.0)
    return max(0.0, min(rule.max, beyond_total, beyond_minimum, in_last))
