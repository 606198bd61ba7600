"""One running instance per database file: a ``QLockFile`` named ``<db>.lock`` beside it.

``QLockFile`` writes the holder's PID; a lock whose process is gone (a crash, a SIGKILL) is
stale and reclaimed by ``tryLock``. ``staleLockTime`` is 0 so a live holder is never
considered stale because of age, however long the window stays open.
"""

from __future__ import annotations

import pathlib

from PySide6.QtCore import QLockFile


class AlreadyOpenError(Exception):
    """Another running CSO Planner has this database open."""


def lock_path(db_path: pathlib.Path) -> pathlib.Path:
    return db_path.with_name(db_path.name + ".lock")


def acquire_lock(db_path: pathlib.Path) -> QLockFile:
    """Lock ``db_path`` for this process; the caller keeps the returned lock alive.

    Raises:
        AlreadyOpenError: another live process holds the lock (its PID is in the message).
        OSError: the lock file cannot be created (read-only folder...).
    """
    path = lock_path(db_path)
    lock = QLockFile(str(path))
    lock.setStaleLockTime(0)
    if lock.tryLock(0):
        return lock
    error = lock.error()
    if error == QLockFile.LockError.LockFailedError:
        # tryLock already removed a lock left by a dead process; this one is alive.
        info = lock.getLockInfo()
        holder = f" (process {info[1]})" if isinstance(info, tuple) and info[0] else ""
        raise AlreadyOpenError(
            f"{db_path} is already open in another CSO Planner window{holder}. "
            "Switch to that window, or close it first."
        )
    raise OSError(f"cannot create the lock file {path} (check the folder's permissions)")
