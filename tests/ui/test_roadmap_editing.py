"""Build and edit a roadmap through the real window; check the database after every step."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from cso_planner.db.models import ItemDependency, Plan, PlanItem, Profile, Stage
from cso_planner.services.drafts import ItemDraft, StageDraft
from cso_planner.ui.dialogs import confirm as confirm_module
from cso_planner.ui.dialogs.item_dialog import ItemDialog, ItemResult
from cso_planner.ui.dialogs.plan_name import PlanNameDialog
from cso_planner.ui.dialogs.preferences import Preferences, PreferencesDialog
from cso_planner.ui.dialogs.stage_dialog import StageDialog
from cso_planner.ui.main_window import MainWindow

from .conftest import seed_plan


def _db(window: MainWindow, query):  # type: ignore[no-untyped-def]
    with window.store.database.session_factory() as s:
        return s.execute(query).all()


def _stage_roles(window: MainWindow) -> list[str]:
    return [r for (r,) in _db(window, select(Stage.role).order_by(Stage.position))]


def _items(window: MainWindow, stage_id: int) -> list[str]:
    rows = _db(
        window,
        select(PlanItem.title).where(PlanItem.stage_id == stage_id).order_by(PlanItem.position),
    )
    return [t for (t,) in rows]


def test_build_a_plan_from_empty_with_undo(window: MainWindow, stub) -> None:  # type: ignore[no-untyped-def]
    screen = window.roadmap
    assert screen.plan_stack.currentWidget() is screen.empty
    assert screen.empty.title_label.text() == "Create your first plan"

    stub(PlanNameDialog, "Technical track")
    screen.empty.button.click()
    assert _db(window, select(Plan.name, Plan.active)) == [("Technical track", True)]
    assert window.windowTitle() == "Technical track — planner.sqlite3"
    assert screen.empty.title_label.text() == "Add your first stage"

    stub(StageDialog, StageDraft("Security Analyst", dt.date(2025, 1, 1), dt.date(2025, 12, 31)))
    screen.empty.button.click()
    assert _stage_roles(window) == ["Security Analyst"]
    assert screen.plan_stack.currentWidget() is screen.tree

    stage_id = screen.roadmap().stages[0].id
    stub(ItemDialog, ItemResult(stage_id, ItemDraft("Pass CISSP", ref_code="CISSP", hours=120)))
    window.new_item_action.trigger()
    assert _items(window, stage_id) == ["Pass CISSP"]
    assert window.saved_label.text().startswith("Saved")

    # Undo item, stage, plan one by one; the database follows each step.
    window.undo_action.trigger()
    assert _items(window, stage_id) == []
    window.undo_action.trigger()
    assert _stage_roles(window) == []
    window.undo_action.trigger()
    assert _db(window, select(Plan.name)) == []
    assert window.windowTitle() == "planner.sqlite3"

    for _ in range(3):
        window.redo_action.trigger()
    assert _stage_roles(window) == ["Security Analyst"]
    assert _items(window, stage_id) == ["Pass CISSP"]
    assert screen.tree_model.rowCount() == 1


def test_edit_item_and_move_it_to_another_stage(window: MainWindow, stub) -> None:  # type: ignore[no-untyped-def]
    ids = seed_plan(window)
    screen = window.roadmap
    screen.select("item", ids["cissp"])
    row = screen.selected_row()
    assert row is not None and row.title == "Pass CISSP"

    old = ItemDraft("Pass CISSP", ref_code="CISSP", hours=150, cost=749, due=dt.date(2026, 6, 1))
    new = dataclasses.replace(old, title="CISSP exam", status="in_progress", depends_on=())
    calls = stub(ItemDialog, ItemResult(ids["manager"], new))
    screen.edit_action.trigger()
    assert calls[0][1]["draft"].title == "Pass CISSP"  # the form opened with the stored values
    rows = _db(
        window,
        select(PlanItem.title, PlanItem.stage_id, PlanItem.status).where(
            PlanItem.id == ids["cissp"]
        ),
    )
    assert rows == [("CISSP exam", ids["manager"], "in_progress")]

    window.undo_action.trigger()
    rows = _db(
        window,
        select(PlanItem.title, PlanItem.stage_id, PlanItem.position).where(
            PlanItem.id == ids["cissp"]
        ),
    )
    assert rows == [("Pass CISSP", ids["analyst"], 1)]
    assert _items(window, ids["analyst"]) == ["Security+", "Pass CISSP"]

    window.redo_action.trigger()
    assert _items(window, ids["manager"]) == ["Pass CISM", "CISSP exam"]


def test_reorder_items_and_stages(window: MainWindow) -> None:
    ids = seed_plan(window)
    screen = window.roadmap
    screen.select("item", ids["cissp"])
    screen.move_up_action.trigger()
    assert _items(window, ids["analyst"]) == ["Pass CISSP", "Security+"]
    # The selection follows the item; moving it up again leaves the stage at its top.
    assert screen.selected_row().id == ids["cissp"]  # type: ignore[union-attr]
    screen.select("item", ids["sec"])
    screen.move_down_action.trigger()
    assert _items(window, ids["manager"]) == ["Security+", "Pass CISM"]

    screen.select("stage", ids["manager"])
    screen.move_up_action.trigger()
    assert _stage_roles(window) == ["Security Manager", "Security Analyst"]

    window.undo_action.trigger()
    assert _stage_roles(window) == ["Security Analyst", "Security Manager"]
    window.undo_action.trigger()
    assert _items(window, ids["analyst"]) == ["Pass CISSP", "Security+"]
    window.undo_action.trigger()
    assert _items(window, ids["analyst"]) == ["Security+", "Pass CISSP"]


def test_delete_stage_and_undo_restores_ids_and_dependencies(window: MainWindow) -> None:
    ids = seed_plan(window)
    screen = window.roadmap
    screen.select("stage", ids["analyst"])
    screen.delete_action.trigger()
    assert _stage_roles(window) == ["Security Manager"]
    assert _db(window, select(ItemDependency.item_id)) == []
    window.undo_action.trigger()
    assert _stage_roles(window) == ["Security Analyst", "Security Manager"]
    assert _db(window, select(ItemDependency.item_id, ItemDependency.depends_on_id)) == [
        (ids["cism"], ids["cissp"])
    ]
    assert _items(window, ids["analyst"]) == ["Security+", "Pass CISSP"]


def test_cycle_is_refused_in_the_form(window: MainWindow, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    ids = seed_plan(window)  # CISM already needs CISSP
    screen = window.roadmap
    seen: dict[str, object] = {}

    def drive(dialog: ItemDialog) -> int:
        dialog.deps_model.set_checked(ids["cism"], True)  # CISSP needs CISM: a cycle
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
        seen["error"] = dialog.deps_error.text()
        seen["open"] = dialog.result() != ItemDialog.DialogCode.Accepted
        seen["kept"] = dialog.deps_model.checked_ids()
        dialog.deps_model.set_checked(ids["cism"], False)
        dialog.deps_model.set_checked(ids["sec"], True)
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
        return dialog.result()

    monkeypatch.setattr(ItemDialog, "exec", drive)
    screen.select("item", ids["cissp"])
    screen.edit_action.trigger()
    assert "cycle" in str(seen["error"]) and "“Pass CISSP” → “Pass CISM” → “Pass CISSP”" in str(
        seen["error"]
    )
    assert seen["open"] is True
    assert seen["kept"] == (ids["cism"],)
    deps = _db(window, select(ItemDependency.item_id, ItemDependency.depends_on_id))
    assert sorted(deps) == sorted([(ids["cism"], ids["cissp"]), (ids["cissp"], ids["sec"])])


def test_plans_duplicate_switch_rename_delete(window: MainWindow, stub, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    ids = seed_plan(window)
    screen = window.roadmap
    stub(PlanNameDialog, "What-if: CCISO")
    screen.duplicate_plan_action.trigger()
    plans_now = _db(window, select(Plan.name, Plan.active).order_by(Plan.id))
    assert plans_now == [("Technical track", False), ("What-if: CCISO", True)]
    assert window.windowTitle() == "What-if: CCISO — planner.sqlite3"
    assert [s.role for s in screen.roadmap().stages] == ["Security Analyst", "Security Manager"]
    assert screen.plan_combo.currentText() == "What-if: CCISO"

    row = screen.plan_model.row_of(ids["plan"])
    screen.plan_combo.activated.emit(row)
    assert _db(window, select(Plan.name).where(Plan.active.is_(True))) == [("Technical track",)]

    stub(PlanNameDialog, "Technical track 2032")
    screen.rename_plan_action.trigger()
    assert window.windowTitle() == "Technical track 2032 — planner.sqlite3"

    monkeypatch.setattr(confirm_module, "confirm", lambda *a: False)
    screen.delete_plan_action.trigger()
    assert len(_db(window, select(Plan.id))) == 2
    monkeypatch.setattr(confirm_module, "confirm", lambda *a: True)
    screen.delete_plan_action.trigger()
    assert _db(window, select(Plan.name, Plan.active)) == [("What-if: CCISO", True)]
    window.undo_action.trigger()
    assert _db(window, select(Plan.name, Plan.active).order_by(Plan.id)) == [
        ("Technical track 2032", True),
        ("What-if: CCISO", False),
    ]
    assert _items(window, ids["analyst"]) == ["Security+", "Pass CISSP"]


def test_pace_is_shown_per_stage(window: MainWindow) -> None:
    seed_plan(window)
    stages = window.roadmap.roadmap().stages
    # Analyst: 210 h over two years fits; Manager: 300 h in 26 weeks at 6 h/week does not.
    assert stages[0].pace.fits is True
    assert stages[1].pace.fits is False
    model = window.roadmap.tree_model
    from cso_planner.ui.roadmap.models import Column

    index = model.index(1, Column.PACE)
    assert index.data() == "Needs 50 wk, has 26"
    assert "needs 50 weeks at 6 h/week" in index.data(Qt.ItemDataRole.ToolTipRole)
    assert index.data(Qt.ItemDataRole.ForegroundRole) is not None


def test_preferences_change_the_budget_with_undo(window: MainWindow, stub) -> None:  # type: ignore[no-untyped-def]
    seed_plan(window)
    stub(PreferencesDialog, Preferences(weekly_study_hours=12, page_size="Letter"))
    window.preferences_action.trigger()
    assert _db(window, select(Profile.weekly_study_hours)) == [(12.0,)]
    assert window.settings.value("pdf/page_size") == "Letter"
    assert window.roadmap.roadmap().stages[1].pace.fits is True
    assert "12 h" in window.roadmap.budget_label.text()
    window.undo_action.trigger()
    assert _db(window, select(Profile.weekly_study_hours)) == [(6.0,)]


def test_status_from_context_menu(window: MainWindow) -> None:
    ids = seed_plan(window)
    screen = window.roadmap
    screen.select("item", ids["cissp"])
    menu = screen.context_menu()
    status_menu = next(a.menu() for a in menu.actions() if a.text() == "Mark &as")
    done = next(a for a in status_menu.actions() if a.text() == "&Done")
    done.trigger()
    assert _db(window, select(PlanItem.status).where(PlanItem.id == ids["cissp"])) == [("done",)]
    window.undo_action.trigger()
    assert _db(window, select(PlanItem.status).where(PlanItem.id == ids["cissp"])) == [("planned",)]


def test_search_filters_the_tree(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    seed_plan(window)
    screen = window.roadmap
    window.find_action.trigger()
    assert screen.search_edit.hasFocus() or window.current_screen() == "roadmap"
    screen.search_edit.setText("cism")
    proxy = screen.proxy
    assert proxy.rowCount() == 1
    stage = proxy.index(0, 0)
    assert stage.data() == "Security Manager"
    assert proxy.rowCount(stage) == 1
    screen.search_edit.setText("manager")  # a matching stage keeps all its items
    assert proxy.rowCount(proxy.index(0, 0)) == 1
    screen.search_edit.clear()
    assert proxy.rowCount() == 2


def test_busy_database_keeps_the_form_input(window: MainWindow, stub, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from cso_planner.db.errors import DatabaseBusyError
    from cso_planner.ui import dialogs

    ids = seed_plan(window)
    shown: list[str] = []
    monkeypatch.setattr(
        dialogs.confirm, "show_error", lambda parent, title, text: shown.append(text)
    )
    real_write = window.store.write
    failures = [1]

    def flaky(work):  # type: ignore[no-untyped-def]
        if failures:
            failures.pop()
            raise DatabaseBusyError("The database is busy. Nothing was saved; try again.")
        return real_write(work)

    monkeypatch.setattr(window.store, "write", flaky)
    draft = ItemDraft("Pass CCSP", hours=90)
    calls = stub(ItemDialog, ItemResult(ids["analyst"], draft), ItemResult(ids["analyst"], draft))
    window.roadmap.select("stage", ids["analyst"])
    window.new_item_action.trigger()
    assert len(calls) == 2
    assert calls[1][1]["draft"] == draft  # reopened with what the user typed
    assert _items(window, ids["analyst"]) == ["Security+", "Pass CISSP", "Pass CCSP"]
    assert window.undo_stack.count() == 1


def test_a_search_or_a_sort_does_not_measure_the_columns_again(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QApplication

    seed_plan(window)
    window.show_screen("roadmap")
    screen = window.roadmap
    QApplication.processEvents()  # the first fit, after the load
    measured: list[str] = []
    monkeypatch.setattr(screen.fitter, "_measure", lambda: measured.append("fit"))
    for text in ("c", "ci", "cism", ""):
        screen.search_edit.setText(text)
        QApplication.processEvents()
    screen._on_header_clicked(1)
    QApplication.processEvents()
    assert measured == []  # the same strings, filtered or sorted
    screen.reload()  # new data is measured
    assert measured == ["fit"]


def test_the_search_texts_are_worked_out_while_idle_after_a_load(window: MainWindow) -> None:
    from PySide6.QtWidgets import QApplication

    seed_plan(window)
    window.show_screen("roadmap")
    proxy = window.roadmap.proxy
    stages = proxy.sourceModel().roadmap().stages
    rows = {(s, i) for s, stage in enumerate(stages) for i in range(-1, len(stage.items))}
    for _ in range(5):
        QApplication.processEvents()  # idle: the texts are made in chunks
    assert set(proxy._haystack) == rows
    window.roadmap.search_edit.setText("cism")  # and a search reads them
    assert proxy.rowCount() == 1
