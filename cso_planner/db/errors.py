"""Storage errors, sorted at the boundary into ones the user can act on.

Each carries one readable sentence (``str(error)``) that the CLI prints and the GUI shows.
Anything else raised from storage is a bug and is allowed to crash loudly.
"""

from __future__ import annotations


class StorageError(Exception):
    """A problem with the database file that the user can act on."""


class NotADatabaseError(StorageError):
    """The file is not a SQLite database at all."""


class ForeignDatabaseError(StorageError):
    """A SQLite database, but not a CSO Planner one."""


class NewerSchemaError(StorageError):
    """Written by a newer CSO Planner; opened read-only and left untouched."""


class DamagedDatabaseError(StorageError):
    """The file fails SQLite's integrity check."""


class DatabaseBusyError(StorageError):
    """Another process holds the write lock; nothing was saved."""


class BackupFailedError(StorageError):
    """A backup could not be written or did not pass its check."""
