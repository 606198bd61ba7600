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
