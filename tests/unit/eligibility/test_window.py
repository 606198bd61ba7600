"""The experience window (ISACA) against a brute-force count, day by day, on random ledgers.

The engine walks piecewise-linear segments; this test counts every day instead: the accrual of
each day, its running total, the window's share (``total(D) - total(D - W)``), the domains with
experience in the window, and the rule's conditions on each day (CISM: management years and
domains, a credential waiver; CGEIT: breadth with a required domain, a domain minimum, a
degree waiver). Both must give the
same answer: eligible today or not, the first day of the current stretch of eligibility, or the
first day ahead.
"""

from __future__ import annotations

import datetime as dt
from itertools import accumulate

from hypothesis import given, settings
from hypothesis import strategies as st

from cso_planner.catalog import load_bundled_catalog
from cso_planner.eligibility import Degree, ExperienceSpan, Facts, HeldCert, rules_from_catalog
from cso_planner.eligibility.experience import evaluate_certification
from cso_planner.eligibility.intervals import UNITS_PER_DAY, years_to_units

RULES = rules_from_catalog(load_bundled_catalog())
CISM = next(r for r in RULES if r.key == "CISM/experience/current")
POOL = list(CISM.params["domain_pool"])
WINDOW = 3653  # ceil(10 x 365.25) days, the day of the answer included
ORIGIN = dt.date(2000, 1, 1).toordinal()
SPAN = 30 * 365  # jobs start and end within 2000-2030
HORIZON = SPAN + 2 * WINDOW  # nothing changes after the last end plus one window


@st.composite
def jobs(draw: st.DrawFn) -> ExperienceSpan:
    start = draw(st.integers(0, SPAN - 30))
    length = draw(st.integers(30, 8 * 365))
    ongoing = draw(st.booleans()) and draw(st.booleans())
    domains = draw(st.sets(st.sampled_from(POOL), min_size=1, max_size=4))
    return ExperienceSpan(
        start=dt.date.fromordinal(ORIGIN + start),
        end=None if ongoing else dt.date.fromordinal(ORIGIN + min(SPAN, start + length)),
        hours_per_week=draw(st.sampled_from([10, 20, 30, 40])),
        management=draw(st.booleans()),
        domains={"CISM": frozenset(domains)},
    )


def brute_force(facts: Facts, on: int) -> tuple[bool, int | None]:
    """(eligible on ``on``, the answer's day) by counting every day from ORIGIN."""
    days = HORIZON + 1
    rate = [0] * days
    mgmt = [0] * days
    covered = {d: [0] * days for d in POOL}  # management entries of the domain active that day
    for span in facts.experience:
        a = span.start.toordinal() - ORIGIN
        b = days - 1 if span.end is None else span.end.toordinal() - ORIGIN
        weight = round(min(span.hours_per_week, 40) / 40 * UNITS_PER_DAY)
        for d in range(a, b + 1):
            rate[d] += weight
            if span.management:
                mgmt[d] += weight
                for name in span.domains["CISM"]:
                    covered[name][d] = 1
    total = list(accumulate(min(r, UNITS_PER_DAY) for r in rate))
    mtotal = list(accumulate(min(r, UNITS_PER_DAY) for r in mgmt))
    seen = {name: list(accumulate(flags)) for name, flags in covered.items()}

    def window(series: list[int], d: int) -> int:
        return series[d] - (series[d - WINDOW] if d >= WINDOW else 0)

    waiver_from = min(
        (c.earned_on.toordinal() - ORIGIN for c in facts.certifications if c.earned_on),
        default=None,
    )

    def holds(d: int) -> bool:
        waived = 2 if waiver_from is not None and waiver_from <= d else 0
        domains = sum(1 for name in POOL if window(seen[name], d) > 0)
        return (
            window(total, d) >= years_to_units(5 - waived)
            and window(mtotal, d) >= years_to_units(3)
            and domains >= 3
        )

    today = on - ORIGIN
    if holds(today):
        d = today
        while d > 0 and holds(d - 1):
            d -= 1
        return True, d + ORIGIN
    for d in range(today + 1, days):
        if holds(d):
            return False, d + ORIGIN
    return False, None


