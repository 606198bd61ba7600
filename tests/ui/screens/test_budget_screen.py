"""The Budget screen: per-year table and chart, the costs of a year, employer-paid toggle."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtGui import QUndoStack
from pytestqt.qtbot import QtBot

from cso_planner.db.models import Course, HeldCertification
from cso_planner.db.opening import Database
from cso_planner.ui.screens.budget import BudgetScreen, LineColumn, YearColumn
from cso_planner.ui.store import PlannerStore

THIS_YEAR = dt.date.today().year
HOSTILE = '<b>bold</b> <img src="x">'


@pytest.fixture
def store(db: Database) -> PlannerStore:
    return PlannerStore(db)


@pytest.fixture
def screen(qtbot: QtBot, store: PlannerStore) -> BudgetScreen:
    widget = BudgetScreen(store, QUndoStack())
    qtbot.addWidget(widget)
    widget.resize(1080, 760)
    widget.show()
    return widget


def _seed(store: PlannerStore) -> None:
    def work(s: Any) -> None:
        s.add(
            HeldCertification(
                cert_code="CISM",
                status="planned",
                target_date=dt.date(THIS_YEAR, 12, 1),
                employer_paid=True,
            )
        )
        s.add(Course(title=HOSTILE, cost=59, progress=100, completed_on=dt.date(THIS_YEAR, 1, 2)))

    store.write(work)  # fmt: skip


def _year_row(screen: BudgetScreen, year: int) -> int:
    for row in range(screen.years_proxy.rowCount()):
        if screen.years_proxy.index(row, YearColumn.YEAR).data() == str(year):
            return row
    raise AssertionError(year)


def test_empty_state(screen: BudgetScreen) -> None:
    assert screen.stack.currentWidget() is screen.empty


def test_updates_after_an_edit_and_models_are_sound(
    screen: BudgetScreen, store: PlannerStore, qtmodeltester: Any
) -> None:
    _seed(store)  # store.write emits data_changed: the screen reloads by itself
    assert screen.stack.currentWidget() is screen.content
    row = _year_row(screen, THIS_YEAR)
    cell = screen.years_proxy.index
    assert "760" in cell(row, YearColumn.PLANNED).data()  # CISM exam, catalog price
    assert "59" in cell(row, YearColumn.SPENT).data()  # the completed course
    assert "760" in cell(row, YearColumn.EMPLOYER).data()
    assert "59" in cell(row, YearColumn.OWN).data()
    assert screen.chart.categories == tuple(str(y.year) for y in screen.visible_years())
    spent = next(s for s in screen.chart.series if s.name == "Spent")
    assert spent.values[list(screen.chart.categories).index(str(THIS_YEAR))] == 59
    for model in (screen.years_model, screen.years_proxy, screen.lines_model, screen.lines_proxy):
        qtmodeltester.check(model)


def test_lines_of_the_selected_year_show_text_literally(
    screen: BudgetScreen, store: PlannerStore
) -> None:
    _seed(store)
    screen.select_year(THIS_YEAR)
    lines = screen.lines_proxy
    labels = {lines.index(r, LineColumn.ITEM).data() for r in range(lines.rowCount())}
    assert labels == {"CISM exam", HOSTILE}
    payers = {lines.index(r, LineColumn.EMPLOYER).data() for r in range(lines.rowCount())}
    assert payers == {"Employer", "You"}
    screen.search.setText("cism")
    assert lines.rowCount() == 1


def test_employer_paid_costs_can_be_left_out(screen: BudgetScreen, store: PlannerStore) -> None:
    _seed(store)
    screen.include_employer.setChecked(False)
    row = _year_row(screen, THIS_YEAR)
    assert screen.years_proxy.index(row, YearColumn.PLANNED).data() == "$0"
    planned = next(s for s in screen.chart.series if s.name == "Planned")
    assert sum(planned.values) == 0
    screen.include_employer.setChecked(True)
    assert "760" in screen.years_proxy.index(row, YearColumn.PLANNED).data()


def test_sorting_by_amount(screen: BudgetScreen, store: PlannerStore) -> None:
    _seed(store)
    screen.select_year(THIS_YEAR)
    screen.lines_table.sortByColumn(
        LineColumn.AMOUNT,
        screen.lines_table.horizontalHeader().sortIndicatorOrder().DescendingOrder,
    )
    first = screen.lines_proxy.index(0, LineColumn.ITEM).data()
    assert first == "CISM exam"
