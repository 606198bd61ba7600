"""Every bound on what a person can store, in one place: dates, numbers and text lengths.

The import validator, the services' validation and the widgets all read these, so a file can
never hold what a form refuses (and the other way round). The bounds are wide enough for any
real plan and narrow enough that every later calculation stays finite: a date plus a few
renewal cycles stays a valid ``datetime.date``, and the sum of 100,000 bounded amounts, hours
or credits is an ordinary float (``renewals --json`` and the PDF never meet ``inf``).

Qt-free: the widgets import the constants, the services and the importer the checks.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Final

# --- dates ------------------------------------------------------------------------------------

DATE_MIN: Final = dt.date(1900, 1, 1)
DATE_MAX: Final = dt.date(2200, 12, 31)
"""The span of every stored date (years 1900 to 2200): a renewal cycle or a dozen added to the
last one is still far from ``datetime.date.max``."""

YEAR_MIN: Final = DATE_MIN.year
YEAR_MAX: Final = DATE_MAX.year

# --- numbers ----------------------------------------------------------------------------------

MAX_AMOUNT: Final = 10_000_000.0
"""The largest money amount (a fee, a course or plan item cost), in any currency."""

MAX_HOURS: Final = 10_000.0
"""The largest number of study hours of one course or plan item."""

MAX_CREDITS: Final = 10_000.0
"""The largest number of CPE credits of one activity or course."""

WEEKLY_STUDY_HOURS_MIN: Final = 0.1
WEEKLY_STUDY_HOURS_MAX: Final = 100.0
"""Weekly study hours are 0 (no study planned) or from the minimum to the maximum: a tiny
positive budget (5e-324) would make a plan's weeks infinite."""

JOB_HOURS_PER_WEEK_MIN: Final = 1.0
JOB_HOURS_PER_WEEK_MAX: Final = 168.0

PROGRESS_MAX: Final = 100.0

# --- text -------------------------------------------------------------------------------------

MAX_NAME: Final = 200
"""Names, titles, roles, providers, employers, categories, credential IDs."""

MAX_NOTES: Final = 10_000
MAX_URL: Final = 2_000
MAX_CODE: Final = 32
"""A currency code or a track name."""


# --- checks -----------------------------------------------------------------------------------
# Each returns why the value is refused (a phrase without a full stop, to follow a field name
# or be made a sentence), or None when it is within bounds.


def date_problem(day: dt.date | None) -> str | None:
    """Why ``day`` is outside :data:`DATE_MIN`..:data:`DATE_MAX` (None: inside, or no date)."""
    if day is None or DATE_MIN <= day <= DATE_MAX:
        return None
    return f"{day.isoformat()} is outside {DATE_MIN.isoformat()} to {DATE_MAX.isoformat()}"


def date_message(day: dt.date | None) -> str | None:
    """:func:`date_problem` as a form's sentence."""
    if date_problem(day) is None:
        return None
    return f"Choose a date from {YEAR_MIN} to {YEAR_MAX}."


def number_problem(
    value: float | None,
    maximum: float,
    *,
    minimum: float = 0.0,
    above_minimum: bool = False,
    zero_allowed: bool = False,
) -> str | None:
    """Why ``value`` is not a finite number in ``[minimum, maximum]`` (None: it is, or null).

    ``above_minimum`` makes the minimum exclusive; ``zero_allowed`` admits 0 below a positive
    minimum (weekly study hours: none, or at least 0.1).
    """
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        return "not a number"
    if isinstance(value, int) and abs(value) >= 10**15:  # too long to show, or to convert
        return f"must be at most {_show(maximum)}" + ("" if value > 0 else " and not negative")
    if not math.isfinite(value):
        return "not a finite number"
    if zero_allowed and value == 0:
        return None
    if value < minimum or (above_minimum and value == minimum):
        if minimum == 0 and not above_minimum:
            return f"must not be negative (got {_show(value)})"
        word = "more than" if above_minimum else "at least"
        if zero_allowed:
            return f"must be 0 or {word} {_show(minimum)} (got {_show(value)})"
        return f"must be {word} {_show(minimum)} (got {_show(value)})"
    if value > maximum:
        return f"must be at most {_show(maximum)} (got {_show(value)})"
    return None


def text_problem(value: str | None, maximum: int) -> str | None:
    """Why ``value`` is longer than ``maximum`` characters (None: it is not, or null)."""
    if value is None or len(value) <= maximum:
        return None
    return f"is {len(value):,} characters long; at most {maximum:,} are allowed"


def _show(value: float) -> str:
    if value == int(value) and abs(value) < 1e15:
        return f"{int(value):,}"
    return repr(float(value))  # exact: 5e-324, 1e+308
