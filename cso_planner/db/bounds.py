"""Bring stored values that are out of bounds back inside them (issue 11, item 6).

Every form, service and the importer refuse a date outside 1900–2200 or a number outside its
bound (:mod:`cso_planner.limits`), because later calculations overflow past them: an expiry of
9999-12-31 plus a renewal cycle is past ``datetime.date.max``, 1e308 credits sum to infinity.
A file can still hold such values: version 0.1's date editor allowed 9999-12-31, and a person
may have edited the file with another tool. Such a row would make renewals, the ICS, the PDF
and the Certifications screen fail on every start, with no way to fix it in the app.

:func:`bound_stored_values` moves each such value to the nearest bound, in one statement per
table that changes nothing (and writes nothing) when every value is inside. It runs when a file
is opened for writing, after the migrations (and so after the pre-migration backup that keeps
the values as they were), and :func:`out_of_bounds` lets ``check`` list them.

The columns and their bounds are :data:`BOUNDS`; a test checks that every date and number column
of a person's tables is in it, so a new column cannot be left unbounded.
"""

from __future__ import annotations

import dataclasses
import sqlite3
from typing import Final

from cso_planner import limits


@dataclasses.dataclass(frozen=True)
class Bound:
    """The values one column may hold: ``low``..``high``, or exactly 0 when ``zero_allowed``."""

    table: str
    column: str
    low: float | str
    high: float | str
    zero_allowed: bool = False


_DAY_LOW: Final = limits.DATE_MIN.isoformat()
_DAY_HIGH: Final = limits.DATE_MAX.isoformat()


def _days(table: str, *columns: str) -> list[Bound]:
    return [Bound(table, column, _DAY_LOW, _DAY_HIGH) for column in columns]


BOUNDS: Final[tuple[Bound, ...]] = (
    *_days("profile", "target_date"),
    Bound("profile", "career_start_year", limits.YEAR_MIN, limits.YEAR_MAX),
    Bound(
        "profile",
        "weekly_study_hours",
        limits.WEEKLY_STUDY_HOURS_MIN,
        limits.WEEKLY_STUDY_HOURS_MAX,
        zero_allowed=True,
    ),
    *_days("education", "completed_on"),
    *_days("experience_entry", "start", "end"),
    Bound(
        "experience_entry",
        "hours_per_week",
        limits.JOB_HOURS_PER_WEEK_MIN,
        limits.JOB_HOURS_PER_WEEK_MAX,
    ),
    *_days(
        "held_certification", "target_date", "exam_date", "earned_on", "expires_on", "endorsed_on"
    ),
    *_days("cpe_activity", "date"),
    Bound("cpe_activity", "credits", 0.0, limits.MAX_CREDITS),
    Bound("cpe_allocation", "credits", 0.0, limits.MAX_CREDITS),
    *_days("cpe_allocation", "submitted_on"),
    *_days("stage", "start", "end"),
    *_days("plan_item", "due"),
    Bound("plan_item", "cost", 0.0, limits.MAX_AMOUNT),
    Bound("plan_item", "hours", 0.0, limits.MAX_HOURS),
    Bound("course", "hours", 0.0, limits.MAX_HOURS),
    Bound("course", "progress", 0.0, limits.PROGRESS_MAX),
    *_days("course", "completed_on"),
    Bound("course", "cost", 0.0, limits.MAX_AMOUNT),
    Bound("course", "cpe_credits", 0.0, limits.MAX_CREDITS),
    Bound("fee_record", "amount", 0.0, limits.MAX_AMOUNT),
    *_days("fee_record", "confirmed_on"),
    *_days("attachment", "added_on"),
)


def _tables() -> dict[str, list[Bound]]:
    tables: dict[str, list[Bound]] = {}
    for bound in BOUNDS:
        tables.setdefault(bound.table, []).append(bound)
    return tables


