"""Faults of the disk are not damage (issue 11, items 3 and 10): injected for real.

An ``EIO`` comes from an ``LD_PRELOAD`` shim on the real ``read``/``pread64`` calls of the CLI
subprocess, a full disk from a small tmpfs filled to ``ENOSPC``, and a named pipe from
``os.mkfifo``. A file that is only unreadable for a while, or sits on a full disk, is never
called damaged, never set aside and never replaced by an older backup.
"""

from __future__ import annotations

import hashlib
import os
import pathlib
import sqlite3
import subprocess
import sys

import pytest

from cso_planner.db.autobackup import maybe_backup
from cso_planner.db.errors import StorageError
from cso_planner.db.maintenance import recover_from_backup, set_aside_damaged
from cso_planner.db.models import Profile
from cso_planner.db.opening import open_database
from cso_planner.db.transactions import write_transaction
from tests.helpers.disks import fill, io_fault_env, shim_library, small_disk
from tests.helpers.dump import dump_database

ROOT = pathlib.Path(__file__).resolve().parents[2]

GUI_SCRIPT = """
import pathlib, sys
from cso_planner import app
def ask(message, backup, missing):
    print("ASKED " + message, flush=True)
    return app.RESTORE
app.ask_recovery = ask
sys.exit(app.run_gui(pathlib.Path(sys.argv[1])))
"""


def run(
    args: list[str], extra_env: dict[str, str] | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), **(extra_env or {}))
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, timeout=timeout, env=env
    )


