"""The Experience screen driven through its widgets, with the database checked after each step."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from pytestqt.qtbot import QtBot

from cso_planner.db.errors import DatabaseBusyError
from cso_planner.db.models import ExperienceDomain, ExperienceEntry
from cso_planner.db.opening import Database
from cso_planner.services import experience as svc
from cso_planner.services.experience import ExperienceDraft
from cso_planner.ui.screens import experience as screen_module
from cso_planner.ui.screens.experience import Column, ExperienceScreen
from cso_planner.ui.screens.experience_dialog import ExperienceDialog
from cso_planner.ui.screens.table_kit import ROW_ROLE
from cso_planner.ui.store import PlannerStore

HOSTILE = "<b>x</b><img src=/etc/passwd>"
TAGS = (("CISSP", "Security Operations"), ("CISM", "Information Security Governance"))


def draft(**kw: Any) -> ExperienceDraft:
    base: dict[str, Any] = {
        "employer": "Acme Bank",
        "title": "Security Analyst",
        "start": dt.date(2018, 3, 1),
        "end": dt.date(2021, 2, 28),
        "domains": TAGS,
    }
    base.update(kw)
    return ExperienceDraft(**base)


@pytest.fixture
def screen(qtbot: QtBot, db: Database) -> ExperienceScreen:
    widget = ExperienceScreen(PlannerStore(db), QUndoStack())
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    widget.show()
    return widget


def entries(db: Database) -> list[tuple[str, str, tuple[tuple[str, str], ...]]]:
    with db.session_factory() as s:
        return [(r.draft.employer, r.draft.title, r.draft.domains) for r in svc.list_entries(s)]


def test_empty_state_offers_the_first_job(
    screen: ExperienceScreen, db: Database, stub: Callable[..., list[Any]], qtmodeltester: Any
) -> None:
    assert screen.stack.currentWidget() is screen.empty_state
    assert screen.empty_state.button is not None
    assert screen.empty_state.button.text() == "Add your first job"
    calls = stub(ExperienceDialog, draft())
    screen.empty_state.button.click()
    assert len(calls) == 1
    assert entries(db) == [("Acme Bank", "Security Analyst", TAGS)]
    assert screen.stack.currentWidget() is screen.content
    assert screen.proxy.rowCount() == 1
    assert screen.table.selectionModel().hasSelection()
    qtmodeltester.check(screen.model)
    qtmodeltester.check(screen.proxy)


def test_add_undo_redo_keeps_the_id(
    screen: ExperienceScreen, db: Database, stub: Callable[..., list[Any]]
) -> None:
    stub(ExperienceDialog, draft())
    screen.add_button.click()
    with db.session_factory() as s:
        (first_id,) = s.query(ExperienceEntry.id).all()
    screen.undo_stack.undo()
    assert entries(db) == []
    assert screen.stack.currentWidget() is screen.empty_state
    screen.undo_stack.redo()
    with db.session_factory() as s:
        assert s.query(ExperienceEntry.id).all() == [first_id]
        assert s.query(ExperienceDomain).count() == 2
    assert screen.proxy.rowCount() == 1


def test_edit_and_undo(
    screen: ExperienceScreen, db: Database, stub: Callable[..., list[Any]]
) -> None:
    with db.session_factory.begin() as s:
        svc.add_entry(s, draft())
    screen.reload()
    screen.table.selectRow(0)
    calls = stub(ExperienceDialog, draft(title="Security Manager", management=True, domains=()))
    screen.edit_button.click()
    assert calls[0][0][3] == draft()  # the form opened with the stored values
    assert entries(db) == [("Acme Bank", "Security Manager", ())]
    screen.undo_stack.undo()
    assert entries(db) == [("Acme Bank", "Security Analyst", TAGS)]
    screen.undo_stack.redo()
    assert entries(db)[0][1] == "Security Manager"


def test_delete_asks_then_undo_restores_tags(
    screen: ExperienceScreen, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    with db.session_factory.begin() as s:
        svc.add_entry(s, draft())
        svc.add_entry(s, draft(employer="Globex", domains=()))
    screen.reload()
    asked: list[str] = []
    monkeypatch.setattr(screen_module, "confirm", lambda *a: asked.append(a[2]) or True)
    screen.table.selectAll()
    screen.delete_button.click()
    assert "2 jobs" in asked[0]
    assert entries(db) == []
    screen.undo_stack.undo()
    assert sorted(e[0] for e in entries(db)) == ["Acme Bank", "Globex"]
    with db.session_factory() as s:
        assert s.query(ExperienceDomain).count() == 2


def test_busy_database_reopens_the_form_with_the_input(
    screen: ExperienceScreen,
    db: Database,
    stub: Callable[..., list[Any]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = svc.add_entry
    failures = [DatabaseBusyError("The database is busy. Nothing was saved.")]

    def flaky(session: Any, d: ExperienceDraft, entry_id: int | None = None) -> int:
        if failures:
            raise failures.pop()
        return real(session, d, entry_id)

    monkeypatch.setattr(svc, "add_entry", flaky)
    typed = draft(employer="Initech")
    calls = stub(ExperienceDialog, typed, typed)
    screen.add_button.click()
    assert len(calls) == 2
    assert calls[1][0][3] == typed  # second form shows what the user typed
    assert entries(db)[0][0] == "Initech"
    assert screen.undo_stack.count() == 1


def test_search_filters_and_sorting(screen: ExperienceScreen, db: Database) -> None:
    with db.session_factory.begin() as s:
        svc.add_entry(s, draft(employer="Acme Bank", start=dt.date(2015, 1, 1)))
        svc.add_entry(s, draft(employer="Globex", domains=(), start=dt.date(2019, 1, 1)))
        svc.add_entry(s, draft(employer="Initech", domains=(), end=None, start=dt.date(2021, 3, 1)))
    screen.reload()
    screen.search_edit.setText("globex")
    assert screen.proxy.rowCount() == 1
    screen.search_edit.setText("security operations")  # a domain name
    assert screen.proxy.rowCount() == 1
    screen.search_edit.clear()
    assert screen.proxy.rowCount() == 3
    # Newest first by default; "Ongoing" sorts after every end date.
    assert screen.proxy.index(0, Column.EMPLOYER).data() == "Initech"
    screen.table.sortByColumn(Column.END, Qt.SortOrder.AscendingOrder)
    assert screen.proxy.index(2, Column.END).data() == "Ongoing"
    years = screen.proxy.index(0, Column.YEARS)
    assert years.data(Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight


def test_totals_panel(screen: ExperienceScreen, db: Database) -> None:
    with db.session_factory.begin() as s:
        svc.add_entry(s, draft(start=dt.date(2010, 1, 1), end=dt.date(2019, 12, 31)))
        svc.add_entry(
            s, draft(start=dt.date(2015, 1, 1), end=dt.date(2019, 12, 31), management=True)
        )
    screen.reload()
    assert screen.totals is not None
    assert screen.totals.security_years == pytest.approx(10.0, abs=0.01)
    assert screen.totals_panel.security_label.text().startswith("10")
    assert screen.totals_panel.management_label.text().startswith("5")
    assert screen.totals_panel.cert_rows.layout_.rowCount() == 2  # CISSP and CISM


def test_dialog_keeps_input_and_shows_errors(qtbot: QtBot, db: Database) -> None:
    with db.session_factory() as s:
        catalog = svc.domain_catalog(s)
    dialog = ExperienceDialog(None, "Add job", catalog)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.title_edit.setText("Analyst")
    dialog.start_edit.set_value(dt.date(2020, 5, 1))
    dialog.end_edit.set_value(dt.date(2019, 1, 1))
    dialog.hours_edit.setText("two hundred")
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert dialog.isVisible()
    assert dialog.employer_error.isVisible() and "employer" in dialog.employer_error.text()
    assert dialog.end_error.isVisible()
    assert dialog.hours_error.isVisible()
    assert dialog.title_edit.text() == "Analyst"  # input kept
    dialog.employer_edit.setText("Acme")
    dialog.end_edit.set_value(dt.date(2022, 1, 1))
    dialog.hours_edit.setText("200")
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert dialog.isVisible() and "168" in dialog.hours_error.text()
    dialog.hours_edit.setText("30")
    dialog.domain_picker.set_checked("CISSP", "Asset Security")
    dialog.domain_picker.set_checked("CPP", catalog[3].domains[0])
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert not dialog.isVisible()
    value = dialog.value()
    assert value.employer == "Acme" and value.hours_per_week == 30
    assert value.domains == (("CISSP", "Asset Security"), ("CPP", catalog[3].domains[0]))


def test_hostile_text_is_shown_literally(screen: ExperienceScreen, db: Database) -> None:
    with db.session_factory.begin() as s:
        svc.add_entry(s, draft(employer=HOSTILE, title=HOSTILE))
    screen.reload()
    index = screen.proxy.index(0, Column.EMPLOYER)
    assert index.data() == HOSTILE
    assert "&lt;b&gt;" in index.data(Qt.ItemDataRole.ToolTipRole)
    assert index.data(ROW_ROLE).draft.employer == HOSTILE
