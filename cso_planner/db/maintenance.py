"""Check a database's health and restore it from a verified backup (CLI and Tools menu)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import pathlib
import sqlite3

from cso_planner.db.backup import quick_check, write_verified_backup
from cso_planner.db.errors import DamagedDatabaseError, StorageError
from cso_planner.db.opening import inspect_file
from cso_planner.paths import make_private, side_files


@dataclasses.dataclass(frozen=True)
class CheckReport:
    ok: bool
    lines: list[str]


def check_database(path: pathlib.Path) -> CheckReport:
    """Run ``integrity_check`` and ``foreign_key_check`` read-only on ``path``."""
    if not path.exists():
        raise StorageError(f"{path} does not exist")
    inspect_file(path)  # refuses files that are not ours, with the usual messages
    lines: list[str] = []
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        integrity = [str(r[0]) for r in connection.execute("PRAGMA integrity_check")]
        broken = connection.execute("PRAGMA foreign_key_check").fetchall()
    except sqlite3.DatabaseError as exc:
        return CheckReport(False, [f"{path}: damaged ({exc})"])
    finally:
        connection.close()
    ok = integrity == ["ok"] and not broken
    if integrity == ["ok"]:
        lines.append(f"{path}: integrity ok")
    else:
        lines.extend(f"{path}: integrity problem: {line}" for line in integrity[:20])
    if broken:
        lines.append(f"{path}: {len(broken)} broken references (foreign keys)")
    else:
        lines.append(f"{path}: references ok")
    return CheckReport(ok, lines)


def lock_holder_alive(db_path: pathlib.Path) -> bool:
    """True when a running CSO Planner holds ``<db>.lock`` (QLockFile's format: pid first)."""
    lock = db_path.with_name(db_path.name + ".lock")
    try:
        pid = int(lock.read_text("utf-8", errors="replace").split()[0])
    except (FileNotFoundError, ValueError, IndexError):
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def restore_backup(db_path: pathlib.Path, backup: pathlib.Path) -> pathlib.Path | None:
    """Replace ``db_path`` with a copy of ``backup`` after verifying the backup.

    The current file (if any) is kept aside as ``<name>.before-restore-<stamp>`` and returned.

    Raises:
        StorageError: the backup is missing, damaged, not ours or from a newer version, or the
            database is open in a running CSO Planner.
    """
    if not backup.is_file():
        raise StorageError(f"backup {backup} does not exist")
    inspect_file(backup)
    verdict = quick_check(backup)
    if verdict != "ok":
        raise DamagedDatabaseError(f"backup {backup} failed its check ({verdict}); not restored")
    if lock_holder_alive(db_path):
        raise StorageError(f"{db_path} is open in CSO Planner; close it before restoring")

    staged = write_verified_backup(backup, db_path.with_name(f".{db_path.name}.restoring"))
    kept: pathlib.Path | None = None
    if db_path.exists():
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        kept = db_path.with_name(f"{db_path.name}.before-restore-{stamp}")
        os.replace(db_path, kept)
        for side in side_files(db_path):
            if side.exists():
                os.replace(side, kept.with_name(kept.name + side.name[len(db_path.name) :]))
    os.replace(staged, db_path)
    make_private(db_path)
    return kept
