"""Issue 11 item 1 (window side): never save from a stale view after another program's change.

The window is real (offscreen); the other program is the real ``cso-planner import`` in its own
process (this window, built without the start-up lock, is exactly the one a command could miss).
"""

from __future__ import annotations

import json
import pathlib
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from cso_planner.db.outside_changes import STALE_MESSAGE
from cso_planner.services import plans
from cso_planner.ui import file_actions
from cso_planner.ui.dialogs import confirm as confirm_module
from cso_planner.ui.main_window import MainWindow
from tests.helpers.dump import dump_database
from tests.helpers.processes import run_cli
from tests.ui.test_file_actions import seed

ROOT = pathlib.Path(__file__).resolve().parents[2]
EXPORT = ROOT / "tests" / "data" / "realistic_export.json"


@pytest.fixture
def errors(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(
        confirm_module, "show_error", lambda parent, title, text: shown.append(text)
    )
    return shown


def _other_document(tmp_path: pathlib.Path) -> pathlib.Path:
    document = json.loads(EXPORT.read_text("utf-8"))
    document["plans"] = document["plans"][:1]
    document["plans"][0]["name"] = "Imported by the other program"
    path = tmp_path / "other.json"
    path.write_text(json.dumps(document), "utf-8")
    return path


def _plan_names(window: MainWindow) -> list[str]:
    return window.store.read(lambda s: sorted(p.name for p in plans.list_plans(s)))


def test_undo_after_another_programs_import_is_refused_and_reloads(
    window: MainWindow,
    tmp_path: pathlib.Path,
    monkeypatch: pytest.MonkeyPatch,
    qtbot: QtBot,
    errors: list[str],
) -> None:
    seed(window)
    monkeypatch.setattr(file_actions, "ask_open_path", lambda *a: EXPORT)
    monkeypatch.setattr(file_actions, "confirm", lambda *a: True)
    window.file_actions.import_json_action.trigger()  # an undoable step on the stack
    assert window.undo_stack.canUndo()

    db = window.store.database.path
    result = run_cli("--db", str(db), "import", str(_other_document(tmp_path)))
    assert result.returncode == 0, result.stderr
    after_other = dump_database(db)

    messages: list[str] = []
    window.store.save_failed.connect(messages.append)
    window.undo_stack.undo()  # would put the pre-import data back over the other program's
    assert messages == [STALE_MESSAGE]
    assert dump_database(db) == after_other  # nothing saved over it
    qtbot.waitUntil(lambda: window.undo_stack.count() == 0, timeout=5000)
    assert window.saved_label.text() == "Not saved"
    QApplication.processEvents()
    assert errors == [STALE_MESSAGE]
    assert window.windowTitle().startswith("Imported by the other program")

    # Reloaded: the next edit is saved, on top of the other program's data.
    window.file_actions.import_json_action.trigger()
    assert window.undo_stack.count() == 1
    assert "Imported by the other program" not in _plan_names(window)
    window.undo_stack.undo()
    assert _plan_names(window) == ["Imported by the other program"]
    assert len(errors) == 1


def test_own_edits_and_reloads_are_never_taken_for_an_outside_change(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, errors: list[str]
) -> None:
    seed(window)  # written behind the window's back, then announced with data_changed
    monkeypatch.setattr(file_actions, "ask_open_path", lambda *a: EXPORT)
    monkeypatch.setattr(file_actions, "confirm", lambda *a: True)
    for _ in range(3):
        window.file_actions.import_json_action.trigger()
    for _ in range(3):
        window.undo_stack.undo()
    for _ in range(3):
        window.undo_stack.redo()
    assert errors == []
    assert window.undo_stack.count() == 3


def test_the_watch_is_closed_with_the_database(window: MainWindow) -> None:
    database: Any = window.store.database
    watch = database.change_watch
    window.close()
    assert watch._connection is None
    assert not database.path.with_name(database.path.name + "-wal").exists()


def test_coming_back_to_the_window_shows_another_programs_change(
    window: MainWindow,
    tmp_path: pathlib.Path,
    monkeypatch: pytest.MonkeyPatch,
    errors: list[str],
) -> None:
    seed(window)
    monkeypatch.setattr(file_actions, "ask_open_path", lambda *a: EXPORT)
    monkeypatch.setattr(file_actions, "confirm", lambda *a: True)
    window.file_actions.import_json_action.trigger()
    assert not window.check_outside_change()  # nothing changed outside: nothing reloads
    assert window.undo_stack.count() == 1

    db = window.store.database.path
    result = run_cli("--db", str(db), "import", str(_other_document(tmp_path)))
    assert result.returncode == 0, result.stderr
    assert window.check_outside_change()  # what activating the window runs
    assert window.undo_stack.count() == 0  # no step left to undo over the other data
    assert window.windowTitle().startswith("Imported by the other program")
    assert "Another program changed this file" in window.statusBar().currentMessage()
    assert errors == []
