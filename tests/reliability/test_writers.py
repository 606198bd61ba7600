"""Issue 11: every writer behind the lock, and no export over the database.

Real processes throughout: the planner window in its own process holding the file, the real
``cso-planner`` command in another.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import pathlib
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest

from cso_planner.db.backup import list_backups, quick_check
from cso_planner.db.engine import BUSY_TIMEOUT_MS
from cso_planner.db.models import CpeActivity, Profile
from cso_planner.db.opening import open_database
from cso_planner.db.transactions import write_transaction
from cso_planner.paths import backup_dir_for
from tests.helpers.dump import dump_database
from tests.helpers.processes import child_env, gui_holding, run_cli

ROOT = pathlib.Path(__file__).resolve().parents[2]
EXPORT = ROOT / "tests" / "data" / "realistic_export.json"


def _seed(path: pathlib.Path) -> None:
    database = open_database(path)
    try:
        with write_transaction(database.session_factory) as session:
            session.add(Profile(name="Priya"))
            session.flush()
            for n in range(3):
                session.add(
                    CpeActivity(date=dt.date(2025, 1, n + 1), activity=f"Webinar {n}", credits=1)
                )
    finally:
        database.dispose()


def _one_line_error(result: object, *words: str) -> None:
    stderr = result.stderr  # type: ignore[attr-defined]
    assert result.returncode == 1, (result.returncode, stderr)  # type: ignore[attr-defined]
    assert stderr.count("\n") == 1, stderr
    assert stderr.startswith("cso-planner: error: ")
    assert "Traceback" not in stderr
    for word in words:
        assert word in stderr, stderr


# --- item 1: a CLI write refuses while a window has the file open ---------------------------


def test_import_refuses_while_the_window_has_the_file_open(db_path: pathlib.Path) -> None:
    _seed(db_path)
    before = dump_database(db_path)
    with gui_holding(db_path) as window:
        result = run_cli("--db", str(db_path), "import", str(EXPORT))
        _one_line_error(result, "open in a CSO Planner window", f"process {window.pid}")
        assert dump_database(db_path) == before
    # Once the window is gone, the same import goes through.
    result = run_cli("--db", str(db_path), "import", str(EXPORT))
    assert result.returncode == 0, result.stderr
    assert dump_database(db_path) != before


def test_restore_refuses_while_the_window_has_the_file_open(
    db_path: pathlib.Path, tmp_path: pathlib.Path
) -> None:
    backup = tmp_path / "elsewhere" / "good.sqlite3"
    backup.parent.mkdir()
    _seed(backup)
    _seed(db_path)
    before = dump_database(db_path)
    with gui_holding(db_path):
        result = run_cli("--db", str(db_path), "restore", str(backup))
        _one_line_error(result, "open in a CSO Planner window")
        assert dump_database(db_path) == before
        assert not list(db_path.parent.glob("*.before-restore-*"))


# --- item 2: an export never overwrites the database ---------------------------------------


def _targets(db_path: pathlib.Path, tmp_path: pathlib.Path) -> dict[str, pathlib.Path]:
    link = tmp_path / "link.csv"
    link.symlink_to(db_path)
    hard = tmp_path / "hard.csv"
    os.link(db_path, hard)
    backups = backup_dir_for(db_path)
    backups.mkdir(mode=0o700, exist_ok=True)
    backup = backups / "planner-auto-20250101-000000.sqlite3"
    shutil.copy(db_path, backup)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    link_to_backup = elsewhere / "b.ics"
    link_to_backup.symlink_to(backup)
    relative = pathlib.Path(os.path.relpath(db_path.with_name(db_path.name + "-wal")))
    return {
        "itself": db_path,
        "wal": relative,
        "shm": db_path.with_name(db_path.name + "-shm"),
        "symlink": link,
        "hard link": hard,
        "backup": backup,
        "symlink to a backup": link_to_backup,
    }


@pytest.mark.parametrize("command", ["csv", "export", "ics", "pdf"])
def test_an_export_over_the_database_is_refused(
    command: str, db_path: pathlib.Path, tmp_path: pathlib.Path
) -> None:
    _seed(db_path)
    before = dump_database(db_path)
    targets = _targets(db_path, tmp_path)
    kept = {name: path.read_bytes() for name, path in targets.items() if path.exists()}
    if command == "pdf":  # Qt in every run: the two cases that matter most
        targets = {k: targets[k] for k in ("itself", "symlink")}
    for name, target in targets.items():
        result = run_cli("--db", str(db_path), command, str(target))
        _one_line_error(result, "Nothing was written", str(target))
        assert dump_database(db_path) == before, name
        for kept_name, data in kept.items():
            path = _targets_path(db_path, tmp_path, kept_name)
            assert path.read_bytes() == data, (name, kept_name)
    # A file of its own is written as usual.
    result = run_cli("--db", str(db_path), command, str(tmp_path / f"out.{command}"))
    assert result.returncode == 0, result.stderr


def _targets_path(db_path: pathlib.Path, tmp_path: pathlib.Path, name: str) -> pathlib.Path:
    return {
        "itself": db_path,
        "wal": db_path.with_name(db_path.name + "-wal"),
        "shm": db_path.with_name(db_path.name + "-shm"),
        "symlink": tmp_path / "link.csv",
        "hard link": tmp_path / "hard.csv",
        "backup": backup_dir_for(db_path) / "planner-auto-20250101-000000.sqlite3",
        "symlink to a backup": tmp_path / "elsewhere" / "b.ics",
    }[name]


def test_an_export_beside_the_database_with_a_similar_name_is_written(
    db_path: pathlib.Path,
) -> None:
    _seed(db_path)
    target = db_path.with_name(db_path.name + ".csv")  # planner.sqlite3.csv: not ours
    result = run_cli("--db", str(db_path), "csv", str(target))
    assert result.returncode == 0, result.stderr
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")


# --- item 8: reads never need the write lock; a second writer says "busy" ------------------

# Another process in the middle of an import (the app's own code): everything replaced and
# flushed inside one write transaction, holding the write lock until stdin closes.
IMPORTING = """
import json, pathlib, sys
from cso_planner.db.opening import open_database
from cso_planner.db.transactions import write_transaction
from cso_planner.exchange.importer import clear_user_data, write_document
database = open_database(pathlib.Path(sys.argv[1]))
document = json.loads(pathlib.Path(sys.argv[2]).read_text("utf-8"))
with write_transaction(database.session_factory) as session:
    clear_user_data(session)
    write_document(session, document)
    session.flush()
    print("importing", flush=True)
    sys.stdin.read()
