"""The Budget screen: costs per year over the plan (exam fees, maintenance and recertification
fees, courses, plan items), planned against spent, with employer-paid costs kept apart."""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from collections.abc import Callable

from PySide6.QtCore import (
    QItemSelection,
    Qt,
)
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QLineEdit,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from cso_planner.dates import format_date
from cso_planner.services.budget import CATEGORIES, Budget, BudgetLine, BudgetYear, compute_budget
from cso_planner.ui.charts.bars import BarChart, Series
from cso_planner.ui.icons import icon
from cso_planner.ui.reflow import Reflow
from cso_planner.ui.reload import ReloadWhenVisible
from cso_planner.ui.screens.table_kit import (
    ROW_ROLE,
    ColumnSpec,
    FittedTableView,
    RowFilterProxy,
    RowTableModel,
    make_table,
)
from cso_planner.ui.store import PlannerStore
from cso_planner.ui.style import SPACING, format_money, status_dot
from cso_planner.ui.widgets import EmptyState, plain_label, screen_title


class YearColumn(enum.IntEnum):
    YEAR = 0
    PLANNED = 1
    SPENT = 2
    TOTAL = 3
    EMPLOYER = 4
    OWN = 5


YEAR_HEADERS = ("Year", "Planned", "Spent", "Total", "Employer", "Yours")


class LineColumn(enum.IntEnum):
    DATE = 0
    CATEGORY = 1
    ITEM = 2
    AMOUNT = 3
    STATE = 4
    EMPLOYER = 5


LINE_HEADERS = ("Date", "Kind", "Cost", "Amount", "Status", "Paid by")


def year_columns(screen: BudgetScreen) -> list[ColumnSpec[BudgetYear]]:
    """Money columns read the screen's currency when shown (it follows the profile)."""

    def money(value: Callable[[BudgetYear], float]) -> Callable[[BudgetYear], str]:
        return lambda y: format_money(value(y), screen.currency)

    amounts: tuple[Callable[[BudgetYear], float], ...] = (
        lambda y: y.planned,
        lambda y: y.spent,
        lambda y: y.total,
        lambda y: y.employer_paid,
        lambda y: y.out_of_pocket,
    )
    return [
        ColumnSpec(YEAR_HEADERS[0], lambda y: str(y.year), lambda y: y.year, width=60),
        *(
            ColumnSpec(title, money(value), value, numeric=True, width=80)
            for title, value in zip(YEAR_HEADERS[1:], amounts, strict=True)
        ),
    ]


def _line_kind(line: BudgetLine) -> str:
    return CATEGORIES.get(line.category, line.category)


def line_columns(screen: BudgetScreen) -> list[ColumnSpec[BudgetLine]]:
    return [
        ColumnSpec(
            LINE_HEADERS[LineColumn.DATE],
            lambda li: format_date(li.date) if li.date else str(li.year),
            lambda li: (li.date or dt.date(li.year, 12, 31)).toordinal(),
            width=90,
        ),
        ColumnSpec(LINE_HEADERS[LineColumn.CATEGORY], _line_kind, width=110),
        ColumnSpec(LINE_HEADERS[LineColumn.ITEM], lambda li: li.label, width=220),
        ColumnSpec(
            LINE_HEADERS[LineColumn.AMOUNT],
            lambda li: format_money(li.amount, screen.currency),
            lambda li: li.amount,
            numeric=True,
            width=80,
        ),
        ColumnSpec(
            LINE_HEADERS[LineColumn.STATE],
            lambda li: "Spent" if li.spent else "Planned",
            icon=lambda li: status_dot("done" if li.spent else "planned"),
            width=80,
        ),
        ColumnSpec(
            LINE_HEADERS[LineColumn.EMPLOYER],
            lambda li: "Employer" if li.employer_paid else "You",
            width=80,
        ),
    ]


def _line_search_text(line: BudgetLine) -> str:
    return f"{line.label} {_line_kind(line)} {line.year}"


def _without_employer(year: BudgetYear) -> BudgetYear:
    return dataclasses.replace(year, lines=tuple(li for li in year.lines if not li.employer_paid))


def _table(proxy: RowFilterProxy, parent: QWidget, flexible: int) -> FittedTableView:
    table = make_table(proxy, parent, flexible)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    return table


