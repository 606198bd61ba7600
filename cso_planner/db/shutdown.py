"""Detect an unclean shutdown: a marker file that only a crash leaves behind.

``open_database`` writes ``<db>.open-<pid>-<token>`` (0600) once the database is open and
``Database.dispose()`` deletes it. A marker whose process is gone therefore means the last run
was killed, crashed or lost power, and the next open runs a full ``integrity_check`` before
trusting the file.

Why a file and not an ``app_meta`` row: it costs no write transaction at start-up, it is
per process (a CLI command that opens and closes the file while the GUI runs does not clear the
GUI's marker), and a marker whose owner is still running is simply left alone. A recycled pid
can hide one crash (the marker looks alive); that only skips one extra check, it never loses
data.
"""

from __future__ import annotations

import contextlib
import errno
import glob
import os
import pathlib

from cso_planner.db.errors import StorageError

MARKER_INFIX = ".open-"


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: alive
    return True


pid_alive = _pid_alive  # public name for the lock checks in :mod:`cso_planner.db.guard`


def marker_paths(db_path: pathlib.Path) -> list[pathlib.Path]:
    """Every session marker of ``db_path`` (live and stale)."""
    pattern = glob.escape(str(db_path)) + MARKER_INFIX + "*"
    return sorted(pathlib.Path(p) for p in glob.glob(pattern))


def _marker_pid(marker: pathlib.Path, db_path: pathlib.Path) -> int:
    rest = marker.name[len(db_path.name + MARKER_INFIX) :]
    try:
        return int(rest.split("-", 1)[0])
    except ValueError:
        return -1


def stale_markers(db_path: pathlib.Path) -> list[pathlib.Path]:
    """Markers left by processes that are gone: each one is an unclean shutdown."""
    return [m for m in marker_paths(db_path) if not _pid_alive(_marker_pid(m, db_path))]


def write_marker(db_path: pathlib.Path) -> pathlib.Path:
    """Record that this process has ``db_path`` open; returns the marker to remove later.

    Raises:
        MarkerError: the marker could not be written (a full disk, a read-only folder); no
            marker, not even an empty one, is left behind.
    """
    marker = db_path.with_name(f"{db_path.name}{MARKER_INFIX}{os.getpid()}-{os.urandom(4).hex()}")
    try:
        fd = os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except OSError as exc:
        raise MarkerError(db_path, marker, exc) from exc
    try:
        try:
            os.write(fd, f"{os.getpid()}\n".encode("ascii"))
        finally:
            os.close(fd)
    except OSError as exc:
        with contextlib.suppress(OSError):
            marker.unlink()
        raise MarkerError(db_path, marker, exc) from exc
    return marker


class MarkerError(StorageError):
    """The session marker beside the database could not be written; nothing was changed."""

    def __init__(self, db_path: pathlib.Path, marker: pathlib.Path, exc: OSError) -> None:
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            why = "the disk is full"
            advice = "free some space and try again"
        else:
            why = exc.strerror or str(exc)
            advice = f"check that {marker.parent} is writable"
        super().__init__(
            f"cannot open {db_path}: {why} (writing {marker.name} beside it); {advice}. "
            "Nothing was changed."
        )


def remove_markers(markers: list[pathlib.Path]) -> None:
    for marker in markers:
        with contextlib.suppress(FileNotFoundError):
            marker.unlink()
