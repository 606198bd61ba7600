"""Guards every writer calls before it changes the database or writes next to it.

* :func:`refuse_if_open` — the one "is this file open in another CSO Planner?" check, used by
  every command that changes the database (``import``, ``restore``, setting a damaged file
  aside). A window keeps rows on screen and undo steps that name them; a change made under it
  would be undone or overwritten from its stale view, so a writer refuses while a window has
  the file. The window holds ``<db>.lock`` (``QLockFile``: pid first) for as long as it is
  open; every process with the file open (window or command) also leaves an ``.open-<pid>``
  marker (see :mod:`cso_planner.db.shutdown`).
* :func:`refuse_own_files` — an export must never be written over the database, its
  ``-wal``/``-shm``, its lock or markers, or a backup of it (resolved through symlinks and hard
  links), which would destroy the very data being exported.
"""

from __future__ import annotations

import os
import pathlib

from cso_planner.db.errors import StorageError
from cso_planner.db.shutdown import marker_paths, pid_alive, stale_markers


class DatabaseInUseError(StorageError):
    """Another running CSO Planner has the database open; nothing was changed."""


class OwnFileError(StorageError):
    """An export was aimed at the database itself (or a file that belongs to it)."""


def lock_path(db_path: pathlib.Path) -> pathlib.Path:
    """The window's lock beside the database (``ui.single_instance`` takes it)."""
    return db_path.with_name(db_path.name + ".lock")


def lock_holder(db_path: pathlib.Path) -> int | None:
    """The pid of another running process holding ``<db>.lock``, else ``None``.

    This process's own lock does not count: the window restoring a backup into the file it has
    open closes its connections first and keeps the lock so no one else opens it.
    """
    try:
        pid = int(lock_path(db_path).read_text("utf-8", errors="replace").split()[0])
    except (OSError, ValueError, IndexError):
        return None
    if pid == os.getpid() or not pid_alive(pid):
        return None
    return pid


def lock_holder_alive(db_path: pathlib.Path) -> bool:
    """True when another running CSO Planner window holds ``<db>.lock``."""
    return lock_holder(db_path) is not None


def live_markers(db_path: pathlib.Path) -> list[pathlib.Path]:
    """The ``.open-<pid>`` markers of other processes that are still running."""
    stale = set(stale_markers(db_path))
    own = f"{db_path.name}.open-{os.getpid()}-"
    return [m for m in marker_paths(db_path) if m not in stale and not m.name.startswith(own)]


def refuse_if_open(db_path: pathlib.Path, *, replacing_file: bool = False) -> None:
    """Refuse to change ``db_path`` while another CSO Planner has it open.

    Args:
        replacing_file: the writer replaces or renames the file itself (``restore``, setting a
            damaged file aside), so no other process may have it open at all, a short command
            included. Otherwise (``import``) the change is one SQLite transaction, which
            other commands simply wait for; only an open window (its lock) is refused.

    Raises:
        DatabaseInUseError: one line naming the file and what to do; nothing was changed.
    """
    path = db_path.expanduser().absolute()
    holder = lock_holder(path)
    if holder is not None:
        raise DatabaseInUseError(
            f"{path} is open in a CSO Planner window (process {holder}); close that window "
            "first. Nothing was changed."
        )
    if replacing_file and live_markers(path):
        raise DatabaseInUseError(
            f"{path} is open in another CSO Planner (a window or a command); close it first. "
            "Nothing was changed."
        )


# --- exports never overwrite the database ----------------------------------------------------

# Files SQLite and the app keep beside ``<db>``: ``<db><suffix>``.
_SIDE_SUFFIXES = ("-wal", "-shm", "-journal", ".lock")
# Copies kept beside ``<db>``: ``<db><prefix><stamp>`` (markers, set-aside and pre-restore
# files, a restore being staged).
_SIDE_PREFIXES = (".open-", ".before-restore-", ".damaged-")


def _real(path: pathlib.Path) -> pathlib.Path:
    return pathlib.Path(os.path.realpath(path.expanduser().absolute()))


def _same_file(a: pathlib.Path, b: pathlib.Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _belongs_to(db_path: pathlib.Path, target: pathlib.Path) -> str | None:
    """What ``target`` is to the database (``"the database"``, ``"its -wal file"``...)."""
    from cso_planner.paths import backup_dir_for

    db = _real(db_path)
    real = _real(target)
    if real == db or _same_file(target, db):
        return "the database itself"
    if real.parent == db.parent:
        for suffix in _SIDE_SUFFIXES:
            if real.name == db.name + suffix:
                return f"the database's {suffix.lstrip('.-')} file"
            if _same_file(target, db.with_name(db.name + suffix)):
                return f"the database's {suffix.lstrip('.-')} file"
        for prefix in _SIDE_PREFIXES:
            if real.name.startswith(db.name + prefix):
                return "a copy the app keeps of the database"
        if real.name == f".{db.name}.restoring":
            return "a copy the app keeps of the database"
    from cso_planner.db.proofs import proofs_path

    proofs = proofs_path(db_path)
    if real == _real(proofs) or _same_file(target, proofs):
        return "the database's proof files"
    folder = _real(backup_dir_for(db_path))
    if real.parent == folder or real == folder:
        return "the database's backups folder"
    if real.exists():
        try:
            header = real.open("rb").read(16)
        except OSError:
            header = b""
        if header == b"SQLite format 3\x00":
            from cso_planner.db.backup import list_backups

            if any(_same_file(real, b.path) for b in list_backups(db_path)):
                return "a backup of the database"
    return None


def refuse_own_files(db_path: pathlib.Path, target: pathlib.Path) -> None:
    """Refuse an export whose ``target`` is the database or a file that belongs to it.

    Raises:
        OwnFileError: one line naming the target; nothing was written.
    """
    what = _belongs_to(db_path, target)
    if what is not None:
        raise OwnFileError(
            f"{target} is {what}; an export there would destroy your data. Choose another "
            "file name. Nothing was written."
        )


__all__ = [
    "DatabaseInUseError",
    "OwnFileError",
    "live_markers",
    "lock_holder",
    "lock_holder_alive",
    "lock_path",
    "refuse_if_open",
    "refuse_own_files",
]
