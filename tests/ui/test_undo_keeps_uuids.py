"""Undo brings a deleted row back with its stable id (issue 11, migration 0002_stable_ids).

Calendar UIDs (ICS) and exported ids are made from a row's uuid. Deleting then undoing a CPE
activity, a course, a job or a held certification through the real window (the screen's
Delete button, the window's Undo/Redo) must leave every uuid as it was, and the calendar file
the same; so must undoing then redoing an add.
"""

from __future__ import annotations

import datetime as dt
import pathlib
import sqlite3
from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from cso_planner.db.opening import open_database
from cso_planner.exchange import import_document
from cso_planner.exports.ics import write_ics
from cso_planner.services.cpe import CpeDraft
from cso_planner.services.renewal_deadlines import calendar_deadlines
from cso_planner.ui.main_window import MainWindow
from cso_planner.ui.screens import courses as courses_module
from cso_planner.ui.screens import cpe as cpe_module
from cso_planner.ui.screens import experience as experience_module
from cso_planner.ui.screens.cpe_dialog import CpeDialog

REALISTIC = pathlib.Path(__file__).resolve().parents[1] / "data" / "realistic_export.json"
TABLES = {
    "cpe": "cpe_activity",
    "courses": "course",
    "experience": "experience_entry",
    "certifications": "held_certification",
}


def uuids(db_path: pathlib.Path, table: str) -> dict[int, str]:
    connection = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return dict(connection.execute(f"SELECT id, uuid FROM {table}").fetchall())
    finally:
        connection.close()


def calendar(window: MainWindow, folder: pathlib.Path) -> list[bytes]:
    """The calendar file's lines but DTSTAMP (the time it was written)."""
    target = folder / "deadlines.ics"
    with window.store.database.session_factory() as session:
        write_ics(calendar_deadlines(session, dt.date(2026, 1, 1)), target)
    lines = target.read_bytes().splitlines()
    assert any(line.startswith(b"UID:") for line in lines)
    return [line for line in lines if not line.startswith(b"DTSTAMP:")]


@pytest.fixture
def loaded_window(db_path: pathlib.Path, make_window: Callable[..., MainWindow]) -> MainWindow:
    database = open_database(db_path)
    import_document(database.session_factory, REALISTIC.read_bytes())
    database.dispose()
    return make_window()


@pytest.mark.parametrize("key", list(TABLES))
def test_delete_then_undo_keeps_the_uuid(
    key: str,
    loaded_window: MainWindow,
    db_path: pathlib.Path,
    tmp_path: pathlib.Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = loaded_window
    for module in (cpe_module, courses_module, experience_module):
        monkeypatch.setattr(module, "confirm", lambda *args: True)
    table = TABLES[key]
    before = uuids(db_path, table)
    assert len(before) >= 2 and all(before.values())
    ics_before = calendar(window, tmp_path)
    window.show_screen(key)
    screen: Any = window.screen_widget(key)
    QApplication.processEvents()
    screen.table.selectRow(0)
    screen.delete_button.click()
    QApplication.processEvents()
    after_delete = uuids(db_path, table)
    assert len(after_delete) == len(before) - 1
    window.undo_action.trigger()
    assert uuids(db_path, table) == before  # the same id and the same uuid
    assert calendar(window, tmp_path) == ics_before  # the same events under the same UIDs
    window.redo_action.trigger()
    assert uuids(db_path, table) == after_delete
    window.undo_action.trigger()
    assert uuids(db_path, table) == before


def test_add_undo_redo_keeps_the_uuid(
    loaded_window: MainWindow, db_path: pathlib.Path, stub: Callable[..., Any]
) -> None:
    window = loaded_window
    window.show_screen("cpe")
    screen: Any = window.screen_widget("cpe")
    before = uuids(db_path, "cpe_activity")
    stub(CpeDialog, CpeDraft(dt.date(2025, 3, 1), "Webinar", 1.0))
    screen.add_button.click()
    added = uuids(db_path, "cpe_activity")
    assert len(added) == len(before) + 1
    window.undo_action.trigger()
    assert uuids(db_path, "cpe_activity") == before
    window.redo_action.trigger()
    assert uuids(db_path, "cpe_activity") == added
