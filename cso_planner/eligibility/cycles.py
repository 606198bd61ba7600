"""Certification maintenance cycles per issuer.

* ``anniversary`` (ISC2, EC-Council, CompTIA, GIAC, IAPP): cycles of N years from the
  certification date; a cycle ends the day before the next anniversary.
* ``calendar_after_award`` (ISACA): fixed periods of N calendar years starting 1 January after
  certification; the certification year itself is before the first period.
* ``asis``: certified on/after ``rolling_since`` -> N years from the certification date, ending
  on the last day of that month (1 May 2021 - 31 May 2024), the next cycle starting the day
  after; earlier (legacy) certificants -> the first cycle ends 31 December of the N-th full
  calendar year after passing, then N calendar years.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cso_planner.eligibility.dates import add_years, end_of_month
from cso_planner.eligibility.params import MaintenanceParams


@dataclass(frozen=True, slots=True)
class Cycle:
    start: dt.date
    end: dt.date
    basis: str


def cycle_on(params: MaintenanceParams, earned: dt.date, on: dt.date) -> Cycle:
    """The cycle containing ``on`` (the first cycle when ``on`` is before it)."""
    years = params.cycle_years
    if params.cycle_kind == "calendar_after_award":
        first = earned.year + 1
        k = max(0, (on.year - first) // years)
        start_year = first + k * years
        return Cycle(
            dt.date(start_year, 1, 1),
            dt.date(start_year + years - 1, 12, 31),
            "ISACA: fixed periods from 1 January after certification",
        )
    if params.cycle_kind == "asis":
        rolling = params.rolling_since is None or earned >= params.rolling_since
        if rolling:
            start, end = earned, end_of_month(add_years(earned, years))
            basis = "ASIS: 3 years from certification, ending at the end of the month"
        else:
            start, end = earned, dt.date(earned.year + years, 12, 31)
            basis = "ASIS legacy: cycles end 31 December"
        while end < on:
            start = end + dt.timedelta(days=1)
            end = add_years(start, years) - dt.timedelta(days=1)
        return Cycle(start, end, basis)
    k = 0 if on < earned else (on.year - earned.year) // years
    start = add_years(earned, k * years)
    while start > on and k > 0:
        k -= 1
        start = add_years(earned, k * years)
    end = add_years(earned, (k + 1) * years) - dt.timedelta(days=1)
    while end < on:
        k += 1
        start = add_years(earned, k * years)
        end = add_years(earned, (k + 1) * years) - dt.timedelta(days=1)
    return Cycle(start, end, f"{years} years from the certification date")


def cycle_from_expiry(params: MaintenanceParams, earned: dt.date, expires_on: dt.date) -> Cycle:
    """The cycle ending on the expiry date the user entered (the issuer's record wins)."""
    start = add_years(expires_on + dt.timedelta(days=1), -params.cycle_years)
    return Cycle(max(earned, start), expires_on, "the expiry date you entered")
