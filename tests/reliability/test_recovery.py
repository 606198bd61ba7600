"""R12 corruption and R13 unclean shutdown: found at open, kept aside, never an empty database."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import pathlib
import signal
import sqlite3
import subprocess
import sys

import pytest

from cso_planner.db.autobackup import maybe_backup
from cso_planner.db.errors import DamagedDatabaseError, MissingDatabaseError
from cso_planner.db.maintenance import check_database, restore_backup, set_aside_damaged
from cso_planner.db.models import Profile
from cso_planner.db.opening import open_database
from cso_planner.db.shutdown import marker_paths
from cso_planner.db.transactions import write_transaction
from cso_planner.paths import backup_dir_for
from tests.helpers.dump import dump_database
from tests.helpers.sample_data import add_sample_person

ROOT = pathlib.Path(__file__).resolve().parents[2]
T0 = dt.datetime(2025, 3, 1, 9, 0, 0)

HOLDER = """
import pathlib, sys
from cso_planner.db.opening import open_database
from cso_planner.db.transactions import write_transaction
from cso_planner.db.models import Profile
database = open_database(pathlib.Path(sys.argv[1]))
with write_transaction(database.session_factory) as session:
    session.add(Profile(name="written before the crash"))
print("ready", flush=True)
sys.stdin.read()  # hold the database open until killed (or stdin closes)
database.dispose()
"""


def _sha(path: pathlib.Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _listing(folder: pathlib.Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def _add_profile(path: pathlib.Path, name: str) -> None:
    database = open_database(path)
    with write_transaction(database.session_factory) as session:
        session.add(Profile(name=name))
    database.dispose()


def _damage(path: pathlib.Path) -> None:
    """Scribble over some b-tree pages of a cleanly closed file (no -wal)."""
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode = DELETE")
    connection.close()
    data = bytearray(path.read_bytes())
    page = 4096
    for offset in range(page * 3, page * 6):
        data[offset] = 0x5A
    path.write_bytes(bytes(data))


def _start_holder(path: pathlib.Path) -> subprocess.Popen[str]:
    child = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
    )
    assert child.stdout is not None
    assert child.stdout.readline() == "ready\n"
    return child


def _kill(child: subprocess.Popen[str]) -> None:
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=60)  # reaped: its pid is gone
    for stream in (child.stdin, child.stdout):
        if stream is not None:
            stream.close()


# --- R12: corruption -------------------------------------------------------------------------


@pytest.fixture
def backed_up(db_path: pathlib.Path) -> tuple[pathlib.Path, pathlib.Path]:
    """A database with two automatic backups; returns the newer one and an unreadable newest."""
    database = open_database(db_path)
    with write_transaction(database.session_factory) as session:
        add_sample_person(session)
    database.dispose()
    assert maybe_backup(db_path, reason="exit", now=T0) is not None
    _add_profile(db_path, "second version")
    good = maybe_backup(db_path, reason="exit", now=T0 + dt.timedelta(days=1))
    assert good is not None
    # A newer backup that is itself damaged must not be the one offered.
    bad = backup_dir_for(db_path) / f"{db_path.stem}-auto-20250303-090000.sqlite3"
    bad.write_bytes(good.read_bytes()[:8192] + b"\x00" * 8192)
    return good, bad


def test_r12_damaged_page_is_found_at_open_with_the_newest_good_backup(
    db_path: pathlib.Path, backed_up: tuple[pathlib.Path, pathlib.Path]
) -> None:
    good, _bad = backed_up
    _damage(db_path)
    digest, listing = _sha(db_path), _listing(db_path.parent)

    with pytest.raises(DamagedDatabaseError) as caught:
        open_database(db_path)

    assert caught.value.suggested_backup == good
    assert str(good) in str(caught.value)
    assert _sha(db_path) == digest, "the damaged file was not changed"
    assert _listing(db_path.parent) == listing, "nothing was created beside it"


def test_r12_check_database_names_the_backup_to_restore(
    db_path: pathlib.Path, backed_up: tuple[pathlib.Path, pathlib.Path]
) -> None:
    good, _bad = backed_up
    _damage(db_path)
    try:
        report = check_database(db_path)
    except DamagedDatabaseError as exc:  # too damaged to read at all: the error names it
        assert exc.suggested_backup == good
        return
    assert not report.ok
    assert report.suggested_backup == good
    assert f"restore {good}" in report.lines[-1]


def test_r12_damaged_file_is_set_aside_and_never_replaced_by_an_empty_database(
    db_path: pathlib.Path, backed_up: tuple[pathlib.Path, pathlib.Path]
) -> None:
    good, _bad = backed_up
    _damage(db_path)
    digest = _sha(db_path)
    with pytest.raises(DamagedDatabaseError):
        open_database(db_path)

    kept = set_aside_damaged(db_path)

    assert kept.name.startswith(f"{db_path.name}.damaged-")
    assert _sha(kept) == digest and not db_path.exists()
    listing = _listing(db_path.parent)
    with pytest.raises(MissingDatabaseError) as caught:  # never a silent empty database
        open_database(db_path)
    assert caught.value.suggested_backup == good
    assert _listing(db_path.parent) == listing

    restore_backup(db_path, good)
    database = open_database(db_path)
    with database.session_factory() as session:
        names = {p.name for p in session.query(Profile)}
    database.dispose()
    assert names == {"Dana Whitfield", "second version"}


def test_r12_truncated_file_with_backups_is_not_taken_for_a_new_one(
    db_path: pathlib.Path, backed_up: tuple[pathlib.Path, pathlib.Path]
) -> None:
    good, _bad = backed_up
    db_path.write_bytes(b"")
    with pytest.raises(DamagedDatabaseError) as caught:
        open_database(db_path)
    assert caught.value.suggested_backup == good
    assert db_path.read_bytes() == b""


def test_r12_starting_empty_is_an_explicit_choice(
    db_path: pathlib.Path, backed_up: tuple[pathlib.Path, pathlib.Path]
) -> None:
    _damage(db_path)
    set_aside_damaged(db_path)
    database = open_database(db_path, start_empty=True)
    with database.session_factory() as session:
        assert session.query(Profile).count() == 0
    database.dispose()


# --- R13: unclean shutdown ------------------------------------------------------------------


def test_r13_sigkill_is_reported_at_the_next_open_after_an_integrity_check(
    db_path: pathlib.Path,
) -> None:
    open_database(db_path).dispose()
    child = _start_holder(db_path)
    _kill(child)
    assert marker_paths(db_path), "the killed process left its marker"

    database = open_database(db_path)
    try:
        assert database.recovered_from_crash
        assert database.startup_check == "integrity_check"
        with database.session_factory() as session:
            assert [p.name for p in session.query(Profile)] == ["written before the crash"]
    finally:
        database.dispose()
    assert marker_paths(db_path) == []

    again = open_database(db_path)  # the clean close above cleared it
    assert not again.recovered_from_crash
    assert again.startup_check == "quick_check"
    again.dispose()


def test_r13_a_running_instance_is_not_mistaken_for_a_crash(db_path: pathlib.Path) -> None:
    open_database(db_path).dispose()
    child = _start_holder(db_path)
    try:
        database = open_database(db_path)
        assert not database.recovered_from_crash
        database.dispose()
        assert len(marker_paths(db_path)) == 1, "the other process's marker is left alone"
    finally:
        assert child.stdin is not None
        child.stdin.close()  # a clean exit this time
        child.wait(timeout=60)
        assert child.stdout is not None
        child.stdout.close()
    assert marker_paths(db_path) == []


def test_r13_damage_found_by_the_check_after_a_crash(
    db_path: pathlib.Path, backed_up: tuple[pathlib.Path, pathlib.Path]
) -> None:
    good, _bad = backed_up
    child = _start_holder(db_path)
    _kill(child)
    connection = sqlite3.connect(db_path)  # recover the -wal, then damage the file
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    _damage(db_path)
    with pytest.raises(DamagedDatabaseError) as caught:
        open_database(db_path)
    assert caught.value.suggested_backup == good
    assert dump_database(good)["profile"]


def test_r12_cli_check_names_the_backup_to_restore(
    db_path: pathlib.Path, backed_up: tuple[pathlib.Path, pathlib.Path]
) -> None:
    from tests.unit.test_cli import run_cli

    good, _bad = backed_up
    _damage(db_path)
    result = run_cli("--db", str(db_path), "check")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"restore {good}" in result.stdout + result.stderr
