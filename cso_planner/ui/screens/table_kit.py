"""A fast row table for the ledger screens: one model over frozen rows, one filtering proxy.

Sorting and filtering 10,000 rows must take well under 50 ms, and a Python ``lessThan`` or
``data()`` call per comparison is far too slow for that. So the model sorts its own list with
Python's ``sorted`` (one key per row) and the proxy only filters, from a set of accepted rows
computed in one pass; the proxy forwards ``sort`` to the model.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QIcon
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from cso_planner.ui.column_fit import ColumnFitter, fit_columns
from cso_planner.ui.style import plain_tooltip

Index = QModelIndex | QPersistentModelIndex
R = TypeVar("R")

ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # the frozen row object behind a table row
SORT_ROLE = Qt.ItemDataRole.UserRole + 2  # the comparable value the model sorts by

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


@dataclasses.dataclass(frozen=True)
class ColumnSpec(Generic[R]):
    """How one column shows and sorts a row.

    ``sort_key`` defaults to the case-folded text; ``numeric`` right-aligns (numbers, money).
    """

    title: str
    text: Callable[[R], str]
    sort_key: Callable[[R], Any] | None = None
    numeric: bool = False
    width: int = 120
    tooltip: Callable[[R], str] | None = None
    icon: Callable[[R], QIcon | None] | None = None
    color: Callable[[R], QColor | None] | None = None
    flexible: bool = False  # takes the width left over (see make_table)


def _none_last(value: Any) -> tuple[bool, Any]:
    return (value is None, value if value is not None else 0)


class RowTableModel(QAbstractTableModel, Generic[R]):
    """Rows of one frozen type shown through :class:`ColumnSpec` columns."""

    def __init__(
        self,
        columns: Sequence[ColumnSpec[R]],
        search_text: Callable[[R], str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self._search_text = search_text
        self._rows: list[R] = []
        self._haystack: dict[int, str] | None = None
        self._sort: tuple[int, Qt.SortOrder] | None = None

    # --- Qt overrides ----------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            spec = self.columns[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return spec.title
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return RIGHT if spec.numeric else LEFT
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        spec = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return spec.text(row)
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT if spec.numeric else LEFT
        if role == SORT_ROLE:
            return self._key(spec)(row)[1]
        if role == Qt.ItemDataRole.ToolTipRole:
            text = spec.tooltip(row) if spec.tooltip else spec.text(row)
            return plain_tooltip(text) if text else None
        if role == Qt.ItemDataRole.DecorationRole and spec.icon is not None:
            return spec.icon(row)
        if role == Qt.ItemDataRole.ForegroundRole and spec.color is not None:
            return spec.color(row)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns):
            return
        if self._sort == (column, order):
            # Already in this order (set_rows keeps it): Qt asks twice per header click, and
            # a re-sort of 10,000 rows costs tens of milliseconds.
            return
        self._sort = (column, order)
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        kept = [(self._rows[i.row()], i.column()) for i in old]
        self._sort_rows()
        if old:
            where = {id(r): n for n, r in enumerate(self._rows)}
            self.changePersistentIndexList(old, [self.index(where[id(r)], c) for r, c in kept])
        self.layoutChanged.emit()

    # --- rows ------------------------------------------------------------------------------

    def _key(self, spec: ColumnSpec[R]) -> Callable[[R], tuple[bool, Any]]:
        if spec.sort_key is not None:
            key = spec.sort_key
            return lambda row: _none_last(key(row))
        text = spec.text
        return lambda row: (False, text(row).casefold())

    def _sort_rows(self) -> None:
        if self._sort is None:
            return
        column, order = self._sort
        descending = order == Qt.SortOrder.DescendingOrder
        self._rows.sort(key=self._key(self.columns[column]), reverse=descending)

    def set_rows(self, rows: Sequence[R]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._haystack = None
        self._sort_rows()
        self.endResetModel()

    def rows(self) -> list[R]:
        return list(self._rows)

    def row_at(self, row: int) -> R:
        return self._rows[row]

    def haystack(self) -> dict[int, str]:
        """``id(row)`` → its lower-cased search text (built on first search, then cached)."""
        if self._haystack is None:
            self._haystack = {id(r): self._search_text(r).casefold() for r in self._rows}
        return self._haystack


class RowFilterProxy(QSortFilterProxyModel):
    """Filters by a search text and an optional predicate; sorting is done by the model.

    Signals:
        filtered: the accepted rows were recomputed (once per search or predicate change;
            Qt's own rowsInserted/rowsRemoved fire once per changed block of rows).
    """

    filtered = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._search = ""
        self._predicate: Callable[[Any], bool] | None = None
        self._accepted: set[int] | None = None  # ids of accepted rows; None = all

    def source(self) -> RowTableModel[Any]:
        model = self.sourceModel()
        assert isinstance(model, RowTableModel)
        return model

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if self._accepted is None:
            return True
        return id(self.source().row_at(source_row)) in self._accepted

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.source().sort(column, order)

    def set_search(self, text: str) -> None:
        self._search = text.strip().casefold()
        self.refilter()

    def set_predicate(self, predicate: Callable[[Any], bool] | None) -> None:
        self._predicate = predicate
        self.refilter()

    def refilter(self) -> None:
        """Recompute the accepted rows in one pass, then let the proxy remap."""
        accepted: set[int] | None = None
        if self._search or self._predicate is not None:
            model = self.source()
            rows = model.rows()
            if self._predicate is not None:
                rows = [r for r in rows if self._predicate(r)]
            if self._search:
                words = self._search.split()
                hay = model.haystack()
                rows = [r for r in rows if all(w in hay[id(r)] for w in words)]
            accepted = {id(r) for r in rows}
        self.beginFilterChange()
        self._accepted = accepted
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        self.filtered.emit()

    def visible_rows(self) -> list[Any]:
        """The rows the filter lets through, in the model's order (no per-row Qt calls)."""
        rows = self.source().rows()
        if self._accepted is None:
            return rows
        accepted = self._accepted
        return [r for r in rows if id(r) in accepted]

    def row_of(self, proxy_row: int) -> Any:
        return self.source().row_at(self.mapToSource(self.index(proxy_row, 0)).row())


class FittedTableView(QTableView):
    """A table whose columns fit their content (:mod:`cso_planner.ui.column_fit`)."""

    fitter: ColumnFitter


def make_table(
    proxy: RowFilterProxy, parent: QWidget | None = None, flexible: int | None = None
) -> FittedTableView:
    """A sortable, row-selecting table with fixed row heights (nothing sized per row).

    Columns fit their header and content; ``flexible`` (default: the widest text column of
    the specs) takes the remaining width and is the only one whose cells may be elided.
    """
    view = FittedTableView(parent)
    view.setModel(proxy)
    view.setSortingEnabled(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    view.verticalHeader().hide()
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 12)
    header = view.horizontalHeader()
    header.setHighlightSections(False)
    model = proxy.source()
    for column, spec in enumerate(model.columns):
        view.setColumnWidth(column, spec.width)
    if flexible is None:
        flexible = next((c for c, spec in enumerate(model.columns) if spec.flexible), None)
    if flexible is None:
        text_columns = [c for c, spec in enumerate(model.columns) if not spec.numeric]
        flexible = max(text_columns or [0], key=lambda c: model.columns[c].width)
    view.fitter = fit_columns(view, flexible)
    return view
