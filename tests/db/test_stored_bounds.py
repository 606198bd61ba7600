"""Stored values outside their bounds are moved inside at open, after a backup (issue 11, item 6).

Version 0.1's date editor stored an expiry of 9999-12-31, and another tool can store anything;
such a value made renewals, the calendar and the PDF fail on every start. The values here are
written with plain ``sqlite3`` into a file the real migrations built, as such a file would hold
them; then the file is opened the way the app and the CLI open it.
"""

from __future__ import annotations

import json
import pathlib
import sqlite3

import pytest
from sqlalchemy import Date, Float

from cso_planner import limits
from cso_planner.db.backup import list_backups
from cso_planner.db.bounds import BOUNDS, Bound, bound_stored_values
from cso_planner.db.maintenance import check_database
from cso_planner.db.opening import open_database
from cso_planner.exchange import import_document
from cso_planner.exchange.importer import USER_TABLES
from tests.helpers.processes import run_cli

REALISTIC = pathlib.Path(__file__).parents[1] / "data" / "realistic_export.json"

# What a v0.1 file or a hand edit can hold, and where each lands.
OUTSIDE = [
    ("held_certification", "expires_on", "'9999-12-31'", "2200-12-31"),
    ("held_certification", "earned_on", "'0001-01-01'", "1900-01-01"),
    ("plan_item", "due", "'0001-01-01'", "1900-01-01"),
    ("plan_item", "hours", "1e308", limits.MAX_HOURS),
    ("plan_item", "cost", "9007199254740993", limits.MAX_AMOUNT),
    ("cpe_activity", "credits", "1e308", limits.MAX_CREDITS),
    ("cpe_activity", "date", "'9999-12-31'", "2200-12-31"),
    ("course", "hours", "1e308", limits.MAX_HOURS),
    ("course", "cpe_credits", "'lots'", limits.MAX_CREDITS),  # text in a number column
    ("profile", "weekly_study_hours", "5e-324", limits.WEEKLY_STUDY_HOURS_MIN),
    ("profile", "career_start_year", "12", limits.YEAR_MIN),
    ("experience_entry", "hours_per_week", "0.01", limits.JOB_HOURS_PER_WEEK_MIN),
]


def _file(tmp_path: pathlib.Path) -> pathlib.Path:
    path = tmp_path / "planner.sqlite3"
    database = open_database(path)
    import_document(database.session_factory, REALISTIC.read_bytes())
    database.dispose()
    return path


def _store_outside(path: pathlib.Path) -> None:
    connection = sqlite3.connect(path)
    with connection:
        for table, column, value, _ in OUTSIDE:
            changed = connection.execute(f'UPDATE "{table}" SET "{column}" = {value}').rowcount
            assert changed, f"no {table} rows in the realistic document"
    connection.close()


def _values(path: pathlib.Path, table: str, column: str) -> set[object]:
    connection = sqlite3.connect(path)
    try:
        return {row[0] for row in connection.execute(f'SELECT "{column}" FROM "{table}"')}
    finally:
        connection.close()


def test_every_date_and_number_a_person_stores_has_a_bound() -> None:
    bounded = {(bound.table, bound.column) for bound in BOUNDS}
    unbounded = [
        f"{model.__tablename__}.{column.name}"
        for model in USER_TABLES
        for column in model.__table__.columns
        if isinstance(column.type, Date | Float)
        and (model.__tablename__, column.name) not in bounded
    ]
    assert unbounded == []
    assert ("profile", "career_start_year") in bounded


def test_values_outside_their_bounds_are_set_to_the_nearest_bound_after_a_backup(
    tmp_path: pathlib.Path,
) -> None:
    path = _file(tmp_path)
    _store_outside(path)
    listed = check_database(path).lines
    assert "stored values outside their bounds" in listed[-1]
    assert "(the first: profile.career_start_year = 12 (row 1))" in listed[-1]

    database = open_database(path)
    try:
        assert database.values_bounded  # the GUI says so once
        assert sum(database.values_bounded.values()) >= len({t for t, *_ in OUTSIDE})
    finally:
        database.dispose()
    for table, column, _, landed in OUTSIDE:
        assert _values(path, table, column) == {landed}, f"{table}.{column}"
    assert check_database(path).lines == [f"{path}: integrity ok", f"{path}: references ok"]

    # The file as it was is kept, in a backup listed (and restorable) like a migration's.
    [backup] = [b for b in list_backups(path) if "bounds" in b.path.name]
    assert _values(backup.path, "held_certification", "expires_on") == {"9999-12-31"}
    assert _values(backup.path, "cpe_activity", "credits") == {1e308}


def test_an_open_that_finds_every_value_inside_writes_nothing(tmp_path: pathlib.Path) -> None:
    path = _file(tmp_path)
    before = path.read_bytes()
    database = open_database(path)
    try:
        assert database.values_bounded == {}
    finally:
        database.dispose()
    assert path.read_bytes() == before
    assert not [b for b in list_backups(path) if "bounds" in b.path.name]


def _at(edge: str, bound: Bound) -> float | str:
    if edge == "low" and bound.column == "credits":
        return 0.01  # a CPE activity or claim: the schema itself asks for more than 0
    return bound.low if edge == "low" else bound.high


@pytest.mark.parametrize("edge", ["low", "high"])
def test_values_at_their_bounds_are_left_as_they_are(tmp_path: pathlib.Path, edge: str) -> None:
    path = _file(tmp_path)
    connection = sqlite3.connect(path)
    with connection:
        for table in {bound.table for bound in BOUNDS}:
            bounds = [b for b in BOUNDS if b.table == table]  # one statement: start with end
            assignments = ", ".join(f'"{b.column}" = ?' for b in bounds)
            connection.execute(
                f'UPDATE "{table}" SET {assignments}', [_at(edge, b) for b in bounds]
            )
        assert bound_stored_values(connection) == {}
        connection.execute("UPDATE profile SET weekly_study_hours = 0")  # 0: no study planned
        assert bound_stored_values(connection) == {}
    connection.close()


def test_the_commands_answer_from_a_file_that_held_such_values(tmp_path: pathlib.Path) -> None:
    path = _file(tmp_path)
    _store_outside(path)
    for command in (["renewals", "--json"], ["eligibility", "--json"], ["budget", "--json"]):
        result = run_cli("--db", str(path), *command)
        assert result.returncode == 0, result.stderr
        json.loads(result.stdout, parse_constant=lambda name: pytest.fail(f"{name} in JSON"))
    for command in (["ics", str(tmp_path / "d.ics")], ["pdf", str(tmp_path / "r.pdf")]):
        result = run_cli("--db", str(path), *command)
        assert result.returncode == 0, result.stderr
