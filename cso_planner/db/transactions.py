"""One transaction per user action, with a locked database reported as "busy, not saved".

Every write goes through :func:`write_transaction`: the engine's ``begin`` event takes the write
lock up front (``BEGIN IMMEDIATE``) and waits ``busy_timeout`` for another process to let go. If
the lock is still held, SQLite answers ``database is locked``; that is the environment's fault,
not a bug, so it is turned into :class:`DatabaseBusyError` with one readable sentence. The
transaction is rolled back, so nothing was saved and the caller (the GUI keeps its form open)
can simply try again.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from typing import TYPE_CHECKING

from sqlalchemy.exc import OperationalError

from cso_planner.db.errors import DatabaseBusyError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

# Primary result codes: SQLITE_BUSY (another connection holds the lock) and SQLITE_LOCKED
# (a conflict inside this process's shared cache).
_BUSY_CODES = frozenset({5, 6})


def is_busy_error(exc: BaseException) -> bool:
    """True when ``exc`` (SQLAlchemy's or sqlite3's) means "another writer holds the lock"."""
    original = exc.orig if isinstance(exc, OperationalError) else exc
    if not isinstance(original, sqlite3.OperationalError):
        return False
    code = getattr(original, "sqlite_errorcode", None)
    if isinstance(code, int):
        return (code & 0xFF) in _BUSY_CODES
    text = str(original).lower()
    return "is locked" in text or "is busy" in text


@contextlib.contextmanager
def write_transaction(session_factory: sessionmaker[Session]) -> Iterator[Session]:
    """A session in one transaction: committed at the end, rolled back on any exception.

    Usage::

        with write_transaction(database.session_factory) as session:
            plans.add_item(session, stage_id, draft)

    Raises:
        DatabaseBusyError: another program holds the write lock; nothing was saved.
    """
    try:
        with session_factory.begin() as session:
            yield session
    except (OperationalError, sqlite3.OperationalError) as exc:
        if is_busy_error(exc):
            raise DatabaseBusyError() from exc
        raise


__all__ = ["DatabaseBusyError", "is_busy_error", "write_transaction"]