def run_cli(
    *args: str, extra_env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return run(["-m", "cso_planner", *args], extra_env)


def one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def sha(path: pathlib.Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def listing(folder: pathlib.Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name != "filler.bin")


def make_planner(path: pathlib.Path) -> pathlib.Path:
    """A database with one profile and a verified automatic backup of it; returns the backup."""
    database = open_database(path)
    with write_transaction(database.session_factory) as session:
        session.add(Profile(name="kept"))
    database.dispose()
    backup = maybe_backup(path, reason="exit")
    assert backup is not None
    return backup


def damage(path: pathlib.Path) -> None:
    """Scribble over some b-tree pages of a cleanly closed file (no -wal)."""
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode = DELETE")
    connection.close()
    data = bytearray(path.read_bytes())
    for offset in range(4096 * 3, 4096 * 6):
        data[offset] = 0x5A
    path.write_bytes(bytes(data))


@pytest.fixture(scope="module")
def shim(tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    return shim_library(tmp_path_factory.mktemp("shim"))


# --- An input/output error is not damage ---------------------------------------------------


@pytest.mark.parametrize("after", [0, 1, 3])
def test_eio_at_check_is_a_disk_fault_not_damage(
    db_path: pathlib.Path, shim: pathlib.Path, after: int
) -> None:
    """SQLite itself reports an EIO on a page read as "database disk image is malformed"; the
    file is healthy, so ``check`` says the disk failed, offers no restore, changes nothing."""
    make_planner(db_path)
    digest, files = sha(db_path), listing(db_path.parent)

    result = run_cli(
        "--db", str(db_path), "check", extra_env=io_fault_env(shim, db_path, after=after)
    )

    assert result.returncode == 1
    line = one_line_error(result)
    assert "input/output error" in line and "not damage" in line, line
    assert "is damaged" not in line and "restore" not in line, line
    assert result.stdout == ""
    assert sha(db_path) == digest and listing(db_path.parent) == files
    healthy = run_cli("--db", str(db_path), "check")  # the same file without the fault
    assert healthy.returncode == 0 and "integrity ok" in healthy.stdout


def test_eio_at_start_offers_no_restore_and_sets_nothing_aside(
    db_path: pathlib.Path, shim: pathlib.Path
) -> None:
    """Before the fix the window took the read error for damage, offered the backup and (when
    accepted) renamed the healthy file aside and put the older backup in its place."""
    make_planner(db_path)
    digest, files = sha(db_path), listing(db_path.parent)

    result = run(
        ["-c", GUI_SCRIPT, str(db_path)],
        {
            **io_fault_env(shim, db_path, after=1),
            "QT_QPA_PLATFORM": "offscreen",
            "CSO_PLANNER_QUIT_AFTER_SHOW": "1",
            "CSO_PLANNER_NO_WIZARD": "1",
        },
    )

    assert result.returncode == 1, result.stderr
    assert "ASKED" not in result.stdout, "an I/O error was offered a restore"
    assert "Traceback" not in result.stderr, result.stderr
    assert "input/output error" in result.stderr and "not damage" in result.stderr
    assert sha(db_path) == digest
    assert listing(db_path.parent) == files, "nothing set aside, nothing restored"


def test_a_file_that_passes_integrity_check_is_never_set_aside(db_path: pathlib.Path) -> None:
    backup = make_planner(db_path)
    digest, files = sha(db_path), listing(db_path.parent)
    with pytest.raises(StorageError, match="passes its integrity check"):
        set_aside_damaged(db_path)
    with pytest.raises(StorageError, match="passes its integrity check"):
        recover_from_backup(db_path, backup)
    assert sha(db_path) == digest and listing(db_path.parent) == files


# --- A full disk is not damage, and a restore checks for room first ------------------------


def test_full_disk_at_check_and_open_is_not_damage(tmp_path: pathlib.Path) -> None:
    """A ``-wal`` without its ``-shm`` (left by a crash): reading it needs a new ``-shm``,
    which a full disk refuses. Before the fix: "damaged (disk I/O error)"."""
    with small_disk(tmp_path / "disk") as disk:
        path = disk / "planner.sqlite3"
        make_planner(path)
        path.with_name(path.name + "-wal").touch()
        path.with_name(path.name + "-shm").unlink(missing_ok=True)
        filler = fill(disk)
        digest = sha(path)

        for command in ("check", "eligibility"):
            result = run_cli("--db", str(path), command)
            assert result.returncode == 1, (command, result.stdout)
            line = one_line_error(result)
            assert "disk is full" in line and "not damage" in line, line
            assert "restore" not in line, line
        filler.unlink()
        assert sha(path) == digest
        assert run_cli("--db", str(path), "check").returncode == 0  # room again: healthy


def test_restore_without_room_renames_nothing(tmp_path: pathlib.Path) -> None:
    """The disk has room for less than the backup: refused before the damaged file is moved
    (before the fix it was renamed aside, the copy failed, and the next start offered an
    older backup for the "missing" file)."""
    with small_disk(tmp_path / "disk") as disk:
        path = disk / "planner.sqlite3"
        backup = make_planner(path)
        damage(path)
        fill(disk, leave_bytes=64 * 1024)
        digest, files = sha(path), listing(disk)

        result = run_cli("--db", str(path), "restore", str(backup))

        assert result.returncode == 1
        line = one_line_error(result)
        assert "not enough free space" in line and "nothing was changed" in line, line
        assert sha(path) == digest and listing(disk) == files
        with pytest.raises(StorageError, match="not enough free space"):
            recover_from_backup(path, backup)
        assert sha(path) == digest and listing(disk) == files


# --- A named pipe is refused at once --------------------------------------------------------


def test_import_of_a_named_pipe_is_refused_at_once(db_path: pathlib.Path) -> None:
    make_planner(db_path)
    before = dump_database(db_path)
    fifo = db_path.parent / "export.json"
    os.mkfifo(fifo)

    result = run_cli("--db", str(db_path), "import", str(fifo))  # a hang fails the timeout

    assert result.returncode == 1
    line = one_line_error(result)
    assert "named pipe" in line and str(fifo) in line, line
    assert dump_database(db_path) == before
    folder = run_cli("--db", str(db_path), "import", str(db_path.parent))
    assert folder.returncode == 1 and "is a folder" in one_line_error(folder)


def test_eio_reading_a_backup_is_not_called_a_damaged_backup(
    db_path: pathlib.Path, shim: pathlib.Path
) -> None:
    backup = make_planner(db_path)
    digest, files = sha(db_path), listing(db_path.parent)

    result = run_cli(
        "--db", str(db_path), "restore", str(backup), extra_env=io_fault_env(shim, backup, after=1)
    )

    assert result.returncode == 1
    line = one_line_error(result)
    assert str(backup) in line and "input/output error" in line and "not damage" in line, line
    assert "failed its check" not in line, line
    assert sha(db_path) == digest and listing(db_path.parent) == files
