"""Check a database's health and restore it from a verified backup (CLI and Tools menu)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import pathlib
import sqlite3

from cso_planner.db.backup import newest_good_backup, quick_check, write_verified_backup
from cso_planner.db.bounds import OUT_OF_BOUNDS_SHOWN, out_of_bounds
from cso_planner.db.errors import BackupFailedError, DamagedDatabaseError, StorageError
from cso_planner.db.faults import (
    check_rows,
    confirm_damage,
    fault_error,
    file_size,
    is_damage,
    one_line,
    read_only_uri,
    require_free_space,
)
from cso_planner.db.guard import refuse_if_open
from cso_planner.db.opening import damaged_error, inspect_file
from cso_planner.db.revisions import HEAD
from cso_planner.db.shutdown import remove_markers, stale_markers
from cso_planner.paths import make_private, side_files


@dataclasses.dataclass(frozen=True)
class CheckReport:
    """The verdict of "Check database"; ``suggested_backup`` is set when the check failed."""

    ok: bool
    lines: list[str]
    suggested_backup: pathlib.Path | None = None


def check_database(path: pathlib.Path) -> CheckReport:
    """Run ``integrity_check`` and ``foreign_key_check`` read-only on ``path``.

    When the file is damaged, the report's last line names the newest good backup to restore.

    Raises:
        StorageError: the file is missing, not ours, from a newer version, or so damaged it
            cannot be read (then a ``DamagedDatabaseError`` naming the newest good backup).
    """
    report = _check(path)
    if report.ok:
        return report
    backup = newest_good_backup(path)
    if backup is None:
        advice = "No good backup was found."
    else:
        advice = (
            f"The newest good backup is {backup}; restore it with "
            f"`cso-planner --db {path} restore {backup}` or Tools → Restore from backup…"
        )
    # One line: the verdict and what to do about it.
    return CheckReport(False, [f"{'; '.join(report.lines)}. {advice}"], backup)


def _check(path: pathlib.Path) -> CheckReport:
    if not path.exists():
        raise StorageError(f"{path} does not exist")
    try:
        state = inspect_file(path)  # refuses files that are not ours, with the usual messages
    except DamagedDatabaseError as exc:
        raise damaged_error(path, str(exc)) from exc
    try:
        # Read-only, and immutable unless a -wal must be read: checking a file (healthy or
        # damaged) creates nothing beside it, so a read-only folder is no obstacle either.
        connection = sqlite3.connect(read_only_uri(path), uri=True)
        try:
            integrity = [str(r[0]) for r in connection.execute("PRAGMA integrity_check")]
            broken = connection.execute("PRAGMA foreign_key_check").fetchall()
            named = _named_proofs(connection)
            # A file of an earlier schema lacks some columns; its upgrade bounds the values.
            outside = out_of_bounds(connection) if state.revision == HEAD else []
        finally:
            connection.close()
    except sqlite3.Error as exc:
        if not is_damage(exc):
            raise fault_error(path, exc, "checked") from exc
        confirm_damage(path, "checked")  # SQLite reports a read error as damage too
        return CheckReport(False, [f"{path}: damaged ({one_line(str(exc))})"])
    ok = integrity == ["ok"] and not broken
    if ok:
        lines = [f"{path}: integrity ok", f"{path}: references ok"]
        if outside:
            lines.append(
                f"{path}: {len(outside):,}{'+' if len(outside) >= OUT_OF_BOUNDS_SHOWN else ''} "
                f"stored values outside their bounds (the first: {outside[0]}); CSO Planner "
                "sets each to the nearest allowed value the next time it opens the file for "
                "writing, after a backup"
            )
        if named:
            proofs_ok, line = _check_proofs(path, named)
            return CheckReport(proofs_ok, [*lines, line])
        return CheckReport(True, lines)
    confirm_damage(path, "checked")
    problems = []
    if integrity != ["ok"]:
        count = "1 problem" if len(integrity) == 1 else f"{len(integrity)} problems"
        problems.append(f"integrity_check found {count}, the first: {one_line(integrity[0])}")
    if broken:
        problems.append(f"{len(broken)} broken references (foreign keys)")
    return CheckReport(False, [f"{path}: damaged ({'; '.join(problems)})"])


def damage_verdict(path: pathlib.Path) -> str | None:
    """Why ``path`` is damaged, or ``None`` when it passes ``integrity_check`` (read-only).

    An empty file or one that is not SQLite counts as damaged (a truncated or overwritten
    database); a file that passes the check never does.

    Raises:
        StorageError: the file does not exist; ``StorageFaultError`` when the disk or folder
            fails during the check (that says nothing about the file).
    """
    if not path.is_file():
        raise StorageError(f"{path} does not exist")
    try:
        with path.open("rb") as handle:
            header = handle.read(16)
    except OSError as exc:
        raise fault_error(path, exc, "checked") from exc
    if not header:
        return "the file is empty"
    if header != b"SQLite format 3\x00":
        return "it is not a SQLite database"
    rows = check_rows(path)
    if rows == ["ok"]:
        return None
    confirm_damage(path, "checked")  # SQLite reports a read error as damage too
    return one_line("; ".join(rows))


def _named_proofs(connection: sqlite3.Connection) -> set[str]:
    """The SHA-256 of every attached proof file (none before the attachment table existed)."""
    try:
        return {str(r[0]) for r in connection.execute("SELECT sha256 FROM attachment")}
    except sqlite3.OperationalError:
        return set()


def _check_proofs(path: pathlib.Path, named: set[str]) -> tuple[bool, str]:
    """Is every attached proof's content in the proof store, and is the store sound?"""
    from cso_planner.db.proofs import ProofStore

    store = ProofStore.beside(path)
    if not store.path.exists():
        return False, f"{store.path}: missing; {len(named)} attached proof files have no content"
    verdict = quick_check(store.path)
    if verdict != "ok":
        return False, f"{store.path}: damaged ({verdict})"
    missing = named - store.digests()
    if missing:
        return False, f"{store.path}: {len(missing)} attached proof files have no content"
    return True, f"{store.path}: {len(named)} proof files ok"


