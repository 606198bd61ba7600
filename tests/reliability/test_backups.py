"""R11: automatic backups are verified, made only when data changed, and retention is bounded.

R18 for backups: 0600 files in a 0700 folder whatever the umask.
"""

from __future__ import annotations

import datetime as dt
import os
import pathlib
import stat

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cso_planner.db import backup as backup_module
from cso_planner.db.autobackup import (
    KEEP_DAILY,
    KEEP_MONTHLY,
    KEEP_WEEKLY,
    close_cleanly,
    maybe_backup,
    rotate_backups,
    select_backups_to_keep,
)
from cso_planner.db.backup import list_backups, pre_migration_backup, quick_check
from cso_planner.db.errors import BackupFailedError
from cso_planner.db.models import Profile
from cso_planner.db.opening import open_database
from cso_planner.db.shutdown import marker_paths
from cso_planner.db.transactions import write_transaction
from cso_planner.paths import backup_dir_for
from tests.helpers.dump import dump_database

T0 = dt.datetime(2025, 1, 6, 18, 30, 0)  # a Monday evening
HOUR = dt.timedelta(hours=1)
DAY = dt.timedelta(days=1)
MAX_KEPT = KEEP_DAILY + KEEP_WEEKLY + KEEP_MONTHLY


def _add_profile(path: pathlib.Path, name: str) -> None:
    database = open_database(path)
    with write_transaction(database.session_factory) as session:
        session.add(Profile(name=name))
    database.dispose()


def _auto_names(path: pathlib.Path) -> list[str]:
    return sorted(b.path.name for b in list_backups(path) if b.kind == "auto")


def _snapshot(folder: pathlib.Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir()}


# --- when a backup is made -----------------------------------------------------------------


def test_r11_backup_on_exit_only_when_data_changed(db_path: pathlib.Path) -> None:
    _add_profile(db_path, "Ada")
    first = maybe_backup(db_path, reason="exit", now=T0)
    assert first is not None and quick_check(first) == "ok"
    assert dump_database(first) == dump_database(db_path)

    assert maybe_backup(db_path, reason="exit", now=T0 + HOUR) is None  # nothing changed

    _add_profile(db_path, "Grace")
    second = maybe_backup(db_path, reason="exit", now=T0 + 2 * HOUR)
    assert second is not None and second != first
    assert dump_database(second) == dump_database(db_path)


def test_r11_periodic_backup_at_most_every_few_hours(db_path: pathlib.Path) -> None:
    _add_profile(db_path, "Ada")
    assert maybe_backup(db_path, reason="periodic", now=T0) is not None
    _add_profile(db_path, "Grace")
    assert maybe_backup(db_path, reason="periodic", now=T0 + HOUR) is None  # too soon
    assert maybe_backup(db_path, reason="periodic", now=T0 + 3 * HOUR) is not None
    assert maybe_backup(db_path, reason="periodic", now=T0 + 7 * HOUR) is None  # no change


def test_r11_close_cleanly_backs_up_and_clears_the_crash_marker(db_path: pathlib.Path) -> None:
    database = open_database(db_path)
    with write_transaction(database.session_factory) as session:
        session.add(Profile(name="Ada"))
    assert marker_paths(db_path)
    made = close_cleanly(database, now=T0)
    assert made is not None and quick_check(made) == "ok"
    assert marker_paths(db_path) == []
    # Closed as SQLite closes: the backup's read-only reader leaves no -wal/-shm behind.
    assert sorted(p.name for p in db_path.parent.iterdir() if p.is_file()) == [db_path.name]


def test_r11_backup_of_a_database_open_in_this_process(db_path: pathlib.Path) -> None:
    """The periodic timer runs while the app has the file open (a -wal holds recent commits)."""
    database = open_database(db_path)
    with write_transaction(database.session_factory) as session:
        session.add(Profile(name="in the wal"))
    made = maybe_backup(db_path, reason="periodic", now=T0)
    database.dispose()
    assert made is not None
    assert [row[1] for row in dump_database(made)["profile"]] == ["in the wal"]


# --- a failed backup never replaces or rotates away a good one --------------------------------


