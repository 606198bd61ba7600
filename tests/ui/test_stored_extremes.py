"""A file holding values at (or beyond) their bounds goes through every output and screen.

Each bounded column of a person's tables is set, with plain ``sqlite3``, to its lowest or its
highest allowed value (every date 1900-01-01, or every date 2200-12-31 with 10,000 study hours
at 0.1 a week...), or beyond it as a version 0.1 file may hold; the real window then opens the
file, and eligibility, renewals, the budget, the calendar, the CSV, the PDF and every screen run
without an exception (issue 11, item 6).
"""

from __future__ import annotations

import pathlib
import sqlite3
from collections.abc import Callable

import pytest

from cso_planner import limits
from cso_planner.db.bounds import BOUNDS, Bound
from cso_planner.db.opening import open_database
from cso_planner.exchange import import_document
from cso_planner.ui.main_window import MainWindow
from tests.helpers.exercise import run_outputs, show_every_screen

REALISTIC = pathlib.Path(__file__).parents[1] / "data" / "realistic_export.json"


def _value(pattern: str, bound: Bound) -> float | str:
    if pattern == "long study":  # the longest study before the earliest due date
        pattern = "low" if bound.column in ("due", "weekly_study_hours") else "high"
    if pattern == "low" and bound.column == "credits":
        return 0.01  # a CPE activity or claim: the schema itself asks for more than 0
    return bound.low if pattern == "low" else bound.high


def _prepare(db_path: pathlib.Path, pattern: str) -> None:
    database = open_database(db_path)
    import_document(database.session_factory, REALISTIC.read_bytes())
    database.dispose()
    connection = sqlite3.connect(db_path)
    with connection:
        if pattern == "beyond":
            connection.execute("UPDATE held_certification SET expires_on = '9999-12-31'")
            connection.execute("UPDATE plan_item SET due = '0001-01-01', hours = 1e308")
            connection.execute("UPDATE cpe_activity SET credits = 1e308")
            connection.execute("UPDATE profile SET weekly_study_hours = 5e-324")
        else:
            for table in {bound.table for bound in BOUNDS}:
                bounds = [b for b in BOUNDS if b.table == table]  # one statement: start with end
                assignments = ", ".join(f'"{b.column}" = ?' for b in bounds)
                values = [_value(pattern, b) for b in bounds]
                connection.execute(f'UPDATE "{table}" SET {assignments}', values)
    connection.close()


@pytest.mark.parametrize("pattern", ["low", "high", "long study", "beyond"])
def test_a_file_at_its_bounds_runs_everywhere(
    make_window: Callable[..., MainWindow],
    db_path: pathlib.Path,
    tmp_path: pathlib.Path,
    pattern: str,
) -> None:
    _prepare(db_path, pattern)
    window = make_window()
    database = window.store.database
    assert bool(database.values_bounded) == (pattern == "beyond")
    if pattern == "beyond":
        message = window.statusBar().currentMessage()
        assert "set to the nearest allowed value" in message
        assert f"{limits.YEAR_MIN}–{limits.YEAR_MAX}" in message
    run_outputs(database, tmp_path)
    show_every_screen(window)
