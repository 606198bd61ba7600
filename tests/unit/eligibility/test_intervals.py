"""The interval sweep equals a naive walk over days (property test) and handles edge cases."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cso_planner.eligibility.intervals import (
    UNITS_PER_DAY,
    build_curve,
    weight_units,
    years_to_units,
)

Span = tuple[int, int | None, int]

WEIGHTS = [weight_units(h, 40) for h in (10, 20, 30, 37.5, 40, 60)]


@st.composite
def spans(draw: st.DrawFn) -> list[Span]:
    out: list[Span] = []
    for _ in range(draw(st.integers(0, 6))):
        start = draw(st.integers(1, 60))
        length = draw(st.one_of(st.none(), st.integers(0, 40)))
        out.append(
            (start, None if length is None else start + length, draw(st.sampled_from(WEIGHTS)))
        )
    return out


def naive(spans_: list[Span], horizon: int) -> list[int]:
    """Accrual through each day 0..horizon by walking every day."""
    total, result = 0, []
    for day in range(horizon + 1):
        active = sum(w for s, e, w in spans_ if s <= day and (e is None or day <= e))
        total += min(UNITS_PER_DAY, active)
        result.append(total)
    return result


@settings(max_examples=300, deadline=None)
@given(spans(), st.integers(1, 120 * UNITS_PER_DAY))
def test_union_equals_day_walk(spans_: list[Span], threshold: int) -> None:
    horizon = 200
    curve = build_curve(spans_)
    walk = naive(spans_, horizon)
    assert [curve.at(day) for day in range(horizon + 1)] == walk
    expected = next((day for day, value in enumerate(walk) if value >= threshold), None)
    found = curve.first_reaching(threshold)
    if expected is not None:
        assert found == expected
    elif any(e is None for _, e, _ in spans_):
        # Ongoing work keeps accruing beyond the horizon.
        assert found is None or found > horizon
    else:
        assert found is None


def test_empty_and_zero_threshold() -> None:
    curve = build_curve([])
    assert curve.at(100) == 0
    assert curve.first_reaching(1) is None
    assert curve.first_reaching(0, not_before=5) == 5


def test_overlap_counts_once_and_part_time_adds_up() -> None:
    full, half = weight_units(40, 40), weight_units(20, 40)
    # Two full-time jobs on the same 10 days: 10 days, not 20.
    assert build_curve([(1, 10, full), (1, 10, full)]).at(10) == 10 * UNITS_PER_DAY
    # Two half-time jobs side by side make one full day each day.
    assert build_curve([(1, 10, half), (1, 10, half)]).at(10) == 10 * UNITS_PER_DAY
    # 45 h/wk is capped at full time.
    assert weight_units(45, 40) == UNITS_PER_DAY


def test_year_is_365_25_days() -> None:
    # 1 year = 365.25 days: 365 full days fall short, 366 reach it.
    curve = build_curve([(1, None, UNITS_PER_DAY)])
    assert curve.at(365) < years_to_units(1) <= curve.at(366)
    assert curve.first_reaching(years_to_units(1)) == 366
