"""The Budget screen: costs per year over the plan (exam fees, maintenance and recertification
fees, courses, plan items), planned against spent, with employer-paid costs kept apart."""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelection,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cso_planner.services.budget import CATEGORIES, Budget, BudgetLine, BudgetYear, compute_budget
from cso_planner.ui.charts.bars import BarChart, Series
from cso_planner.ui.icons import icon
from cso_planner.ui.reload import ReloadWhenVisible
from cso_planner.ui.store import PlannerStore
from cso_planner.ui.style import SPACING, format_date, format_money, plain_tooltip, status_dot
from cso_planner.ui.widgets import EmptyState, plain_label, screen_title

Index = QModelIndex | QPersistentModelIndex
ROW_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


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


class _TableModel(QAbstractTableModel):
    """Rows of one frozen type; subclasses say how each cell reads and sorts."""

    headers: tuple[str, ...] = ()
    money_columns: frozenset[int] = frozenset()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []
        self.currency = "USD"

    def set_rows(self, rows: list[Any], currency: str) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.currency = currency
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.headers):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        if role == Qt.ItemDataRole.TextAlignmentRole and section in self.money_columns:
            return _RIGHT
        return None

    def row_at(self, row: int) -> Any:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.row_at(index.row())
        if row is None:
            return None
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(row, index.column())
        if role == SORT_ROLE:
            return self.sort_key(row, index.column())
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in self.money_columns:
            return _RIGHT
        return self.extra(row, index.column(), role)

    def money(self, value: float) -> str:
        return format_money(value, self.currency)

    def display(self, row: Any, column: int) -> str:
        raise NotImplementedError

    def sort_key(self, row: Any, column: int) -> Any:
        raise NotImplementedError

    def extra(self, row: Any, column: int, role: int) -> Any:
        return None


class BudgetYearModel(_TableModel):
    headers = YEAR_HEADERS
    money_columns = frozenset(range(1, 6))

    def display(self, row: BudgetYear, column: int) -> str:
        if column == YearColumn.YEAR:
            return str(row.year)
        values = (0, row.planned, row.spent, row.total, row.employer_paid, row.out_of_pocket)
        return self.money(values[column])

    def sort_key(self, row: BudgetYear, column: int) -> Any:
        values = (row.year, row.planned, row.spent, row.total, row.employer_paid, row.out_of_pocket)
        return values[column]


class BudgetLineModel(_TableModel):
    headers = LINE_HEADERS
    money_columns = frozenset({LineColumn.AMOUNT})

    def display(self, row: BudgetLine, column: int) -> str:
        if column == LineColumn.DATE:
            return format_date(row.date) if row.date else str(row.year)
        if column == LineColumn.CATEGORY:
            return CATEGORIES.get(row.category, row.category)
        if column == LineColumn.ITEM:
            return row.label
        if column == LineColumn.AMOUNT:
            return self.money(row.amount)
        if column == LineColumn.STATE:
            return "Spent" if row.spent else "Planned"
        return "Employer" if row.employer_paid else "You"

    def sort_key(self, row: BudgetLine, column: int) -> Any:
        if column == LineColumn.DATE:
            return (row.date or dt.date(row.year, 12, 31)).toordinal()
        if column == LineColumn.AMOUNT:
            return row.amount
        return self.display(row, column).casefold()

    def extra(self, row: BudgetLine, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DecorationRole and column == LineColumn.STATE:
            return status_dot("done" if row.spent else "planned")
        if role == Qt.ItemDataRole.ToolTipRole and column == LineColumn.ITEM:
            return plain_tooltip(row.label)
        return None


class SortProxy(QSortFilterProxyModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setFilterKeyColumn(-1)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)


def _without_employer(year: BudgetYear) -> BudgetYear:
    return dataclasses.replace(year, lines=tuple(li for li in year.lines if not li.employer_paid))


def _table(model: QSortFilterProxyModel, parent: QWidget) -> QTableView:
    table = QTableView(parent)
    table.setModel(model)
    table.setSortingEnabled(True)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.verticalHeader().hide()
    table.setWordWrap(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
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
        self.years_model = BudgetYearModel(self)
        self.years_proxy = SortProxy(self)
        self.years_proxy.setSourceModel(self.years_model)
        self.lines_model = BudgetLineModel(self)
        self.lines_proxy = SortProxy(self)
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
        self.search.textChanged.connect(self.lines_proxy.setFilterFixedString)
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
        self.years_table = _table(self.years_proxy, splitter)
        self.years_table.sortByColumn(YearColumn.YEAR, Qt.SortOrder.AscendingOrder)
        self.years_table.horizontalHeader().setStretchLastSection(True)
        self.lines_table = _table(self.lines_proxy, splitter)
        self.lines_table.sortByColumn(LineColumn.DATE, Qt.SortOrder.AscendingOrder)
        self.lines_table.horizontalHeader().setSectionResizeMode(
            LineColumn.ITEM, QHeaderView.ResizeMode.Stretch
        )
        splitter.addWidget(self.years_table)
        splitter.addWidget(self.lines_table)
        splitter.setSizes([440, 600])
        column.addWidget(splitter, 3)
        self.years_table.selectionModel().selectionChanged.connect(self._on_year_selected)
        self.stack.addWidget(content)
        self.content = content
        layout.addWidget(self.stack, 1)

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
        currency = self.budget.currency
        years = self.visible_years()
        self.stack.setCurrentWidget(self.empty if self.budget.is_empty else self.content)
        self.years_model.set_rows(years, currency)
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
        currency = self.budget.currency if self.budget else "USD"
        self.lines_model.set_rows(list(year.lines) if year else [], currency)
