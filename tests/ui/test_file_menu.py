"""File → New database…, Open database…, Open Recent, Save a copy… through the real menus.

The window is built by the composition root (``app.Planner``), the file choosers are answered
by the test, and every refusal is checked to leave the refused file byte-identical and the
current window in place.
"""

from __future__ import annotations

import hashlib
import pathlib
import sqlite3
import stat
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from shiboken6 import isValid

from cso_planner import app
from cso_planner.db.opening import open_database
from cso_planner.services import plans
from cso_planner.ui import file_menu
from cso_planner.ui.file_menu import MAX_RECENT, recent_files, remember_file
from cso_planner.ui.main_window import NO_WIZARD_ENV, MainWindow
from cso_planner.ui.single_instance import acquire_lock


def _make(path: pathlib.Path, plan: str) -> pathlib.Path:
    database = open_database(path)
    with database.session_factory.begin() as s:
        plans.create_plan(s, plan)
    database.dispose()
    return path


def _digest(path: pathlib.Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def refusals(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    seen: list[tuple[str, str]] = []
    monkeypatch.setattr(
        app, "_report", lambda title, message, parent=None: seen.append((title, message))
    )
    return seen


@pytest.fixture
def planner(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> Iterator[app.Planner]:
    """The composition root's file holder; closes whatever window is current at the end."""
    monkeypatch.setenv(NO_WIZARD_ENV, "1")  # a new file would offer the wizard (a modal)
    opened = app.Planner()
    yield opened
    opened.close()


def _open_first(planner: app.Planner, qtbot: QtBot, path: pathlib.Path) -> MainWindow:
    assert planner.open(path)
    window = planner.window
    assert isinstance(window, MainWindow)
    with qtbot.waitSignal(window.loaded, timeout=5000):
        window.show()
    return window


def _answer(monkeypatch: pytest.MonkeyPatch, name: str, path: pathlib.Path | None) -> list[str]:
    asked: list[str] = []

    def chooser(parent: Any, title: str, *args: Any) -> pathlib.Path | None:
        asked.append(title)
        return path

    monkeypatch.setattr(file_menu, name, chooser)
    return asked


def _current(planner: app.Planner, qtbot: QtBot) -> MainWindow:
    window = planner.window
    assert isinstance(window, MainWindow)
    if not window.is_loaded:
        with qtbot.waitSignal(window.loaded, timeout=5000):
            window.show()
    return window


def _file_action(window: MainWindow, text: str) -> Any:
    menu = window.menuBar().actions()[0].menu()
    return next(a for a in menu.actions() if a.text() == text)


def test_open_replaces_the_window_and_releases_the_old_file(
    planner: app.Planner, qtbot: QtBot, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first_path = _make(tmp_path / "first.sqlite3", "First plan")
    second_path = _make(tmp_path / "second.sqlite3", "Second plan")
    first = _open_first(planner, qtbot, first_path)
    assert first.windowTitle() == "First plan — first.sqlite3"
    asked = _answer(monkeypatch, "ask_open_path", second_path)
    _file_action(first, "&Open database…").trigger()
    assert asked == ["Open a CSO Planner database"]
    second = _current(planner, qtbot)
    # The first window was closed (its backup made) and is being deleted.
    assert second is not first and (not isValid(first) or not first.isVisible())
    assert second.store.database.path == second_path
    assert second.windowTitle() == "Second plan — second.sqlite3"
    assert second.windowFilePath() == str(second_path)
    assert second.path_label.text() == str(second_path)
    # The first file is closed and unlocked: another window could open it now.
    acquire_lock(first_path).unlock()
    assert recent_files(second.settings)[:2] == [second_path, first_path]


def test_open_recent_lists_other_files_prunes_missing_and_opens(
    planner: app.Planner, qtbot: QtBot, tmp_path: pathlib.Path
) -> None:
    paths = [_make(tmp_path / f"plan{n}.sqlite3", f"Plan {n}") for n in range(3)]
    window = _open_first(planner, qtbot, paths[0])
    for path in (paths[2], paths[1], paths[0]):
        remember_file(window.settings, path)
    paths[1].unlink()  # moved away since: it drops out of the list
    window.file_menu.fill_recent_menu()
    entries = [a for a in window.file_menu.recent_menu.actions() if a.data()]
    assert [a.data() for a in entries] == [str(paths[2])]  # not the open file, not the gone one
    assert entries[0].text() == "&1 plan2.sqlite3"
    entries[0].trigger()
    reopened = _current(planner, qtbot)
    assert reopened.store.database.path == paths[2]
    assert reopened.windowTitle() == "Plan 2 — plan2.sqlite3"


def test_recent_list_keeps_ten(tmp_path: pathlib.Path, qapp: QApplication) -> None:
    from PySide6.QtCore import QSettings

    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    paths = []
    for n in range(MAX_RECENT + 3):
        path = tmp_path / f"f{n}.sqlite3"
        path.write_bytes(b"")
        paths.append(path)
        remember_file(settings, path)
    assert recent_files(settings) == list(reversed(paths))[:MAX_RECENT]


def _newer(path: pathlib.Path) -> pathlib.Path:
    _make(path, "From the future")
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9000_from_the_future'")
    connection.close()
    return path


def _foreign(path: pathlib.Path) -> pathlib.Path:
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE recipes (name TEXT)")
    connection.close()
    return path


def _damaged(path: pathlib.Path) -> pathlib.Path:
    _make(path, "Damaged")
    data = bytearray(path.read_bytes())
    data[:16] = b"not a sqlite hdr"
    path.write_bytes(bytes(data))
    return path


@pytest.mark.parametrize(
    ("make_bad", "words"),
    [(_newer, "newer version"), (_foreign, "another program"), (_damaged, "")],
    ids=["newer", "foreign", "damaged"],
)
def test_open_refuses_a_bad_file_untouched_and_keeps_the_window(
    planner: app.Planner,
    qtbot: QtBot,
    tmp_path: pathlib.Path,
    monkeypatch: pytest.MonkeyPatch,
    refusals: list[tuple[str, str]],
    make_bad: Callable[[pathlib.Path], pathlib.Path],
    words: str,
) -> None:
    window = _open_first(planner, qtbot, _make(tmp_path / "mine.sqlite3", "Mine"))
    bad = make_bad(tmp_path / "other.sqlite3")
    before = _digest(bad)
    siblings = sorted(p.name for p in tmp_path.iterdir())
    _answer(monkeypatch, "ask_open_path", bad)
    _file_action(window, "&Open database…").trigger()
    assert planner.window is window and window.isVisible()
    assert len(refusals) == 1
    assert str(bad) in refusals[0][1] or bad.name in refusals[0][1]
    assert words.lower() in refusals[0][1].lower()
    assert _digest(bad) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == siblings  # nothing created beside it
    acquire_lock(bad).unlock()  # its lock was released


def test_open_the_same_file_again_just_says_so(
    planner: app.Planner, qtbot: QtBot, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _make(tmp_path / "mine.sqlite3", "Mine")
    window = _open_first(planner, qtbot, path)
    _answer(monkeypatch, "ask_open_path", path)
    _file_action(window, "&Open database…").trigger()
    assert planner.window is window
    assert "already open in this window" in window.statusBar().currentMessage()


def test_new_database_is_created_and_opens_on_the_dashboard(
    planner: app.Planner,
    qtbot: QtBot,
    tmp_path: pathlib.Path,
    monkeypatch: pytest.MonkeyPatch,
    refusals: list[tuple[str, str]],
) -> None:
    window = _open_first(planner, qtbot, _make(tmp_path / "mine.sqlite3", "Mine"))
    window.show_screen("budget")
    _answer(monkeypatch, "ask_save_path", tmp_path / "fresh")
    _file_action(window, "Ne&w database…").trigger()
    fresh = _current(planner, qtbot)
    assert fresh.store.database.path == tmp_path / "fresh.sqlite3"
    assert fresh.current_screen() == "dashboard"
    with fresh.store.database.session_factory() as s:
        assert plans.list_plans(s) == []
    assert refusals == []


def test_new_database_never_replaces_an_existing_file(
    planner: app.Planner, qtbot: QtBot, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = _open_first(planner, qtbot, _make(tmp_path / "mine.sqlite3", "Mine"))
    other = _make(tmp_path / "other.sqlite3", "Other")
    before = _digest(other)
    errors: list[str] = []
    monkeypatch.setattr(file_menu, "show_error", lambda parent, title, text: errors.append(text))
    _answer(monkeypatch, "ask_save_path", other)
    _file_action(window, "Ne&w database…").trigger()
    assert planner.window is window
    assert errors and "already exists" in errors[0]
    assert _digest(other) == before


def test_save_a_copy_is_verified_and_leaves_the_folder_alone(
    planner: app.Planner, qtbot: QtBot, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = _open_first(planner, qtbot, _make(tmp_path / "mine.sqlite3", "Mine"))
    folder = tmp_path / "Documents"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    target = folder / "mine copy.sqlite3"
    _answer(monkeypatch, "ask_save_path", target)
    _file_action(window, "Save a cop&y…").trigger()
    assert f"Saved a verified copy to {target}" in window.statusBar().currentMessage()
    assert stat.S_IMODE(folder.stat().st_mode) == 0o755
    with sqlite3.connect(f"{target.as_uri()}?mode=ro", uri=True) as connection:
        assert connection.execute("PRAGMA quick_check").fetchone() == ("ok",)
        assert connection.execute("SELECT name FROM plan").fetchall() == [("Mine",)]
    connection.close()
    assert planner.window is window  # the copy is not opened
