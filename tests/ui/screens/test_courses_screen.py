"""The Courses screen driven through its widgets: add, edit, link, log CPE, undo, filter."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from pytestqt.qtbot import QtBot

from cso_planner.db.models import HeldCertification
from cso_planner.db.opening import Database
from cso_planner.services import courses as svc
from cso_planner.services import cpe as cpe_svc
from cso_planner.services.courses import CourseDraft
from cso_planner.ui.screens import courses as screen_module
from cso_planner.ui.screens.course_dialog import CourseDialog
from cso_planner.ui.screens.courses import Column, CoursesScreen
from cso_planner.ui.screens.cpe_dialog import CpeDialog
from cso_planner.ui.store import PlannerStore

HOSTILE = "<b>x</b><img src=/etc/passwd>"
DAY = dt.date.today() - dt.timedelta(days=2)


@pytest.fixture
def screen(qtbot: QtBot, db: Database) -> CoursesScreen:
    with db.session_factory.begin() as s:
        s.add(HeldCertification(cert_code="CISSP", status="earned", earned_on=dt.date(2024, 1, 1)))
    widget = CoursesScreen(PlannerStore(db), QUndoStack())
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    return widget


def titles(db: Database) -> list[tuple[str, float]]:
    with db.session_factory() as s:
        return sorted((r.draft.title, r.draft.progress) for r in svc.list_courses(s))


def test_add_edit_undo_and_model(
    screen: CoursesScreen,
    db: Database,
    stub: Callable[..., list[Any]],
    monkeypatch: pytest.MonkeyPatch,
    qtmodeltester: Any,
) -> None:
    assert screen.stack.currentWidget() is screen.empty_state
    stub(CourseDialog, CourseDraft("SOC Analyst path", "Cybrary", hours=40, progress=20, cost=59))
    screen.empty_state.button.click()  # type: ignore[union-attr]
    assert titles(db) == [("SOC Analyst path", 20)]
    qtmodeltester.check(screen.model)
    qtmodeltester.check(screen.proxy)
    assert screen.proxy.index(0, Column.COST).data() == "US$59.00"  # C locale: international
    assert screen.proxy.index(0, Column.PROGRESS).data(Qt.ItemDataRole.TextAlignmentRole) & (
        Qt.AlignmentFlag.AlignRight
    )
    offered: list[str] = []
    monkeypatch.setattr(screen_module, "ask_log_cpe", lambda p, d: offered.append(d.title) or False)
    screen.table.selectRow(0)
    stub(CourseDialog, CourseDraft("SOC Analyst path", "Cybrary", hours=40, progress=60))
    screen.edit_button.click()
    assert titles(db) == [("SOC Analyst path", 60)]
    assert offered == []  # not finished: nothing to offer
    screen.undo_stack.undo()
    assert titles(db) == [("SOC Analyst path", 20)]
    screen.undo_stack.undo()
    assert titles(db) == []
    screen.undo_stack.redo()
    assert titles(db) == [("SOC Analyst path", 20)]


def test_finishing_offers_to_log_cpe(
    screen: CoursesScreen,
    db: Database,
    stub: Callable[..., list[Any]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with db.session_factory.begin() as s:
        svc.add_course(s, CourseDraft("SEC401", "SANS", progress=80, cpe_credits=36))
    screen.reload()
    screen.table.selectRow(0)
    assert not screen.log_button.isEnabled()
    monkeypatch.setattr(screen_module, "ask_log_cpe", lambda parent, draft: True)
    finished = CourseDraft("SEC401", "SANS", progress=100, completed_on=DAY, cpe_credits=36)
    stub(CourseDialog, finished)
    cpe_calls = stub(CpeDialog, None)  # first the user cancels the CPE form…
    screen.edit_button.click()
    assert cpe_calls[0][0][3].credits == 36  # …which opened pre-filled
    with db.session_factory() as s:
        assert cpe_svc.list_activities(s) == []
    screen.table.selectRow(0)
    assert screen.log_button.isEnabled()
    cpe_calls = stub(CpeDialog, cpe_calls[0][0][3])
    screen.log_button.click()
    with db.session_factory() as s:
        (activity,) = cpe_svc.list_activities(s)
    assert (activity.draft.activity, activity.draft.credits) == ("SEC401", 36)
    assert activity.draft.certifications == ("CISSP",)
    assert activity.draft.date == DAY


def test_open_link_only_on_click_and_only_web(
    screen: CoursesScreen,
    db: Database,
    stub: Callable[..., list[Any]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    opened: list[str] = []
    monkeypatch.setattr(screen_module, "open_url", opened.append)
    with db.session_factory.begin() as s:
        svc.add_course(s, CourseDraft("A", url="https://www.sans.org/cyber-security-courses/"))
        svc.add_course(s, CourseDraft("B"))
    screen.reload()
    screen.table.selectRow(0)
    form = stub(CourseDialog, None)  # the user cancels the form
    screen.table.doubleClicked.emit(screen.proxy.index(0, 0))  # opens the form, not the link
    assert len(form) == 1
    assert opened == []
    assert screen.open_button.isEnabled()
    screen.open_button.click()
    assert opened == ["https://www.sans.org/cyber-security-courses/"]
    screen.table.selectRow(1)
    assert not screen.open_button.isEnabled()


def test_dialog_validation_keeps_input(qtbot: QtBot) -> None:
    dialog = CourseDialog(None, "Add course", [(7, "Pass CISSP · Engineer")])
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.title_edit.setText("Cloud security")
    dialog.url_edit.setText("javascript:alert(1)")
    dialog.progress_edit.setText("150")
    dialog.cost_edit.setText("-5")
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    ok.click()
    assert dialog.isVisible()
    assert dialog.url_error.isVisible() and dialog.progress_error.isVisible()
    assert dialog.cost_error.isVisible()
    assert dialog.url_edit.text() == "javascript:alert(1)"
    dialog.url_edit.setText("https://www.coursera.org/learn/x")
    dialog.progress_edit.setText("30")
    dialog.cost_edit.setText("49")
    dialog.provider_combo.setEditText("Coursera")
    dialog.item_combo.setCurrentIndex(1)
    ok.click()
    assert not dialog.isVisible()
    value = dialog.value()
    assert (value.provider, value.plan_item_id, value.cost) == ("Coursera", 7, 49)
    assert dialog.provider_combo.findText("LinkedIn Learning") > 0  # suggestions


def test_search_and_hostile_text(screen: CoursesScreen, db: Database) -> None:
    with db.session_factory.begin() as s:
        svc.add_course(s, CourseDraft(HOSTILE, "Udemy"))
        svc.add_course(s, CourseDraft("Leadership", "LinkedIn Learning"))
    screen.reload()
    screen.search_edit.setText("linkedin")
    assert screen.proxy.rowCount() == 1
    screen.search_edit.setText("udemy")
    index = screen.proxy.index(0, Column.TITLE)
    assert index.data() == HOSTILE
    assert "&lt;img" in index.data(Qt.ItemDataRole.ToolTipRole)
