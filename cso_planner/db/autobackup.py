"""Automatic backups: on clean exit and every few hours of changes, verified, bounded.

When to back up: only when the data differs from the newest good automatic backup. The test is
a content fingerprint (SHA-256 over every table's rows, sorted) computed on both files, read-only.
It was chosen over the alternatives because it is always right about what matters:

* ``PRAGMA data_version`` is per connection and forgets everything at close;
* a change counter bumped from SQLAlchemy's ``after_commit`` misses writes made outside the
  ORM (a restore, the ``sqlite3`` shell) and costs a write in every transaction;
* a remembered fingerprint (an ``app_meta`` row or a side file) can claim a backup that the user
  has since deleted; comparing with the backup that is actually there cannot.

A person's planner is small (10,000 CPE rows hash in tens of milliseconds), so reading both
files at exit is cheap; the files are compared table by table (:func:`same_data`), and the first
table that differs ends the comparison, so after a session of edits most of both files is not
read at all.

Rotation (:func:`select_backups_to_keep`) keeps the newest automatic backup of each of the 7 most
recent days, 4 most recent ISO weeks and 6 most recent months that have one: at most 17 files.
It runs only after a new backup passed ``quick_check``, counts only backups that pass it, and
never touches pre-migration backups or files it does not recognise.

Proof files live in their own store beside the database and are backed up once, to
``<stem>-proofs.sqlite3`` in the backup folder, topped up with new proofs only
(:func:`backup_proofs`): never 17 copies of them.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import itertools
import pathlib
import sqlite3
from collections.abc import Callable, Generator, Hashable, Iterable
from typing import TYPE_CHECKING, Literal, TypeVar

from cso_planner.db.backup import (
    STAMP_FORMAT,
    BackupFile,
    is_good_backup,
    list_backups,
    unused_name,
    write_verified_backup,
)
from cso_planner.db.errors import BackupFailedError
from cso_planner.db.proofs import ProofStore, mirror_into
from cso_planner.paths import backup_dir_for, ensure_private_dir

if TYPE_CHECKING:
    from cso_planner.db.opening import Database

DEFAULT_MIN_INTERVAL = dt.timedelta(hours=3)
KEEP_DAILY = 7
KEEP_WEEKLY = 4
KEEP_MONTHLY = 6

Reason = Literal["exit", "periodic"]
K = TypeVar("K", bound=Hashable)


def fingerprint(path: pathlib.Path) -> str:
    """SHA-256 of every table's rows in a stable order (read-only; pages and rowids ignored)."""
    digest = hashlib.sha256()
    for table_digest in _table_digests(path):
        digest.update(table_digest)
    return digest.hexdigest()


def same_data(first: pathlib.Path, second: pathlib.Path) -> bool:
    """Whether both files hold the same rows (``fingerprint(first) == fingerprint(second)``),
    table by table: the first table that differs ends the comparison, so after an edit the
    rest of both files is not read (most of a quit's work at 100,000 CPE activities)."""
    missing = object()
    with (
        contextlib.closing(_table_digests(first)) as one,
        contextlib.closing(_table_digests(second)) as other,
    ):  # closed (their connections too) at the first difference
        return all(a == b for a, b in itertools.zip_longest(one, other, fillvalue=missing))


