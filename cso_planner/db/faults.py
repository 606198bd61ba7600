"""Tell damage apart from faults of the disk or the folder.

Only SQLite's ``SQLITE_CORRUPT`` and ``SQLITE_NOTADB`` (and an ``integrity_check`` that does not
answer ``ok``) mean the *file* is damaged. A full disk, an I/O error, a read-only folder or a
permission problem is a fault of the surroundings: the file may be perfectly healthy, so it must
never be called damaged, set aside or replaced by a backup because of one.

:func:`read_only_uri` is the one way to look inside a file without changing it: ``immutable=1``
(nothing is created beside the file, nothing is written) unless a ``-wal`` left by an unclean
exit must be read, which needs plain read-only mode.
"""

from __future__ import annotations

import contextlib
import errno
import os
import pathlib
import shutil

from cso_planner.db.errors import DamagedDatabaseError, StorageError, StorageFaultError

SQLITE_CORRUPT = 11
SQLITE_NOTADB = 26
SQLITE_PERM = 3
SQLITE_READONLY = 8
SQLITE_IOERR = 10
SQLITE_FULL = 13
SQLITE_CANTOPEN = 14

# Room kept free beyond the bytes a restore copies: SQLite's journal and the -wal of the first
# open need some, and a disk filled to the last byte fails the next write anyway.
SPACE_MARGIN_BYTES = 1024 * 1024


def read_only_uri(path: pathlib.Path) -> str:
    """A URI that reads ``path`` without creating or changing anything beside it (see module)."""
    wal_present = path.with_name(path.name + "-wal").exists()
    query = "mode=ro" if wal_present else "mode=ro&immutable=1"
    return f"{path.resolve().as_uri()}?{query}"


