"""Migration 0002_stable_ids: every existing row gets its own UUID, nothing else changes."""

from __future__ import annotations

import pathlib
import sqlite3
import uuid

from cso_planner.db import migrate
from cso_planner.db.revisions import KNOWN_REVISIONS

BEFORE = KNOWN_REVISIONS[KNOWN_REVISIONS.index("0002_stable_ids") - 1]

TABLES = ("experience_entry", "held_certification", "cpe_activity", "plan_item", "course")


def _rows(path: pathlib.Path, table: str) -> list[tuple[object, ...]]:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()
    finally:
        connection.close()


def test_existing_rows_get_distinct_uuids_and_keep_their_values(db_path: pathlib.Path) -> None:
    migrate.upgrade(db_path, BEFORE)
    connection = sqlite3.connect(db_path)
    with connection:
        connection.execute(
            "INSERT INTO experience_entry (id, employer, title, start, hours_per_week, paid, "
            "management, notes) VALUES (7, 'Acme', 'Analyst', '2020-01-01', 40, 1, 0, '')"
        )
        connection.executemany(
            "INSERT INTO cpe_activity (id, date, activity, provider, credits, notes) "
            "VALUES (?, '2025-01-01', ?, '', 1, '')",
            [(n * 3, f"Webinar {n}") for n in range(1, 6)],
        )
        connection.execute(
            "INSERT INTO plan (id, name, active, target_role) VALUES (1, 'P', 1, '')"
        )
        connection.execute("INSERT INTO stage (id, plan_id, position, role) VALUES (1, 1, 0, 'R')")
        connection.execute(
            "INSERT INTO plan_item (id, stage_id, position, kind, title, status, employer_paid, "
            "notes) VALUES (4, 1, 0, 'skill', 'S', 'planned', 0, '')"
        )
    connection.close()
    before = {table: _rows(db_path, table) for table in TABLES}

    migrate.upgrade(db_path)

    seen: set[str] = set()
    for table in TABLES:
        after = _rows(db_path, table)
        assert [row[:-1] for row in after] == before[table]  # the uuid is the added last column
        for row in after:
            value = row[-1]
            assert isinstance(value, str) and str(uuid.UUID(value)) == value
            assert value not in seen
            seen.add(value)
    assert len(seen) == 1 + 5 + 1

    connection = sqlite3.connect(db_path)
    try:
        duplicate = _rows(db_path, "cpe_activity")[0][-1]
        try:
            connection.execute("UPDATE cpe_activity SET uuid = ? WHERE id = 6", (duplicate,))
        except sqlite3.IntegrityError:
            pass
        else:
            raise AssertionError("two rows may not share a uuid")
    finally:
        connection.close()
    migrate.downgrade(db_path, BEFORE)
    assert {table: _rows(db_path, table) for table in TABLES} == before
