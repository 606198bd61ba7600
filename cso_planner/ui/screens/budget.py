"""The Budget screen: costs per year over the plan (exam fees, maintenance and recertification
fees, courses, plan items): spent, planned and estimated, with employer-paid costs kept apart.

Fees the app estimates from the catalog (US dollars) stay *estimated* until the person confirms
them as shown or enters what they pay ("Confirm fee" / "Edit amount…", both undoable)."""

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
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from cso_planner.dates import format_date
from cso_planner.money import MIXED_NOTE, Money, Total, format_money
from cso_planner.services.budget import (
    CATEGORIES,
    STATES,
    Budget,
    BudgetLine,
    BudgetYear,
    compute_budget,
    fee_record,
    set_fee,
)
from cso_planner.ui.charts.bars import BarChart, Series
from cso_planner.ui.commands import StoreCommand
from cso_planner.ui.dialogs.fee_dialog import FeeDialog
from cso_planner.ui.icons import icon
from cso_planner.ui.reflow import Reflow
from cso_planner.ui.reload import ReloadWhenVisible, records_reads
from cso_planner.ui.screens.table_kit import (
    ROW_ROLE,
    ColumnSpec,
    FittedTableView,
    RowFilterProxy,
    RowTableModel,
    make_table,
)
from cso_planner.ui.store import PlannerStore
from cso_planner.ui.style import SPACING, status_dot
from cso_planner.ui.widgets import EmptyState, plain_label, screen_title


class YearColumn(enum.IntEnum):
    YEAR = 0
    SPENT = 1
    PLANNED = 2
    ESTIMATED = 3
    TOTAL = 4
    EMPLOYER = 5
    OWN = 6


YEAR_HEADERS = ("Year", "Spent", "Planned", "Estimated", "Total", "Employer", "Yours")
STATE_DOTS = {"spent": "done", "planned": "planned", "estimated": "skipped"}


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

    def money(value: Callable[[BudgetYear], Total]) -> Callable[[BudgetYear], str]:
        return lambda y: format_money(value(y), home=screen.currency)

    def order(value: Callable[[BudgetYear], Total]) -> Callable[[BudgetYear], object]:
        # The home currency first, then the other parts: sorting never converts either.
        return lambda y: (
            value(y).amount_in(screen.currency),
            sum(p.amount for p in value(y).parts if p.currency != screen.currency),
        )

    amounts: tuple[Callable[[BudgetYear], Total], ...] = (
        lambda y: y.spent,
        lambda y: y.planned,
        lambda y: y.estimated,
        lambda y: y.total,
        lambda y: y.employer_paid,
        lambda y: y.out_of_pocket,
    )
    return [
        ColumnSpec(YEAR_HEADERS[0], lambda y: str(y.year), lambda y: y.year, width=60),
        *(
            ColumnSpec(title, money(value), order(value), numeric=True, width=80)
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
            lambda li: format_money(li.amount, home=screen.currency),
            lambda li: (li.amount.currency != screen.currency, li.amount.amount),
            numeric=True,
            width=80,
            tooltip=_amount_tooltip,
        ),
        ColumnSpec(
            LINE_HEADERS[LineColumn.STATE],
            lambda li: STATES[li.state],
            icon=lambda li: status_dot(STATE_DOTS[li.state]),
            width=80,
            tooltip=lambda li: li.note,
        ),
        ColumnSpec(
            LINE_HEADERS[LineColumn.EMPLOYER],
            lambda li: "Employer" if li.employer_paid else "You",
            width=80,
        ),
    ]


def _amount_tooltip(line: BudgetLine) -> str:
    if line.estimated:
        return "Estimated from the catalog (US dollars): confirm it or enter what you pay."
    if line.estimate is not None and line.estimate != line.amount:
        return f"Your figure; the catalog's was {format_money(line.estimate)}."
    return ""


def _line_search_text(line: BudgetLine) -> str:
    return f"{line.label} {_line_kind(line)} {line.year}"


def _without_employer(year: BudgetYear) -> BudgetYear:
    return dataclasses.replace(year, lines=tuple(li for li in year.lines if not li.employer_paid))


