"""The Budget screen: per-year table and chart, the costs of a year, employer-paid toggle."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from cso_planner.db.models import Course, HeldCertification, Profile
from cso_planner.db.opening import Database
from cso_planner.money import Money
from cso_planner.services.budget import BudgetLine, fee_record
from cso_planner.ui.dialogs.fee_dialog import FeeDialog
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
    # The CISM exam at the catalog price is an estimate (US$), not a planned cost of yours.
    assert cell(row, YearColumn.ESTIMATED).data() == "US$760.00"
    assert cell(row, YearColumn.PLANNED).data() == "US$0.00"
    assert cell(row, YearColumn.SPENT).data() == "US$59.00"  # the completed course
    assert cell(row, YearColumn.EMPLOYER).data() == "US$760.00"
    assert cell(row, YearColumn.OWN).data() == "US$59.00"
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
    states = {lines.index(r, LineColumn.STATE).data() for r in range(lines.rowCount())}
    assert states == {"Estimated", "Spent"}
    screen.search.setText("cism")
    assert lines.rowCount() == 1


def test_employer_paid_costs_can_be_left_out(screen: BudgetScreen, store: PlannerStore) -> None:
    _seed(store)
    screen.include_employer.setChecked(False)
    row = _year_row(screen, THIS_YEAR)
    assert screen.years_proxy.index(row, YearColumn.ESTIMATED).data() == "US$0.00"
    estimated = next(s for s in screen.chart.series if s.name == "Estimated")
    assert sum(estimated.values) == 0
    screen.include_employer.setChecked(True)
    assert screen.years_proxy.index(row, YearColumn.ESTIMATED).data() == "US$760.00"


def test_sorting_by_amount(screen: BudgetScreen, store: PlannerStore) -> None:
    _seed(store)
    screen.select_year(THIS_YEAR)
    screen.lines_table.sortByColumn(
        LineColumn.AMOUNT,
        screen.lines_table.horizontalHeader().sortIndicatorOrder().DescendingOrder,
    )
    first = screen.lines_proxy.index(0, LineColumn.ITEM).data()
    assert first == "CISM exam"


def _past_fee(store: PlannerStore) -> None:
    def work(s: Any) -> None:
        s.add(Profile(name="Eva", currency="EUR"))
        s.add(HeldCertification(cert_code="CPP", status="earned", earned_on=PAST))

    store.write(work)


PAST = dt.date(THIS_YEAR - 3, 5, 10)


def _line(screen: BudgetScreen, label: str) -> BudgetLine:
    screen.select_line(label)
    line = screen.selected_line()
    assert line is not None
    return line


def test_confirming_an_estimated_fee_counts_it_as_spent_and_undo_brings_the_estimate_back(
    screen: BudgetScreen, store: PlannerStore
) -> None:
    _past_fee(store)
    screen.select_year(PAST.year)
    line = _line(screen, "CPP exam")
    assert line.estimated and line.amount == Money(485, "USD")
    assert not screen.revert_button.isEnabled() and screen.confirm_button.isEnabled()
    row = _year_row(screen, PAST.year)
    assert screen.years_proxy.index(row, YearColumn.SPENT).data() == "€0.00"
    assert screen.years_proxy.index(row, YearColumn.ESTIMATED).data() == "US$485.00"

    screen.confirm_button.click()
    assert screen.years_proxy.index(row, YearColumn.SPENT).data() == "US$485.00"
    assert screen.years_proxy.index(row, YearColumn.ESTIMATED).data() == "€0.00"
    assert _line(screen, "CPP exam").state == "spent"
    assert screen.undo_stack.count() == 1

    screen.undo_stack.undo()
    assert screen.years_proxy.index(row, YearColumn.ESTIMATED).data() == "US$485.00"
    assert store.read(lambda s: fee_record(s, "exam:CPP")) is None
    screen.undo_stack.redo()
    assert store.read(lambda s: fee_record(s, "exam:CPP")) == Money(485, "USD")


def test_editing_a_fee_stores_the_persons_amount_in_their_currency(
    screen: BudgetScreen, store: PlannerStore, stub: Callable[..., list[Any]]
) -> None:
    _past_fee(store)
    screen.select_year(PAST.year)
    screen.select_line("CPP exam")
    calls = stub(FeeDialog, None, Money(450.5, "EUR"))
    screen.edit_button.click()  # cancelled: nothing changes
    assert store.read(lambda s: fee_record(s, "exam:CPP")) is None
    assert screen.undo_stack.count() == 0
    screen.edit_button.click()
    assert len(calls) == 2
    row = _year_row(screen, PAST.year)
    assert screen.years_proxy.index(row, YearColumn.SPENT).data() == "€450.50"
    line = _line(screen, "CPP exam")
    assert (line.state, line.estimate) == ("spent", Money(485, "USD"))
    assert screen.revert_button.isEnabled()
    screen.revert_button.click()
    assert _line(screen, "CPP exam").estimated
    screen.undo_stack.undo()  # undo the revert: the edited amount is back
    assert store.read(lambda s: fee_record(s, "exam:CPP")) == Money(450.5, "EUR")


def test_own_costs_cannot_be_confirmed_here(screen: BudgetScreen, store: PlannerStore) -> None:
    _seed(store)
    screen.select_year(THIS_YEAR)
    screen.select_line(HOSTILE)
    assert not screen.confirm_button.isEnabled()
    assert not screen.edit_button.isEnabled()
    assert "Courses" in screen.action_hint.text()


def test_fee_dialog_refuses_a_bad_amount_and_keeps_the_input(
    qtbot: QtBot, store: PlannerStore, screen: BudgetScreen
) -> None:
    _past_fee(store)
    screen.select_year(PAST.year)
    dialog = FeeDialog(screen, _line(screen, "CPP exam"), "EUR")
    qtbot.addWidget(dialog)
    dialog.amount_edit.setText("-5")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.result() == 0  # not accepted
    assert dialog.value() is None
    assert dialog.amount_edit.text() == "-5"
    assert "negative" in dialog.amount_error.text()
    dialog.amount_edit.setText("abc")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.value() is None and dialog.amount_error.text()
    dialog.amount_edit.setText("99.90")
    dialog.currency_box.setCurrentIndex(dialog.currency_box.findData("EUR"))
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.value() == Money(99.9, "EUR")


def test_the_chart_shows_one_currency_at_a_time(screen: BudgetScreen, store: PlannerStore) -> None:
    _past_fee(store)  # a euro profile: catalog fees in US dollars ...
    assert screen.chart_currency.isHidden()  # ... and nothing else: one currency to chart
    assert screen.chart.format_value(485) == "US$485.00"
    store.write(
        lambda s: s.add(Course(title="Course", cost=100, completed_on=PAST, progress=100))
    )  # ... and a course of their own, in euros
    assert not screen.chart_currency.isHidden()
    assert [screen.chart_currency.itemData(i) for i in range(screen.chart_currency.count())] == [
        "EUR",
        "USD",
    ]
    index = list(screen.chart.categories).index(str(PAST.year))
    screen.chart_currency.setCurrentIndex(screen.chart_currency.findData("EUR"))
    estimated = next(s for s in screen.chart.series if s.name == "Estimated")
    assert estimated.values[index] == 0  # no estimate in euros: they are all US dollars
    spent = next(s for s in screen.chart.series if s.name == "Spent")
    assert spent.values[index] == 100
    screen.chart_currency.setCurrentIndex(screen.chart_currency.findData("USD"))
    estimated = next(s for s in screen.chart.series if s.name == "Estimated")
    assert estimated.values[index] == 485
    assert screen.chart.format_value(485) == "US$485.00"