def _table_digests(path: pathlib.Path) -> Generator[bytes, None, None]:
    """Per table, in name order: the SHA-256 of its name and rows (what ``fingerprint`` hashes)."""
    wal_present = path.with_name(path.name + "-wal").exists()
    query = "mode=ro" if wal_present else "mode=ro&immutable=1"
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?{query}", uri=True)
    try:
        tables = [
            str(row[0])
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        for table in tables:
            digest = hashlib.sha256()
            columns = len(connection.execute(f'PRAGMA table_info("{table}")').fetchall())
            order = ", ".join(str(i) for i in range(1, columns + 1))
            digest.update(f"\x00table {table}\x00".encode())
            cursor = connection.execute(f'SELECT * FROM "{table}" ORDER BY {order}')
            # Whole batches through repr() and the hash: one Python call per 2,000 rows, not
            # two per row (0.9 s for both files at 100,000 CPE activities). Both files are
            # hashed the same way, so the batch size only has to be fixed.
            while rows := cursor.fetchmany(2000):
                digest.update(repr(rows).encode("utf-8", "surrogatepass"))
            yield digest.digest()
    finally:
        connection.close()


def _auto_backups(db_path: pathlib.Path) -> list[BackupFile]:
    return [b for b in list_backups(db_path) if b.kind == "auto"]


def _newest_good(backups: Iterable[BackupFile]) -> BackupFile | None:
    for backup in backups:  # newest first
        if is_good_backup(backup.path):
            return backup
    return None


def maybe_backup(
    db_path: pathlib.Path,
    *,
    reason: Reason,
    now: dt.datetime | None = None,
    min_interval: dt.timedelta = DEFAULT_MIN_INTERVAL,
) -> pathlib.Path | None:
    """Write a verified automatic backup of ``db_path`` if its data changed; then rotate.

    Args:
        db_path: the database (may be open in this process; it is only read).
        reason: ``"exit"`` backs up whenever the data changed since the newest good automatic
            backup; ``"periodic"`` (a timer while the app runs) also waits until that backup is
            ``min_interval`` old.
        now: the local time to name the backup by (tests pass it).

    Returns:
        The new backup, or ``None`` when nothing changed or it is too soon.

    Raises:
        BackupFailedError: the backup could not be written or failed its check; the earlier
            backups are left exactly as they were (none is replaced or rotated away).
    """
    now = now or dt.datetime.now()
    try:
        created = _maybe_backup(db_path, reason, now, min_interval)
    except (OSError, sqlite3.Error) as exc:
        # An unreadable or read-only backups folder, a full disk: the person must be told.
        raise BackupFailedError(
            f"could not back up {db_path.name} in {backup_dir_for(db_path)}: "
            f"{getattr(exc, 'strerror', None) or exc}"
        ) from exc
    backup_proofs(db_path)  # after the database's: a failure here cannot cost that backup
    return created


def _maybe_backup(
    db_path: pathlib.Path, reason: Reason, now: dt.datetime, min_interval: dt.timedelta
) -> pathlib.Path | None:
    backups = _auto_backups(db_path)
    # A backup named after a clock that was set too far ahead (and then put right) says
    # nothing about how long ago the last backup was: the interval counts from the newest one
    # made up to now. Its data still counts, so unchanged data is not backed up again.
    reference = _newest_good(b for b in backups if b.time <= now)
    if reason == "periodic" and reference is not None and now - reference.time < min_interval:
        return None
    compared = [b for b in (reference, _newest_good(b for b in backups if b.time > now)) if b]
    # Table by table, stopping at the first that differs (see same_data).
    if compared and any(same_data(b.path, db_path) for b in compared):
        return None
    stem = f"{db_path.stem}-auto-{now.strftime(STAMP_FORMAT)}"
    created = write_verified_backup(db_path, unused_name(backup_dir_for(db_path), stem))
    rotate_backups(db_path, now=now)
    return created


def proofs_backup_path(db_path: pathlib.Path) -> pathlib.Path:
    """The one backup of the proof store: ``<stem>-proofs.sqlite3`` in the backup folder."""
    return backup_dir_for(db_path) / f"{db_path.stem}-proofs.sqlite3"


def backup_proofs(db_path: pathlib.Path) -> int:
    """Top up the backup of the proof store with the proofs added since (see ``db/proofs``).

    One copy serves every rotated backup of the database: proof content never changes and is
    never deleted, so the set stays bounded by the proofs themselves. Returns how many proofs
    were copied (0 when none was added: nothing is written).

    Raises:
        BackupFailedError: the copy could not be written or failed its check.
    """
    source = ProofStore.beside(db_path)
    if not source.path.exists():
        return 0
    try:
        ensure_private_dir(backup_dir_for(db_path))
        return mirror_into(source, ProofStore(proofs_backup_path(db_path)))
    except (OSError, sqlite3.Error) as exc:
        raise BackupFailedError(f"backup of the proof files failed: {exc}") from exc


def rotate_backups(db_path: pathlib.Path, *, now: dt.datetime) -> list[pathlib.Path]:
    """Delete the automatic backups that the retention policy no longer keeps.

    A backup that fails its check is not counted as kept (so it cannot push a good one out) and
    is not deleted either (it is left for the user to look at). Returns the deleted files.
    """
    good = [b for b in _auto_backups(db_path) if is_good_backup(b.path)]
    keep = select_backups_to_keep([(b.path.name, b.time) for b in good], now)
    deleted = []
    for backup in good:
        if backup.path.name not in keep:
            backup.path.unlink(missing_ok=True)
            deleted.append(backup.path)
    return deleted


def _newest_per_period(
    items: list[tuple[str, dt.datetime]], period: Callable[[dt.datetime], K], count: int
) -> set[str]:
    """The newest name in each of the ``count`` most recent periods that have one."""
    chosen: dict[K, str] = {}
    for name, when in items:  # newest first
        key = period(when)
        if key not in chosen:
            if len(chosen) == count:
                break
            chosen[key] = name
    return set(chosen.values())


def select_backups_to_keep(
    names_with_times: Iterable[tuple[str, dt.datetime]],
    now: dt.datetime,
    *,
    daily: int = KEEP_DAILY,
    weekly: int = KEEP_WEEKLY,
    monthly: int = KEEP_MONTHLY,
) -> set[str]:
    """The names to keep: newest of each of the last ``daily`` days, ``weekly`` ISO weeks and
    ``monthly`` months that have a backup (so at most ``daily + weekly + monthly``).

    Backups dated after ``now`` (the clock went back) are all kept: they may hold the newest
    data, and deleting what we cannot place in time is never the safe choice.
    """
    items = sorted(names_with_times, key=lambda item: (item[1], item[0]), reverse=True)
    future = {name for name, when in items if when > now}
    past = [(name, when) for name, when in items if when <= now]
    return (
        future
        | _newest_per_period(past, lambda t: t.date(), daily)
        | _newest_per_period(past, lambda t: tuple(t.isocalendar())[:2], weekly)
        | _newest_per_period(past, lambda t: (t.year, t.month), monthly)
    )


def close_cleanly(database: Database, *, now: dt.datetime | None = None) -> pathlib.Path | None:
    """On clean exit: back up if the data changed, then close (clears the crash marker).

    The database is closed even when the backup fails; the ``BackupFailedError`` is then
    re-raised for the caller to report.
    """
    try:
        return maybe_backup(database.path, reason="exit", now=now)
    finally:
        database.dispose()
        _fold_wal(database.path)


def _fold_wal(path: pathlib.Path) -> None:
    """Leave the folder as SQLite leaves it after a clean close: no ``-wal``/``-shm``.

    The backup reads through a read-only connection, which in WAL mode creates the side files
    but may not remove them; closing one read-write connection (the last one) checkpoints and
    deletes them. Harmless if another reader is still open: SQLite then keeps them.
    """
    if not path.with_name(path.name + "-wal").exists():
        return
    with contextlib.suppress(sqlite3.Error):
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=rw", uri=True)
        try:
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()  # opens the WAL
        finally:
            connection.close()
