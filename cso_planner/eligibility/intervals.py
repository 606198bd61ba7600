"""Experience accrual over overlapping, part-time intervals, without walking over days.

On any day the experience accrued is ``min(1, sum of the weights of the jobs held that day)``.
The curve ``A(t)`` (experience accrued through day ``t``, inclusive) is therefore piecewise
linear and non-decreasing: a sweep over the sorted start/end events gives its breakpoints in
``O(n log n)``, after which "how much by day D" and "first day reaching X" are binary searches.

Weights are integers (:data:`UNITS_PER_DAY` per full-time day) so overlapping starts and ends
cancel exactly and an "impossible" case never creeps forward by floating-point dust.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import accumulate, pairwise

# 40 hours x 1000: a weekly-hours resolution of 0.001 h stays exact.
UNITS_PER_DAY = 40_000
DAYS_PER_YEAR = 365.25
UNITS_PER_YEAR = UNITS_PER_DAY * DAYS_PER_YEAR  # 14,610,000 (exact: .25 x 40,000 is whole)


def weight_units(
    hours_per_week: float, full_time_hours: float, part_time_basis: float | None = None
) -> int:
    """Daily weight of a job in units.

    A week of ``full_time_hours`` or more is a full week; a shorter one counts
    ``hours / part_time_basis`` of it (the basis defaults to the full-time hours). ISC2: 35 h
    or more is full time, and part-time hours count on a 2,080-hour year (40 h a week), so
    20 h a week is half a week and 1,040 hours are six months.
    """
    if hours_per_week >= full_time_hours:
        return UNITS_PER_DAY
    basis = part_time_basis or full_time_hours
    share = min(hours_per_week, basis) / basis
    return max(0, min(UNITS_PER_DAY, round(share * UNITS_PER_DAY)))


def years_to_units(years: float) -> int:
    """Accrual units needed for ``years`` (rounded up: a requirement is never under-counted)."""
    return math.ceil(years * UNITS_PER_YEAR - 1e-6)


def units_to_years(units: int) -> float:
    return units / UNITS_PER_YEAR


@dataclass(frozen=True, slots=True)
class AccrualCurve:
    """Piecewise-linear accrual: segment ``i`` runs from ``days[i]`` to ``days[i+1] - 1``.

    ``cum[i]`` is the accrual *before* ``days[i]``; ``rates[i]`` the units per day in segment
    ``i``. The last segment never ends (ongoing jobs keep accruing at ``rates[-1]``). Days are
    proleptic ordinals (``date.toordinal()``).
    """

    days: tuple[int, ...]
    cum: tuple[int, ...]
    rates: tuple[int, ...]

    def at(self, day: int) -> int:
        """Units accrued from the first job through ``day`` inclusive."""
        i = bisect_right(self.days, day) - 1
        if i < 0:
            return 0
        return self.cum[i] + self.rates[i] * (day - self.days[i] + 1)

    def first_reaching(self, units: int, not_before: int | None = None) -> int | None:
        """The first day ``t`` with ``at(t) >= units`` (not before ``not_before``), or None."""
        if units <= 0:
            return not_before
        if not self.days:
            return None
        # cum[i] is accrual through days[i] - 1: the first i with cum[i] >= units means the
        # threshold was crossed inside segment i - 1.
        i = bisect_left(self.cum, units)
        if i < len(self.cum):
            seg = i - 1
        else:
            seg = len(self.days) - 1
            if self.rates[seg] == 0:
                return None
        need = units - self.cum[seg]
        day = self.days[seg] + (-(-need // self.rates[seg])) - 1
        return day if not_before is None else max(day, not_before)


EMPTY_CURVE = AccrualCurve((), (), ())


def build_curve(spans: Iterable[tuple[int, int | None, int]]) -> AccrualCurve:
    """Sweep ``(start, end or None, weight)`` spans (ordinals, inclusive) into a curve."""
    deltas: dict[int, int] = {}
    get = deltas.get
    for start, end, weight in spans:
        if weight <= 0:
            continue
        deltas[start] = get(start, 0) + weight
        if end is not None:
            deltas[end + 1] = get(end + 1, 0) - weight
    if not deltas:
        return EMPTY_CURVE
    events = sorted(deltas)
    active = accumulate(deltas[d] for d in events)
    full = UNITS_PER_DAY
    capped = [a if a < full else full for a in active]
    # Neighbouring segments with the same (capped) rate are one segment: a saturated decade of
    # overlapping jobs is then one breakpoint, which keeps windowed walks short.
    keep = [0, *(i for i in range(1, len(capped)) if capped[i] != capped[i - 1])]
    days = [events[i] for i in keep]
    rates = [capped[i] for i in keep]
    lengths = [b - a for a, b in pairwise(days)]
    cum = list(accumulate(map(int.__mul__, rates, lengths), initial=0))
    return AccrualCurve(tuple(days), tuple(cum), tuple(rates))