def restore_backup(db_path: pathlib.Path, backup: pathlib.Path) -> pathlib.Path | None:
    """Replace ``db_path`` with a copy of ``backup`` after verifying the backup.

    The current file (if any) is kept aside as ``<name>.before-restore-<stamp>`` (with its
    ``-wal``/``-shm``) and returned. The verified copy is staged first and put in place with an
    atomic rename; if any step fails, the current file and its side files are put back.

    Raises:
        StorageError: the backup is missing, damaged, not ours or from a newer version, or the
            database is open in a running CSO Planner.
    """
    _check_backup(backup)
    refuse_if_open(db_path, replacing_file=True)
    require_free_space(db_path.parent, file_size(backup), f"restore {backup.name}")

    # The folder is the person's (maybe their home folder): its permissions are left alone.
    try:
        staged = write_verified_backup(
            backup, db_path.with_name(f".{db_path.name}.restoring"), private_folder=False
        )
    except BackupFailedError as exc:
        raise BackupFailedError(
            f"{backup.name} was not restored: {exc}; nothing was changed"
        ) from exc
    try:
        kept: pathlib.Path | None = None
        if db_path.exists():
            kept = _move_aside(db_path, "before-restore", keep_main=True)
        try:
            os.replace(staged, db_path)
        except BaseException:
            if kept is not None:
                _move_back(kept, db_path)
            raise
    finally:
        staged.unlink(missing_ok=True)
    make_private(db_path)
    remove_markers(stale_markers(db_path))  # the restored file was verified
    _restore_missing_proofs(db_path)
    return kept


def _restore_missing_proofs(db_path: pathlib.Path) -> None:
    """Bring back, from the proof store's backup, any proof the live store lacks (the restored
    database may name proofs removed since; content is never deleted from the backup)."""
    from cso_planner.db.autobackup import proofs_backup_path
    from cso_planner.db.proofs import ProofStore, mirror_into

    backup = ProofStore(proofs_backup_path(db_path))
    if backup.path.exists():
        try:
            mirror_into(backup, ProofStore.beside(db_path))
        except (OSError, sqlite3.Error) as exc:
            raise StorageError(
                f"the database was restored but its proof files were not: {exc}"
            ) from exc


def _check_backup(backup: pathlib.Path) -> None:
    if backup.is_dir():
        raise StorageError(
            f"{backup} is a folder; name one backup file in it "
            "(Tools → Restore from backup… lists them, newest first)"
        )
    if not backup.exists():
        raise StorageError(f"backup {backup} does not exist")
    if not backup.is_file():
        raise StorageError(f"{backup} is not a regular file, so it is not a backup")
    inspect_file(backup)
    try:
        connection = sqlite3.connect(read_only_uri(backup), uri=True)
        try:
            row = connection.execute("PRAGMA quick_check").fetchone()
        finally:
            connection.close()
        verdict = str(row[0]) if row else "no answer from quick_check"
    except sqlite3.Error as exc:
        if not is_damage(exc):
            raise fault_error(backup, exc, "checked") from exc
        verdict = str(exc)
    if verdict != "ok":
        confirm_damage(backup, "checked")  # an unreadable disk is not a damaged backup
        raise DamagedDatabaseError(
            f"backup {backup} failed its check ({one_line(verdict)}); not restored"
        )


