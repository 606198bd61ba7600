"""The window tells the person when a backup cannot be written (issue 11, items 9 and 15).

Real main windows offscreen; the backups folder is made read-only for real (a read-only bind
mount as root, ``chmod`` otherwise), the clock is "moved" by a backup named in 2099.
"""

from __future__ import annotations

import datetime as dt
import pathlib
from collections.abc import Callable

import pytest

from cso_planner import app
from cso_planner.db.autobackup import maybe_backup
from cso_planner.db.backup import list_backups
from cso_planner.db.opening import open_database
from cso_planner.services import plans
from cso_planner.ui.dialogs import confirm
from cso_planner.ui.main_window import MainWindow
from tests.helpers.disks import read_only


def change_something(window: MainWindow, name: str) -> None:
    with window.store.database.session_factory.begin() as s:
        plans.create_plan(s, name)
    window.store.data_changed.emit()


def test_unwritable_backups_folder_is_told_at_quit_and_in_the_status_bar(
    make_window: Callable[..., MainWindow],
    db_path: pathlib.Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Before: a traceback at quit, no backup, and the person never told."""
    window = make_window()
    change_something(window, "Worth a backup")
    backups = db_path.parent / "backups"
    backups.mkdir()
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        confirm, "show_error", lambda parent, title, text: shown.append((title, text))
    )

    with read_only(backups):
        assert window.maintenance.periodic_backup() is None
        status = window.statusBar().currentMessage()
        window.close()

    assert status.startswith("Automatic backup failed") and str(backups) in status, status
    ((title, text),) = shown
    assert title == "Automatic backup not written"
    assert "Your changes are saved" in text and "cannot be written" in text, text
    assert list(backups.iterdir()) == []
    database = open_database(db_path)  # the data itself was saved and the file closed cleanly
    try:
        with database.session_factory() as s:
            assert "Worth a backup" in [p.name for p in plans.list_plans(s)]
    finally:
        database.dispose()


def test_a_backup_from_a_clock_that_ran_ahead_does_not_stop_periodic_backups(
    make_window: Callable[..., MainWindow], db_path: pathlib.Path
) -> None:
    window = make_window()
    change_something(window, "Before the clock was put right")
    ahead = maybe_backup(db_path, reason="exit", now=dt.datetime(2099, 1, 1, 12, 0, 0))
    assert ahead is not None
    change_something(window, "After")

    made = window.maintenance.periodic_backup()  # the real clock

    assert made is not None and made != ahead
    assert f"Backed up to {made.name}" in window.statusBar().currentMessage()
    assert {b.path for b in list_backups(db_path)} == {ahead, made}


def test_a_read_only_database_is_refused_at_start_in_one_message(
    db_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch, qapp: object
) -> None:
    """Before: a traceback from ``make_private``; now one message, the mode left as it was."""
    open_database(db_path).dispose()
    db_path.chmod(0o444)
    reported: list[str] = []
    monkeypatch.setattr(
        app, "_report", lambda title, message, parent=None: reported.append(message)
    )
    monkeypatch.setenv(app.QUIT_AFTER_SHOW_ENV, "1")

    assert app.run_gui(db_path) == 1

    (message,) = reported
    assert "read-only" in message and "\n" not in message
    assert db_path.stat().st_mode & 0o777 == 0o444
