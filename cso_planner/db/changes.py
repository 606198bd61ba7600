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

    def __bool__(self) -> bool:
        return bool(self.rows or self.columns)


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
        elif changes is not None:
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
