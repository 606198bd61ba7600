"""The one engine factory used by the app, the CLI and the tests.

SQLite's defaults are unsafe for an application (foreign keys off, pysqlite's implicit
transactions that leave DDL outside the transaction). Every connection made here gets:

* ``foreign_keys=ON`` (unless a migration asks for the documented off-then-check procedure),
* WAL journal with ``synchronous=FULL`` (no committed row lost even on power loss),
* a ``busy_timeout`` so a briefly locked database waits instead of failing at once,
* real transactions: pysqlite's own transaction handling is switched off
  (``isolation_level=None``) and SQLAlchemy's ``begin`` emits ``BEGIN IMMEDIATE``, so DDL and
  DML commit or roll back together and a writer takes the lock up front.
* reads never take the write lock: sessions from :func:`make_read_session_factory` begin with
  a plain (deferred) ``BEGIN``, which in WAL mode reads one consistent snapshot while another
  process writes, so ``eligibility`` or an export never waits for (or fails behind) an import.
"""

from __future__ import annotations

import pathlib
import sqlite3
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool

from cso_planner.db.sqlite_file import APPLICATION_ID, BUSY_TIMEOUT_MS, configure

# Execution option of the read-only engine view: its transactions begin deferred.
READ_ONLY_OPTION = "cso_planner_read_only"
__all__ = [
    "APPLICATION_ID",
    "BUSY_TIMEOUT_MS",
    "READ_ONLY_OPTION",
    "make_engine",
    "make_read_session_factory",
    "make_session_factory",
]


def make_engine(
    db_path: pathlib.Path,
    *,
    foreign_keys: bool = True,
    busy_timeout_ms: int = BUSY_TIMEOUT_MS,
    read_only: bool = False,
) -> Engine:
    """Create the engine for ``db_path`` with the app's pragmas on every connection.

    Args:
        db_path: the SQLite file.
        foreign_keys: ``False`` only for migrations, which then run ``foreign_key_check``
            before committing (SQLite's documented procedure for table rebuilds).
        busy_timeout_ms: how long a writer waits for another process's lock.
        read_only: a file the person marked read-only: every connection is opened read-only
            (:func:`~cso_planner.db.sqlite_file.connect_read_only`), so a write fails instead
            of changing it, and every transaction begins deferred.
    """
    if read_only:
        return _read_only_engine(db_path, busy_timeout_ms)
    engine = create_engine(
        f"sqlite+pysqlite:///{db_path}",
        # One connection per checkout: no pooled connection outlives a test or a fork.
        poolclass=NullPool,
        # Errors never quote the row's values (names, notes, credential IDs): they may reach
        # the log or a bug report.
        hide_parameters=True,
        connect_args={"timeout": busy_timeout_ms / 1000, "check_same_thread": False},
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event own the transaction (see module docstring).
        configure(
            dbapi_connection, db_path, foreign_keys=foreign_keys, busy_timeout_ms=busy_timeout_ms
        )

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        if connection.get_execution_options().get(READ_ONLY_OPTION):
            connection.exec_driver_sql("BEGIN")  # a snapshot; no write lock
        else:
            connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def _read_only_engine(db_path: pathlib.Path, busy_timeout_ms: int) -> Engine:
    from cso_planner.db.sqlite_file import connect_read_only

    engine = create_engine(
        "sqlite+pysqlite://",
        creator=lambda: connect_read_only(db_path, busy_timeout_ms),
        poolclass=NullPool,
        hide_parameters=True,
    )

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN")

    return engine


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions whose rows stay readable after commit, for handing to the UI."""
    return sessionmaker(engine, expire_on_commit=False)


def make_read_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions for reading only: deferred ``BEGIN``, so they never wait for a writer's lock.

    Writing through one is a mistake: SQLite would try to upgrade the snapshot to a write and
    may answer "busy" at once instead of waiting.
    """
    return sessionmaker(
        engine.execution_options(**{READ_ONLY_OPTION: True}), expire_on_commit=False
    )
