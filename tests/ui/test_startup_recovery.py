"""A damaged or missing database at start-up: the newest good backup is offered, never an
empty database silently; the damaged file is kept aside."""

from __future__ import annotations

import pathlib
import re

import pytest

from cso_planner import app
from cso_planner.db.autobackup import maybe_backup
from cso_planner.db.opening import open_database
from cso_planner.services import plans


@pytest.fixture
def backed_up(db_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> pathlib.Path:
    database = open_database(db_path)
    with database.session_factory.begin() as s:
        plans.create_plan(s, "Kept in the backup")
    database.dispose()
    assert maybe_backup(db_path, reason="exit") is not None
    monkeypatch.setenv(app.QUIT_AFTER_SHOW_ENV, "1")
    monkeypatch.setenv("CSO_PLANNER_NO_WIZARD", "1")
    return db_path


def plan_names(db_path: pathlib.Path) -> list[str]:
    database = open_database(db_path)
    try:
        with database.session_factory() as s:
            return [p.name for p in plans.list_plans(s)]
    finally:
        database.dispose()


def test_damaged_file_is_kept_aside_and_the_backup_restored(
    backed_up: pathlib.Path, monkeypatch: pytest.MonkeyPatch, qapp: object
) -> None:
    db_path = backed_up
    db_path.write_bytes(b"overwritten by something else" * 100)
    offered: list[tuple[str, pathlib.Path | None, bool]] = []
    monkeypatch.setattr(
        app, "ask_recovery", lambda m, b, missing: offered.append((m, b, missing)) or app.RESTORE
    )
    assert app.run_gui(db_path) == 0
    ((message, backup, missing),) = offered
    assert backup is not None and backup.name in message and not missing
    assert plan_names(db_path) == ["Kept in the backup"]
    (kept,) = [
        p for p in db_path.parent.iterdir() if re.fullmatch(r".*\.damaged-\d{8}-\d{6}", p.name)
    ]
    assert kept.read_bytes().startswith(b"overwritten")


def test_missing_file_with_backups_is_not_replaced_by_an_empty_one(
    backed_up: pathlib.Path, monkeypatch: pytest.MonkeyPatch, qapp: object
) -> None:
    db_path = backed_up
    db_path.unlink()
    monkeypatch.setattr(app, "ask_recovery", lambda m, b, missing: app.QUIT)
    assert app.run_gui(db_path) == 1
    assert not db_path.exists()  # quitting created nothing


def test_missing_file_can_start_empty_when_the_user_says_so(
    backed_up: pathlib.Path, monkeypatch: pytest.MonkeyPatch, qapp: object
) -> None:
    db_path = backed_up
    db_path.unlink()
    monkeypatch.setattr(app, "ask_recovery", lambda m, b, missing: app.START_EMPTY)
    assert app.run_gui(db_path) == 0
    assert plan_names(db_path) == []


def test_restore_on_a_full_disk_is_refused_before_the_damaged_file_is_moved(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch, qapp: object
) -> None:
    """A real tmpfs with less room than the backup. Before the fix the damaged file was renamed
    aside, the copy failed for lack of space, and the next start found the file "missing"."""
    import hashlib

    from tests.helpers.disks import fill, small_disk

    monkeypatch.setenv(app.QUIT_AFTER_SHOW_ENV, "1")
    monkeypatch.setenv("CSO_PLANNER_NO_WIZARD", "1")
    with small_disk(tmp_path / "disk") as disk:
        db_path = disk / "planner.sqlite3"
        database = open_database(db_path)
        with database.session_factory.begin() as s:
            plans.create_plan(s, "Kept in the backup")
        database.dispose()
        assert maybe_backup(db_path, reason="exit") is not None
        db_path.write_bytes(b"overwritten by something else" * 100)
        fill(disk, leave_bytes=64 * 1024)
        before = sorted(p.name for p in disk.iterdir())
        digest = hashlib.sha256(db_path.read_bytes()).hexdigest()
        offered: list[str] = []
        reported: list[str] = []
        monkeypatch.setattr(
            app, "ask_recovery", lambda m, b, missing: offered.append(m) or app.RESTORE
        )
        monkeypatch.setattr(
            app, "_report", lambda title, message, parent=None: reported.append(message)
        )

        assert app.run_gui(db_path) == 1

        assert len(offered) == 1  # it is damaged: the backup was offered and accepted
        (message,) = reported
        assert "not enough free space" in message and "nothing was changed" in message
        assert sorted(p.name for p in disk.iterdir()) == before, "nothing renamed or left"
        assert hashlib.sha256(db_path.read_bytes()).hexdigest() == digest