def _table(proxy: RowFilterProxy, parent: QWidget, flexible: int) -> FittedTableView:
    table = make_table(proxy, parent, flexible)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    return table


class SetFeeCommand(StoreCommand):
    """Confirm or edit one estimated fee (``new``), or forget the confirmation (None)."""

    def __init__(
        self, store: PlannerStore, key: str, text: str, new: Money | None, old: Money | None
    ) -> None:
        super().__init__(store, text)
        self.key, self.new, self.old = key, new, old

    def apply(self, session: Session) -> None:
        set_fee(session, self.key, self.new, dt.date.today())

    def revert(self, session: Session) -> None:
        set_fee(session, self.key, self.old, dt.date.today())


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
        self.reload_policy = ReloadWhenVisible(
            self, self.store.data_changed, self._on_data_changed, store=self.store
        )
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
        self.chart_currency_label = QLabel("Chart in", self)
        self.chart_currency = QComboBox(self)
        self.chart_currency.setToolTip(
            "The chart shows one currency at a time: amounts are never converted"
        )
        self.chart_currency_label.setBuddy(self.chart_currency)
        self.chart_currency.currentIndexChanged.connect(self._on_chart_currency_changed)
        header.addWidget(self.chart_currency_label)
        header.addWidget(self.chart_currency)
        header.addWidget(self.include_employer)
        header.addWidget(self.search)
        layout.addLayout(header)
        actions = QHBoxLayout()
        self.confirm_button = QPushButton("Confirm fee", self)
        self.confirm_button.setToolTip(
            "Keep the catalog's figure as what you pay: it is then counted as yours "
            "(spent once its date has passed)"
        )
        self.confirm_button.clicked.connect(self._on_confirm_clicked)
        self.edit_button = QPushButton("Edit amount…", self)
        self.edit_button.setToolTip("Enter what you paid or will pay for this fee")
        self.edit_button.clicked.connect(self._on_edit_clicked)
        self.revert_button = QPushButton("Back to estimate", self)
        self.revert_button.setToolTip("Forget your figure and show the catalog's estimate")
        self.revert_button.clicked.connect(self._on_revert_clicked)
        self.action_hint = plain_label("", self)
        for button in (self.confirm_button, self.edit_button, self.revert_button):
            actions.addWidget(button)
        actions.addWidget(self.action_hint, 1)
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
        column.addLayout(actions)
        self.splitter = splitter
        # The year totals beside the costs of the year when both fit, above them otherwise.
        self.reflow = Reflow(content, splitter, self._side_by_side_width, self._on_reflow)
        self.years_table.selectionModel().selectionChanged.connect(self._on_year_selected)
        self.lines_table.selectionModel().selectionChanged.connect(self._on_line_selected)
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

    @records_reads
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
        self._fill_chart_currencies(years, currency)
        self._draw_chart()
        self.summary.setText(budget_summary(self.budget, years))
        self.select_year(year)
        self.years_table.fitter.fit()
        self.lines_table.fitter.fit()
        self.reflow.refresh()

    def _fill_chart_currencies(self, years: list[BudgetYear], home: str) -> None:
        """Offer each currency of the budget for the chart (shown only when there are two)."""
        found = {p.currency for y in years for p in y.total.parts if p.amount} or {home}
        currencies = sorted(found, key=lambda c: (c != home, c))
        chosen = self.chart_currency.currentData() or home
        self.chart_currency.blockSignals(True)
        self.chart_currency.clear()
        for code in currencies:
            self.chart_currency.addItem(code, code)
        index = self.chart_currency.findData(chosen)
        if index < 0:
            index = max(self.chart_currency.findData(home), 0)
        self.chart_currency.setCurrentIndex(index)
        self.chart_currency.blockSignals(False)
        several = len(found) > 1
        self.chart_currency.setVisible(several)
        self.chart_currency_label.setVisible(several)

    def _on_chart_currency_changed(self, index: int) -> None:
        self._draw_chart()

    def _draw_chart(self) -> None:
        years = self.visible_years()
        shown = str(self.chart_currency.currentData() or self.currency)
        home = self.currency
        self.chart.set_data(
            [str(y.year) for y in years],
            chart_series(years, shown),
            lambda v: format_money(Money(v, shown), home=home),
            highlight=str(dt.date.today().year),
        )

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
        self._update_actions()

    # --- confirming fees ----------------------------------------------------------------

    def selected_line(self) -> BudgetLine | None:
        rows = self.lines_table.selectionModel().selectedRows()
        entry = rows[0].data(ROW_ROLE) if rows else None
        return entry if isinstance(entry, BudgetLine) else None

    def select_line(self, label: str) -> None:
        """Select the cost named ``label`` in the shown year (tests and keyboard users)."""
        for row in range(self.lines_proxy.rowCount()):
            if self.lines_proxy.index(row, LineColumn.ITEM).data() == label:
                self.lines_table.selectRow(row)
                return
        raise LookupError(label)

    def _on_line_selected(self, selected: QItemSelection, deselected: QItemSelection) -> None:
        self._update_actions()

    def _update_actions(self) -> None:
        line = self.selected_line()
        fee = line is not None and line.key is not None
        self.confirm_button.setEnabled(fee and line is not None and line.estimated)
        self.edit_button.setEnabled(fee)
        self.revert_button.setEnabled(fee and line is not None and not line.estimated)
        if line is None:
            hint = "Select a cost to see what it is; catalog fees can be confirmed or edited."
        elif line.key is None:
            hint = "Your own figure: edit it where you entered it (Roadmap or Courses)."
        else:
            hint = line.note
        self.action_hint.setText(hint)

    def _set_fee(self, line: BudgetLine, new: Money | None, text: str) -> None:
        assert line.key is not None
        key = line.key
        old = self.store.read(lambda s: fee_record(s, key))
        self.undo_stack.push(SetFeeCommand(self.store, key, text, new, old))
        self._reselect(line)

    def _reselect(self, line: BudgetLine) -> None:
        # The reload after the edit rebuilt the lines: keep the same cost selected.
        for row in range(self.lines_proxy.rowCount()):
            entry = self.lines_proxy.index(row, 0).data(ROW_ROLE)
            if isinstance(entry, BudgetLine) and entry.key == line.key:
                self.lines_table.selectRow(row)
                return

    def _on_confirm_clicked(self) -> None:
        line = self.selected_line()
        if line is not None and line.key is not None and line.estimated:
            self._set_fee(line, line.amount, f"Confirm {line.label}")

    def _on_edit_clicked(self) -> None:
        line = self.selected_line()
        if line is None or line.key is None:
            return
        value = FeeDialog.ask(self, line, self.currency)
        if value is not None:
            self._set_fee(line, value, f"Edit {line.label}")

    def _on_revert_clicked(self) -> None:
        line = self.selected_line()
        if line is not None and line.key is not None and not line.estimated:
            self._set_fee(line, None, f"{line.label}: back to the estimate")


