"""Open a database safely: inspect first, refuse what is not ours, migrate with a backup.

The inspection uses plain ``sqlite3`` read-only (no SQLAlchemy, no Alembic) so that a normal start
stays fast and a file we must refuse is never modified: when no ``-wal`` is present it is opened
``immutable=1``, which creates no side files and leaves the file byte-identical.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import os
import pathlib
import sqlite3
import stat
from collections.abc import Iterator
from typing import TYPE_CHECKING

from cso_planner.db.errors import (
    DamagedDatabaseError,
    ForeignDatabaseError,
    MissingDatabaseError,
    NewerSchemaError,
    NotADatabaseError,
    StorageError,
    StorageFaultError,
)
from cso_planner.db.faults import (
    check_rows,
    confirm_damage,
    fault_error,
    is_damage,
    is_fault,
    one_line,
    read_only_uri,
)
from cso_planner.db.revisions import HEAD, KNOWN_REVISIONS
from cso_planner.db.shutdown import remove_markers, stale_markers, write_marker
from cso_planner.db.sqlite_file import APPLICATION_ID, connect_read_only, connect_reader
from cso_planner.paths import ensure_private_dir, make_private, side_files

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session, sessionmaker

    from cso_planner.db.outside_changes import ChangeWatch

SQLITE_HEADER = b"SQLite format 3\x00"
# quick_check reads every page (about 3 ms for 2 MB here); above this size a normal start skips
# it, and only an unclean shutdown (or "Check database") pays for a full check.
QUICK_CHECK_MAX_BYTES = 64 * 1024 * 1024


@dataclasses.dataclass(frozen=True)
class FileState:
    """What an existing file is, read without changing it."""

    exists: bool
    revision: str | None = None
    catalog_version: str | None = None

    @property
    def is_new(self) -> bool:
        return not self.exists or self.revision is None


@dataclasses.dataclass
class Database:
    """An open, migrated database: the engine and the session factory built on it.

    Attributes:
        recovered_from_crash: the previous run did not close the file cleanly (killed, crashed,
            power lost); a full ``integrity_check`` ran at this open and passed. The GUI may
            say so once.
        startup_check: the check run at open (``"integrity_check"``, ``"quick_check"``) or
            ``None`` for a new file or one too large to check at every start.
        read_only: the file (or its folder) is marked read-only and was opened for reading
            only (``open_database(..., read_only_ok=True)``): every connection is read-only,
            nothing beside the file is written, a write fails.
        values_bounded: rows whose stored values were outside their bounds (a 9999-12-31
            expiry from version 0.1, a hand-edited 1e308) and were moved to the nearest bound at
            this open, by table (:mod:`cso_planner.db.bounds`). The GUI says so once.
    """

    path: pathlib.Path
    recovered_from_crash: bool = False
    startup_check: str | None = None
    marker: pathlib.Path | None = None
    read_only: bool = False
    values_bounded: dict[str, int] = dataclasses.field(default_factory=dict)
    _engine: Engine | None = dataclasses.field(default=None, repr=False)
    _session_factory: sessionmaker[Session] | None = dataclasses.field(default=None, repr=False)

    @property
    def engine(self) -> Engine:
        """SQLAlchemy's engine, made on first use: a command that only reads through
        :meth:`reader` never imports SQLAlchemy."""
        if self._engine is None:
            from cso_planner.db.engine import make_engine

            self._engine = make_engine(self.path, read_only=self.read_only)
        return self._engine

    @property
    def session_factory(self) -> sessionmaker[Session]:
        if self._session_factory is None:
            from cso_planner.db.engine import make_session_factory

            self._session_factory = make_session_factory(self.engine)
        return self._session_factory

    @contextlib.contextmanager
    def reader(self) -> Iterator[sqlite3.Connection]:
        """A plain ``sqlite3`` connection in one read transaction, closed at the end."""
        connect = connect_read_only if self.read_only else connect_reader
        connection = connect(self.path)
        try:
            connection.execute("BEGIN")
            yield connection
        finally:
            connection.close()  # the read transaction ends with it

    @functools.cached_property
    def change_watch(self) -> ChangeWatch:
        """Tells the window whether another program committed since it last loaded its views.

        This process's own commits (every session of ``session_factory``) count as seen: they
        are the app's own edits, followed by its own reloads.
        """
        from sqlalchemy import event

        from cso_planner.db.outside_changes import ChangeWatch

        watch = ChangeWatch(self.path)
        event.listen(self.session_factory, "after_commit", watch.after_own_commit)
        return watch

    @functools.cached_property
    def read_session_factory(self) -> sessionmaker[Session]:
        """Sessions that only read: they never take (or wait for) the write lock."""
        from cso_planner.db.engine import make_read_session_factory

        return make_read_session_factory(self.engine)

    def dispose(self) -> None:
        """Close cleanly: release every connection and clear the unclean-shutdown marker."""
        watch = self.__dict__.pop("change_watch", None)
        if watch is not None:
            from sqlalchemy import event

            event.remove(self.session_factory, "after_commit", watch.after_own_commit)
            watch.close()
        if self._engine is not None:
            self._engine.dispose()
        if self.read_only:
            return  # nothing of a read-only file is changed, its side files' modes included
        for side in side_files(self.path):
            make_private(side)
        if self.marker is not None:
            remove_markers([self.marker])
            self.marker = None


def inspect_file(path: pathlib.Path) -> FileState:
    """Classify ``path`` without writing to it.

    Raises:
        NotADatabaseError, ForeignDatabaseError, NewerSchemaError, DamagedDatabaseError.
    """
    if not path.exists():
        return FileState(exists=False)
    if path.is_dir():
        raise NotADatabaseError(f"{path} is a folder, not a CSO Planner database file")
    if not path.is_file():
        raise NotADatabaseError(f"{path} is not a regular file, not a CSO Planner database")
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise fault_error(path, exc) from exc
    if not header:
        return FileState(exists=True)  # an empty file: SQLite treats it as a new database
    if header != SQLITE_HEADER:
        raise NotADatabaseError(f"{path} is not a SQLite database; it was not changed")

    # immutable=1 creates nothing beside the file; with a -wal present (an unclean exit) the
    # log must be read, so plain read-only mode is used instead.
    try:
        connection = sqlite3.connect(read_only_uri(path), uri=True)
    except sqlite3.Error as exc:
        raise _damage_or_fault(path, exc) from exc
    try:
        application_id = connection.execute("PRAGMA application_id").fetchone()[0]
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        if application_id != APPLICATION_ID:
            if not tables:
                return FileState(exists=True)  # an empty SQLite file, nothing to lose
            raise ForeignDatabaseError(
                f"{path} is a SQLite database of another program, not CSO Planner; "
                "it was not changed"
            )
        revision = _single_value(connection, "SELECT version_num FROM alembic_version")
        catalog_version = None
        if "app_meta" in tables:
            catalog_version = _single_value(
                connection, "SELECT value FROM app_meta WHERE key = 'catalog_version'"
            )
    except sqlite3.Error as exc:
        raise _damage_or_fault(path, exc) from exc
    finally:
        connection.close()

    if revision is None:
        raise DamagedDatabaseError(f"{path} has no schema version; it was not changed")
    if revision not in KNOWN_REVISIONS:
        raise NewerSchemaError(
            f"{path} was written by a newer version of CSO Planner (schema {revision}); "
            f"this version knows schemas up to {HEAD}. Install the newer version. "
            "The file was not changed."
        )
    return FileState(exists=True, revision=revision, catalog_version=catalog_version)


def _damage_or_fault(path: pathlib.Path, exc: sqlite3.Error) -> StorageError:
    """Only SQLITE_CORRUPT / SQLITE_NOTADB is damage; a full disk or an I/O error is not."""
    if is_damage(exc):
        confirm_damage(path)  # an I/O error while reading a page looks the same to SQLite
        return DamagedDatabaseError(
            f"{path} is damaged and cannot be read ({one_line(str(exc))}); it was not changed"
        )
    return fault_error(path, exc)


def _single_value(connection: sqlite3.Connection, sql: str) -> str | None:
    try:
        row = connection.execute(sql).fetchone()
    except sqlite3.OperationalError as exc:
        if is_damage(exc) or is_fault(exc):
            raise
        return None  # no such table
    return str(row[0]) if row else None


def open_database(
    path: pathlib.Path,
    *,
    private_dir: bool = False,
    start_empty: bool = False,
    must_exist: bool = False,
    read_only_ok: bool = False,
) -> Database:
    """Open (creating or upgrading as needed) the database at ``path``.

    Args:
        path: the database file.
        private_dir: make the containing folder 0700 (the default data folder); a folder the
            user chose with ``--db`` is created 0700 if missing but otherwise left alone.
        start_empty: create a new database even though automatic backups of ``path`` exist
            (the user chose to start afresh instead of restoring one).
        must_exist: refuse to create ``path`` (a command that only reads: a mistyped path
            must not become a new, empty database).
        read_only_ok: a file (or folder) marked read-only is opened for reading only
            (``Database.read_only``) instead of refused, when it needs no upgrade: a command
            that only reads answers from it, and nothing is written.

    Raises:
        MissingDatabaseError: ``path`` does not exist but its automatic backups do (it was
            moved, deleted or set aside); ``suggested_backup`` names the one to restore.
        DamagedDatabaseError: the file fails its check (a full ``integrity_check`` after an
            unclean shutdown), is unreadable, or is empty although its backups exist. Nothing
            is created in its place; ``suggested_backup`` names the newest good backup.
        StorageError: the file is not ours or is from a newer version.
    """
    path = path.expanduser().absolute()
    try:
        state = inspect_file(path)
    except DamagedDatabaseError as exc:
        raise damaged_error(path, str(exc)) from exc
    except NotADatabaseError as exc:
        if path.is_file() and _has_auto_backups(path):
            # Our file, overwritten (its backups are here): damage, with a backup to offer.
            raise damaged_error(path, str(exc)) from exc
        raise
    if not state.exists and not start_empty and _has_auto_backups(path):
        from cso_planner.db.backup import newest_good_backup

        raise MissingDatabaseError(
            f"{path} does not exist, but backups of it do; nothing was created",
            suggested_backup=newest_good_backup(path),
            db_path=path,
        )
    if not state.exists and must_exist:
        raise StorageError(f"no such database: {path} (check the path); nothing was created")
    stale = stale_markers(path)
    startup_check = _verify_at_open(path, state, full=bool(stale), start_empty=start_empty)
    if state.exists:
        try:
            refuse_if_read_only(path)
        except StorageFaultError as refused:
            if not read_only_ok:
                raise
            return _open_read_only(path, state, refused, startup_check, bool(stale))

    if private_dir or not path.parent.exists():
        ensure_private_dir(path.parent)

    created = False
    if not state.exists:
        # Create the file 0600 before SQLite does, whatever the umask.
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        created = True
    make_private(path)

    try:
        if state.revision != HEAD:
            if state.revision is not None:
                from cso_planner.db.backup import pre_migration_backup

                pre_migration_backup(path, state.revision)
            from cso_planner.db import migrate

            migrate.upgrade(path, script_location=migrate.MIGRATIONS_DIR)
    except BaseException as exc:
        if created:
            # Nothing half-made is left behind for a file this call created.
            for leftover in [path, *side_files(path)]:
                with contextlib.suppress(FileNotFoundError):
                    leftover.unlink()
        if is_fault(exc):  # a full disk or an I/O error while upgrading: not damage
            raise fault_error(path, exc, "upgraded") from exc
        raise

    database = _connect(path)
    try:
        _sync_catalog_if_needed(database, state)
        database.values_bounded = _bound_stored_values(database)
    except Exception as exc:
        database.engine.dispose()
        if is_fault(exc):
            raise fault_error(path, exc, "updated") from exc
        raise
    for side in side_files(path):
        make_private(side)
    database.recovered_from_crash = bool(stale)
    database.startup_check = startup_check
    try:
        database.marker = write_marker(path)
    except StorageError:
        database.dispose()
        raise
    remove_markers(stale)  # checked above: the crash they recorded has been dealt with
    return database


def _open_read_only(
    path: pathlib.Path,
    state: FileState,
    refused: StorageFaultError,
    startup_check: str | None,
    unclean: bool,
) -> Database:
    """The read-only file, checked above, opened for reading: no upgrade, no catalog update,
    no marker (its folder may not be writable; nothing here writes)."""
    if state.revision != HEAD:
        raise StorageFaultError(
            f"{refused} (it was written by an earlier version of CSO Planner and must be "
            "upgraded before it can be read, which needs it writable)"
        ) from refused
    return Database(
        path=path, recovered_from_crash=unclean, startup_check=startup_check, read_only=True
    )


def refuse_if_read_only(path: pathlib.Path) -> None:
    """Say plainly that a read-only file (or folder) cannot be opened for planning.

    The file's mode is the person's choice: it is never changed to make the file writable.

    Raises:
        StorageFaultError: the file is marked read-only or cannot be written, or its folder
            cannot be written (SQLite keeps its journal beside the file).
    """
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        raise fault_error(path, exc) from exc
    if not mode & stat.S_IWUSR or not os.access(path, os.W_OK):
        raise StorageFaultError(
            f"{path} is read-only, so CSO Planner cannot open it for planning; make it "
            f"writable (chmod u+w {path}) or work on a copy. It was not changed"
        )
    if not os.access(path.parent, os.W_OK | os.X_OK):
        raise StorageFaultError(
            f"the folder {path.parent} is read-only, and CSO Planner keeps its journal beside "
            f"{path.name}; move the file to a folder you can write to. It was not changed"
        )


def damaged_error(path: pathlib.Path, message: str) -> DamagedDatabaseError:
    """The error for a damaged ``path``, naming the newest good backup when there is one."""
    from cso_planner.db.backup import newest_good_backup

    return DamagedDatabaseError(message, suggested_backup=newest_good_backup(path), db_path=path)


def _has_auto_backups(path: pathlib.Path) -> bool:
    from cso_planner.db.backup import list_backups

    return any(b.kind == "auto" for b in list_backups(path))


def _verify_at_open(
    path: pathlib.Path, state: FileState, *, full: bool, start_empty: bool
) -> str | None:
    """Check an existing database before anything writes to it.

    ``full`` (after an unclean shutdown) runs ``integrity_check``; otherwise ``quick_check`` runs
    when the file is small enough to keep start-up fast.

    Raises:
        DamagedDatabaseError: the check failed, or the file is empty although backups of it
            exist (a truncated database must never silently become an empty one).
    """
    if state.revision is None:
        if state.exists and not start_empty and _has_auto_backups(path):
            raise damaged_error(
                path, f"{path} is empty although backups of it exist; it was not changed"
            )
        return None
    if not full and path.stat().st_size > QUICK_CHECK_MAX_BYTES:
        return None
    pragma = "integrity_check" if full else "quick_check"
    rows = check_rows(path, pragma)
    if rows != ["ok"]:
        confirm_damage(path, "checked")
        found = one_line("; ".join(rows))
        raise damaged_error(path, f"{path} is damaged ({found}); it was not changed")
    return pragma


def _connect(path: pathlib.Path) -> Database:
    return Database(path=path)  # the engine is made on first use


def _bound_stored_values(database: Database) -> dict[str, int]:
    """Values outside their bounds moved inside (see :mod:`cso_planner.db.bounds`).

    Looked for in a read transaction first, so an open that finds nothing (every open but the
    first after such a value was stored) takes no write lock and writes nothing.
    """
    from cso_planner.db import bounds
    from cso_planner.db.guard import lock_holder_alive

    if lock_holder_alive(database.path):
        return {}  # a window has it open (and bounded it at its own open): never write under it
    with database.reader() as connection:
        if not bounds.any_out_of_bounds(connection):
            return {}
    from cso_planner.db.backup import pre_bounding_backup

    pre_bounding_backup(database.path)  # the values as they were, kept like a migration's
    with database.engine.begin() as connection:
        driver = connection.connection.driver_connection
        assert isinstance(driver, sqlite3.Connection)
        return bounds.bound_stored_values(driver)


def _sync_catalog_if_needed(database: Database, state: FileState) -> None:
    from cso_planner.db.bundled_catalog import bundled_catalog_document, is_newer

    document = bundled_catalog_document()
    # Up to date, or updated from a newer catalog file than this release bundles: keep it.
    if not is_newer(str(document["catalog_version"]), state.catalog_version):
        return
    from cso_planner.db.catalog_sync import sync_catalog  # the models: only when syncing

    with database.session_factory.begin() as session:
        sync_catalog(session, document)


__all__ = [
    "Database",
    "FileState",
    "StorageError",
    "damaged_error",
    "inspect_file",
    "open_database",
]
