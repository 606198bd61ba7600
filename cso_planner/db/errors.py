"""Storage errors, sorted at the boundary into ones the user can act on.

Each carries one readable sentence (``str(error)``) that the CLI prints and the GUI shows.
Anything else raised from storage is a bug and is allowed to crash loudly.
"""

from __future__ import annotations

import pathlib


class StorageError(Exception):
    """A problem with the database file that the user can act on."""


class NotADatabaseError(StorageError):
    """The file is not a SQLite database at all."""


class ForeignDatabaseError(StorageError):
    """A SQLite database, but not a CSO Planner one."""


class NewerSchemaError(StorageError):
    """Written by a newer CSO Planner; opened read-only and left untouched."""


class DamagedDatabaseError(StorageError):
    """The file fails SQLite's integrity check (or cannot be read at all).

    ``suggested_backup`` is the newest backup that passed its check, when one exists; the
    message then names it so the CLI and the GUI can offer to restore it.
    """

    def __init__(
        self,
        message: str,
        *,
        suggested_backup: pathlib.Path | None = None,
        db_path: pathlib.Path | None = None,
    ) -> None:
        if suggested_backup is not None:
            where = f"--db {db_path} " if db_path is not None else ""
            message = (
                f"{message}. The newest good backup is {suggested_backup}; "
                "restore it with Tools → Restore from backup… or "
                f"`cso-planner {where}restore {suggested_backup}`"
            )
        super().__init__(message)
        self.suggested_backup = suggested_backup


class StorageFaultError(StorageError):
    """The disk or folder failed (full, I/O error, read-only, permissions): not damage.

    The file may be perfectly healthy, so it is never set aside or replaced because of this.
    """


class MissingDatabaseError(DamagedDatabaseError):
    """The file is gone (or was set aside) but its backups exist: offer one, never start empty.

    ``open_database(..., start_empty=True)`` is the user's explicit choice to start afresh.
    """


BUSY_MESSAGE = "The database is busy (another program is writing); nothing was saved — try again."


class DatabaseBusyError(StorageError):
    """Another process holds the write lock; nothing was saved."""

    def __init__(self, message: str = BUSY_MESSAGE) -> None:
        super().__init__(message)


class BackupFailedError(StorageError):
    """A backup could not be written or did not pass its check."""