def primary_code(exc: BaseException) -> int | None:
    """SQLite's primary result code of ``exc`` (``None`` when it carries none)."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is None:
        original = getattr(exc, "orig", None)  # a SQLAlchemy error wrapping the DBAPI one
        code = getattr(original, "sqlite_errorcode", None)
    return None if code is None else int(code) & 0xFF


def is_damage(exc: BaseException) -> bool:
    """True only when SQLite says the file itself is damaged or is not a database."""
    return primary_code(exc) in (SQLITE_CORRUPT, SQLITE_NOTADB)


def is_fault(exc: BaseException) -> bool:
    """True for a disk or folder problem (full, I/O error, read-only, cannot open, permission)."""
    return primary_code(exc) in (
        SQLITE_FULL,
        SQLITE_IOERR,
        SQLITE_CANTOPEN,
        SQLITE_READONLY,
        SQLITE_PERM,
    )


def confirm_damage(path: pathlib.Path, doing: str = "read") -> None:
    """Before calling ``path`` damaged, make sure its bytes can be read at all.

    SQLite reports an input/output error while reading a page as ``SQLITE_CORRUPT``
    ("database disk image is malformed", measured with SQLite 3.40 and an injected ``EIO``), so
    an error code alone cannot tell a bad disk from a damaged file. Damage means the bytes read
    back fine but are wrong: reading the file (and its ``-wal``) through, a disk fault shows as
    an ``OSError``. Only called on the rare path where damage was found.

    Raises:
        StorageFaultError: the file cannot be read to the end; it is not called damaged.
    """
    for candidate in (path, path.with_name(path.name + "-wal")):
        try:
            with candidate.open("rb", buffering=0) as handle:
                while handle.read(1024 * 1024):
                    pass
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise fault_error(path, exc, doing) from exc


def storage_problem(exc: BaseException, path: pathlib.Path) -> StorageError | None:
    """A database error met while a command used ``path``, as the one-line error it is.

    A full disk, an I/O error or a read-only file met half-way through a command (SQLAlchemy
    wraps SQLite's error) is a fault of the disk, and damage found while reading is damage; both
    are the person's to act on, not bugs. ``None`` for anything else (a bug: logged as one).
    """
    found: BaseException | None = None
    current: BaseException | None = exc
    seen: set[int] = set()
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if is_fault(current) or is_damage(current):
            found = current
            break
        current = current.__cause__ or current.__context__
    if found is None:
        return None
    if is_damage(found):
        try:
            confirm_damage(path)  # an I/O error while reading a page looks the same to SQLite
        except StorageFaultError as fault:
            return fault
        original = getattr(found, "orig", None) or found
        return DamagedDatabaseError(
            f"{path} is damaged ({one_line(str(original))}); nothing was changed. "
            f"Run `cso-planner --db {path} check` to see what can be restored"
        )
    return fault_error(path, found, "used")


def _reason(exc: BaseException) -> str:
    code = primary_code(exc)
    if isinstance(exc, OSError) and exc.errno is not None:
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            return "the disk is full"
        if exc.errno == errno.EIO:
            return "the disk reported an input/output error"
        if exc.errno == errno.EROFS:
            return "the disk is read-only"
        if exc.errno in (errno.EACCES, errno.EPERM):
            return "permission denied"
        return exc.strerror or str(exc)
    if code == SQLITE_FULL:
        return "the disk is full"
    if code == SQLITE_IOERR:
        return "the disk reported an input/output error"
    if code in (SQLITE_READONLY, SQLITE_CANTOPEN, SQLITE_PERM):
        return "the file or its folder cannot be written or opened (read-only or permissions)"
    return " ".join(str(exc).split()) or type(exc).__name__


def fault_error(path: pathlib.Path, exc: BaseException, doing: str = "read") -> StorageFaultError:
    """The one-line error for a problem that is not damage, met while ``doing`` to ``path``.

    A disk or folder fault (or any ``OSError``) says so; another SQLite error (not damage
    either) is quoted.
    """
    if isinstance(exc, OSError) or is_fault(exc):
        reason = _reason(exc)
        if primary_code(exc) == SQLITE_IOERR and _disk_full(path):
            reason = "the disk is full"  # SQLite reports a -shm it cannot grow as an I/O error
        return StorageFaultError(
            f"{path} could not be {doing}: {reason}. This is a problem of the disk or "
            "folder, not damage to the file; it was not changed"
        )
    return StorageFaultError(f"{path} could not be {doing} ({_reason(exc)}); it was not changed")


def _disk_full(path: pathlib.Path) -> bool:
    try:
        return shutil.disk_usage(path.parent).free < 64 * 1024
    except OSError:
        return False


def check_rows(path: pathlib.Path, pragma: str = "integrity_check") -> list[str]:
    """The first rows of ``PRAGMA integrity_check`` (or ``quick_check``) on a read-only
    connection that creates nothing beside the file: ``["ok"]`` for a healthy file, SQLite's
    message as the one row when it calls the file damaged.

    Raises:
        StorageFaultError: the disk or folder failed during the check (not damage).
    """
    import sqlite3

    try:
        connection = sqlite3.connect(read_only_uri(path), uri=True)
        try:
            return [str(row[0]) for row in connection.execute(f"PRAGMA {pragma}").fetchmany(5)]
        finally:
            connection.close()
    except sqlite3.Error as exc:
        if not is_damage(exc):
            raise fault_error(path, exc, "checked") from exc
        return [str(exc)]


def one_line(text: str) -> str:
    """``text`` with every run of whitespace (newlines included) made one space."""
    return " ".join(text.split())


def require_free_space(folder: pathlib.Path, needed: int, what: str) -> None:
    """Refuse (before anything is renamed or written) when ``folder`` lacks ``needed`` bytes.

    Raises:
        StorageFaultError: not enough space, with the figures, or the space cannot be read.
    """
    try:
        free = shutil.disk_usage(folder).free
    except OSError as exc:
        raise fault_error(folder, exc, "checked for free space") from exc
    wanted = needed + SPACE_MARGIN_BYTES
    if free < wanted:
        raise StorageFaultError(
            f"not enough free space in {folder} to {what}: {_size(wanted)} needed, "
            f"{_size(free)} free. Free some space and try again; nothing was changed"
        )


def file_size(path: pathlib.Path) -> int:
    """The size of ``path`` and its ``-wal`` (what a copy of it may need), 0 when missing."""
    total = 0
    for candidate in (path, path.with_name(path.name + "-wal")):
        with contextlib.suppress(FileNotFoundError):
            total += os.stat(candidate).st_size
    return total


def _size(count: int) -> str:
    if count < 1024 * 1024:
        return f"{max(1, count // 1024)} KB"
    return f"{count / (1024 * 1024):.1f} MB"