def recover_from_backup(
    db_path: pathlib.Path, backup: pathlib.Path
) -> tuple[pathlib.Path | None, pathlib.Path | None]:
    """Replace a damaged (or missing) ``db_path`` with ``backup``, keeping the damaged file.

    Everything that can refuse is checked before anything is renamed: the backup is good, the
    file really is damaged (one that passes ``integrity_check`` is never set aside), nobody has
    it open, and the disk has room for the copy. If the restore still fails, the damaged file
    is put back where it was. Returns ``(kept_damaged, kept_before_restore)``.

    Raises:
        StorageError: any refusal above (nothing was changed), or the restore failed (the
            damaged file is back in place).
    """
    _check_backup(backup)
    damaged = db_path.exists()
    if damaged:
        verdict = damage_verdict(db_path)
        if verdict is None:
            raise StorageError(
                f"{db_path} passes its integrity check, so it was not set aside or replaced"
            )
    refuse_if_open(db_path, replacing_file=True)
    require_free_space(db_path.parent, file_size(backup), f"restore {backup.name}")
    if not damaged:
        return None, restore_backup(db_path, backup)
    kept = set_aside_damaged(db_path)
    try:
        return kept, restore_backup(db_path, backup)
    except BaseException:
        if not db_path.exists():
            _move_back(kept, db_path)
        raise


def set_aside_damaged(db_path: pathlib.Path) -> pathlib.Path:
    """Rename a damaged database (and its side files) to ``<name>.damaged-<stamp>``.

    Nothing is deleted: the renamed ``-wal`` stays paired with its database, so the file can
    still be examined or salvaged. Afterwards ``open_database`` refuses to start an empty
    database while backups exist (``MissingDatabaseError``) unless told ``start_empty=True``;
    the usual next step is :func:`restore_backup`.

    Raises:
        StorageError: the file does not exist, passes its integrity check (a healthy file is
            never set aside), or is open in a running CSO Planner.
    """
    if damage_verdict(db_path) is None:
        raise StorageError(f"{db_path} passes its integrity check, so it was not set aside")
    refuse_if_open(db_path, replacing_file=True)
    kept = _move_aside(db_path, "damaged", keep_main=False)
    remove_markers(stale_markers(db_path))
    return kept


def _aside_name(db_path: pathlib.Path, tag: str) -> pathlib.Path:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    candidate = db_path.with_name(f"{db_path.name}.{tag}-{stamp}")
    counter = 1
    while candidate.exists():
        counter += 1
        candidate = db_path.with_name(f"{db_path.name}.{tag}-{stamp}-{counter}")
    return candidate


def _side_pairs(src: pathlib.Path, dst: pathlib.Path) -> list[tuple[pathlib.Path, pathlib.Path]]:
    """``(src-wal, dst-wal)``...: SQLite pairs ``X-wal`` with ``X``, so the pair survives."""
    return [
        (side, dst.with_name(dst.name + side.name[len(src.name) :])) for side in side_files(src)
    ]


def _move_aside(db_path: pathlib.Path, tag: str, *, keep_main: bool) -> pathlib.Path:
    """Move ``db_path`` and its side files to a new ``<name>.<tag>-<stamp>`` name.

    With ``keep_main`` the main file is hard-linked rather than moved (when the file system
    allows), so ``db_path`` never disappears before its replacement is renamed over it. On any
    failure everything moved so far is put back.
    """
    kept = _aside_name(db_path, tag)
    moved: list[tuple[pathlib.Path, pathlib.Path]] = []
    linked = False
    try:
        if keep_main:
            try:
                os.link(db_path, kept)
                linked = True
            except OSError:
                linked = False
        if not linked:
            os.replace(db_path, kept)
            moved.append((db_path, kept))
        for side, target in _side_pairs(db_path, kept):
            if side.exists():
                os.replace(side, target)
                moved.append((side, target))
    except BaseException:
        for source, target in reversed(moved):
            os.replace(target, source)
        if linked:
            kept.unlink(missing_ok=True)
        raise
    for path in [kept, *[target for _side, target in _side_pairs(db_path, kept)]]:
        make_private(path)
    return kept


def _move_back(kept: pathlib.Path, db_path: pathlib.Path) -> None:
    """Undo :func:`_move_aside` after a failed restore."""
    for side, target in _side_pairs(db_path, kept):
        if target.exists():
            os.replace(target, side)
    if db_path.exists():
        kept.unlink()  # it was a hard link to the file that is still in place
    else:
        os.replace(kept, db_path)