database.dispose()
print("imported", flush=True)
"""


@contextlib.contextmanager
def _importing(db_path: pathlib.Path) -> Iterator[subprocess.Popen[str]]:
    writer = subprocess.Popen(
        [sys.executable, "-c", IMPORTING, str(db_path), str(EXPORT)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=child_env(),
    )
    assert writer.stdin is not None and writer.stdout is not None
    try:
        assert writer.stdout.readline() == "importing\n"
        yield writer
    finally:
        writer.stdin.close()
        writer.wait(timeout=60)
        writer.stdout.close()


def _write_lock_held(db_path: pathlib.Path) -> bool:
    probe = sqlite3.connect(db_path, timeout=0, isolation_level=None)
    try:
        probe.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        return "locked" in str(exc)
    else:
        probe.execute("ROLLBACK")
        return False
    finally:
        probe.close()


READ_COMMANDS = [
    ["eligibility"],
    ["eligibility", "--json"],
    ["renewals", "--json"],
    ["budget"],
    ["check"],
    ["csv", "{out}.csv"],
    ["export", "{out}.json"],
    ["ics", "{out}.ics"],
    ["pdf", "{out}.pdf"],
]


def test_read_commands_work_while_another_process_is_importing(
    db_path: pathlib.Path, tmp_path: pathlib.Path
) -> None:
    _seed(db_path)
    with _importing(db_path):
        assert _write_lock_held(db_path)
        for command in READ_COMMANDS:
            args = [a.format(out=tmp_path / command[0]) for a in command]
            started = time.monotonic()
            result = run_cli("--db", str(db_path), *args)
            assert result.returncode == 0, (command, result.stderr)
            assert result.stderr == "", command
            # No wait for the lock either (busy_timeout is 5 s).
            assert time.monotonic() - started < BUSY_TIMEOUT_MS / 1000, command
            assert _write_lock_held(db_path)  # the import really was in progress throughout
        # What was read is the last committed data, not the import's half-written rows.
        exported = json.loads((tmp_path / "export.json").read_text("utf-8"))
        assert [a["activity"] for a in exported["cpe"]] == ["Webinar 0", "Webinar 1", "Webinar 2"]


def test_a_second_import_waits_then_says_busy(db_path: pathlib.Path) -> None:
    _seed(db_path)
    before = dump_database(db_path)
    other = db_path.with_name("other.json")
    document = json.loads(EXPORT.read_text("utf-8"))
    document["cpe"] = document["cpe"][:1]
    other.write_text(json.dumps(document), "utf-8")
    with _importing(db_path) as writer:
        started = time.monotonic()
        result = run_cli("--db", str(db_path), "import", str(other))
        waited = time.monotonic() - started
        _one_line_error(result, "busy", "nothing was saved")
        assert waited >= BUSY_TIMEOUT_MS / 1000  # it waited for the lock first
        assert writer.poll() is None
        assert dump_database(db_path) == before  # the first import has not committed yet
    imported = dump_database(db_path)
    assert imported != before  # the first import committed; the second changed nothing
    assert len(imported["cpe_activity"]) == len(json.loads(EXPORT.read_text("utf-8"))["cpe"])


# --- item 5: import makes a verified backup first and says where ---------------------------


def _empty_document(tmp_path: pathlib.Path) -> pathlib.Path:
    document = json.loads(EXPORT.read_text("utf-8"))
    empty = {"format": document["format"], "version": document["version"]}
    path = tmp_path / "empty.json"
    path.write_text(json.dumps(empty), "utf-8")
    return path


def test_import_backs_up_the_data_it_replaces(
    db_path: pathlib.Path, tmp_path: pathlib.Path
) -> None:
    _seed(db_path)
    before = dump_database(db_path)
    result = run_cli("--db", str(db_path), "import", str(_empty_document(tmp_path)))
    assert result.returncode == 0, result.stderr
    assert dump_database(db_path)["cpe_activity"] == []  # the empty document replaced all
    backups = list_backups(db_path)
    assert [b.kind for b in backups] == ["pre-import"]
    assert f"Backed up your previous data to {backups[0].path}" in result.stdout
    assert quick_check(backups[0].path) == "ok"
    assert dump_database(backups[0].path) == before
    # and it can be put back with restore
    result = run_cli("--db", str(db_path), "restore", str(backups[0].path))
    assert result.returncode == 0, result.stderr
    assert dump_database(db_path) == before


def test_a_refused_import_makes_no_backup(db_path: pathlib.Path, tmp_path: pathlib.Path) -> None:
    _seed(db_path)
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "cso-planner", "version": 1, "cpe": [{"credits": "x"}]}', "utf-8")
    result = run_cli("--db", str(db_path), "import", str(bad))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert list_backups(db_path) == []


def test_an_import_whose_backup_fails_changes_nothing(
    db_path: pathlib.Path, tmp_path: pathlib.Path
) -> None:
    _seed(db_path)
    before = dump_database(db_path)
    backup_dir_for(db_path).write_text("a file where the backups folder should be")
    result = run_cli("--db", str(db_path), "import", str(_empty_document(tmp_path)))
    _one_line_error(result, "backup before the import", "nothing was imported")
    assert dump_database(db_path) == before


# --- item 7: a full disk at start-up: one clear line, no marker left behind -----------------

# The real command (or window), with the disk "full" at the marker's write: os.write fails with
# ENOSPC for the .open-<pid> file, as it does once the file exists but no block is free.
FULL_AT_MARKER = """
import errno, os, sys
real_write = os.write
def write(fd, data):
    if ".open-" in os.readlink(f"/proc/self/fd/{fd}"):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    return real_write(fd, data)