def _outside(bound: Bound) -> str:
    """SQL true when the column's value is outside the bound (NULL is never outside).

    SQLite orders every number before every text, so a number in a date column counts as below
    the first day and a text in a number column as above the largest number: both are moved.
    """
    column = f'"{bound.column}"'
    below = f"{column} < :{bound.column}_low"
    if bound.zero_allowed:
        below = f"({column} < 0 OR ({column} > 0 AND {below}))"
    return f"({below} OR {column} > :{bound.column}_high)"


def _nearest(bound: Bound) -> str:
    """SQL for the column's value moved to the nearest bound (unchanged when inside)."""
    column, low, high = f'"{bound.column}"', f":{bound.column}_low", f":{bound.column}_high"
    if bound.zero_allowed:
        below = f"WHEN {column} < 0 THEN 0 WHEN {column} > 0 AND {column} < {low} THEN {low}"
    else:
        below = f"WHEN {column} < {low} THEN {low}"
    return f"CASE {below} WHEN {column} > {high} THEN {high} ELSE {column} END"


def _parameters(bounds: list[Bound]) -> dict[str, float | str]:
    parameters: dict[str, float | str] = {}
    for bound in bounds:
        parameters[f"{bound.column}_low"] = bound.low
        parameters[f"{bound.column}_high"] = bound.high
    return parameters


def bound_stored_values(connection: sqlite3.Connection) -> dict[str, int]:
    """Move every stored value outside its bound to the nearest bound; rows changed per table.

    Runs inside the caller's transaction (the caller commits). A weekly study budget below the
    minimum but above 0 becomes the minimum (a plan that means to study), below 0 becomes 0.
    """
    changed: dict[str, int] = {}
    for table, bounds in _tables().items():
        assignments = ", ".join(f'"{bound.column}" = {_nearest(bound)}' for bound in bounds)
        where = " OR ".join(_outside(bound) for bound in bounds)
        cursor = connection.execute(
            f'UPDATE "{table}" SET {assignments} WHERE {where}', _parameters(bounds)
        )
        if cursor.rowcount:
            changed[table] = cursor.rowcount
    return changed


def any_out_of_bounds(connection: sqlite3.Connection) -> bool:
    """True when some stored value is outside its bound (one scan per table, stopping early)."""
    for table, bounds in _tables().items():
        where = " OR ".join(_outside(bound) for bound in bounds)
        sql = f'SELECT 1 FROM "{table}" WHERE {where} LIMIT 1'
        if connection.execute(sql, _parameters(bounds)).fetchone() is not None:
            return True
    return False


OUT_OF_BOUNDS_SHOWN: Final = 20


def out_of_bounds(connection: sqlite3.Connection) -> list[str]:
    """The first :data:`OUT_OF_BOUNDS_SHOWN` stored values outside their bounds, for ``check``:
    ``table.column = value (row id)``, the value as Python writes it (escaped, shortened)."""
    found: list[str] = []
    for bound in BOUNDS:
        rows = connection.execute(
            f'SELECT rowid, "{bound.column}" FROM "{bound.table}" WHERE {_outside(bound)} '
            f"ORDER BY rowid LIMIT {OUT_OF_BOUNDS_SHOWN - len(found)}",
            _parameters([bound]),
        ).fetchall()
        for rowid, value in rows:
            shown = repr(value) if len(repr(value)) <= 40 else repr(value)[:39] + "…"
            found.append(f"{bound.table}.{bound.column} = {shown} (row {rowid})")
        if len(found) >= OUT_OF_BOUNDS_SHOWN:
            break
    return found


def bounded_values_notice(changed: dict[str, int]) -> str:
    """What the person is told once after :func:`bound_stored_values` changed rows."""
    rows = sum(changed.values())
    return (
        f"{rows:,} {'entry' if rows == 1 else 'entries'} held a date outside "
        f"{limits.YEAR_MIN}–{limits.YEAR_MAX} or a number beyond what a form accepts (such as "
        "an expiry of 9999-12-31); each was set to the nearest allowed value. The file as it "
        "was is kept in the backups (pre-migrate-bounds)."
    )
