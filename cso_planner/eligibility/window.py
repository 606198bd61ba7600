"""Eligibility under an experience window (ISACA: only the 10 years before the application).

With a window of ``W`` days, the experience counted on day ``D`` is ``A(D) - A(D - W)`` for
each accrual curve ``A``: no longer monotone, so "the first day it holds" is not enough. Once
old jobs slide out of the window, a person eligible in 2011 may not be in 2026.

Every quantity a condition reads is piecewise linear in ``D`` with breakpoints at the curve's
breakpoints and those plus ``W`` (where a job leaves the window); domain coverage and waivers
are step functions with known steps. Between two consecutive change points each condition
``value(D) >= need`` therefore holds on one interval, found from the values at the two ends,
and the days on which every condition holds are the intersection. Walking the segments forward
gives the first eligible day; walking backward from an eligible day gives the day the current
stretch of eligibility started. Nothing walks days.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise

from cso_planner.eligibility.intervals import AccrualCurve, years_to_units
from cso_planner.eligibility.params import DomainMinimum, ExperienceParams
from cso_planner.eligibility.waivers import WaiverStep, step_on

Interval = tuple[int, int]  # inclusive days; the second may be FOREVER
FOREVER = 10**9  # beyond any proleptic ordinal the calendar allows (date.max is 3,652,059)


def coverage(
    starts: Sequence[int], ends: Sequence[int | None], entries: Iterable[int], window: int | None
) -> list[Interval]:
    """Days on which some of ``entries`` lies in the window (merged, sorted intervals).

    An entry worked ``[start, end]`` is in the window ``(D - W, D]`` of the days ``D`` in
    ``[start, end + W - 1]``; without a window, of every day from ``start`` on.
    """
    spans = []
    for i in entries:
        end = ends[i]
        spans.append((starts[i], FOREVER if end is None or window is None else end + window - 1))
    spans.sort()
    merged: list[Interval] = []
    for start, end in spans:
        if merged and start <= merged[-1][1] + 1:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def covered(intervals: Mapping[str, Sequence[Interval]], day: int) -> list[str]:
    """The domains whose coverage includes ``day``."""
    return [d for d, spans in intervals.items() if any(a <= day <= b for a, b in spans)]


@dataclass(frozen=True, slots=True)
class _Linear:
    """``curve`` counted over the window must reach ``units(need(step))``."""

    curve: AccrualCurve
    need: Callable[[WaiverStep], float]  # years; <= 0: met


def _minimum_need(minimum: DomainMinimum) -> Callable[[WaiverStep], float]:
    def need(step: WaiverStep) -> float:
        return minimum.years - step.by_minimum.get(minimum.id, 0.0)

    return need


class WindowedChecks:
    """The conditions of one rule version under its window, for the segment walk.

    Args:
        window: the window in days.
        params: the rule's parameters (per-domain rules are refused by the parser).
        steps: the waiver step function.
        total: accrual of every entry counting toward the years.
        management: accrual of the management entries.
        minimums: accrual per domain minimum id.
        breadth: coverage intervals per domain (breadth condition).
        mgmt_breadth: coverage intervals per domain of the management entries.
    """

    def __init__(
        self,
        window: int,
        params: ExperienceParams,
        steps: Sequence[WaiverStep],
        total: AccrualCurve,
        management: AccrualCurve,
        minimums: Mapping[str, AccrualCurve],
        breadth: Mapping[str, Sequence[Interval]],
        mgmt_breadth: Mapping[str, Sequence[Interval]],
    ) -> None:
        self.window = window
        self.p = params
        self.steps = steps
        self.breadth = breadth
        self.mgmt_breadth = mgmt_breadth
        p = params
        linear: list[tuple[_Linear, bool]] = []  # (condition, waived with the total)
        if p.management is not None:
            years = p.management.years
            linear.append((_Linear(management, lambda s: years), False))
        linear.append((_Linear(total, lambda s: p.required_years - s.years), True))
        for m in p.domain_minimums:
            linear.append((_Linear(minimums[m.id], _minimum_need(m)), True))
        self.linear = linear
        points: set[int] = {s.from_day for s in steps}
        for condition, _ in linear:
            for day in condition.curve.days:
                points.add(day)
                points.add(day + window)
        for spans in (*breadth.values(), *mgmt_breadth.values()):
            for start, end in spans:
                points.add(start)
                if end < FOREVER:
                    points.add(end + 1)
        self.points = sorted(points)

    def amount(self, curve: AccrualCurve, day: int) -> int:
        return curve.at(day) - curve.at(day - self.window)

    def _steps_hold(self, step: WaiverStep, day: int) -> bool:
        """The step conditions (coverage counts), constant within a segment."""
        p = self.p
        m = p.management
        if m is not None and len(covered(self.mgmt_breadth, day)) < m.domains_required:
            return False
        if p.required_years - step.years <= 0 or p.breadth is None:
            return True
        have = covered(self.breadth, day)
        if len(have) < p.breadth.count:
            return False
        one_of = p.breadth.must_include_one_of
        return not one_of or any(d in have for d in one_of)

    def holds(self, day: int) -> bool:
        step = step_on(self.steps, day)
        if not self._steps_hold(step, day):
            return False
        waived_all = self.p.required_years - step.years <= 0
        for condition, with_total in self.linear:
            if waived_all and with_total:
                continue
            need = condition.need(step)
            if need > 0 and self.amount(condition.curve, day) < years_to_units(need):
                return False
        return True

    def _segment(self, start: int, end: int) -> Interval | None:
        """The days of ``[start, end]`` (no change point inside) on which everything holds."""
        step = step_on(self.steps, start)
        if not self._steps_hold(step, start):
            return None
        waived_all = self.p.required_years - step.years <= 0
        lo, hi = start, end
        for condition, with_total in self.linear:
            if waived_all and with_total:
                continue
            need_years = condition.need(step)
            if need_years <= 0:
                continue
            need = years_to_units(need_years)
            first = self.amount(condition.curve, start)
            if end == start or end >= FOREVER:
                ok = first >= need
                if not ok:
                    return None
                continue
            last = self.amount(condition.curve, end)
            if first >= need and last >= need:
                continue
            if first < need and last < need:
                return None
            slope = (last - first) // (end - start)
            if first < need:  # rising through the need
                lo = max(lo, start + -(-(need - first) // slope))
            else:  # falling below it
                hi = min(hi, start + (first - need) // -slope)
            if lo > hi:
                return None
        return lo, hi

    def _segments(self, lo: int, hi: int) -> list[Interval]:
        cuts = [p for p in self.points if lo < p <= hi]
        bounds = [lo, *cuts, hi + 1]
        return [(a, b - 1) for a, b in pairwise(bounds)]

    def earliest(self, lo: int, hi: int | None) -> int | None:
        """The first day of ``[lo, hi]`` on which every condition holds (None: none).

        The last segment runs to ``FOREVER`` when ``hi`` is None: beyond the last change point
        every windowed amount is constant, so it is judged by its first day.
        """
        top = FOREVER if hi is None else hi
        for start, end in self._segments(lo, top):
            found = self._segment(start, end)
            if found is not None:
                return found[0]
        return None

    def since(self, day: int, lo: int) -> int:
        """The first day of the stretch ending on ``day`` (where everything holds) on which
        every condition held without a break, not before ``lo``."""
        begin = day
        for start, end in reversed(self._segments(lo, day)):
            found = self._segment(start, end)
            if found is None or found[1] < end:
                break
            begin = found[0]
            if found[0] > start:
                break
        return begin
