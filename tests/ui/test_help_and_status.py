"""Help → Keyboard shortcuts (F1) lists the window's real actions; How the planner works is
bundled; status changes are on the Roadmap's toolbar, in the Edit menu and on Ctrl+D."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QMenu
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from cso_planner.db.models import PlanItem
from cso_planner.ui.dialogs.help import HowItWorksDialog, ShortcutsDialog, shortcuts
from cso_planner.ui.main_window import MainWindow

from .conftest import seed_plan


def _rows(dialog: ShortcutsDialog) -> list[tuple[str, str, str]]:
    table = dialog.table
    return [
        tuple(table.item(r, c).text() for c in range(3))  # type: ignore[misc]
        for r in range(table.rowCount())
    ]


def test_f1_shows_the_shortcuts_of_the_real_menus(window: MainWindow, qtbot: QtBot) -> None:
    # An action added to a menu now shows up: the list is read from the menus, not written.
    extra = QAction("Jump to the moon", window)
    extra.setShortcut(QKeySequence("Ctrl+Alt+J"))
    window.menuBar().actions()[3].menu().addAction(extra)  # Tools
    seen: list[list[tuple[str, str, str]]] = []

    def read_and_close() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ShortcutsDialog)
        seen.append(_rows(dialog))
        dialog.reject()

    QTimer.singleShot(0, read_and_close)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: bool(seen), timeout=3000)
    rows = seen[0]
    native = QKeySequence.SequenceFormat.NativeText
    expected = {
        ("Undo", "Ctrl+Z", "Edit"),
        ("Export roadmap PDF", QKeySequence("Ctrl+E").toString(native), "File"),
        ("Keyboard shortcuts", "F1", "Help"),
        ("Done", QKeySequence("Ctrl+D").toString(native), "Edit → Mark as"),
        ("Jump to the moon", QKeySequence("Ctrl+Alt+J").toString(native), "Tools"),
        ("Dashboard", QKeySequence("Ctrl+1").toString(native), "View"),
    }
    assert expected <= set(rows), sorted(expected - set(rows))
    assert any(r[0] == "Redo" and " or " in r[1] for r in rows)  # both of Redo's keys
    # Nothing is listed that the menus do not have.
    assert len(rows) == len(shortcuts(window))


def test_how_the_planner_works_is_bundled_and_offline(window: MainWindow, qtbot: QtBot) -> None:
    dialog = HowItWorksDialog(window)
    qtbot.addWidget(dialog)
    text = dialog.browser.toPlainText()
    assert text.startswith("How the planner works")
    for phrase in ("eligible since", "New plan from a template", "Keyboard shortcuts", "Ctrl+Z"):
        assert phrase in text
    assert not dialog.browser.openExternalLinks()
    help_items = [a.text() for a in window.menuBar().actions()[4].menu().actions() if a.text()]
    assert help_items[:2] == ["&Keyboard shortcuts", "&How the planner works"]


def _status(window: MainWindow, item_id: int) -> str:
    with window.store.database.session_factory() as s:
        item = s.scalar(select(PlanItem).where(PlanItem.id == item_id))
        assert item is not None
        return item.status


def test_status_changes_from_the_toolbar_the_edit_menu_and_ctrl_d(
    window: MainWindow, qtbot: QtBot
) -> None:
    ids = seed_plan(window)
    roadmap = window.roadmap
    window.show_screen("roadmap")
    roadmap.select("stage", ids["analyst"])
    assert not roadmap.status_button.isEnabled()  # a stage has no status of its own
    roadmap.select("item", ids["cissp"])
    assert roadmap.status_button.isEnabled()
    assert roadmap.status_button.menu() is roadmap.status_menu
    assert roadmap.status_actions["planned"].isChecked()
    edit_menu = window.menuBar().actions()[1].menu()
    assert roadmap.status_menu in [a.menu() for a in edit_menu.actions() if a.menu()]
    assert isinstance(roadmap.status_menu, QMenu)

    roadmap.status_actions["in_progress"].trigger()  # what clicking it in the button's menu does
    assert _status(window, ids["cissp"]) == "in_progress"
    roadmap.select("item", ids["cissp"])
    assert roadmap.status_actions["in_progress"].isChecked()

    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    roadmap.tree.setFocus()
    qtbot.keyClick(roadmap.tree, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert _status(window, ids["cissp"]) == "done"
    window.undo_action.trigger()
    assert _status(window, ids["cissp"]) == "in_progress"


def test_deleting_a_stage_says_so_with_an_undo_button(window: MainWindow, qtbot: QtBot) -> None:
    ids = seed_plan(window)
    roadmap = window.roadmap
    window.show_screen("roadmap")
    roadmap.select("stage", ids["analyst"])
    roadmap.delete_action.trigger()
    assert window.statusBar().currentMessage() == (
        "Deleted the stage “Security Analyst” and its 2 items."
    )
    assert window.undo_button.isVisibleTo(window)
    assert roadmap.tree_model.index_of("stage", ids["analyst"]).isValid() is False
    window.undo_button.click()
    assert not window.undo_button.isVisibleTo(window)
    assert window.statusBar().currentMessage().startswith("Undone: Deleted the stage")
    with window.store.database.session_factory() as s:
        titles = set(s.scalars(select(PlanItem.title)))
    assert {"Security+", "Pass CISSP"} <= titles
    # Any later edit retires the button: it never undoes something else.
    roadmap.select("item", ids["cism"])
    roadmap.delete_action.trigger()
    assert window.undo_button.isVisibleTo(window)
    window.undo_action.trigger()
    window.redo_action.trigger()
    assert not window.undo_button.isVisibleTo(window)
