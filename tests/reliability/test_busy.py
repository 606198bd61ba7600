"""R5 (storage side): a save that meets another process's write lock says "busy, not saved"."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys

import pytest
from sqlalchemy.exc import OperationalError

from cso_planner.db.errors import DatabaseBusyError
from cso_planner.db.models import Profile
from cso_planner.db.opening import Database
from cso_planner.db.transactions import is_busy_error, write_transaction
from tests.helpers.dump import dump_database

# Holds BEGIN IMMEDIATE (the write lock) with an uncommitted row until stdin closes.
LOCKER = """
import sqlite3, sys
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("BEGIN IMMEDIATE")
connection.execute(
    "INSERT INTO profile (name, current_role, target_role, track, weekly_study_hours, currency)"
    " VALUES ('the other program', '', '', 'technical', 6, 'USD')"
)
print("locked", flush=True)
sys.stdin.read()
connection.execute("ROLLBACK")
connection.close()
"""


def test_r5_write_while_another_process_holds_the_lock_reports_busy(db: Database) -> None:
    before = dump_database(db.path)
    locker = subprocess.Popen(
        [sys.executable, "-c", LOCKER, str(db.path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=dict(os.environ),
    )
    assert locker.stdin is not None and locker.stdout is not None
    try:
        assert locker.stdout.readline() == "locked\n"
        # The app's own engine: it waits busy_timeout (5 s) for the lock, then gives up.
        with (
            pytest.raises(DatabaseBusyError) as caught,
            write_transaction(db.session_factory) as session,
        ):
            session.add(Profile(name="typed into the form"))
        assert str(caught.value) == (
            "The database is busy (another program is writing); nothing was saved — try again."
        )
        assert dump_database(db.path) == before
    finally:
        locker.stdin.close()
        locker.wait(timeout=60)
        locker.stdout.close()

    with write_transaction(db.session_factory) as session:  # "try again" now works
        session.add(Profile(name="typed into the form"))
    assert [row[1] for row in dump_database(db.path)["profile"]] == ["typed into the form"]


def test_other_operational_errors_are_not_called_busy(db: Database) -> None:
    with (
        pytest.raises(OperationalError, match="no such table"),
        write_transaction(db.session_factory) as session,
    ):
        session.connection().exec_driver_sql("SELECT * FROM no_such_table")


@pytest.mark.parametrize(
    ("message", "busy"),
    [("database is locked", True), ("database table is locked", True), ("disk I/O error", False)],
)
def test_busy_is_recognised_by_message_when_no_code(message: str, busy: bool) -> None:
    assert is_busy_error(sqlite3.OperationalError(message)) is busy
