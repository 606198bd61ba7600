"""Read-only files and folders, links, typos and leftovers (issue 11, items 9, 13, 15).

Each fault is real: a read-only bind mount (as root, who ignores file modes) or ``chmod``, a
symbolic link, a SIGKILL in the middle of an export, a clock that ran ahead. Every command
answers in one line, never a traceback, and changes nothing it was not asked to change.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import pathlib
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys

import pytest

from cso_planner.db.autobackup import maybe_backup
from cso_planner.db.backup import list_backups
from cso_planner.db.models import Profile
from cso_planner.db.opening import open_database
from cso_planner.db.transactions import write_transaction
from tests.helpers.disks import read_only

ROOT = pathlib.Path(__file__).resolve().parents[2]
FIXTURE_0001 = ROOT / "tests" / "fixtures" / "schema_0001_initial.sqlite3"


def run_cli(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    return subprocess.run(
        [sys.executable, "-m", "cso_planner", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
    )


def one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def sha(path: pathlib.Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def listing(folder: pathlib.Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def make_planner(path: pathlib.Path, name: str = "kept") -> None:
    database = open_database(path)
    with write_transaction(database.session_factory) as session:
        session.add(Profile(name=name))
    database.dispose()


def mode(path: pathlib.Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# --- Item 13: check reads without writing ---------------------------------------------------


def test_check_of_a_healthy_file_in_a_read_only_folder_says_healthy(
    tmp_path: pathlib.Path,
) -> None:
    """Before: "damaged (unable to open database file)"."""
    folder = tmp_path / "ro"
    folder.mkdir()
    path = folder / "planner.sqlite3"
    make_planner(path)
    files = listing(folder)
    with read_only(folder):
        result = run_cli("--db", str(path), "check")
    assert result.returncode == 0, result.stderr
    assert "integrity ok" in result.stdout and "references ok" in result.stdout
    assert listing(folder) == files


def _damage_in_wal_mode(path: pathlib.Path) -> None:
    """Scribble over b-tree pages of a cleanly closed WAL-mode file (its header says WAL)."""
    data = bytearray(path.read_bytes())
    assert data[18] == 2, "the file is in WAL mode"
    for offset in range(4096 * 3, 4096 * 6):
        data[offset] = 0x5A
    path.write_bytes(bytes(data))


def test_damage_is_one_line_and_no_side_file_is_created_beside_it(db_path: pathlib.Path) -> None:
    """A WAL-mode file opened ``mode=ro`` gets a ``-wal`` and ``-shm``; the check and the
    refused open both read it immutable, so the damaged file is really left as it was (this
    damage is already found by the first look inside; the next test's passes that look)."""
    make_planner(db_path)
    _damage_in_wal_mode(db_path)
    digest, files = sha(db_path), listing(db_path.parent)

    check = run_cli("--db", str(db_path), "check")
    assert check.returncode == 1 and "Traceback" not in check.stderr
    out = (check.stdout + check.stderr).strip().splitlines()
    assert len(out) == 1 and "damaged" in out[0], out
    opened = run_cli("--db", str(db_path), "eligibility")
    assert "damaged" in one_line_error(opened)

    assert sha(db_path) == digest
    assert listing(db_path.parent) == files, "no -wal / -shm created beside the damaged file"


def test_integrity_problems_are_reported_in_one_line(db_path: pathlib.Path) -> None:
    """An index pointed at another b-tree: ``integrity_check`` lists many problems."""
    make_planner(db_path)
    connection = sqlite3.connect(db_path)
    index, table = connection.execute(
        "SELECT i.name, t.rootpage FROM sqlite_master i JOIN sqlite_master t "
        "ON t.name = i.tbl_name AND t.type = 'table' "
        "WHERE i.type = 'index' AND i.rootpage > 0 ORDER BY i.name LIMIT 1"
    ).fetchone()
    connection.execute("PRAGMA writable_schema = ON")
    connection.execute("UPDATE sqlite_master SET rootpage = ? WHERE name = ?", (table, index))
    connection.commit()
    connection.close()
    digest, files = sha(db_path), listing(db_path.parent)
    assert not any(name.endswith(("-wal", "-shm")) for name in files)

    result = run_cli("--db", str(db_path), "check")

    assert result.returncode == 1 and "Traceback" not in result.stderr
    out = (result.stdout + result.stderr).strip().splitlines()
    assert len(out) == 1, out
    assert "damaged" in out[0], out
    assert sha(db_path) == digest
    assert listing(db_path.parent) == files, "no -wal / -shm created beside the damaged file"


# --- Item 9: an unwritable backups folder, a read-only database -----------------------------


def test_upgrade_with_an_unwritable_backups_folder_is_one_line(tmp_path: pathlib.Path) -> None:
    """The backup before a schema upgrade cannot be written: refused, the file untouched."""
    path = tmp_path / "old.sqlite3"
    shutil.copyfile(FIXTURE_0001, path)
    backups = tmp_path / "backups"
    backups.mkdir()
    digest = sha(path)
    with read_only(backups):
        line = one_line_error(run_cli("--db", str(path), "eligibility"))
    assert "backup" in line and str(backups) in line, line
    assert "cannot be written" in line, line
    assert sha(path) == digest
    assert listing(backups) == []


@pytest.mark.parametrize("how", ["mode 0444", "read-only mount"])
def test_a_read_only_database_answers_reads_refuses_writes_and_keeps_its_mode(
    tmp_path: pathlib.Path, how: str
) -> None:
    """Before: every command made a 0444 file 0600 (writable again) without a word; on a
    read-only disk the GUI's start raised from ``make_private``. Then every command refused
    the file, reads included. Now the commands that only read answer from it (opened
    read-only: nothing beside it is created), a write is refused in one line, and its mode and
    bytes are kept."""
    path = tmp_path / "planner.sqlite3"
    make_planner(path, "Read Only Reader")
    out = tmp_path / "out"
    out.mkdir()
    if how == "mode 0444":
        path.chmod(0o444)
        guard = None
    else:
        path.chmod(0o644)  # group/other bits that make_private would try to take away
        guard = read_only(path)
        guard.__enter__()
    try:
        before, digest, files = mode(path), sha(path), listing(tmp_path)
        eligibility = run_cli("--db", str(path), "eligibility", "--json")
        assert eligibility.returncode == 0, eligibility.stderr
        assert "CISSP" in eligibility.stdout
        exported = run_cli("--db", str(path), "export", str(out / "planner.json"))
        assert exported.returncode == 0, exported.stderr
        assert "Read Only Reader" in (out / "planner.json").read_text()
        renewals = run_cli("--db", str(path), "renewals", "--json")
        assert renewals.returncode == 0, renewals.stderr

        line = one_line_error(run_cli("--db", str(path), "import", str(out / "planner.json")))
        assert "read-only" in line and "not changed" in line, line
        check = run_cli("--db", str(path), "check")  # reading needs no write access
        assert check.returncode == 0, check.stderr
        assert mode(path) == before, "the person's read-only mode was kept"
        assert sha(path) == digest
        assert listing(tmp_path) == files, "no -wal, -shm or marker beside the read-only file"
    finally:
        if guard is not None:
            guard.__exit__(None, None, None)


def test_a_read_only_file_of_an_earlier_schema_is_refused_in_one_line(
    tmp_path: pathlib.Path,
) -> None:
    """It would need an upgrade before it can be read, and the upgrade needs it writable."""
    path = tmp_path / "old.sqlite3"
    shutil.copyfile(FIXTURE_0001, path)
    path.chmod(0o444)
    digest = sha(path)
    line = one_line_error(run_cli("--db", str(path), "eligibility"))
    assert "read-only" in line and "upgraded" in line, line
    assert sha(path) == digest and mode(path) == 0o444


# --- Item 15: links, permissions, typos, leftovers, clocks ----------------------------------


@pytest.mark.parametrize(
    ("command", "name"),
    [("pdf", "out.pdf"), ("csv", "out.csv"), ("ics", "out.ics"), ("export", "out.json")],
)
def test_exports_replace_a_symbolic_link_instead_of_writing_through_it(
    db_path: pathlib.Path, tmp_path: pathlib.Path, command: str, name: str
) -> None:
    """Before: the PDF (QSaveFile) wrote into the link's target."""
    make_planner(db_path)
    target = tmp_path / "someone-elses-file.txt"
    target.write_text("precious")
    link = tmp_path / name
    link.symlink_to(target)

    result = run_cli("--db", str(db_path), command, str(link))

    assert result.returncode == 0, result.stderr
    assert target.read_text() == "precious"
    assert not link.is_symlink() and link.stat().st_size > 0
    if command == "pdf":
        assert link.read_bytes().startswith(b"%PDF")


def test_restore_leaves_the_chosen_folder_s_permissions_alone(tmp_path: pathlib.Path) -> None:
    """Before: ``restore`` made the database's folder 0700 (with ``--db ~/x.sqlite3``: home)."""
    folder = tmp_path / "home-like"
    folder.mkdir()
    folder.chmod(0o755)
    path = folder / "planner.sqlite3"
    backup = tmp_path / "backup.sqlite3"
    make_planner(backup, "from the backup")
    make_planner(path, "current")

    result = run_cli("--db", str(path), "restore", str(backup))

    assert result.returncode == 0, result.stderr
    assert mode(folder) == 0o755


@pytest.mark.parametrize("command", ["eligibility", "renewals", "budget", "csv", "export"])
def test_a_mistyped_db_for_a_read_only_command_creates_nothing(
    tmp_path: pathlib.Path, command: str
) -> None:
    typo = tmp_path / "plannr.sqlite3"
    out = [str(tmp_path / "out.file")] if command in ("csv", "export") else []

    line = one_line_error(run_cli("--db", str(typo), command, *out))

    assert "no such database" in line and str(typo) in line, line
    assert listing(tmp_path) == []


def test_restore_of_a_folder_says_it_is_a_folder(db_path: pathlib.Path) -> None:
    make_planner(db_path)
    assert maybe_backup(db_path, reason="exit") is not None
    folder = db_path.parent / "backups"

    line = one_line_error(run_cli("--db", str(db_path), "restore", str(folder)))

    assert "is a folder" in line and "does not exist" not in line, line


KILLED_EXPORT = """
import pathlib, sys, time
from cso_planner.exports.atomic import write_atomically
def pieces():
    yield b"personal data, half written"
    print("writing", flush=True)
    time.sleep(600)
    yield b"never"
write_atomically(pathlib.Path(sys.argv[1]), pieces())
"""


def test_a_killed_export_s_hidden_partial_is_removed_at_the_next_start(
    db_path: pathlib.Path, tmp_path: pathlib.Path
) -> None:
    make_planner(db_path)
    out_folder = tmp_path / "exports"
    out_folder.mkdir()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    child = subprocess.Popen(
        [sys.executable, "-c", KILLED_EXPORT, str(out_folder / "cpe.csv")],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert child.stdout is not None
    with child.stdout:
        assert child.stdout.readline() == "writing\n"
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    (partial,) = list(out_folder.iterdir())
    assert partial.name.startswith(".cpe.csv.") and partial.name.endswith(".partial")

    result = run_cli("--db", str(db_path), "renewals")  # any next start

    assert result.returncode == 0, result.stderr
    assert listing(out_folder) == []


def test_a_backup_dated_in_the_future_does_not_stop_periodic_backups(
    db_path: pathlib.Path,
) -> None:
    """The clock ran ahead to 2099 for one backup, then was put right: the 2099 backup must
    not count as "made less than three hours ago" for the next seventy years."""
    make_planner(db_path, "first")
    ahead = dt.datetime(2099, 1, 1, 12, 0, 0)
    assert maybe_backup(db_path, reason="exit", now=ahead) is not None
    now = dt.datetime.now()
    assert maybe_backup(db_path, reason="periodic", now=now) is None, "unchanged data"
    make_planner(db_path, "changed after the clock was put right")

    made = maybe_backup(db_path, reason="periodic", now=now)

    assert made is not None
    assert maybe_backup(db_path, reason="periodic", now=now + dt.timedelta(minutes=30)) is None
    later = now + dt.timedelta(hours=4)
    make_planner(db_path, "changed again")
    assert maybe_backup(db_path, reason="periodic", now=later) is not None
    assert ahead in [b.time for b in list_backups(db_path)], "the future one is kept too"


def test_restore_into_a_read_only_folder_is_one_line_and_changes_nothing(
    tmp_path: pathlib.Path,
) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    path = folder / "planner.sqlite3"
    backup = tmp_path / "backup.sqlite3"
    make_planner(backup, "from the backup")
    make_planner(path, "current")
    digest, files = sha(path), listing(folder)
    with read_only(folder):
        line = one_line_error(run_cli("--db", str(path), "restore", str(backup)))
    assert "was not restored" in line and "cannot be written" in line, line
    assert sha(path) == digest and listing(folder) == files