class BudgetScreen(QWidget):
    """Per-year totals, a planned-vs-spent chart, and the costs behind the selected year."""

    def __init__(
        self, store: PlannerStore, undo_stack: QUndoStack, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.undo_stack = undo_stack
        self.budget: Budget | None = None
        self.currency = "USD"
        self.years_model = RowTableModel(year_columns(self), lambda y: str(y.year), self)
        self.years_proxy = RowFilterProxy(self)
        self.years_proxy.setSourceModel(self.years_model)
        self.lines_model = RowTableModel(line_columns(self), _line_search_text, self)
        self.lines_proxy = RowFilterProxy(self)
        self.lines_proxy.setSourceModel(self.lines_model)
        self._build()
        self.reload_policy = ReloadWhenVisible(self, self.store.data_changed, self._on_data_changed)
        self.reload()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(SPACING * 2, SPACING * 2, SPACING * 2, SPACING)
        layout.setSpacing(SPACING)
        header = QHBoxLayout()
        header.addWidget(screen_title("Budget", self))
        header.addStretch(1)
        self.include_employer = QCheckBox("Include employer-paid costs", self)
        self.include_employer.setChecked(True)
        self.include_employer.toggled.connect(self._on_include_employer_toggled)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Search costs")
        self.search.setClearButtonEnabled(True)
        self.search.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.search.setMaximumWidth(240)
        self.search.textChanged.connect(self.lines_proxy.set_search)
        header.addWidget(self.include_employer)
        header.addWidget(self.search)
        layout.addLayout(header)
        self.summary = plain_label("", self)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)

        self.stack = QStackedWidget(self)
        self.empty = EmptyState(
            "plan",
            "Nothing to budget yet",
            "Exam fees of the certifications you plan, annual fees of those you hold, courses "
            "and roadmap items with a cost appear here per year. Add a certification or a "
            "roadmap item with a cost to start.",
            None,
            self,
        )
        self.stack.addWidget(self.empty)
        content = QWidget(self)
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, 0, 0)
        self.chart = BarChart(content)
        self.chart.setMinimumHeight(200)
        column.addWidget(self.chart, 2)
        splitter = QSplitter(Qt.Orientation.Horizontal, content)
        self.years_table = _table(self.years_proxy, splitter, YearColumn.YEAR)
        self.years_table.sortByColumn(YearColumn.YEAR, Qt.SortOrder.AscendingOrder)
        self.years_table.fitter.spread_evenly = True  # figures: no one column gets all the room
        self.lines_table = _table(self.lines_proxy, splitter, LineColumn.ITEM)
        self.lines_table.sortByColumn(LineColumn.DATE, Qt.SortOrder.AscendingOrder)
        splitter.addWidget(self.years_table)
        splitter.addWidget(self.lines_table)
        splitter.setChildrenCollapsible(False)
        column.addWidget(splitter, 3)
        self.splitter = splitter
        # The year totals beside the costs of the year when both fit, above them otherwise.
        self.reflow = Reflow(content, splitter, self._side_by_side_width, self._on_reflow)
        self.years_table.selectionModel().selectionChanged.connect(self._on_year_selected)
        self.stack.addWidget(content)
        self.content = content
        layout.addWidget(self.stack, 1)

    def _side_by_side_width(self) -> int:
        return (
            self.years_table.fitter.needed_width()
            + self.lines_table.fitter.needed_width()
            + self.splitter.handleWidth()
        )

    def _on_reflow(self, wide: bool) -> None:
        if wide:  # scaled to the splitter's width, each keeps at least what it needs
            self.splitter.setSizes(
                [self.years_table.fitter.needed_width(), self.lines_table.fitter.needed_width()]
            )
        else:
            self.splitter.setSizes([1, 1])
        self.chart.setMinimumHeight(200 if wide else 140)

    def reload(self) -> None:
        """Recompute the budget and keep the selected year selected."""
        selected = self.selected_year()
        self.budget = self.store.read(lambda s: compute_budget(s, dt.date.today()))
        self._show(selected.year if selected else dt.date.today().year)

    def _on_data_changed(self) -> None:
        self.reload()

    def _on_include_employer_toggled(self, checked: bool) -> None:
        selected = self.selected_year()
        self._show(selected.year if selected else dt.date.today().year)

    def visible_years(self) -> list[BudgetYear]:
        if self.budget is None:
            return []
        years = list(self.budget.years)
        if not self.include_employer.isChecked():
            years = [_without_employer(y) for y in years]
        return years

    def _show(self, year: int) -> None:
        assert self.budget is not None
        currency = self.currency = self.budget.currency
        years = self.visible_years()
        self.stack.setCurrentWidget(self.empty if self.budget.is_empty else self.content)
        self.years_model.set_rows(years)
        self.chart.set_data(
            [str(y.year) for y in years],
            [
                Series("Planned", "planned", tuple(y.planned for y in years)),
                Series("Spent", "done", tuple(y.spent for y in years)),
            ],
            lambda v: format_money(v, currency),
            highlight=str(dt.date.today().year),
        )
        total = sum(y.total for y in years)
        spent = sum(y.spent for y in years)
        employer = sum(y.employer_paid for y in years)
        span = f"{self.budget.first_year}–{self.budget.last_year}"
        self.summary.setText(
            f"{span}: {format_money(total, currency)} in total, {format_money(spent, currency)} "
            f"spent, {format_money(employer, currency)} paid by your employer. Catalog fees are "
            "in US dollars."
        )
        self.select_year(year)
        self.years_table.fitter.fit()
        self.lines_table.fitter.fit()
        self.reflow.refresh()

    def select_year(self, year: int) -> None:
        for row in range(self.years_proxy.rowCount()):
            entry = self.years_proxy.index(row, 0).data(ROW_ROLE)
            if entry is not None and entry.year == year:
                self.years_table.selectRow(row)
                break
        self._show_lines()

    def selected_year(self) -> BudgetYear | None:
        rows = self.years_table.selectionModel().selectedRows()
        entry = rows[0].data(ROW_ROLE) if rows else None
        return entry if isinstance(entry, BudgetYear) else None

    def _on_year_selected(self, selected: QItemSelection, deselected: QItemSelection) -> None:
        self._show_lines()

    def _show_lines(self) -> None:
        year = self.selected_year()
        self.lines_model.set_rows(list(year.lines) if year else [])