def test_r11_backup_failing_its_check_changes_no_existing_backup(
    db_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = backup_dir_for(db_path)
    for day in range(30):  # enough for rotation to have work to do
        _add_profile(db_path, f"day {day}")
        assert maybe_backup(db_path, reason="exit", now=T0 + day * DAY) is not None
    _add_profile(db_path, "the change that fails to back up")
    before = _snapshot(folder)

    real_check = backup_module.quick_check

    def new_copies_fail(path: pathlib.Path) -> str:
        return (
            "*** page 3: btree corrupt (injected)"
            if path.name.endswith(".partial")
            else real_check(path)
        )

    monkeypatch.setattr(backup_module, "quick_check", new_copies_fail)
    with pytest.raises(BackupFailedError, match="failed its check"):
        maybe_backup(db_path, reason="exit", now=T0 + 400 * DAY)

    assert _snapshot(folder) == before, "no backup replaced, rotated away or left half-written"


def test_r11_failing_old_backup_is_not_counted_as_kept(db_path: pathlib.Path) -> None:
    _add_profile(db_path, "Ada")
    old = maybe_backup(db_path, reason="exit", now=T0)
    assert old is not None
    old.write_bytes(old.read_bytes()[:4096])  # bit rot
    _add_profile(db_path, "Grace")
    new = maybe_backup(db_path, reason="exit", now=T0 + DAY)
    assert new is not None
    assert old.exists(), "a bad backup is left for the user, not deleted"
    assert quick_check(new) == "ok"


# --- bounded retention ---------------------------------------------------------------------


def test_r11_400_days_of_daily_use_keep_at_most_17_backups(db_path: pathlib.Path) -> None:
    pre = pre_migration_backup(db_path if db_path.exists() else _create(db_path), "0001_initial")
    for day in range(400):
        _add_profile(db_path, f"day {day}")
        assert maybe_backup(db_path, reason="exit", now=T0 + day * DAY) is not None
    names = _auto_names(db_path)
    print(f"R11: 400 daily backups -> {len(names)} kept (bound {MAX_KEPT})")
    assert len(names) <= MAX_KEPT
    assert f"{db_path.stem}-auto-{(T0 + 399 * DAY):%Y%m%d-%H%M%S}.sqlite3" in names
    assert pre.exists(), "pre-migration backups are never rotated automatically"


def _create(path: pathlib.Path) -> pathlib.Path:
    open_database(path).dispose()
    return path


def test_r11_rotation_leaves_files_it_does_not_own(db_path: pathlib.Path) -> None:
    _add_profile(db_path, "Ada")
    folder = backup_dir_for(db_path)
    folder.mkdir(parents=True, exist_ok=True)
    foreign = [folder / "notes.txt", folder / "other-auto-20200101-000000.sqlite3"]
    for path in foreign:
        path.write_text("not ours", encoding="utf-8")
    for day in range(60):
        _add_profile(db_path, f"day {day}")
        maybe_backup(db_path, reason="exit", now=T0 + day * DAY)
    rotate_backups(db_path, now=T0 + 60 * DAY)
    assert all(path.exists() for path in foreign)


@pytest.mark.parametrize(
    ("ages_in_days", "kept_ages"),
    [
        ([], []),
        ([0], [0]),
        ([0, 0.1, 0.2], [0]),  # same day: only the newest
        (list(range(7)), list(range(7))),
        # T0 is Monday 6 Jan. Beyond the 7 daily slots, b7 (Mon 30 Dec) shares its ISO week
        # with b1 and its month with b6, so it goes; b8 (Sun 29 Dec) is the newest of the
        # week before, so it stays.
        (list(range(9)), [0, 1, 2, 3, 4, 5, 6, 8]),
    ],
)
def test_r11_retention_table(ages_in_days: list[float], kept_ages: list[float]) -> None:
    now = T0
    items = [(f"b{age}", now - dt.timedelta(days=age)) for age in ages_in_days]
    assert select_backups_to_keep(items, now) == {f"b{age}" for age in kept_ages}


times = st.datetimes(min_value=dt.datetime(2020, 1, 1), max_value=dt.datetime(2026, 12, 31))


@settings(max_examples=300, deadline=None)
@given(st.lists(times, max_size=80, unique=True), times)
def test_r11_retention_properties(stamps: list[dt.datetime], now: dt.datetime) -> None:
    items = [(f"b{i}", when) for i, when in enumerate(stamps)]
    kept = select_backups_to_keep(items, now)
    past = [(n, t) for n, t in items if t <= now]
    future = {n for n, t in items if t > now}

    assert kept <= {n for n, _ in items}
    assert future <= kept, "backups from after 'now' (clock moved back) are never deleted"
    assert len(kept - future) <= MAX_KEPT, "bounded"
    if past:
        newest = max(past, key=lambda item: item[1])[0]
        assert newest in kept, "the newest backup is always kept"
    # The newest of each of the 7 most recent days with a backup is kept.
    days = sorted({t.date() for _, t in past}, reverse=True)[:KEEP_DAILY]
    for day in days:
        newest_of_day = max((t, n) for n, t in past if t.date() == day)[1]
        assert newest_of_day in kept
    # Rotating again deletes nothing more (stable: no slow erosion of old backups).
    again = select_backups_to_keep([(n, t) for n, t in items if n in kept], now)
    assert again == kept


# --- R18 for backups -----------------------------------------------------------------------


def test_r18_backups_private_under_umask_022(tmp_path: pathlib.Path) -> None:
    old = os.umask(0o022)
    try:
        path = tmp_path / "data" / "planner.sqlite3"
        database = open_database(path, private_dir=True)
        with write_transaction(database.session_factory) as session:
            session.add(Profile(name="Ada"))
        made = maybe_backup(path, reason="periodic", now=T0)
        marker_modes = {stat.S_IMODE(m.stat().st_mode) for m in marker_paths(path)}
        database.dispose()
        pre = pre_migration_backup(path, "0001_initial")
    finally:
        os.umask(old)
    assert made is not None
    mode = lambda p: stat.S_IMODE(p.stat().st_mode)  # noqa: E731
    assert mode(path.parent) == 0o700
    assert mode(backup_dir_for(path)) == 0o700
    assert {mode(made), mode(pre), *marker_modes} == {0o600}


def test_same_data_compares_table_by_table_as_the_fingerprint_does(tmp_path: pathlib.Path) -> None:
    import shutil
    import sqlite3

    from cso_planner.db.autobackup import fingerprint, same_data

    first = tmp_path / "first.sqlite3"
    open_database(first).dispose()
    _add_profile(first, "Dana")
    second = tmp_path / "second.sqlite3"
    shutil.copy(first, second)
    assert same_data(first, second) and fingerprint(first) == fingerprint(second)
    _add_profile(second, "Sam")  # one table differs
    assert not same_data(first, second) and fingerprint(first) != fingerprint(second)
    shutil.copy(first, second)
    with sqlite3.connect(second) as connection:
        connection.execute("CREATE TABLE zz_extra (x)")  # the same rows, one table more
    assert not same_data(first, second) and not same_data(second, first)
    assert fingerprint(first) != fingerprint(second)
