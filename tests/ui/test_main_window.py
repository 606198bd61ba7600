"""The window shell: screens, menus and shortcuts, settings, status bar, plain text, wizard."""

from __future__ import annotations

import dataclasses
import pathlib
import sys
import types

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QLabel

from cso_planner.app import create_main_window, run_gui
from cso_planner.db.errors import StorageError
from cso_planner.paths import display_path
from cso_planner.services import plans
from cso_planner.services.drafts import ItemDraft, StageDraft
from cso_planner.ui.main_window import SCREENS, LazyScreen, MainWindow
from cso_planner.ui.roadmap.models import Column
from cso_planner.ui.widgets import EmptyState


def test_every_screen_has_content(window: MainWindow) -> None:
    assert [window.sidebar_model.index(r, 0).data() for r in range(8)] == [
        "Dashboard", "Roadmap", "Certifications", "Experience", "CPE", "Courses", "Budget",
        "Catalog",
    ]  # fmt: skip
    for key, *_ in SCREENS:
        window.show_screen(key)
        assert window.current_screen() == key
        screen = window.screen_widget(key)
        assert screen.isVisible(), key
        # A real screen, never a blank pane: it has a title and something to read or act on.
        assert any(label.text() for label in screen.findChildren(QLabel)), key


def test_screens_are_built_when_first_shown(window: MainWindow) -> None:
    slot = window.screens["budget"]
    assert isinstance(slot, LazyScreen) and slot.built is None
    window.show_screen("budget")
    assert slot.built is not None and window.screen_widget("budget") is slot.built


def test_sidebar_click_switches_screen(window: MainWindow) -> None:
    index = window.sidebar_model.index(5, 0)
    window.sidebar.setCurrentIndex(index)
    assert window.current_screen() == "courses"


def test_menus_and_shortcuts(window: MainWindow) -> None:
    shortcuts = {
        window.undo_action: "Ctrl+Z",
        window.redo_action: "Ctrl+Shift+Z",
        window.new_item_action: "Ctrl+N",
        window.find_action: "Ctrl+F",
        window.quit_action: "Ctrl+Q",
    }
    for action, keys in shortcuts.items():
        assert action.shortcut() == QKeySequence(keys), action.text()
    assert window.roadmap.delete_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Delete)
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus == ["&File", "&Edit", "&View", "&Tools", "&Help"]
    file_items = [a.text() for a in window.menuBar().actions()[0].menu().actions() if a.text()]
    assert file_items == [
        "Ne&w database…", "&Open database…", "Open Recen&t", "Save a cop&y…",
        "&New plan…", "New plan from a &template…", "&Duplicate plan…", "&Rename plan…",
        "De&lete plan…",
        "&Export roadmap PDF…", "&Print…",
        "Export &calendar (ICS)…", "Export CPE &log (CSV)…", "Export &audit pack…",
        "E&xport all data (JSON)…",
        "&Import all data (JSON)…", "&Quit",
    ]  # fmt: skip
    assert window.file_actions.export_pdf_action.shortcut() == QKeySequence("Ctrl+E")
    assert window.file_actions.print_action.shortcut() == QKeySequence("Ctrl+P")
    tools = [a.text() for a in window.menuBar().actions()[3].menu().actions() if a.text()]
    assert tools == [
        "New plan from a &template…",
        "&Check database",
        "&Restore from backup…",
        "&Update catalog from file…",
    ]
    assert not window.undo_action.isEnabled()


