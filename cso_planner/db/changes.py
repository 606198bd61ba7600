"""Which tables and columns a read used and a write changed, as SQLite itself reports them.

A screen that shows 10,000 CPE activities need not read them again because the weekly study
hours changed. To know that without every edit and every screen declaring what it touches
(and one day getting it wrong), the connection's authorizer is asked: SQLite calls it while it
compiles each statement, with every column a statement reads (``SQLITE_READ``; a table read
for its rows alone, as by ``count(*)``, comes with the column ``""``) and every table it
inserts into or deletes from and every column it updates, including the rows that foreign-key
actions (``ON DELETE CASCADE`` / ``SET NULL``) and triggers change. Setting an authorizer
expires the connection's prepared statements, so statements cached from earlier are compiled
again and reported too; the callback runs once per statement compiled, never per row.

A write touches a read when it inserted into or deleted from a table the read used, or updated
a column the read used. That is a superset of "changed what the read returned", so a screen
that reloads only when touched never shows stale data.
"""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

_READ = sqlite3.SQLITE_READ
_INSERT = sqlite3.SQLITE_INSERT
_DELETE = sqlite3.SQLITE_DELETE
_UPDATE = sqlite3.SQLITE_UPDATE


@dataclasses.dataclass
class Reads:
    """The columns some reads used: ``{table: {column, ...}}`` (``""`` = the rows alone)."""

    tables: dict[str, set[str]] = dataclasses.field(default_factory=dict)

    def add(self, table: str, column: str) -> None:
        self.tables.setdefault(table, set()).add(column)

    def update(self, other: Reads) -> None:
        for table, columns in other.tables.items():
            self.tables.setdefault(table, set()).update(columns)

    def touched_by(self, changes: Changes) -> bool:
        """True when ``changes`` may have changed what these reads returned."""
        if any(table in self.tables for table in changes.rows):
            return True
        return any(
            not columns.isdisjoint(self.tables.get(table, ()))
            for table, columns in changes.columns.items()
        )


@dataclasses.dataclass
class Changes:
    """What one write changed: tables with rows inserted or deleted, and updated columns."""

    rows: set[str] = dataclasses.field(default_factory=set)
    columns: dict[str, set[str]] = dataclasses.field(default_factory=dict)
    # The ids of the CPE activities the write inserted, updated or deleted, or whose claims it
    # changed (:func:`track_rows`); None when they were not tracked.
    cpe_activity_ids: set[int] | None = None

    def __bool__(self) -> bool:
        return bool(self.rows or self.columns)

    def only_in(self, tables: set[str]) -> bool:
        """True when every table the write changed is one of ``tables``."""
        return self.rows <= tables and set(self.columns) <= tables


@contextmanager
def watching(
    connection: sqlite3.Connection,
    reads: Sequence[Reads] = (),
    changes: Changes | None = None,
) -> Iterator[None]:
    """Record into ``reads`` and ``changes`` what the statements run in the block use.

    The authorizer is removed at the end; nothing is ever refused.
    """

    def authorize(action: int, first: Any, second: Any, database: Any, trigger: Any) -> int:
        if action == _READ:
            for into in reads:
                into.add(first, second or "")
        elif changes is not None and database != "temp":  # track_rows' own table is not data
            if action == _UPDATE:
                changes.columns.setdefault(first, set()).add(second)
            elif action in (_INSERT, _DELETE) and first and not first.startswith("sqlite_"):
                changes.rows.add(first)
        return sqlite3.SQLITE_OK

    connection.set_authorizer(authorize)
    try:
        yield
    finally:
        connection.set_authorizer(None)


# --- which CPE activities a write changed ---------------------------------------------------
# The authorizer tells tables and columns; which rows, only the rows can tell. Temporary
# triggers (this connection's alone, gone when it closes, never in the file) note the id of
# every activity that an insert, update or delete of the activity, of one of its claims or of
# one of its proofs touched, cascades included (SQLite fires triggers for foreign-key actions),
# so the CPE screen re-reads those rows instead of 100,000 (issue 13).

_CHANGED = "changed_cpe_activity"
_TRIGGERS = (
    ("cpe_activity", "id"),
    ("cpe_allocation", "activity_id"),
    ("attachment", "cpe_activity_id"),
)


def _trigger_statements() -> tuple[str, ...]:
    statements = [f"CREATE TEMP TABLE IF NOT EXISTS {_CHANGED} (id INTEGER PRIMARY KEY)"]
    for table, column in _TRIGGERS:
        for event, rows in (("INSERT", ("NEW",)), ("UPDATE", ("OLD", "NEW")), ("DELETE", ("OLD",))):
            # WHERE ... IS NOT NULL: a NULL given to an INTEGER PRIMARY KEY would be numbered
            # (an attachment of a course has no activity).
            notes = " ".join(
                f"INSERT OR IGNORE INTO {_CHANGED} SELECT {row}.{column} "
                f"WHERE {row}.{column} IS NOT NULL;"
                for row in rows
            )
            statements.append(
                f"CREATE TEMP TRIGGER IF NOT EXISTS note_{table}_{event.lower()} "
                f"AFTER {event} ON main.{table} BEGIN {notes} END"
            )
    return tuple(statements)


_STATEMENTS = _trigger_statements()


def track_rows(connection: sqlite3.Connection) -> None:
    """Make ``connection`` note the CPE activities its writes change, from now on until it
    closes (idempotent: each statement is ``IF NOT EXISTS``, microseconds when they exist)."""
    for statement in _STATEMENTS:
        connection.execute(statement)


def take_tracked_rows(connection: sqlite3.Connection) -> set[int]:
    """The activity ids noted since the last call, and forget them. Called inside the write's
    transaction, so a write that rolls back takes its notes with it."""
    ids = {row[0] for row in connection.execute(f"SELECT id FROM temp.{_CHANGED}")}
    if ids:
        connection.execute(f"DELETE FROM temp.{_CHANGED}")
    return ids
