"""Pace: planned study hours of a stage against the weekly budget between its dates."""

from __future__ import annotations

import datetime as dt

from cso_planner.services.pace import stage_pace, weeks_between

START = dt.date(2026, 1, 1)


def test_weeks_between_is_inclusive() -> None:
    assert weeks_between(START, START + dt.timedelta(days=6)) == 1


def test_fits() -> None:
    pace = stage_pace(START, START + dt.timedelta(days=69), [("planned", 50.0)], 6)
    assert pace.fits is True
    assert pace.available_hours == 60
    assert pace.summary() == "50 h of 60 h available"


def test_too_much_says_weeks_needed() -> None:
    items = [("planned", 100.0), ("done", 20.0), ("skipped", 500.0), ("planned", None)]
    pace = stage_pace(START, START + dt.timedelta(days=69), items, 6)
    assert pace.planned_hours == 120
    assert pace.fits is False
    assert pace.weeks_needed == 20
    assert "needs 20 weeks at 6 h/week" in pace.summary()
    assert "has 10" in pace.summary()


def test_no_dates_or_no_budget() -> None:
    assert stage_pace(None, None, [("planned", 10.0)], 6).fits is None
    assert "add start and end dates" in stage_pace(None, None, [("planned", 10.0)], 6).summary()
    zero = stage_pace(START, START + dt.timedelta(days=6), [("planned", 10.0)], 0)
    assert zero.fits is False and zero.weeks_needed is None
    assert "Preferences" in zero.summary()
    assert stage_pace(START, START, [], 6).summary() == "No study hours planned"