os.write = write
from cso_planner.cli import main
sys.exit(main(sys.argv[1:]))
"""


def _markers(db_path: pathlib.Path) -> list[pathlib.Path]:
    return list(db_path.parent.glob(f"{db_path.name}.open-*"))


@pytest.mark.parametrize("command", [["eligibility"], ["import", str(EXPORT)], []])
def test_a_full_disk_at_the_marker_is_one_line_and_leaves_no_marker(
    db_path: pathlib.Path, command: list[str]
) -> None:
    _seed(db_path)
    before = dump_database(db_path)
    result = subprocess.run(
        [sys.executable, "-c", FULL_AT_MARKER, "--db", str(db_path), *command],
        capture_output=True,
        text=True,
        timeout=120,
        env=child_env(),
    )
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert "the disk is full" in result.stderr and "Nothing was changed" in result.stderr
    if command:  # the CLI: exactly one line
        _one_line_error(result)
    assert _markers(db_path) == []
    assert not db_path.with_name(db_path.name + ".lock").exists()  # the window let go
    assert dump_database(db_path) == before


@pytest.fixture
def small_tmpfs(tmp_path: pathlib.Path) -> Iterator[pathlib.Path]:
    """A real 1 MB file system (needs the right to mount; skipped elsewhere)."""
    mount = tmp_path / "small"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_really_full_disk_leaves_no_empty_marker(
    small_tmpfs: pathlib.Path, tmp_path: pathlib.Path
) -> None:
    seeded = tmp_path / "seed.sqlite3"
    _seed(seeded)
    db_path = small_tmpfs / "planner.sqlite3"
    shutil.copy(seeded, db_path)
    before = dump_database(db_path)
    filler = small_tmpfs / "filler"
    fd = os.open(filler, os.O_CREAT | os.O_WRONLY, 0o600)
    try:
        with contextlib.suppress(OSError):
            while True:
                os.write(fd, b"\0" * 4096)
    finally:
        os.close(fd)
    for command in (["eligibility"], ["import", str(EXPORT)]):
        result = run_cli("--db", str(db_path), *command)
        _one_line_error(result, "the disk is full")
        assert _markers(db_path) == []
        assert dump_database(db_path) == before
