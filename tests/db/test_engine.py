"""The engine factory's pragmas and transactions (RELIABILITY R3, facts 1-2)."""

from __future__ import annotations

import pathlib

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from cso_planner.db.engine import BUSY_TIMEOUT_MS, make_engine
from cso_planner.db.models import ExperienceDomain
from cso_planner.db.opening import Database


def test_every_connection_has_the_app_pragmas(db: Database) -> None:
    for _ in range(3):  # NullPool: each checkout is a brand-new connection
        with db.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
            busy = connection.exec_driver_sql("PRAGMA busy_timeout").scalar()
            assert busy == BUSY_TIMEOUT_MS and busy >= 3000


def test_orphan_row_is_refused(db: Database) -> None:
    with pytest.raises(IntegrityError), db.session_factory.begin() as session:
        session.add(ExperienceDomain(entry_id=987654, cert_code="CISSP", domain="Asset Security"))


def test_ddl_and_dml_roll_back_together(db_path: pathlib.Path) -> None:
    engine = make_engine(db_path)
    with pytest.raises(RuntimeError, match="injected"), engine.begin() as connection:
        connection.execute(text("CREATE TABLE scratch (x INTEGER)"))
        connection.execute(text("INSERT INTO scratch VALUES (1)"))
        raise RuntimeError("injected")
    with engine.connect() as connection:
        names = connection.execute(text("SELECT name FROM sqlite_master")).scalars().all()
    engine.dispose()
    assert "scratch" not in names


def test_writer_takes_the_lock_at_begin(db: Database) -> None:
    """BEGIN IMMEDIATE: a second writer waits for the lock instead of failing mid-transaction."""
    other = make_engine(db.path, busy_timeout_ms=100)
    with db.engine.begin() as first:
        first.execute(text("SELECT 1"))
        with pytest.raises(Exception, match="locked"), other.begin() as second:
            second.execute(text("SELECT 1"))
    other.dispose()


def _other_writer_can_lock(path: pathlib.Path) -> bool:
    import sqlite3

    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
        return True
    except sqlite3.OperationalError:
        return False
    finally:
        other.close()


def test_reads_take_no_write_lock_and_writes_take_it_up_front(db: Database) -> None:
    from cso_planner.db.models import Profile

    with db.read_session_factory() as session:
        assert session.query(Profile).count() == 0  # inside a read transaction now
        assert session.connection().exec_driver_sql("SELECT 1").scalar() == 1
        assert _other_writer_can_lock(db.path)
    with db.session_factory.begin() as session:
        session.connection()
        assert not _other_writer_can_lock(db.path)  # BEGIN IMMEDIATE: the lock up front
