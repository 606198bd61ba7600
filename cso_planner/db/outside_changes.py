"""Notice a change another program committed to the open file, before saving over it.

The window shows rows and keeps undo steps that name them. If another process changed the
file meanwhile (an import, a second tool), saving from that view would undo or overwrite the
other change silently. :class:`ChangeWatch` keeps one idle read connection open on the file and
asks SQLite's ``PRAGMA data_version``, which changes exactly when another connection committed
since this one last looked. The window records the version whenever it (re)loads its views
(:meth:`ChangeWatch.mark_seen`) and checks it inside each write transaction, after taking the
write lock (:meth:`ChangeWatch.changed`), so no commit can slip in between the check and the
save.

This process's own commits are marked as seen as they happen (a session ``after_commit``
hook, see ``Database.change_watch``): a screen that wrote and reloads itself is current. Only
a commit from another connection outside the app's sessions — another process — is "changed".

The watch never starts a transaction of its own: each ``PRAGMA`` is a statement in autocommit
mode, so it holds no snapshot and never blocks a checkpoint.
"""

from __future__ import annotations

import pathlib
import sqlite3

from cso_planner.db.errors import StorageError

STALE_MESSAGE = (
    "Another program changed this database since the window last showed it, so your change "
    "was not saved. The window now shows the current data; make the change again."
)


class StaleViewError(StorageError):
    """The file changed under the window since its views were loaded; nothing was saved."""

    def __init__(self, message: str = STALE_MESSAGE) -> None:
        super().__init__(message)


class ChangeWatch:
    """An idle connection on ``path`` that tells whether anyone else committed since a mark."""

    def __init__(self, path: pathlib.Path) -> None:
        self._seen = 0
        self._connection: sqlite3.Connection | None
        try:
            self._connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        except sqlite3.Error:
            self._connection = None  # nothing to compare: writes go ahead as before
        self._seen = self.version()

    def version(self) -> int:
        """SQLite's ``data_version`` as this connection sees it now.

        If the watch itself cannot read (an I/O error), the last mark is returned: the write
        being checked meets the same file and reports its own error.
        """
        if self._connection is None:
            return self._seen
        try:
            row = self._connection.execute("PRAGMA data_version").fetchone()
        except sqlite3.Error:
            return self._seen
        return int(row[0])

    def mark_seen(self) -> None:
        """What the window shows now is the file's current content."""
        self._seen = self.version()

    def after_own_commit(self, _session: object) -> None:
        """A session of this process committed: its own change, not another program's."""
        self.mark_seen()

    def changed(self) -> bool:
        """True when another connection committed since :meth:`mark_seen`."""
        return self.version() != self._seen

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None


__all__ = ["STALE_MESSAGE", "ChangeWatch", "StaleViewError"]
