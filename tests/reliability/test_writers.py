"""Issue 11: every writer behind the lock, and no export over the database.

Real processes throughout: the planner window in its own process holding the file, the real
``cso-planner`` command in another.
"""

from __future__ import annotations

import datetime as dt
import os
import pathlib
import shutil

import pytest

from cso_planner.db.models import CpeActivity, Profile
from cso_planner.db.opening import open_database
from cso_planner.db.transactions import write_transaction
from cso_planner.paths import backup_dir_for
from tests.helpers.dump import dump_database
from tests.helpers.processes import gui_holding, run_cli

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
