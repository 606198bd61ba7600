"""The SQLite settings every connection to the planner's file gets, without SQLAlchemy.

The engine (:mod:`cso_planner.db.engine`) applies :func:`configure` to each connection it
makes; :func:`connect_reader` makes a bare ``sqlite3`` connection with the same settings for
commands that only read (``check``, ``eligibility``, ``renewals``): importing SQLAlchemy and
the models is most of such a command's start-up.
"""

from __future__ import annotations

import pathlib
import sqlite3

from cso_planner.db.faults import read_only_uri
from cso_planner.paths import make_private, side_files

BUSY_TIMEOUT_MS = 5000
# "CSOP" in ASCII: marks a SQLite file as ours (PRAGMA application_id).
APPLICATION_ID = 0x43534F50


def configure(
    connection: sqlite3.Connection,
    db_path: pathlib.Path,
    *,
    foreign_keys: bool = True,
    busy_timeout_ms: int = BUSY_TIMEOUT_MS,
    writer: bool = True,
    own_side_files: bool = True,
) -> None:
    """The app's pragmas on a new connection (WAL and ``synchronous=FULL`` for a writer).

    ``own_side_files=False`` (a file opened read-only) leaves the modes of ``-wal``/``-shm``
    as they are: nothing of a read-only file is changed, its side files' modes included.
    """
    connection.isolation_level = None  # transactions are begun explicitly
    cursor = connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        cursor.execute(f"PRAGMA foreign_keys = {'ON' if foreign_keys else 'OFF'}")
        if writer:
            mode = cursor.execute("PRAGMA journal_mode").fetchone()[0]
            if str(mode).lower() != "wal":
                cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = FULL")
    finally:
        cursor.close()
    if own_side_files:
        for side in side_files(db_path):
            make_private(side)


def connect_reader(
    db_path: pathlib.Path, busy_timeout_ms: int = BUSY_TIMEOUT_MS
) -> sqlite3.Connection:
    """A connection for reading ``db_path`` (opened and migrated by ``open_database``)."""
    connection = sqlite3.connect(db_path, timeout=busy_timeout_ms / 1000)
    configure(connection, db_path, busy_timeout_ms=busy_timeout_ms, writer=False)
    return connection


def connect_read_only(
    db_path: pathlib.Path, busy_timeout_ms: int = BUSY_TIMEOUT_MS
) -> sqlite3.Connection:
    """A connection that cannot write ``db_path`` (a file the person marked read-only): SQLite
    refuses every write through it, and nothing beside the file is created or changed."""
    connection = sqlite3.connect(
        read_only_uri(db_path), uri=True, timeout=busy_timeout_ms / 1000, check_same_thread=False
    )
    configure(
        connection, db_path, busy_timeout_ms=busy_timeout_ms, writer=False, own_side_files=False
    )
    return connection
