"""Fault injection for "every user action is one transaction" (RELIABILITY R2).

:func:`assert_atomic` runs an action again and again, making the N-th SQL statement the engine
executes raise :class:`InjectedFault` (N = 1, 2, 3, ...), and checks after each failed run that
the logical dump of the database is exactly what it was. The first run that finishes before
reaching its N-th statement is the real one: it commits, and the number of statements it took
is returned. So the action runs on the same database throughout, no separate counting run is
needed, and a non-atomic action shows up as a dump difference at the statement that broke it.

Use it from any test::

    from tests.helpers.faults import assert_atomic

    def test_duplicate_plan_is_atomic(db):
        def action():
            with write_transaction(db.session_factory) as session:
                plans.duplicate_plan(session, plan_id, "Copy")
        assert assert_atomic(db.engine, action) > 1

or import the ``statement_faults`` fixture into a conftest for a hand-driven injector.
"""

from __future__ import annotations

import pathlib
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import Engine, event

from tests.helpers.dump import Dump, dump_database

# Statements that manage the transaction itself: failing right after them says nothing new
# (BEGIN) or would test SQLite rather than the action (a failure after COMMIT keeps the commit).
_SKIPPED_PREFIXES = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE", "PRAGMA")


class InjectedFault(Exception):
    """Raised by the injector; never raised by application code."""


class StatementFaults:
    """Counts the statements ``engine`` executes and raises after the ``fail_after``-th.

    Use as a context manager; ``arm(n)`` sets the statement to fail after (``None``: count only).
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.count = 0
        self.fail_after: int | None = None
        self.statements: list[str] = []

    def arm(self, fail_after: int | None) -> None:
        self.count = 0
        self.statements = []
        self.fail_after = fail_after

    def _after_cursor_execute(
        self,
        _conn: Any,
        _cursor: Any,
        statement: str,
        _parameters: Any,
        _context: Any,
        _executemany: bool,
    ) -> None:
        if statement.lstrip().upper().startswith(_SKIPPED_PREFIXES):
            return
        self.count += 1
        self.statements.append(statement)
        if self.fail_after is not None and self.count == self.fail_after:
            raise InjectedFault(f"injected after statement {self.count}: {statement[:80]}")

    def __enter__(self) -> StatementFaults:
        event.listen(self.engine, "after_cursor_execute", self._after_cursor_execute)
        return self

    def __exit__(self, *_exc: object) -> None:
        event.remove(self.engine, "after_cursor_execute", self._after_cursor_execute)


def _caused_by_injection(exc: BaseException) -> bool:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, InjectedFault):
            return True
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return False


def assert_atomic(
    engine: Engine,
    action: Callable[[], object],
    *,
    dump: Callable[[], Dump] | None = None,
    max_statements: int = 5_000,
) -> int:
    """Fail ``action`` after each of its statements in turn; the dump must never change.

    Args:
        engine: the engine the action writes through (the ``Database.engine``).
        action: opens its own transaction(s), as the GUI or CLI would.
        dump: how to read the database's content (default: every table of the engine's file).

    Returns:
        How many statements the action executed (its final, successful run commits).
    """
    if dump is None:
        database = engine.url.database
        assert database, "assert_atomic needs a file database or an explicit dump"
        path = pathlib.Path(database)

        def dump() -> Dump:
            return dump_database(path)

    before = dump()
    with StatementFaults(engine) as faults:
        for fail_after in range(1, max_statements + 1):
            faults.arm(fail_after)
            try:
                action()
            except Exception as exc:
                if not _caused_by_injection(exc):
                    raise
                after = dump()
                if after != before:
                    changed = sorted(
                        t for t in before.keys() | after.keys() if before.get(t) != after.get(t)
                    )
                    raise AssertionError(
                        f"not atomic: failing after statement {fail_after} "
                        f"({faults.statements[-1][:120]!r}) left changes in {changed}"
                    ) from exc
                continue
            if faults.count >= fail_after:
                raise AssertionError(
                    f"the action swallowed the fault injected after statement {fail_after}"
                )
            return faults.count
    raise AssertionError(f"the action ran more than {max_statements} statements")


@pytest.fixture
def statement_faults(
    request: pytest.FixtureRequest,
) -> Iterator[Callable[[Engine], StatementFaults]]:
    """A factory of injectors attached to an engine for the rest of the test."""
    opened: list[StatementFaults] = []

    def attach(engine: Engine) -> StatementFaults:
        faults = StatementFaults(engine).__enter__()
        opened.append(faults)
        return faults

    yield attach
    for faults in opened:
        faults.__exit__(None, None, None)