@settings(max_examples=60, deadline=None)
@given(
    st.lists(jobs(), min_size=1, max_size=4),
    st.integers(0, SPAN),
    st.one_of(st.none(), st.integers(0, SPAN)),
)
def test_window_walk_matches_counting_every_day(
    spans: list[ExperienceSpan], on: int, cisa: int | None
) -> None:
    day = dt.date.fromordinal(ORIGIN + on)
    held: tuple[HeldCert, ...] = ()
    if cisa is not None:
        # Held and renewed (an expiry recorded after the evaluation day): in good standing,
        # so it waives from the day it was earned, as the brute force counts it.
        earned = dt.date.fromordinal(ORIGIN + cisa)
        renewed = max(earned, day) + dt.timedelta(days=365)
        held = (HeldCert("CISA", earned_on=earned, expires_on=renewed),)
    facts = Facts(tuple(spans), certifications=held)
    answer = evaluate_certification("CISM", facts, RULES, day)
    assert answer is not None
    eligible, expected = brute_force(facts, ORIGIN + on)
    assert answer.eligible is eligible
    got = None if answer.eligible_on is None else answer.eligible_on.toordinal()
    assert got == expected


CGEIT = next(r for r in RULES if r.key == "CGEIT/experience/current")
CGEIT_POOL = list(CGEIT.params["domain_pool"])
DOMAIN_1 = "Governance of Enterprise IT"


@st.composite
def governance_jobs(draw: st.DrawFn) -> ExperienceSpan:
    start = draw(st.integers(0, SPAN - 30))
    length = draw(st.integers(30, 8 * 365))
    ongoing = draw(st.booleans()) and draw(st.booleans())
    domains = draw(st.sets(st.sampled_from(CGEIT_POOL), min_size=1, max_size=4))
    return ExperienceSpan(
        start=dt.date.fromordinal(ORIGIN + start),
        end=None if ongoing else dt.date.fromordinal(ORIGIN + min(SPAN, start + length)),
        hours_per_week=draw(st.sampled_from([20, 40])),
        domains={"CGEIT": frozenset(domains)},
    )


def brute_force_cgeit(facts: Facts, on: int) -> tuple[bool, int | None]:
    """CGEIT: 5 years, 1 of them in Domain 1, 3 domains including Domain 1; a master's waives
    2 years from its completion (breadth and the Domain 1 year are not waived)."""
    days = HORIZON + 1
    rate, rate_1 = [0] * days, [0] * days
    active = {d: [0] * days for d in CGEIT_POOL}
    for span in facts.experience:
        a = span.start.toordinal() - ORIGIN
        b = days - 1 if span.end is None else span.end.toordinal() - ORIGIN
        weight = round(min(span.hours_per_week, 40) / 40 * UNITS_PER_DAY)
        for d in range(a, b + 1):
            rate[d] += weight
            if DOMAIN_1 in span.domains["CGEIT"]:
                rate_1[d] += weight
            for name in span.domains["CGEIT"]:
                active[name][d] = 1
    total = list(accumulate(min(r, UNITS_PER_DAY) for r in rate))
    total_1 = list(accumulate(min(r, UNITS_PER_DAY) for r in rate_1))
    seen = {name: list(accumulate(flags)) for name, flags in active.items()}

    def window(series: list[int], d: int) -> int:
        return series[d] - (series[d - WINDOW] if d >= WINDOW else 0)

    waiver_from = min(
        (g.completed_on.toordinal() - ORIGIN for g in facts.degrees if g.completed_on),
        default=None,
    )

    def holds(d: int) -> bool:
        waived = 2 if waiver_from is not None and waiver_from <= d else 0
        covered = {name for name in CGEIT_POOL if window(seen[name], d) > 0}
        return (
            window(total, d) >= years_to_units(5 - waived)
            and window(total_1, d) >= years_to_units(1)
            and len(covered) >= 3
            and DOMAIN_1 in covered
        )

    today = on - ORIGIN
    if holds(today):
        d = today
        while d > 0 and holds(d - 1):
            d -= 1
        return True, d + ORIGIN
    for d in range(today + 1, days):
        if holds(d):
            return False, d + ORIGIN
    return False, None


@settings(max_examples=40, deadline=None)
@given(
    st.lists(governance_jobs(), min_size=1, max_size=4),
    st.integers(0, SPAN),
    st.one_of(st.none(), st.integers(0, SPAN)),
)
def test_window_walk_matches_counting_every_day_with_breadth_and_minimums(
    spans: list[ExperienceSpan], on: int, master: int | None
) -> None:
    degrees = (
        ()
        if master is None
        else (Degree("master", "IT governance", False, dt.date.fromordinal(ORIGIN + master)),)
    )
    facts = Facts(tuple(spans), degrees=degrees)
    answer = evaluate_certification("CGEIT", facts, RULES, dt.date.fromordinal(ORIGIN + on))
    assert answer is not None
    eligible, expected = brute_force_cgeit(facts, ORIGIN + on)
    assert answer.eligible is eligible
    got = None if answer.eligible_on is None else answer.eligible_on.toordinal()
    assert got == expected
