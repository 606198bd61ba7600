"""Verified backups with SQLite's online backup API (never a raw copy of a live WAL file).

A backup is written under a temporary name, checked with ``quick_check`` and only then renamed
into place, so a failed backup never replaces or hides a good one.
"""

from __future__ import annotations

import datetime as dt
import os
import pathlib
import sqlite3

from cso_planner.db.errors import BackupFailedError
from cso_planner.paths import backup_dir_for, ensure_private_dir, make_private


def _uri(path: pathlib.Path, mode: str) -> str:
    return f"{path.resolve().as_uri()}?mode={mode}"


def quick_check(path: pathlib.Path) -> str:
    """Return ``"ok"`` or SQLite's first complaint about ``path`` (read-only)."""
    connection = sqlite3.connect(_uri(path, "ro"), uri=True)
    try:
        row = connection.execute("PRAGMA quick_check").fetchone()
        return str(row[0]) if row else "no answer from quick_check"
    except sqlite3.DatabaseError as exc:
        return str(exc)
    finally:
        connection.close()


def write_verified_backup(db_path: pathlib.Path, dest: pathlib.Path) -> pathlib.Path:
    """Copy ``db_path`` to ``dest`` with the backup API and verify the copy.

    Raises:
        BackupFailedError: the copy could not be made or failed ``quick_check``; ``dest`` is
            then left as it was (absent, or the previous good file).
    """
    ensure_private_dir(dest.parent)
    tmp = dest.with_name(f".{dest.name}.partial")
    tmp.unlink(missing_ok=True)
    # Create the file 0600 before SQLite touches it, whatever the umask.
    os.close(os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    try:
        source = sqlite3.connect(_uri(db_path, "ro"), uri=True)
        target = sqlite3.connect(tmp)
        try:
            source.backup(target)
            # A backup is one self-contained file: no -wal beside it.
            target.execute("PRAGMA journal_mode = DELETE")
        finally:
            target.close()
            source.close()
        verdict = quick_check(tmp)
        if verdict != "ok":
            raise BackupFailedError(f"backup of {db_path.name} failed its check: {verdict}")
        make_private(tmp)
        os.replace(tmp, dest)
    except sqlite3.Error as exc:
        raise BackupFailedError(f"could not back up {db_path.name}: {exc}") from exc
    finally:
        tmp.unlink(missing_ok=True)
    return dest


def pre_migration_backup(db_path: pathlib.Path, from_revision: str) -> pathlib.Path:
    """The backup written before a schema upgrade; never rotated away automatically."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    return write_verified_backup(
        db_path, unused_name(backup_dir_for(db_path), f"pre-migrate-{from_revision}-{stamp}")
    )


def unused_name(folder: pathlib.Path, stem: str, suffix: str = ".sqlite3") -> pathlib.Path:
    """A path in ``folder`` that does not exist yet: a retry never overwrites an earlier backup."""
    candidate = folder / f"{stem}{suffix}"
    counter = 1
    while candidate.exists():
        counter += 1
        candidate = folder / f"{stem}-{counter}{suffix}"
    return candidate
