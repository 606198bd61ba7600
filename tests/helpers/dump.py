"""A logical dump of a database: every table's rows, sorted, for "nothing changed" assertions.

Compares content, not bytes: two files with the same rows dump equal even if SQLite laid the
pages out differently. Reads with plain ``sqlite3`` (read-only) when given a path, so it can be
used on a file no engine has open, or through an ``Engine`` the test already has.
"""

from __future__ import annotations

import pathlib
import sqlite3
from typing import Any

from sqlalchemy import Engine

Dump = dict[str, list[tuple[Any, ...]]]

_TABLES_SQL = (
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
)


def _sort_key(row: tuple[Any, ...]) -> tuple[tuple[int, str], ...]:
    # Rows mix None, numbers and text; sort on (type rank, repr) so any row compares.
    return tuple((0 if value is None else 1, repr(value)) for value in row)


def _dump_connection(connection: sqlite3.Connection) -> Dump:
    tables = [row[0] for row in connection.execute(_TABLES_SQL)]
    return {
        table: sorted(
            (tuple(row) for row in connection.execute(f'SELECT * FROM "{table}"')),
            key=_sort_key,
        )
        for table in tables
    }


def dump_database(source: Engine | pathlib.Path) -> Dump:
    """``{table: sorted rows}`` for every table (user, catalog, app_meta, alembic_version)."""
    if isinstance(source, pathlib.Path):
        connection = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
        try:
            return _dump_connection(connection)
        finally:
            connection.close()
    raw = source.raw_connection()
    try:
        dbapi = raw.driver_connection
        assert isinstance(dbapi, sqlite3.Connection)
        return _dump_connection(dbapi)
    finally:
        raw.close()
