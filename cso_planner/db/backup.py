"""Verified backups with SQLite's online backup API (never a raw copy of a live WAL file).

A backup is written under a temporary name, checked with ``quick_check`` and only then renamed
into place, so a failed backup never replaces or hides a good one.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import errno
import os
import pathlib
import re
import sqlite3
from typing import Literal

from cso_planner.db.errors import BackupFailedError, StorageError
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


def write_verified_backup(
    db_path: pathlib.Path, dest: pathlib.Path, *, private_folder: bool = True
) -> pathlib.Path:
    """Copy ``db_path`` to ``dest`` with the backup API and verify the copy.

    Args:
        private_folder: make ``dest``'s folder 0700 (the app's own backups folder); a folder
            the person chose (File → Save a copy…) keeps its permissions.

    Raises:
        BackupFailedError: the copy could not be made or failed ``quick_check``; ``dest`` is
            then left as it was (absent, or the previous good file).
    """
    from cso_planner import partials

    tmp = dest.with_name(f".{dest.name}.partial")
    ticket = partials.register(tmp)  # a kill half-way: removed at the next start
    try:
        if private_folder:
            ensure_private_dir(dest.parent)
        tmp.unlink(missing_ok=True)
        # Create the file 0600 before SQLite touches it, whatever the umask.
        os.close(os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except OSError as exc:
        partials.release(ticket)
        raise BackupFailedError(
            f"could not write a backup of {db_path.name} in {dest.parent}: {_why(exc)}"
        ) from exc
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
    except OSError as exc:
        raise BackupFailedError(
            f"could not write a backup of {db_path.name} in {dest.parent}: {_why(exc)}"
        ) from exc
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        partials.release(ticket)
    return dest


def _why(exc: OSError) -> str:
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "the folder cannot be written (read-only or permissions)"
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return "the disk is full"
    return exc.strerror or str(exc)


def pre_migration_backup(db_path: pathlib.Path, from_revision: str) -> pathlib.Path:
    """The backup written before a schema upgrade; never rotated away automatically."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    return write_verified_backup(
        db_path, unused_name(backup_dir_for(db_path), f"pre-migrate-{from_revision}-{stamp}")
    )


def pre_bounding_backup(db_path: pathlib.Path) -> pathlib.Path:
    """The backup written before stored values outside their bounds are moved inside them
    (:mod:`cso_planner.db.bounds`): a migration of values, named and kept as the schema's are."""
    return pre_migration_backup(db_path, "bounds")


def pre_import_backup(db_path: pathlib.Path) -> pathlib.Path:
    """The backup written before ``cso-planner import`` replaces the data; never rotated away."""
    stamp = dt.datetime.now().strftime(STAMP_FORMAT)
    return write_verified_backup(
        db_path, unused_name(backup_dir_for(db_path), f"{db_path.stem}-pre-import-{stamp}")
    )


def unused_name(folder: pathlib.Path, stem: str, suffix: str = ".sqlite3") -> pathlib.Path:
    """A path in ``folder`` that does not exist yet: a retry never overwrites an earlier backup."""
    candidate = folder / f"{stem}{suffix}"
    counter = 1
    while candidate.exists():
        counter += 1
        candidate = folder / f"{stem}-{counter}{suffix}"
    return candidate


# --- The backups of one database ------------------------------------------------------------

STAMP_FORMAT = "%Y%m%d-%H%M%S"
_STAMP = r"(?P<stamp>\d{8}-\d{6})(?:-(?P<n>\d+))?"
_PRE_MIGRATE = re.compile(rf"^pre-migrate-.+-{_STAMP}\.sqlite3$")

BackupKind = Literal["auto", "pre-migrate", "pre-import"]


@dataclasses.dataclass(frozen=True)
class BackupFile:
    """A backup in the backup folder, with the time its name records."""

    path: pathlib.Path
    time: dt.datetime
    kind: BackupKind
    counter: int = 1  # ``-2``, ``-3``... when several were made in the same second


def auto_backup_pattern(db_path: pathlib.Path) -> re.Pattern[str]:
    """Names of the automatic backups of ``db_path``: ``<stem>-auto-YYYYmmdd-HHMMSS.sqlite3``."""
    return re.compile(rf"^{re.escape(db_path.stem)}-auto-{_STAMP}\.sqlite3$")


def pre_import_pattern(db_path: pathlib.Path) -> re.Pattern[str]:
    """Names of the backups made before an import: ``<stem>-pre-import-YYYYmmdd-HHMMSS``."""
    return re.compile(rf"^{re.escape(db_path.stem)}-pre-import-{_STAMP}\.sqlite3$")


def list_backups(db_path: pathlib.Path) -> list[BackupFile]:
    """The automatic, pre-migration and pre-import backups of ``db_path``, newest first.

    Pre-migration names do not carry the database's name, so every one in the folder counts.
    Partial files (``.name.partial``) never match.
    """
    folder = backup_dir_for(db_path)
    if not folder.is_dir():
        return []
    auto = auto_backup_pattern(db_path)
    pre_import = pre_import_pattern(db_path)
    found: list[BackupFile] = []
    for path in folder.iterdir():
        kind: BackupKind
        match = auto.match(path.name)
        if match:
            kind = "auto"
        elif match := pre_import.match(path.name):
            kind = "pre-import"
        else:
            match = _PRE_MIGRATE.match(path.name)
            if not match:
                continue
            kind = "pre-migrate"
        try:
            when = dt.datetime.strptime(match["stamp"], STAMP_FORMAT)
        except ValueError:
            continue
        if path.is_file():
            found.append(BackupFile(path, when, kind, int(match["n"] or 1)))
    found.sort(key=lambda b: (b.time, b.counter, b.path.name), reverse=True)
    return found


def is_good_backup(path: pathlib.Path) -> bool:
    """A CSO Planner database this version can open that passes ``quick_check``."""
    from cso_planner.db.opening import inspect_file

    try:
        state = inspect_file(path)
    except StorageError:
        return False
    return state.revision is not None and quick_check(path) == "ok"


def newest_good_backup(db_path: pathlib.Path) -> pathlib.Path | None:
    """The newest backup of ``db_path`` that passes its check, to offer when the file is damaged."""
    for backup in list_backups(db_path):
        if is_good_backup(backup.path):
            return backup.path
    return None