def test_find_goes_to_roadmap_search(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.show_screen("cpe")
    window.activateWindow()
    window.find_action.trigger()
    assert window.current_screen() == "roadmap"
    qtbot.waitUntil(window.roadmap.search_edit.hasFocus, timeout=2000)


def test_status_bar_shows_path_and_saved_state(window: MainWindow, db_path: pathlib.Path) -> None:
    assert window.path_label.text() == display_path(db_path)
    assert str(db_path) in window.path_label.toolTip()
    assert window.saved_label.text() == "Saved"


def test_geometry_and_last_screen_are_kept(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    first = make_window()
    first.resize(780, 540)
    first.show_screen("experience")
    first.close()
    second = make_window()
    assert second.current_screen() == "experience"
    assert (second.width(), second.height()) == (780, 540)


def test_user_text_is_shown_literally(window: MainWindow) -> None:
    evil = '<b>x</b><img src="/etc/passwd">'
    with window.store.database.session_factory.begin() as s:
        p = plans.create_plan(s, evil)
        st = plans.add_stage(s, p, StageDraft(evil))
        plans.add_item(s, st, ItemDraft(evil, notes=evil))
    window.store.data_changed.emit()
    assert window.windowTitle() == f"{evil} — planner.sqlite3"
    model = window.roadmap.tree_model
    stage = model.index(0, 0)
    assert stage.data() == evil
    tip = model.index(0, Column.TITLE, stage).data(Qt.ItemDataRole.ToolTipRole)
    assert "<b>" not in tip and "&lt;b&gt;" in tip
    for label in window.findChildren(QLabel):
        if label.text():
            assert label.textFormat() == Qt.TextFormat.PlainText, label.text()


def test_timeline_tab_is_never_blank(window: MainWindow) -> None:
    screen = window.roadmap
    screen.tabs.setCurrentWidget(screen.timeline_holder)
    widget = screen.timeline_widget()
    assert widget.parent() is screen.timeline_holder
    if isinstance(widget, EmptyState):
        assert widget.title_label.text() == "Timeline not available"


def _fake_wizard(monkeypatch: pytest.MonkeyPatch, result: bool) -> list[object]:
    calls: list[object] = []

    from cso_planner.ui.wizard import WizardOutcome

    def run_first_run_wizard(parent: object, session_factory: object, **_kw: object) -> object:
        calls.append(session_factory)
        if not result:
            return None
        with session_factory.begin() as s:  # type: ignore[attr-defined]
            plan_id = plans.create_plan(s, "From the wizard")
        return WizardOutcome(plan_id, "A4")

    module = types.ModuleType("cso_planner.ui.wizard")
    module.run_first_run_wizard = run_first_run_wizard  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "cso_planner.ui.wizard", module)
    return calls


def test_wizard_runs_on_an_empty_file_and_fills_the_roadmap(
    make_window, monkeypatch, qtbot
) -> None:  # type: ignore[no-untyped-def]
    calls = _fake_wizard(monkeypatch, True)
    window = make_window(run_wizard=True)
    qtbot.waitUntil(lambda: bool(calls), timeout=2000)
    qtbot.waitUntil(
        lambda: window.windowTitle() == "From the wizard — planner.sqlite3", timeout=2000
    )


def test_wizard_skipped_leaves_a_working_empty_window(make_window, monkeypatch, qtbot) -> None:  # type: ignore[no-untyped-def]
    calls = _fake_wizard(monkeypatch, False)
    window = make_window(run_wizard=True)
    qtbot.waitUntil(lambda: bool(calls), timeout=2000)
    assert window.current_screen() == "dashboard"  # a brand-new file opens on the Dashboard
    window.show_screen("roadmap")
    assert window.roadmap.empty.title_label.text() == "Create your first plan"
    assert window.roadmap.empty.isVisibleTo(window)


def test_wizard_not_offered_when_plans_exist(make_window, monkeypatch, qtbot, db) -> None:  # type: ignore[no-untyped-def]
    with db.session_factory.begin() as s:
        plans.create_plan(s, "Mine")
    calls = _fake_wizard(monkeypatch, False)
    window = make_window(run_wizard=True)
    qtbot.wait(50)  # let any queued single-shot run
    assert calls == []
    assert window.windowTitle() == "Mine — planner.sqlite3"


def test_storage_error_is_reported(tmp_path: pathlib.Path, qapp, capfd) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "notes.sqlite3"
    bad.write_text("these are my notes, not a database")
    with pytest.raises(StorageError):
        create_main_window(bad)
    assert run_gui(bad) == 1
    err = capfd.readouterr().err
    assert "not a SQLite database" in err
    assert bad.read_text() == "these are my notes, not a database"
    assert not (tmp_path / "notes.sqlite3.lock").exists()


def test_hidden_screens_catch_up_when_shown(window: MainWindow) -> None:
    window.show_screen("courses")
    courses = window.screen_widget("courses")
    window.show_screen("roadmap")
    with window.store.database.session_factory.begin() as s:
        from cso_planner.services import courses as course_service
        from cso_planner.services.courses import CourseDraft

        course_service.add_course(s, CourseDraft("Written while hidden"))
    window.store.data_changed.emit()
    model = courses.model  # type: ignore[attr-defined]
    assert model.rowCount() == 0  # hidden: not reloaded yet (no cost while editing elsewhere)
    window.show_screen("courses")
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == ["Written while hidden"]


def test_profile_and_education_from_the_edit_menu(window: MainWindow, stub) -> None:  # type: ignore[no-untyped-def]
    from cso_planner.services import profile as profile_service
    from cso_planner.ui.dialogs.profile_dialog import ProfileDialog

    edit_items = [a.text() for a in window.menuBar().actions()[1].menu().actions() if a.text()]
    assert "Profile and &education…" in edit_items
    current = window.store.read(profile_service.load_profile_draft)
    new = dataclasses.replace(current, name="Dana", target_role="Chief Security Officer")
    degree = profile_service.EducationDraft("bachelor", "Computer Science", True, None)
    calls = stub(ProfileDialog, (new, [degree]))
    window.profile_action.trigger()
    assert len(calls) == 1
    saved = window.store.read(profile_service.load_profile_draft)
    assert (saved.name, saved.target_role) == ("Dana", "Chief Security Officer")
    assert window.store.read(profile_service.list_education) == [degree]
    window.undo_stack.undo()
    assert window.store.read(profile_service.list_education) == []
