"""The experience ledger indexed once per evaluation and shared by every certification.

Evaluating a dozen certifications over 10,000 entries must stay well under 50 ms, so the entry
fields are unpacked into flat lists once, the tags are indexed by certification and domain, and
accrual curves are cached by the set of entries they are built from.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from cso_planner.eligibility.inputs import ExperienceSpan
from cso_planner.eligibility.intervals import AccrualCurve, build_curve, weight_units
from cso_planner.eligibility.params import ExperienceParams


class Ledger:
    """Flat, indexed view of the experience entries."""

    def __init__(self, spans: Sequence[ExperienceSpan]) -> None:
        self.spans = spans
        self.starts = [s.start.toordinal() for s in spans]
        self.ends = [s.end.toordinal() if s.end is not None else None for s in spans]
        self.hours = [s.hours_per_week for s in spans]
        self.management = [s.management for s in spans]
        tags: defaultdict[str, defaultdict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
        for i, span in enumerate(spans):
            for code, names in span.domains.items():
                by_domain = tags[code]
                for name in names:
                    by_domain[name].append(i)
        self.tags: dict[str, dict[str, list[int]]] = {k: dict(v) for k, v in tags.items()}
        self._weights: dict[tuple[float, float], list[int]] = {}
        self._counts: dict[tuple[float | None, bool], list[bool]] = {}
        self._curves: dict[tuple[tuple[float, float], tuple[int, ...]], AccrualCurve] = {}

    def weights(self, hours: tuple[float, float]) -> list[int]:
        """Daily weight of every entry for ``(full-time hours, part-time basis)``."""
        if hours not in self._weights:
            full_time, basis = hours
            by_hours = {h: weight_units(h, full_time, basis) for h in set(self.hours)}
            self._weights[hours] = [by_hours[h] for h in self.hours]
        return self._weights[hours]

    def counts(self, min_hours: float | None, count_unpaid: bool) -> list[bool]:
        """Which entries an issuer's part-time and paid rules let count at all."""
        key = (min_hours, count_unpaid)
        if key not in self._counts:
            self._counts[key] = [
                (min_hours is None or s.hours_per_week >= min_hours) and (count_unpaid or s.paid)
                for s in self.spans
            ]
        return self._counts[key]

    def excluded_part_time(self, code: str, min_hours: float | None) -> int:
        """How many entries tagged for ``code`` are too short a week to count."""
        if min_hours is None:
            return 0
        tagged = {i for idx in self.tags.get(code, {}).values() for i in idx}
        return sum(1 for i in tagged if self.hours[i] < min_hours)

    def by_domain(self, code: str, params: ExperienceParams) -> dict[str, list[int]]:
        """Counting entries per (canonical) domain of ``code``'s pool."""
        ok = self.counts(params.min_hours_per_week, params.count_unpaid)
        pool = set(params.domain_pool)
        result: dict[str, list[int]] = {}
        for name, idx in self.tags.get(code, {}).items():
            canonical = params.canonical(name)
            if pool and canonical not in pool:
                continue
            kept = [i for i in idx if ok[i]]
            if kept:
                result.setdefault(canonical, []).extend(kept)
        return result

    def tagged_for(self, codes: Sequence[str], params: ExperienceParams) -> list[int]:
        """Counting entries tagged with any domain of any of ``codes`` (under ``params``'
        part-time and paid rules)."""
        ok = self.counts(params.min_hours_per_week, params.count_unpaid)
        found = {i for code in codes for idx in self.tags.get(code, {}).values() for i in idx}
        return sorted(i for i in found if ok[i])

    def curve(self, entries: Sequence[int], hours: tuple[float, float]) -> AccrualCurve:
        ordered = tuple(sorted(set(entries)))
        key = (hours, ordered)
        curve = self._curves.get(key)
        if curve is None:
            w = self.weights(hours)
            starts, ends = self.starts, self.ends
            curve = build_curve((starts[i], ends[i], w[i]) for i in ordered)
            self._curves[key] = curve
        return curve
