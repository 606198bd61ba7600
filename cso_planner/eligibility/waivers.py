"""Experience waivers: which apply from which day, and how they combine under the caps.

Waivers depend on time (a degree counts from its completion, a credential from the day it was
earned), so the waived years form a step function. Combination rule, shared by all issuers:
within one ``group`` only the largest waiver counts (a master's holder also has a bachelor's,
but ASIS does not add them), groups add up, and the total is capped by ``max_waiver_years``
(CISSP: 1, CISM: 2, CISA: 3...). For per-domain rules (CCISO) the same is done per domain, with
the per-domain cap.

A credential counts when it is in good standing on the evaluation day: its lifecycle
(:func:`cso_planner.eligibility.lifecycle.lifecycle_of`, the one function every view reads) is
active or in the issuer's grace period, not suspended or expired. The grace period counts:
the issuers let the missing credits and fees be submitted then, and suspend (ISC2 after 90
days, EC-Council after 60) or expire the credential only after it (see the catalog's ``lapse``
settings and their sources). Projecting beyond the evaluation day assumes it stays held.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from cso_planner.eligibility.inputs import Facts, HeldCert, degree_rank
from cso_planner.eligibility.lifecycle import lifecycle_of, maintenance_params
from cso_planner.eligibility.params import ExperienceParams, WaiverList, WaiverSpec
from cso_planner.eligibility.rules import RuleVersion

BEGINNING = dt.date.min.toordinal()


@dataclass(frozen=True, slots=True)
class WaiverStep:
    """Waivers in force from ``from_day`` (ordinal) until the next step."""

    from_day: int
    years: float
    labels: tuple[str, ...]
    by_domain: Mapping[str, float] = field(default_factory=dict)
    # Years waived of each domain minimum (by id) whose sub-requirement a waiver substitutes
    # (CCSK: the CCSP year "in one or more of the six domains").
    by_minimum: Mapping[str, float] = field(default_factory=dict)


def good_standing(
    certs: Iterable[HeldCert], on: dt.date, rules: Sequence[RuleVersion]
) -> dict[str, int]:
    """Held credentials in good standing on ``on`` (active or in grace, by their lifecycle
    under the maintenance rule in force): code -> first day held (ordinal)."""
    held: dict[str, int] = {}
    for cert in certs:
        life = lifecycle_of(cert, maintenance_params(rules, cert.code, on), on)
        if life is None or life.lapsed:
            continue
        day = cert.earned_on.toordinal() if cert.earned_on else BEGINNING
        held[cert.code] = min(day, held.get(cert.code, day))
    return held


def grant_day(
    spec: WaiverSpec,
    facts: Facts,
    held: Mapping[str, int],
    lists: Mapping[str, WaiverList],
) -> int | None:
    """First day (ordinal) on which ``spec`` applies, or ``None`` if it never does."""
    days: list[int] = []
    if spec.degree is not None:
        need = degree_rank(spec.degree.min_level)
        for degree in facts.degrees:
            if degree_rank(degree.level) < need:
                continue
            if spec.degree.it_related and not degree.it_related:
                continue
            days.append(degree.completed_on.toordinal() if degree.completed_on else BEGINNING)
    codes: Iterable[str] = spec.credentials
    if spec.waiver_list is not None:
        approved = lists.get(spec.waiver_list)
        codes = approved.credentials if approved else ()
    days.extend(held[code] for code in codes if code in held)
    return min(days) if days else None


def _combine(specs: Sequence[WaiverSpec], cap: float) -> tuple[float, tuple[str, ...]]:
    best: dict[str, WaiverSpec] = {}
    for spec in specs:
        if spec.group not in best or spec.years > best[spec.group].years:
            best[spec.group] = spec
    total = min(cap, sum(s.years for s in best.values()))
    return total, tuple(s.label for s in best.values())


def waiver_steps(
    params: ExperienceParams,
    facts: Facts,
    held: Mapping[str, int],
    lists: Mapping[str, WaiverList],
    domains: Sequence[str] = (),
) -> list[WaiverStep]:
    """The waiver step function; the first step starts at the beginning of time."""
    granted = [
        (day, spec)
        for spec in params.waivers
        if (day := grant_day(spec, facts, held, lists)) is not None
    ]
    points = sorted({BEGINNING, *(day for day, _ in granted)})
    per_domain_cap = params.max_waiver_years
    if params.per_domain is not None:
        per_domain_cap = min(per_domain_cap, params.per_domain.max_waiver_years_per_domain)
    steps = []
    for point in points:
        active = [spec for day, spec in granted if day <= point]
        general = [s for s in active if s.domains is None]
        years, labels = _combine(general, params.max_waiver_years)
        by_domain = {
            d: _combine([s for s in active if s.domains is None or d in s.domains], per_domain_cap)[
                0
            ]
            for d in domains
        }
        if params.per_domain is not None:
            labels = _combine(active, per_domain_cap)[1]
        by_minimum = {
            m.id: _combine([s for s in active if m.id in s.minimums], params.max_waiver_years)[0]
            for m in params.domain_minimums
        }
        steps.append(WaiverStep(point, years, labels, by_domain, by_minimum))
    return steps


def step_on(steps: Sequence[WaiverStep], day: int) -> WaiverStep:
    """The step in force on ``day`` (steps are sorted and start at the beginning of time)."""
    current = steps[0]
    for step in steps:
        if step.from_day > day:
            break
        current = step
    return current


def unverified_held(held: Mapping[str, int], lists: Mapping[str, WaiverList]) -> list[str]:
    """Held credentials that may be on an approved list but are not confirmed (not counted)."""
    found: list[str] = []
    for approved in lists.values():
        found.extend(code for code in sorted(approved.unverified) if code in held)
    return found