def chart_series(years: list[BudgetYear], currency: str) -> list[Series]:
    """Spent / planned / estimated bars of the amounts in ``currency`` (never converted)."""
    states = (
        ("Spent", "done", "spent"),
        ("Planned", "planned", "planned"),
        ("Estimated", "skipped", "estimated"),
    )
    return [
        Series(
            name,
            status,
            tuple(
                Total.of(li.amount for li in y.lines if li.state == state).amount_in(currency)
                for y in years
            ),
        )
        for name, status, state in states
    ]


def budget_summary(budget: Budget, years: list[BudgetYear]) -> str:
    """The sentence over the tables: the span's totals, and what estimated/mixed mean."""
    home = budget.currency
    total = Total()
    spent = Total()
    employer = Total()
    estimated = Total()
    for y in years:
        total, spent = total + y.total, spent + y.spent
        employer, estimated = employer + y.employer_paid, estimated + y.estimated
    text = (
        f"{budget.first_year}–{budget.last_year}: {format_money(total, home=home)} in total, "
        f"{format_money(spent, home=home)} spent, {format_money(employer, home=home)} paid by "
        "your employer."
    )
    if not estimated.is_zero:
        text += (
            f" {format_money(estimated, home=home)} are catalog fees in US dollars, estimated "
            "until you confirm them or enter what you pay."
        )
    if total.mixed:
        text += f" Totals hold several currencies: {MIXED_NOTE}."
    return text
